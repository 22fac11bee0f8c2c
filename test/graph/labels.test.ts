import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeLabels, type PlacedLabel } from '../../core/analysis/graph/labels';

// The graph's label placement (core/analysis/graph/labels.ts): every node gets its label, and none overlap
// another label or a node when there is room.

const HEIGHT = 14;
const overlaps = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  Math.min(a.x + a.w, b.x + b.w) > Math.max(a.x, b.x) && Math.min(a.y + a.h, b.y + b.h) > Math.max(a.y, b.y);

function place(nodes: { x: number; y: number; text: string }[], width = 1400, height = 800): PlacedLabel[] {
  const { placed, hidden } = placeLabels(nodes.map((n, i) => ({ node: i, text: n.text, x: n.x, y: n.y, r: 6 })), (text) => text.length * 6, width, height);
  assert.deepEqual(hidden, [], 'room for every label');
  return placed;
}

test('150 nodes on a grid with room between them: every label placed, no two overlap, none on a node', () => {
  const nodes = Array.from({ length: 150 }, (_, i) => ({ x: 60 + (i % 15) * 90, y: 40 + Math.floor(i / 15) * 70, text: `principal-${i}` }));
  const placed = place(nodes);
  assert.equal(placed.length, 150);
  const boxes = placed.map((l) => ({ x: l.x, y: l.y, w: l.width, h: HEIGHT }));
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) assert.ok(!overlaps(boxes[a], boxes[b]), `${placed[a].text} and ${placed[b].text} overlap`);
    for (const n of nodes) assert.ok(!overlaps(boxes[a], { x: n.x - 6, y: n.y - 6, w: 12, h: 12 }), `${placed[a].text} covers a node`);
  }
});

test('crowded nodes: labels move to free sides instead of stacking on the first choice', () => {
  // Two rows close together: "below" for the top row would hit the bottom row's labels.
  const nodes = [
    { x: 200, y: 100, text: 'Admins (acme-prod)' },
    { x: 200, y: 124, text: 'Admins (acme-security)' },
    { x: 320, y: 100, text: 'github' },
    { x: 320, y: 124, text: 'github (acme-dev)' },
  ];
  const placed = place(nodes);
  const boxes = placed.map((l) => ({ x: l.x, y: l.y, w: l.width, h: HEIGHT }));
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) assert.ok(!overlaps(boxes[a], boxes[b]), `${placed[a].text} / ${placed[b].text}`);
  // Each label stays near its node.
  for (const l of placed) {
    const n = nodes[l.node];
    assert.ok(Math.abs(l.x + l.width / 2 - n.x) < l.width + 40 && Math.abs(l.y - n.y) < 60, `${l.text} near its node`);
  }
});

test('a label at the canvas edge is kept inside it', () => {
  const placed = place([{ x: 5, y: 5, text: 'a-long-role-name-at-the-corner' }], 400, 300);
  assert.ok(placed[0].x >= 0 && placed[0].y >= 0);
});
