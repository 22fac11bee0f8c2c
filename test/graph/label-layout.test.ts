/**
 * Labels in short and small areas (core/analysis/graph/labels.ts with core/analysis/graph/layered.ts), the page's pipeline
 * without the DOM: label widths → layered layout spaced for them → the readable zoom → the fitted view (no
 * smaller than that zoom) → label placement. For generated graphs of 10–200 nodes in areas from 1024×150 to
 * 1440×900, no two label boxes overlap and no label covers a node; in the layered layout every label in view
 * is whole; a force layout's leftover collisions are shortened or left out, never drawn over each other.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildGraph } from '../../core/analysis/graph';
import {
  LABEL_GAP,
  LABEL_HEIGHT,
  MIN_NODE_RADIUS,
  MIN_READABLE_ZOOM,
  clipLabel,
  estimateLabelWidth,
  fitTransform,
  placeLabels,
  readableZoom,
  startNodes,
  type LabelSide,
} from '../../core/analysis/graph/labels';
import { NODE_RADIUS, ROW, layeredInputOf, layeredLayout } from '../../core/analysis/graph/layered';
import { layoutSync } from '../../core/analysis/graph/layout';
import { NODE_STYLE } from '../../core/analysis/graph/shapes';
import type { GraphData, GraphNodeKind } from '../../core/analysis/graph/types';
import { buildWorkspace } from '../../core/model';

type Rect = { x: number; y: number; w: number; h: number };
const meets = (a: Rect, b: Rect) => Math.min(a.x + a.w, b.x + b.w) > Math.max(a.x, b.x) && Math.min(a.y + a.h, b.y + b.h) > Math.max(a.y, b.y);

/** A deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Admins', 'Developers', 'ReadOnly', 'billing', 'ci-deploy', 'github', 'alice', 'bob', 'AdministratorAccess', 'PowerUserAccess', 'AmazonS3FullAccess', 'SecurityAudit', 'break-glass', 'data-lake-reader', 'x'];
const ACCOUNTS = ['acme-prod', 'acme-security', 'acme-sandbox', 'acme-dev'];
const KINDS: GraphNodeKind[] = ['user', 'user', 'group', 'role', 'role', 'policy', 'awsPolicy', 'awsPolicy', 'service', 'externalAccount'];

/** `n` nodes of all kinds in 1–4 accounts, names as the examples have them (some qualified, some long), edges by kind. */
function generated(n: number, seed: number): GraphData {
  const r = rng(seed);
  const accounts = ACCOUNTS.slice(0, 1 + Math.floor(r() * 4)).map((id) => ({ id, label: id }));
  const nodes = Array.from({ length: n }, (_, i) => {
    const kind = KINDS[Math.floor(r() * KINDS.length)];
    const outside = kind === 'service' || kind === 'externalAccount';
    const account = outside ? undefined : accounts[Math.floor(r() * accounts.length)].id;
    const words = 1 + Math.floor(r() * 3);
    let label = Array.from({ length: words }, () => WORDS[Math.floor(r() * WORDS.length)]).join('-');
    if (account && r() < 0.5) label += ` (${account})`;
    if (r() < 0.05) label = `${label}-${'very-long-name-'.repeat(4)}${i}`; // past LABEL_MAX_CHARS
    return { id: `n${i}`, kind, label: `${label}`, account };
  });
  const edges: GraphData['edges'] = [];
  for (let i = 0; i < n; i++) {
    const links = 1 + Math.floor(r() * 3);
    for (let k = 0; k < links; k++) {
      const j = Math.floor(r() * n);
      if (j !== i) edges.push({ id: `e${i}-${k}`, source: nodes[i].id, target: nodes[j].id, kind: 'attached' });
    }
  }
  return { nodes, edges, accounts };
}

function examples(): GraphData {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  return buildGraph(buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }))));
}


interface Drawn {
  k: number;
  minK: number;
  clamped: boolean;
  inView: number;
  placed: { node: number; text: string; box: Rect; elided: boolean }[];
  hidden: number[];
  nodes: Rect[];
}

/** What the page does for a view of `g` in a width × height area (core/analysis/graph/labels.ts with estimated widths). */
function draw(g: GraphData, pos: Float32Array, width: number, height: number, side: LabelSide): Drawn {
  const all = g.nodes.map((_, i) => i);
  const widths = Float32Array.from(g.nodes, (n) => estimateLabelWidth(clipLabel(n.label)));
  const radii = Float32Array.from(g.nodes, (n) => NODE_STYLE[n.kind].radius);
  const minK = readableZoom(pos, widths, radii, all, side, side === 'right' ? 1 : 0.5);
  const t = fitTransform(pos, all, width, height, {
    minK,
    labelRight: side === 'right' ? Float32Array.from(radii, (r, i) => r + LABEL_GAP + widths[i]) : undefined,
    labelBelow: side === 'below' ? 9 + LABEL_GAP + LABEL_HEIGHT : undefined,
  });
  // The nodes in view (the renderer's cull, 20 graph units of margin).
  const m = 20 * t.k;
  const requests = all
    .map((i) => ({ node: i, text: g.nodes[i].label, x: pos[2 * i] * t.k + t.x, y: pos[2 * i + 1] * t.k + t.y, r: Math.max(MIN_NODE_RADIUS, radii[i] * t.k) }))
    .filter((q) => q.x >= -m && q.x <= width + m && q.y >= -m && q.y <= height + m);
  const { placed, hidden } = placeLabels(requests, estimateLabelWidth, width, height, [], side);
  return {
    k: t.k,
    minK,
    clamped: t.clamped,
    inView: requests.length,
    placed: placed.map((l) => ({ node: l.node, text: l.text, box: { x: l.x, y: l.y, w: l.width, h: LABEL_HEIGHT }, elided: l.elided })),
    hidden,
    nodes: requests.map((q) => ({ x: q.x - q.r, y: q.y - q.r, w: 2 * q.r, h: 2 * q.r })),
  };
}

function assertNoCollision(d: Drawn, what: string): void {
  for (let a = 0; a < d.placed.length; a++) {
    for (let b = a + 1; b < d.placed.length; b++)
      assert.ok(!meets(d.placed[a].box, d.placed[b].box), `${what}: "${d.placed[a].text}" and "${d.placed[b].text}" overlap`);
    for (const n of d.nodes) assert.ok(!meets(d.placed[a].box, n), `${what}: "${d.placed[a].text}" covers a node`);
  }
}

const AREAS: [number, number][] = [
  [1024, 150],
  [400, 400],
  [700, 400],
  [230, 700],
  [1440, 900],
];
const SIZES = [10, 25, 55, 100, 150, 200];

test('layered, spaced for its labels: for 10–200 nodes in every area, every label in view whole, none overlapping', () => {
  let views = 0;
  let clamped = 0;
  for (const n of SIZES)
    for (const [width, height] of AREAS) {
      const g = generated(n, n * 7919 + width);
      const widths = Float32Array.from(g.nodes, (x) => estimateLabelWidth(clipLabel(x.label)));
      const pos = layeredLayout({ ...layeredInputOf(g), aspect: width / height, labelWidths: widths });
      const d = draw(g, pos, width, height, 'right');
      const what = `${n} nodes in ${width}×${height}`;
      assertNoCollision(d, what);
      // The layout leaves room for every label at zoom 1, so the readable zoom is at most 1 and no label is cut.
      assert.ok(d.minK <= 1 + 1e-9 && d.minK >= MIN_READABLE_ZOOM, `${what}: readable zoom ${d.minK}`);
      assert.ok(d.k >= d.minK - 1e-9, `${what}: the view is not shrunk below the readable zoom (${d.k} < ${d.minK})`);
      assert.deepEqual(d.hidden, [], `${what}: every node in view labelled`);
      assert.deepEqual(d.placed.filter((l) => l.elided && l.text !== clipLabel(g.nodes[l.node].label)).map((l) => l.text), [], `${what}: no label shortened`);
      assert.ok(d.inView > 0 && d.placed.length === d.inView, `${what}: ${d.placed.length} labels for ${d.inView} nodes in view`);
      views++;
      if (d.clamped) clamped++;
    }
  // The short and small areas can't hold the bigger graphs at a readable size: those views pan instead.
  assert.ok(clamped >= 6, `${clamped} of ${views} views panned rather than shrunk`);
});

test('the readable zoom is the floor: a little smaller and the labels on their side would meet', () => {
  for (const n of [25, 100, 200]) {
    const g = generated(n, n);
    const widths = Float32Array.from(g.nodes, (x) => estimateLabelWidth(clipLabel(x.label)));
    const radii = Float32Array.from(g.nodes, (x) => NODE_STYLE[x.kind].radius);
    const pos = layeredLayout({ ...layeredInputOf(g), labelWidths: widths });
    const all = g.nodes.map((_, i) => i);
    const k = readableZoom(pos, widths, radii, all, 'right');
    assert.ok(k > MIN_READABLE_ZOOM, `${n} nodes: a real floor (${k})`);
    const boxesAt = (z: number) =>
      all.map((i) => ({ x: pos[2 * i] * z + Math.max(MIN_NODE_RADIUS, radii[i] * z) + LABEL_GAP, y: pos[2 * i + 1] * z - LABEL_HEIGHT / 2, w: widths[i], h: LABEL_HEIGHT }));
    // Labels meeting labels, or a node (nodes scale with the zoom, at least MIN_NODE_RADIUS).
    const collisions = (z: number) => {
      const b = boxesAt(z);
      const nodes = all.map((i) => {
        const r = Math.max(MIN_NODE_RADIUS, radii[i] * z);
        return { x: pos[2 * i] * z - r, y: pos[2 * i + 1] * z - r, w: 2 * r, h: 2 * r };
      });
      let c = 0;
      for (let i = 0; i < b.length; i++) {
        for (let j = i + 1; j < b.length; j++) if (meets(b[i], b[j])) c++;
        for (let j = 0; j < nodes.length; j++) if (j !== i && meets(b[i], nodes[j])) c++;
      }
      return c;
    };
    assert.equal(collisions(k), 0, `${n} nodes: none at the readable zoom`);
    assert.ok(collisions(k * 0.95) > 0, `${n} nodes: some at 0.95 × the readable zoom`);
  }
});

test('the examples at 1024×150 and 400×400: "AdministratorAccess (acme-prod)" and "Admins (acme-prod)" apart, every label whole', () => {
  const g = examples();
  assert.ok(g.nodes.some((n) => n.label === 'AdministratorAccess (acme-prod)') && g.nodes.some((n) => n.label === 'Admins (acme-prod)'));
  for (const [width, height] of [[1024, 150], [400, 400], [1200, 400]] as const) {
    const widths = Float32Array.from(g.nodes, (x) => estimateLabelWidth(clipLabel(x.label)));
    const pos = layeredLayout({ ...layeredInputOf(g), aspect: width / height, labelWidths: widths });
    const d = draw(g, pos, width, height, 'right');
    assertNoCollision(d, `examples in ${width}×${height}`);
    assert.deepEqual(d.hidden, []);
    assert.ok(d.placed.every((l) => !l.elided));
    assert.ok(d.k >= d.minK - 1e-9);
    if (height === 150) assert.ok(d.clamped, '150 px is too short for the whole drawing: it pans');
  }
  // The rows are a label apart at the readable zoom: the layout's pitch holds a label and a gap.
  assert.ok(ROW >= LABEL_HEIGHT + 4);
});

test('a force layout in short areas: labels moved, shortened or left out, never over each other or a node', () => {
  for (const n of [10, 55, 150, 200])
    for (const [width, height] of [[1024, 150], [400, 400]] as const) {
      const g = generated(n, n + height);
      const input = layeredInputOf(g);
      const pos = layoutSync({ count: n, links: input.links, positions: new Float32Array(2 * n).fill(Number.NaN), alpha: 1, groups: input.groups }, 120);
      const d = draw(g, pos, width, height, 'below');
      assertNoCollision(d, `force, ${n} nodes in ${width}×${height}`);
      assert.equal(d.placed.length + d.hidden.length, d.inView, 'each node in view is labelled or counted as left out');
      for (const l of d.placed) {
        const full = clipLabel(g.nodes[l.node].label);
        if (l.elided) assert.ok(l.text.endsWith('…') && full.startsWith(l.text.slice(0, -1)), `"${l.text}" is the start of "${full}"`);
      }
    }
});

test('placeLabels: with no free side a label is shortened, then left out; the full text is never drawn over another', () => {
  // A wall of labels around one node: only a short start fits to its right.
  const requests = [
    { node: 0, text: 'a-very-long-label-that-cannot-fit-here', x: 100, y: 100, r: 6 },
  ];
  const obstacles = [
    { x: 0, y: 0, w: 400, h: 92 }, // above
    { x: 0, y: 108, w: 400, h: 100 }, // below
    { x: 0, y: 92, w: 94, h: 16 }, // left
    { x: 160, y: 92, w: 240, h: 16 }, // right, past 60 px
  ];
  const { placed, hidden } = placeLabels(requests, (t) => t.length * 6, 400, 300, obstacles, 'right');
  assert.deepEqual(hidden, []);
  assert.equal(placed.length, 1);
  assert.ok(placed[0].elided && placed[0].text.endsWith('…') && placed[0].text.length < 12, placed[0].text);
  for (const o of obstacles) assert.ok(!meets({ x: placed[0].x, y: placed[0].y, w: placed[0].width, h: LABEL_HEIGHT }, o));
  // No room at all: left out.
  const none = placeLabels(requests, (t) => t.length * 6, 400, 300, [...obstacles, { x: 106, y: 92, w: 60, h: 16 }], 'right');
  assert.deepEqual(none.hidden, [0]);
  assert.deepEqual(none.placed, []);
});

test('fitTransform: fits when it can (labels included), else stops at the floor and starts at the top left or the anchor', () => {
  const pos = Float32Array.from([0, 0, 1000, 0, 0, 600, 1000, 600]);
  const all = [0, 1, 2, 3];
  const fits = fitTransform(pos, all, 2000, 1400, { minK: 0.5, labelRight: [100, 100, 100, 100] });
  assert.equal(fits.clamped, false);
  // The right labels end inside: 1000k + 100 <= 2000 - 80.
  assert.ok(1000 * fits.k + 100 <= 2000 - 80 + 1e-6 && fits.x + 1000 * fits.k + 100 <= 2000 - 40 + 1e-6);
  const short = fitTransform(pos, all, 800, 150, { minK: 0.8, labelRight: [100, 100, 100, 100] });
  assert.equal(short.clamped, true);
  assert.equal(short.k, 0.8);
  assert.equal(short.x, 40, 'the drawing starts at the left pad');
  assert.equal(short.y, 40, 'and at the top pad');
  const anchored = fitTransform(pos, all, 800, 150, { minK: 0.8, anchor: 3 });
  assert.equal(anchored.x + 1000 * 0.8, 400);
  assert.equal(anchored.y + 600 * 0.8, 75);
});

test('fitTransform, too small for the drawing: no column cut by an edge (labels included), the anchor in view', () => {
  // Three columns at x = 0, 200, 400, rows 30 apart; each label reaches 150 px right of its node. At k = 1 the
  // drawing is 20 + 550 px wide: a 420 px area holds two columns and their labels, not three.
  const pos: number[] = [];
  for (const x of [0, 200, 400]) for (const y of [0, 30, 60]) pos.push(x, y);
  const p = Float32Array.from(pos);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const labelRight = all.map(() => 150);
  for (const anchor of [1, 4, 7]) {
    // The page draws nodes up to 20 units past the edges (and their labels): those must be whole.
    const t = fitTransform(p, all, 420, 300, { minK: 1, labelRight, reachLeft: 20, reachUp: 9, anchor, cull: 20 });
    assert.equal(t.k, 1);
    assert.equal(t.clamped, true);
    let whole = 0;
    for (const i of all) {
      const c = p[2 * i] + t.x;
      const lo = c - 20;
      const hi = c + 150;
      const drawn = c >= -20 && c <= 440;
      assert.ok(!drawn || hi <= 0 || lo >= 420 || (lo >= 0 && hi <= 420), `anchor ${anchor}: node ${i} (${lo}..${hi}) is not cut by an edge`);
      if (lo >= 0 && hi <= 420) whole++;
    }
    assert.equal(whole, 6, `anchor ${anchor}: two whole columns in view`);
    const ax = p[2 * anchor] + t.x;
    assert.ok(ax - 20 >= 0 && ax + 150 <= 420, `anchor ${anchor} in view`);
  }
  // The old placement (centred on the anchor) would have cut the third column's labels.
  const centred = 420 / 2 - 200;
  assert.ok(400 + centred + 150 > 420);
});

test('startNodes: the first account\'s nodes (outside principals and later accounts left out), else all', () => {
  assert.deepEqual(startNodes([0, 1, 2, 3, 4], Int32Array.from([-1, 1, 0, 0, -1])), [2, 3]);
  assert.deepEqual(startNodes([0, 1, 4], Int32Array.from([-1, 1, 0, 0, -1])), [1]);
  assert.deepEqual(startNodes([0, 4], Int32Array.from([-1, 1, 0, 0, -1])), [0, 4]);
  assert.deepEqual(startNodes([0, 1], undefined), [0, 1]);
});

test('the examples in a short area: the first view starts at the first account, not the outside principals; nothing cut at the edges', () => {
  const g = examples();
  const input = layeredInputOf(g);
  const widths = Float32Array.from(g.nodes, (n) => estimateLabelWidth(clipLabel(n.label)));
  const radii = Float32Array.from(g.nodes, (n) => NODE_STYLE[n.kind].radius);
  const all = g.nodes.map((_, i) => i);
  const labelRight = Float32Array.from(radii, (r, i) => r + LABEL_GAP + widths[i]);
  const first = g.accounts![0].id;
  for (const [width, height] of [[1024, 150], [700, 160], [724, 548]] as const) {
    const pos = layeredLayout({ ...input, aspect: width / height, labelWidths: widths });
    const minK = readableZoom(pos, widths, radii, all, 'right', 1, undefined, 20);
    const start = startNodes(all, input.groups);
    assert.ok(start.length > 0 && start.every((i) => g.nodes[i].account === first), 'the start is the first account');
    const t = fitTransform(pos, all, width, height, { minK, labelRight, reachLeft: 20, reachUp: NODE_RADIUS, start, cull: 20 });
    assert.equal(t.clamped, true, `${width}×${height}: too small for the drawing`);
    const inView = (i: number) => {
      const x = pos[2 * i] * t.k + t.x;
      const y = pos[2 * i + 1] * t.k + t.y;
      return x >= 0 && x <= width && y >= 0 && y <= height;
    };
    // The first account's top row is in view (and the first of its nodes from the top, reading order).
    const top = Math.min(...start.map((i) => pos[2 * i + 1]));
    const topRow = start.filter((i) => pos[2 * i + 1] === top);
    assert.ok(topRow.some(inView), `${width}×${height}: the first account's top row is in view`);
    const shown = all.filter(inView);
    assert.ok(shown.filter((i) => g.nodes[i].account === first).length >= shown.length / 2, `${width}×${height}: mostly the first account in view`);
    // Horizontally, no drawn node's box (badge room to label end) crosses the left or right edge (the page
    // draws nodes up to 20 units past the edges).
    const drawn = all.filter((i) => {
      const x = pos[2 * i] * t.k + t.x;
      const y = pos[2 * i + 1] * t.k + t.y;
      return x >= -20 * t.k && x <= width + 20 * t.k && y >= 0 && y <= height;
    });
    for (const i of drawn) {
      const lo = pos[2 * i] * t.k + t.x - 20;
      const hi = pos[2 * i] * t.k + t.x + labelRight[i];
      assert.ok(lo >= 0 && hi <= width, `${width}×${height}: "${g.nodes[i].label}" (${lo.toFixed(0)}..${hi.toFixed(0)}) whole`);
    }
  }
});

test('the SVG export\'s force layout: labels placed by placeLabels, none over another label, the full name in each node\'s title', async () => {
  const { graphToSvg } = await import('../../core/analysis/graph/export');
  for (const [what, g] of [['examples', examples()], ['200 generated nodes', generated(200, 7)]] as const) {
    const svg = graphToSvg(g, { layout: 'force' });
    assert.doesNotMatch(svg, /NaN/);
    // Each node: <g><title>label (kind)…</title><path d="M x,y…"/><text x y>drawn</text></g> (the text may be absent).
    const nodes = [...svg.matchAll(/<g><title>([^<]*)<\/title><path d="M(-?[\d.]+),(-?[\d.]+)[^"]*"[^>]*\/>(?:<text x="(-?[\d.]+)" y="(-?[\d.]+)"[^>]*>([^<]*)<\/text>)?<\/g>/g)];
    assert.equal(nodes.length, g.nodes.length, `${what}: every node drawn`);
    const boxes = nodes.filter((m) => m[6] !== undefined).map((m) => ({ title: m[1], text: m[6], x: Number(m[4]) - 2, y: Number(m[5]) - 10.5, w: estimateLabelWidth(m[6].replace(/&amp;/g, '&')), h: LABEL_HEIGHT }));
    assert.ok(boxes.length >= 0.8 * g.nodes.length, `${what}: ${boxes.length} of ${g.nodes.length} nodes labelled`);
    for (const b of boxes) {
      const full = b.title.replace(/ \([^)]*\)(\n[\s\S]*)?$/, '');
      assert.ok(b.text.endsWith('…') ? full.startsWith(b.text.slice(0, -1)) : b.text === full, `${what}: "${b.text}" is "${full}" or its start`);
    }
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) assert.ok(!meets(boxes[a], boxes[b]), `${what}: "${boxes[a].text}" and "${boxes[b].text}" overlap`);
  }
});
