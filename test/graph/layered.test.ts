/**
 * The layered layout (core/analysis/graph/layered.ts), the account outlines (core/analysis/graph/hull.ts) and the force layout's pull per
 * account (core/analysis/graph/layout.ts): nodes never overlap, layers run left to right in kind order, accounts are bands
 * that don't overlap, edges cross less after ordering, and the force layout keeps accounts apart.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildGraph } from '../../core/analysis/graph';
import { BAND_GAP, LAYER_OF_KIND, MAX_ROWS, ROW, layeredInputOf, layeredLayout } from '../../core/analysis/graph/layered';
import { groupHulls } from '../../core/analysis/graph/hull';
import { groupCentres, layoutSync } from '../../core/analysis/graph/layout';
import { buildWorkspace } from '../../core/model';
import type { GraphData } from '../../protocol';

function examples(): GraphData {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  return buildGraph(buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }))));
}


function assertNoOverlap(pos: Float32Array, count: number, min: number): void {
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) {
      const d = Math.hypot(pos[2 * i] - pos[2 * j], pos[2 * i + 1] - pos[2 * j + 1]);
      assert.ok(d >= min - 1e-3, `nodes ${i} and ${j} are ${d.toFixed(1)} apart`);
    }
}

/** Bounding box of each group's nodes. */
function boxes(pos: Float32Array, groups: Int32Array) {
  const out = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (let i = 0; i < groups.length; i++) {
    const b = out.get(groups[i]) ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    b.x0 = Math.min(b.x0, pos[2 * i]);
    b.x1 = Math.max(b.x1, pos[2 * i]);
    b.y0 = Math.min(b.y0, pos[2 * i + 1]);
    b.y1 = Math.max(b.y1, pos[2 * i + 1]);
    out.set(groups[i], b);
  }
  return out;
}

test('layered: the examples: no overlap, layers left to right in kind order, one band per account', () => {
  const g = examples();
  const input = layeredInputOf(g);
  const pos = layeredLayout(input);
  assert.equal(pos.length, 2 * g.nodes.length);
  for (const v of pos) assert.ok(Number.isFinite(v));
  assertNoOverlap(pos, g.nodes.length, ROW);
  // Layers: a node of a lower layer is left of every node of a higher one; one layer shares one x.
  const xsOf = new Map<number, Set<number>>();
  g.nodes.forEach((n, i) => {
    const r = LAYER_OF_KIND[n.kind];
    if (!xsOf.has(r)) xsOf.set(r, new Set());
    xsOf.get(r)!.add(Math.round(pos[2 * i]));
  });
  const ranks = [...xsOf.keys()].sort();
  for (let k = 1; k < ranks.length; k++) {
    assert.ok(Math.max(...xsOf.get(ranks[k - 1])!) < Math.min(...xsOf.get(ranks[k])!), `layer ${ranks[k - 1]} left of layer ${ranks[k]}`);
  }
  // The edges of the graph point right (to a higher layer) or stay in one layer (role to role).
  for (let k = 0; k < input.links.length; k += 2) {
    const s = input.links[k], t = input.links[k + 1];
    if (input.ranks[s] < input.ranks[t]) assert.ok(pos[2 * s] < pos[2 * t], `${g.nodes[s].id} left of ${g.nodes[t].id}`);
  }
  // Bands: each account's nodes in a box that no other group's box meets, BAND_GAP apart at least.
  const bx = [...boxes(pos, input.groups).values()].sort((a, b) => a.y0 - b.y0);
  assert.ok(bx.length >= 3, 'three accounts and the outside');
  for (let k = 1; k < bx.length; k++) assert.ok(bx[k].y0 - bx[k - 1].y1 >= BAND_GAP - 1e-3, `band ${k} below band ${k - 1}`);
});

test('layered: barycenter ordering uncrosses a crossed ladder', () => {
  // users u0..u5 each attached to the policy p(5-i): in input order every pair of edges crosses.
  const n = 6;
  const links: number[] = [];
  for (let i = 0; i < n; i++) links.push(i, n + (n - 1 - i));
  const input = { count: 2 * n, links: Int32Array.from(links), ranks: Int32Array.from([...Array(n).fill(1), ...Array(n).fill(3)]), groups: new Int32Array(2 * n).fill(0) };
  const pos = layeredLayout(input);
  let crossings = 0;
  for (let a = 0; a < links.length; a += 2)
    for (let b = a + 2; b < links.length; b += 2) {
      const dy1 = pos[2 * links[a] + 1] - pos[2 * links[b] + 1];
      const dy2 = pos[2 * links[a + 1] + 1] - pos[2 * links[b + 1] + 1];
      if (dy1 * dy2 < 0) crossings++;
    }
  assert.equal(crossings, 0);
});

test('layered: a full layer wraps into sub-columns; nothing overlaps; empty and odd input', () => {
  const count = 3 * MAX_ROWS + 5;
  const input = { count, links: new Int32Array(0), ranks: new Int32Array(count).fill(3), groups: new Int32Array(count).fill(-1) };
  const pos = layeredLayout(input);
  assertNoOverlap(pos, count, ROW);
  let maxRow = 0;
  const rows = new Map<number, number>();
  for (let i = 0; i < count; i++) rows.set(Math.round(pos[2 * i]), (rows.get(Math.round(pos[2 * i])) ?? 0) + 1);
  for (const v of rows.values()) maxRow = Math.max(maxRow, v);
  assert.equal(rows.size, 4, 'four sub-columns');
  assert.ok(maxRow <= MAX_ROWS);
  assert.equal(layeredLayout({ count: 0, links: new Int32Array(0), ranks: new Int32Array(0), groups: new Int32Array(0) }).length, 0);
  // Links to unknown nodes and self-links are ignored.
  const odd = layeredLayout({ count: 2, links: Int32Array.from([0, 0, 0, 7, -1, 1]), ranks: Int32Array.from([1, 1]), groups: Int32Array.from([0, 0]) });
  for (const v of odd) assert.ok(Number.isFinite(v));
});

test('hulls: one per account with nodes shown, holding every node with room to spare', () => {
  const g = examples();
  const input = layeredInputOf(g);
  const pos = layeredLayout(input);
  const pad = 20;
  const hulls = groupHulls(pos, input.groups, () => true, pad);
  assert.deepEqual(hulls.map((h) => h.group), [...new Set(input.groups)].filter((x) => x >= 0).sort((a, b) => a - b));
  for (const h of hulls) {
    assert.ok(h.points.length >= 3);
    // Convex and counter-clockwise or clockwise consistently: every node of the group is inside, at least pad*cos(π/8) from each edge.
    const members = [...input.groups.keys()].filter((i) => input.groups[i] === h.group);
    assert.equal(h.size, members.length);
    const area = h.points.reduce((s, [x, y], k) => { const [x2, y2] = h.points[(k + 1) % h.points.length]; return s + x * y2 - x2 * y; }, 0);
    const sign = Math.sign(area);
    for (const i of members) {
      for (let k = 0; k < h.points.length; k++) {
        const [ax, ay] = h.points[k];
        const [bx, by] = h.points[(k + 1) % h.points.length];
        const cross = ((bx - ax) * (pos[2 * i + 1] - ay) - (by - ay) * (pos[2 * i] - ax)) * sign;
        const dist = cross / Math.hypot(bx - ax, by - ay);
        assert.ok(dist >= pad * Math.cos(Math.PI / 8) - 1e-3, `node ${g.nodes[i].id} inside hull ${h.group} (${dist.toFixed(1)})`);
      }
    }
  }
  // In the layered layout the accounts' hulls don't overlap: their boxes are apart.
  const sorted = hulls.slice().sort((a, b) => a.y0 - b.y0);
  for (let k = 1; k < sorted.length; k++) assert.ok(sorted[k].y0 > sorted[k - 1].y1, 'hull boxes apart');
  // Hidden nodes count for nothing; a group with none shown has no hull.
  assert.equal(groupHulls(pos, input.groups, (i) => input.groups[i] !== 0, pad).some((h) => h.group === 0), false);
});

test('force layout: with groups, each account gathers around its own centre, apart from the others', () => {
  const g = examples();
  const input = layeredInputOf(g);
  const centres = groupCentres(input.groups);
  assert.equal(centres.size, new Set([...input.groups].filter((x) => x >= 0)).size);
  const pos = layoutSync({ count: input.count, links: input.links, positions: new Float32Array(2 * input.count).fill(Number.NaN), alpha: 1, groups: input.groups }, 300);
  const members = (grp: number) => [...input.groups.keys()].filter((i) => input.groups[i] === grp);
  const centroid = (list: number[]) => [list.reduce((s, i) => s + pos[2 * i], 0) / list.length, list.reduce((s, i) => s + pos[2 * i + 1], 0) / list.length];
  const spread = (list: number[]) => {
    const [cx, cy] = centroid(list);
    return Math.sqrt(list.reduce((s, i) => s + (pos[2 * i] - cx) ** 2 + (pos[2 * i + 1] - cy) ** 2, 0) / list.length);
  };
  const groups = [...centres.keys()];
  // Each pair of accounts: their centroids further apart than the accounts' own spread (RMS radius).
  for (let a = 0; a < groups.length; a++)
    for (let b = a + 1; b < groups.length; b++) {
      const ma = members(groups[a]), mb = members(groups[b]);
      const [ax, ay] = centroid(ma), [bx, by] = centroid(mb);
      assert.ok(Math.hypot(ax - bx, ay - by) > spread(ma) + spread(mb) * 0.5, `accounts ${groups[a]} and ${groups[b]} apart`);
    }
  // One group or none: no centres, the layout is as before.
  assert.equal(groupCentres(new Int32Array(5).fill(0)).size, 0);
});

test('layered: the bands follow the drawing area\'s shape: side by side when it is wide, one stack when it is tall', () => {
  const g = examples();
  const input = layeredInputOf(g);
  const tall = layeredLayout({ ...input, aspect: 0.5 });
  const wide = layeredLayout({ ...input, aspect: 4 });
  const ratio = (pos: Float32Array) => {
    const b = boxes(pos, new Int32Array(g.nodes.length)).get(0)!;
    return (b.x1 - b.x0) / Math.max(1, b.y1 - b.y0);
  };
  assert.ok(ratio(wide) > 1.5 * ratio(tall), `wide ${ratio(wide).toFixed(2)} vs tall ${ratio(tall).toFixed(2)}`);
  // Tall: the same as without a shape (one stack). Wide: still no overlap, and the accounts' boxes apart.
  assert.deepEqual([...tall], [...layeredLayout(input)]);
  assertNoOverlap(wide, g.nodes.length, ROW);
  const accountBoxes = [...boxes(wide, input.groups).entries()].filter(([k]) => k >= 0).map(([, b]) => b);
  assert.ok(accountBoxes.length >= 3);
  for (let i = 0; i < accountBoxes.length; i++)
    for (let j = i + 1; j < accountBoxes.length; j++) {
      const a = accountBoxes[i];
      const c = accountBoxes[j];
      const apart = a.x1 < c.x0 || c.x1 < a.x0 || a.y1 < c.y0 || c.y1 < a.y0;
      assert.ok(apart, `accounts ${i} and ${j} overlap`);
    }
  // Side by side: some two accounts share a height range.
  const sideBySide = accountBoxes.some((a, i) => accountBoxes.some((c, j) => j !== i && a.y0 <= c.y1 && c.y0 <= a.y1));
  assert.ok(sideBySide);
});
