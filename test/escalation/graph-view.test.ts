import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../../core/analysis/graph';
import { indexGraph, pathsToAdmin } from '../../core/analysis/graph/query';
import { lab } from './support';

const A = '111111111111';

test('the graph data has "can become" edges apart from "can assume", and administrators marked', () => {
  const data = buildGraph(lab());
  const become = data.edges.filter((e) => e.kind === 'canBecome').map((e) => `${e.source} ${e.label} ${e.target}`);
  assert.ok(become.includes(`user:${A}:lambda-lee pass-role/lambda role:${A}:admin-lambda`), become.join('\n'));
  assert.ok(become.includes(`user:${A}:pv-paul create-policy-version (itself) user:${A}:pv-paul`));
  assert.ok(become.includes(`user:${A}:key-kim create-access-key user:${A}:admin-alice`));
  // Assuming a role stays a "can assume" edge; decoys get none.
  assert.ok(!become.some((e) => / assume-role /.test(e)));
  assert.ok(!become.some((e) => /lambda-half|lambda-wrong-trust|glue-denied|scp-sam/.test(e)), become.join('\n'));
  const admins = data.nodes.filter((n) => n.admin).map((n) => n.label).sort();
  assert.ok(admins.includes('admin-alice') && admins.includes('admin-lambda') && !admins.includes('lambda-lee'), admins.join(','));
  assert.equal(buildGraph(lab(), { skipEscalation: true }).edges.some((e) => e.kind === 'canBecome'), false);
});

test('paths to admin: the principals with a path and the edges on it', () => {
  const data = buildGraph(lab());
  const index = indexGraph(data);
  const { nodes, edges } = pathsToAdmin(index);
  const names = new Set([...nodes].map((i) => data.nodes[i].label));
  for (const n of ['lambda-lee', 'chain-chris', 'hop-role', 'dev-dan', 'key-kim', 'admin-alice']) assert.ok(names.has(n), n);
  for (const n of ['lambda-half', 'pv-bounded', 'reader-rita', 'scp-sam']) assert.ok(!names.has(n), n);
  const lee = [...edges].map((e) => data.edges[e]).find((e) => e.source === `user:${A}:lambda-lee`)!;
  assert.equal(lee.target, `role:${A}:admin-lambda`);
});
