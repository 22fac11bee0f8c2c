/**
 * Labels in a short graph area, in the real page (headless Chromium, production CSP): the examples' 55 nodes in
 * ~150 px of height (VS Code at 1024×640 with the Problems panel open) and in 400×400. The label boxes the page
 * drew are measured against the text as the page's font sets it (canvas measureText) and against the canvas's
 * pixels: no two overlap, each holds its whole text, and the view pans at the readable zoom instead of
 * shrinking, with a visible hint. In areas smaller than the drawing (short, narrow, focused beside the editor; light
 * and dark) the hint covers no node or label, no label is cut by a side edge, and the first view starts at the first
 * account. Screenshots go to test-results/graph-short-*.png and graph-{short,whole,focused}-*-{light,dark}.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildGraph } from '../../core/analysis/graph';
import { runRules } from '../../core/analysis/rules';
import { buildWorkspace } from '../../core/model';
import type { GraphData } from '../../protocol';
import { graphPages, sendGraph, type StubbedPage } from './browser';

const { missing, open } = graphPages();

function examples(): GraphData {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  const ws = buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') })));
  return buildGraph(ws, { findings: [...ws.allFindings(), ...runRules(ws, {})] });
}

interface Measured {
  node: number;
  text: string;
  x: number;
  y: number;
  w: number;
  /** The text's width in the page's label font (measureText), and whether the canvas has ink in the box. */
  textWidth: number;
  inked: boolean;
}

/** The label boxes the page drew, each measured in the page: its text's width in the label font, ink in the box. */
async function measure(page: Page): Promise<Measured[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#graph-canvas')!;
    const boxes = JSON.parse(canvas.getAttribute('data-label-boxes') ?? '[]') as [number, number, number, number, string][];
    const font = getComputedStyle(document.body).getPropertyValue('--graph-font').trim() || 'sans-serif';
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.font = `11px ${font}`;
    const ctx = canvas.getContext('2d')!;
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const bg = ctx.getImageData(1, 1, 1, 1).data;
    return boxes.map(([node, x, y, w, text]) => {
      // Ink: a pixel in the box's text area far from the background colour.
      const sx = Math.max(0, Math.round((x + 2) * dpr));
      const sy = Math.max(0, Math.round((y + 2) * dpr));
      const sw = Math.max(1, Math.min(canvas.width - sx, Math.round((w - 4) * dpr)));
      const sh = Math.max(1, Math.min(canvas.height - sy, Math.round(10 * dpr)));
      let inked = false;
      if (sx < canvas.width && sy < canvas.height) {
        const px = ctx.getImageData(sx, sy, sw, sh).data;
        for (let k = 0; k < px.length && !inked; k += 4) inked = Math.abs(px[k] - bg[0]) + Math.abs(px[k + 1] - bg[1]) + Math.abs(px[k + 2] - bg[2]) > 200;
      }
      return { node, text, x, y, w, textWidth: probe.measureText(text).width, inked };
    });
  });
}

function assertReadable(labels: Measured[], data: GraphData, what: string, area: { width: number; height: number }): void {
  assert.ok(labels.length > 0, `${what}: labels drawn`);
  for (let a = 0; a < labels.length; a++) {
    const p = labels[a];
    // Whole: the full label (at most 40 characters) in a box as wide as the text in the page's font.
    const full = data.nodes[p.node].label;
    assert.equal(p.text, full.length > 40 ? full.slice(0, 39) + '…' : full, `${what}: "${full}" drawn whole`);
    assert.ok(p.w >= p.textWidth + 2, `${what}: "${p.text}" box ${p.w} px holds its text (${p.textWidth.toFixed(1)} px)`);
    const onScreen = p.x >= 0 && p.y >= 0 && p.x + p.w <= area.width && p.y + 14 <= area.height;
    if (onScreen) assert.ok(p.inked, `${what}: "${p.text}" is drawn where its box is`);
    for (let b = a + 1; b < labels.length; b++) {
      const q = labels[b];
      const w = Math.min(p.x + p.w, q.x + q.w) - Math.max(p.x, q.x);
      const h = Math.min(p.y + 14, q.y + 14) - Math.max(p.y, q.y);
      assert.ok(!(w > 0.25 && h > 0.25), `${what}: "${p.text}" (${p.x},${p.y},${p.w}) and "${q.text}" (${q.x},${q.y},${q.w}) overlap`);
    }
  }
}

const attr = async (page: Page, name: string) => Number(await page.getAttribute('#graph-canvas', name));

async function finish(stub: StubbedPage): Promise<void> {
  assert.deepEqual(stub.problems, [], 'no CSP violation, console error or page error');
  await stub.page.close();
}

test('the examples in a 150 px high area: readable labels, none overlapping; the view pans instead of shrinking, and says so', { skip: missing }, async () => {
  const data = examples();
  mkdirSync('test-results', { recursive: true });
  // 1024 wide; the toolbar and the status line take the rest of the height.
  const stub = await open({ width: 1024, height: 220 });
  const { page } = stub;
  await page.evaluate(() => (document.body.className = 'vscode-light'));
  await sendGraph(page, data);
  await page.waitForSelector('#graph-canvas[data-layout="done"][data-layout-kind="layered"][data-label-boxes]');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const stage = (await page.locator('.stage').boundingBox())!;
  assert.ok(stage.height >= 120 && stage.height <= 170, `a short area: ${stage.height} px`);
  const area = { width: stage.width, height: stage.height };
  const zoom = await attr(page, 'data-zoom');
  const minZoom = await attr(page, 'data-min-zoom');
  assert.ok(minZoom > 0.25 && minZoom <= 1, `a readable zoom: ${minZoom}`);
  assert.ok(Math.abs(zoom - minZoom) < 1e-3, `fitted no smaller than readable: zoom ${zoom}, floor ${minZoom}`);
  assert.ok((await attr(page, 'data-offscreen')) > 0, 'the drawing continues past the area');
  const hint = page.locator('#graph-view-hint');
  assert.ok(await hint.isVisible(), 'the hint is shown');
  assert.match((await hint.textContent()) ?? '', /^\d+ more nodes out of view at a readable size: drag or use the arrow keys\.$/);
  const first = await measure(page);
  assertReadable(first, data, '150 px', area);
  assert.equal(await attr(page, 'data-drawn-labels'), await attr(page, 'data-drawn-nodes'), 'every node in view labelled');
  assert.equal(await attr(page, 'data-labels-elided'), 0);
  await page.screenshot({ path: 'test-results/graph-short-1024x150.png' });
  // Zooming out stops at the readable zoom; the arrow keys pan to the rest, still readable.
  await page.focus('#graph-canvas');
  for (let i = 0; i < 4; i++) await page.keyboard.press('-');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.ok((await attr(page, 'data-zoom')) >= minZoom - 1e-3, 'no smaller than readable');
  const seen = new Set(first.map((l) => l.node));
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const panned = await measure(page);
  assertReadable(panned, data, '150 px, panned down', area);
  assert.ok(panned.some((l) => !seen.has(l.node)), 'panning brings other nodes into view');
  await page.screenshot({ path: 'test-results/graph-short-1024x150-panned.png' });
  await finish(stub);
});

test('the examples in 400×400: readable labels, none overlapping', { skip: missing }, async () => {
  const data = examples();
  const stub = await open({ width: 400, height: 400 });
  const { page } = stub;
  await sendGraph(page, data);
  await page.waitForSelector('#graph-canvas[data-layout="done"][data-layout-kind="layered"][data-label-boxes]');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const stage = (await page.locator('.stage').boundingBox())!;
  const labels = await measure(page);
  assertReadable(labels, data, '400×400', { width: stage.width, height: stage.height });
  assert.equal(await attr(page, 'data-drawn-labels'), await attr(page, 'data-drawn-nodes'));
  await page.screenshot({ path: 'test-results/graph-short-400x400.png' });
  await finish(stub);
});

/** The page's box of an element, or undefined when it is hidden. */
async function box(page: Page, selector: string) {
  return (await page.locator(selector).boundingBox()) ?? undefined;
}

const intersects = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x) && Math.min(a.y + a.height, b.y + b.height) > Math.max(a.y, b.y);

// The graph as VS Code shows it at 1024×640: the whole workspace in an editor group above the Problems panel
// (short), the same at 700 px wide, the whole group (1024×640, the side panel beside it), and the graph beside the
// editor focused on alice (512 wide). In light and dark.
const VIEWS: { name: string; width: number; height: number; focus?: string }[] = [
  { name: 'short-1024', width: 1024, height: 220 },
  { name: 'short-700', width: 700, height: 220 },
  { name: 'whole-1024x640', width: 1024, height: 640 },
  { name: 'focused-512x560', width: 512, height: 560, focus: 'alice' },
  { name: 'focused-700x560', width: 700, height: 560, focus: 'alice' },
];

test('in areas smaller than the drawing: the hint covers no node or label, no label is cut by the right or left edge, the first view starts at the first account; light and dark', { skip: missing }, async () => {
  const data = examples();
  mkdirSync('test-results', { recursive: true });
  const first = data.accounts![0].id;
  // One page for the ten views, each a fresh document: sized, then reloaded (the init script runs again, the page
  // starts over at that size); opening a page costs ~0.36 CPU s, a reload ~0.12 (docs/benchmarks.md).
  const stub = await open({ width: VIEWS[0].width, height: VIEWS[0].height });
  const { page } = stub;
  for (const theme of ['light', 'dark'] as const) {
    for (const view of VIEWS) {
      const what = `${view.name} ${theme}`;
      await page.setViewportSize({ width: view.width, height: view.height });
      await page.reload();
      assert.deepEqual(await page.evaluate(() => [window.innerWidth, window.innerHeight, document.querySelector('#graph-canvas')?.getAttribute('data-layout') ?? null]), [view.width, view.height, null], `${what}: a fresh page at this size`);
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => (document.body.className = `vscode-${t}`), theme);
      const focusId = view.focus ? data.nodes.find((n) => n.label === view.focus && n.kind === 'user')!.id : undefined;
      await sendGraph(page, data, focusId);
      await page.waitForSelector('#graph-canvas[data-layout="done"][data-layout-kind="layered"][data-label-boxes]');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const canvas = (await box(page, '#graph-canvas'))!;
      const labels = await measure(page);
      assert.ok(labels.length > 0, `${what}: labels drawn`);
      assert.ok((await attr(page, 'data-offscreen')) > 0, `${what}: the drawing continues past the area`);
      // The hint: shown, and over nothing drawn (outside the canvas, so over no node; over no label box).
      const hint = await box(page, '#graph-view-hint');
      assert.ok(hint, `${what}: the hint is shown`);
      assert.match((await page.textContent('#graph-view-hint')) ?? '', /\d+ more nodes? out of view at a readable size/);
      assert.ok(!intersects(hint, canvas), `${what}: the hint (${JSON.stringify(hint)}) is off the canvas (${JSON.stringify(canvas)})`);
      // (A label box's part past the canvas is not drawn: the box as clipped by the canvas.)
      for (const l of labels) {
        const y0 = Math.max(0, l.y);
        const y1 = Math.min(canvas.height, l.y + 14);
        if (y1 > y0) assert.ok(!intersects(hint, { x: canvas.x + l.x, y: canvas.y + y0, width: l.w, height: y1 - y0 }), `${what}: the hint covers "${l.text}"`);
      }
      // No label box crosses the left or right edge (a column that doesn't fit is wholly out of view).
      for (const l of labels) assert.ok(l.x >= 0 && l.x + l.w <= canvas.width + 0.5, `${what}: "${l.text}" (${l.x}..${l.x + l.w}) is inside 0..${canvas.width}`);
      if (view.focus) {
        // Beside the editor, the focus and its labels whole in view, top to bottom too.
        const focus = labels.find((l) => l.node === data.nodes.findIndex((n) => n.id === focusId));
        assert.ok(focus, `${what}: ${view.focus} is labelled`);
        for (const l of labels) assert.ok(l.y >= 0 && l.y + 14 <= canvas.height + 0.5, `${what}: "${l.text}" inside vertically`);
      } else {
        // The first view starts at the first account: most labels in view are its nodes, none of the outside principals'.
        const mine = labels.filter((l) => data.nodes[l.node].account === first).length;
        assert.ok(mine >= labels.length / 2, `${what}: ${mine} of ${labels.length} labels in view are ${first}'s`);
      }
      await page.screenshot({ path: `test-results/graph-${view.name}-${theme}.png` });
      assert.deepEqual(stub.problems, [], `${what}: no CSP violation, console error or page error`);
    }
  }
  await finish(stub);
});
