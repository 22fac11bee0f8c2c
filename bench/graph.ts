/**
 * `npm run bench:graph`: the graph of the generated max-quota account (5,000 users, 300 groups,
 * 1,000 roles, 1,500 policies) in headless Chromium: time to the first drawn frame, and frames per
 * second while panning and zooming, for the default view (a principal's neighbourhood) and for the
 * whole account ("Show all"). Goals: first frame < 1.5 s, ≥ 30 fps.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildGraph } from '../core/analysis/graph';
import { buildWorkspace } from '../core/model';
import { buildWebview, chromiumMissing, launch, openGraphPage, sendGraph, serve } from '../test/graph/browser';
import { largeAccount } from './graph-account';

interface FrameFigures {
  fps: number;
  p95FrameMs: number;
  drawMs: number;
}

/** Drags and wheels over the canvas for `ms`, counting animation frames in the page meanwhile. */
async function interact(page: Page, ms: number, mode: 'pan' | 'zoom'): Promise<FrameFigures> {
  const box = (await page.locator('#graph-canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string: tsx would wrap a named inner function in a helper the page doesn't have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__counting = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const drawTimes: number[] = [];
  const until = Date.now() + ms;
  let step = 0;
  if (mode === 'pan') {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
  }
  while (Date.now() < until) {
    step++;
    if (mode === 'pan') await page.mouse.move(cx + 200 * Math.sin(step / 10), cy + 150 * Math.cos(step / 13));
    else await page.mouse.wheel(0, step % 40 < 20 ? -60 : 60);
    if (step % 10 === 0) drawTimes.push(Number(await page.getAttribute('#graph-canvas', 'data-draw-ms')));
  }
  if (mode === 'pan') await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__counting = false;
    return w.__frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return {
    fps: Math.round(((frames.length - 1) / seconds) * 10) / 10,
    p95FrameMs: Math.round(gaps[Math.floor(gaps.length * 0.95)] ?? 0),
    drawMs: Math.round(median(drawTimes) * 10) / 10,
  };
}

async function firstFrame(page: Page): Promise<{ sinceNavigation: number; sinceData: number }> {
  await page.waitForFunction(() => performance.getEntriesByName('iam-graph-first-frame').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const first = performance.getEntriesByName('iam-graph-first-frame')[0].startTime;
    const data = performance.getEntriesByName('iam-graph-data')[0].startTime;
    return { sinceNavigation: Math.round(first), sinceData: Math.round(first - data) };
  });
}

/** The team's generated max-quota account (`npm run gen:large`), or this benchmark's own generator. */
function maxQuotaAccount(): { text: string; source: string } {
  const script = join(__dirname, '..', 'scripts', 'gen-large.mjs');
  if (existsSync(script)) {
    const dir = mkdtempSync(join(tmpdir(), 'iam-large-'));
    const r = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    const file = join(dir, 'iam.json');
    if (r.status === 0 && existsSync(file)) return { text: readFileSync(file, 'utf8'), source: 'scripts/gen-large.mjs (npm run gen:large)' };
  }
  return { text: largeAccount(), source: 'bench/graph-account.ts' };
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.error(missing);
    process.exit(2);
  }
  const { text, source } = maxQuotaAccount();
  console.log(`account: ${source}`);
  let t = performance.now();
  const ws = buildWorkspace([{ uri: 'file:///bench/max-quota.iam.json', text }]);
  const modelMs = performance.now() - t;
  t = performance.now();
  const data = buildGraph(ws);
  const graphMs = performance.now() - t;
  const json = JSON.stringify(data);
  console.log(
    `graph: ${data.nodes.length} nodes, ${data.edges.length} edges (${(json.length / 1e6).toFixed(1)} MB JSON); ` +
      `model ${Math.round(modelMs)} ms, buildGraph ${Math.round(graphMs)} ms`,
  );

  const served = await serve(await buildWebview(true));
  const browser = await launch();
  const results: string[] = [];
  try {
    for (const view of ['neighbourhood (default)', 'whole account (Show all)'] as const) {
      const state = view.startsWith('whole') ? { depth: 2, showAll: true, hidden: [], query: '' } : undefined;
      const stub = await openGraphPage(browser, served.url, { width: 1280, height: 800 }, state);
      await sendGraph(stub.page, data);
      const first = await firstFrame(stub.page);
      const drawn = await stub.page.getAttribute('#graph-canvas', 'data-drawn-nodes');
      const panDuringLayout = await interact(stub.page, 3000, 'pan');
      const zoomDuringLayout = await interact(stub.page, 2000, 'zoom');
      const layoutStart = Date.now();
      await stub.page.waitForSelector('#graph-canvas[data-layout="done"]', { timeout: 120_000 });
      const settled = await stub.page.evaluate(() => performance.now());
      await stub.page.click('#graph-fit');
      const panAfter = await interact(stub.page, 3000, 'pan');
      const zoomAfter = await interact(stub.page, 2000, 'zoom');
      if (stub.problems.length) throw new Error(`page problems: ${stub.problems.join('; ')}`);
      const line =
        `${view}: ${drawn} nodes drawn; first frame ${first.sinceData} ms after the data (${first.sinceNavigation} ms after navigation); ` +
        `layout settled ${Math.round(settled / 1000)} s after navigation (waited ${Date.now() - layoutStart} ms more); ` +
        `during layout: pan ${panDuringLayout.fps} fps, zoom ${zoomDuringLayout.fps} fps; ` +
        `after: pan ${panAfter.fps} fps (p95 frame ${panAfter.p95FrameMs} ms, draw ${panAfter.drawMs} ms), ` +
        `zoom ${zoomAfter.fps} fps (p95 ${zoomAfter.p95FrameMs} ms, draw ${zoomAfter.drawMs} ms)`;
      console.log(line);
      results.push(line);
      await stub.page.close();
    }
  } finally {
    const version = browser.version();
    await browser.close();
    await served.close();
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB; Chromium ${version}; Node ${process.version}; ${new Date().toISOString()}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
