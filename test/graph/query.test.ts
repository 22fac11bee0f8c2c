import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutSync } from '../../core/analysis/graph/layout';
import { busiestPrincipal, indexGraph, neighbourhood, pathBetween, reachablePolicies, searchNodes } from '../../core/analysis/graph/query';
import { HOSTILE, smallGraph } from './fixtures';

const data = smallGraph();
const index = indexGraph(data);
const id = (label: string, kind?: string) => data.nodes.find((n) => n.label === label && (!kind || n.kind === kind))!.id;
const labels = (ids: Iterable<string>) => [...ids].map((i) => data.nodes.find((n) => n.id === i)!.label).sort();

test('neighbourhood: forward and backward walks, kept apart', () => {
  assert.deepEqual(labels(neighbourhood(index, id('bob'), 2)), ['AdministratorAccess', 'Admins', 'bob']);
  assert.deepEqual(labels(neighbourhood(index, id('alice'), 1)), ['DevBoundary', 'Developers', 'alice', 'deploy']);
  // The group: its policy forward, its members backward, but not its members' other links.
  assert.deepEqual(labels(neighbourhood(index, id('Developers'), 2)), [HOSTILE, 'Developers', 'S3ReadOnly', 'alice']);
  assert.deepEqual(labels(neighbourhood(index, id('deploy'), 1)), ['AdministratorAccess', 'alice', 'deploy', 'github']);
  assert.deepEqual([...neighbourhood(index, 'nope', 2)], []);
});

test('the path by which a principal gets a policy', () => {
  const viaRole = pathBetween(index, id('alice'), id('AdministratorAccess'));
  assert.deepEqual(labels(viaRole.nodes), ['AdministratorAccess', 'alice', 'deploy']);
  assert.equal(viaRole.edges.size, 2);
  const viaGroup = pathBetween(index, id('alice'), id('S3ReadOnly'));
  assert.deepEqual(labels(viaGroup.nodes), ['Developers', 'S3ReadOnly', 'alice']);
  assert.equal(pathBetween(index, id('bob'), id('S3ReadOnly')).edges.size, 0);
  assert.deepEqual(
    reachablePolicies(index, id('alice')).map((n) => n.label),
    ['AdministratorAccess', 'DevBoundary', 'S3ReadOnly'],
  );
});

test('search by name, then by detail; the busiest principal', () => {
  assert.deepEqual(searchNodes(data.nodes, 'APP-').map((n) => n.kind).sort(), ['instanceProfile', 'role']);
  assert.deepEqual(searchNodes(data.nodes, '  '), []);
  assert.deepEqual(searchNodes(data.nodes, 'arn:aws:iam::111111111111:user/bob').map((n) => n.label), ['bob']);
  assert.equal(busiestPrincipal(index), id('alice'));
});

test('the layout places every node at a finite position, apart from each other', () => {
  const links = new Int32Array(data.edges.flatMap((e) => [index.byId.get(e.source)!, index.byId.get(e.target)!]));
  const pos = layoutSync({ count: data.nodes.length, links, positions: new Float32Array(data.nodes.length * 2).fill(NaN), alpha: 1 });
  assert.ok(pos.every(Number.isFinite));
  for (let i = 0; i < data.nodes.length; i++) {
    for (let j = i + 1; j < data.nodes.length; j++) {
      assert.ok(Math.hypot(pos[2 * i] - pos[2 * j], pos[2 * i + 1] - pos[2 * j + 1]) > 5, `${i} and ${j} apart`);
    }
  }
});

test('"Show in Graph" at the cursor: the entity whose name is at or above the line', async () => {
  const { nodeAt } = await import('../../client/graph-node-at');
  const uri = 'file:///work/acme.iam.json';
  assert.equal(nodeAt(data.nodes, uri, 10), id('alice'));
  assert.equal(nodeAt(data.nodes, uri, 25), id(HOSTILE));
  assert.equal(nodeAt(data.nodes, uri, 52), id('app-server', 'role'), 'the role, not its instance profile on the same line');
  assert.equal(nodeAt(data.nodes, uri, 3), undefined);
  assert.equal(nodeAt(data.nodes, 'file:///other.iam.json', 30), undefined);
});

test('the layout keeps a pinned node (the focus) where it is', () => {
  const links = new Int32Array(data.edges.flatMap((e) => [index.byId.get(e.source)!, index.byId.get(e.target)!]));
  const start = new Float32Array(data.nodes.length * 2).fill(NaN);
  start[0] = 123;
  start[1] = -45;
  const pos = layoutSync({ count: data.nodes.length, links, positions: start, alpha: 1, pinned: 0 });
  assert.deepEqual([pos[0], pos[1]], [123, -45]);
  assert.ok(pos.every(Number.isFinite));
});
