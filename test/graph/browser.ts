// Test support: the built graph webview served to headless Chromium in a page that stands in for
// VS Code (stubbed acquireVsCodeApi, the production CSP), on the shared test/support/browser.ts.
// CSP violations and console errors are collected so that tests can fail on them.
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { GRAPH_PAGE } from '../../protocol/webview-page';
import { after, before } from 'node:test';
import { buildInto, CHROMIUM, chromiumInstalled, launch, openStubbedPage, postedBy, servePage, type Served } from '../support/browser';
// @ts-expect-error: plain JavaScript build helper without types
import { graphWebviewBuild } from '../../webview/graph/build.mjs';

export { launch, type Served } from '../support/browser';

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return chromiumInstalled()
    ? undefined
    : `${CHROMIUM} is not installed (apt-get install chromium); browser tests of the graph are skipped`;
}

/** Builds the webview bundle into a fresh folder; returns the folder. */
export function buildWebview(production = false): Promise<string> {
  return buildInto('iam-graph-', (outdir) => graphWebviewBuild(esbuild, { production, outdir }));
}

/** Serves the graph page (production CSP, fixed nonce) and the bundle from `dir`. */
export function serve(dir: string): Promise<Served> {
  return servePage(dir, GRAPH_PAGE, 'TESTNONCE1234567890');
}

export interface StubbedPage {
  page: Page;
  /** CSP violations, console errors and uncaught exceptions seen so far. */
  problems: string[];
  /** Messages the page posted to its "VS Code". */
  posted(): Promise<{ type: string; nodeId?: string }[]>;
}

/** Opens the graph page with a stubbed acquireVsCodeApi; collects problems. */
export async function openGraphPage(
  browser: Browser,
  url: string,
  viewport = { width: 1200, height: 800 },
  savedState?: unknown,
  /** More script to run before the page's own (e.g. to take features away). */
  extraInit = '',
): Promise<StubbedPage> {
  const { page, problems } = await openStubbedPage(browser, url, { viewport, savedState, extraInit });
  return { page, problems, posted: () => postedBy(page) };
}

/**
 * The graph page for a test file: the production build served once and one browser, started before the file's
 * tests and closed after them (hooks registered here). `missing` says why the tests skip (no Chromium); `open`
 * is `openGraphPage` on that browser and page.
 */
export function graphPages(): { missing: string | undefined; open: (...rest: OpenRest) => Promise<StubbedPage> } {
  const missing = chromiumMissing();
  if (missing) console.log(`# ${missing}`);
  let browser: Browser | undefined;
  let served: Served | undefined;
  before(async () => {
    if (missing) return;
    served = await serve(await buildWebview(true));
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });
  return { missing, open: (...rest) => openGraphPage(browser!, served!.url, ...rest) };
}

type OpenRest = Parameters<typeof openGraphPage> extends [Browser, string, ...infer R] ? R : never;

/** Sends graph data to the page as the VS Code host would. */
export async function sendGraph(page: Page, data: unknown, focusId?: string): Promise<void> {
  await page.evaluate(
    ([d, f]) => window.postMessage({ type: 'graphData', data: d, ...(f ? { focusId: f } : {}) }, '*'),
    [data, focusId] as const,
  );
}
