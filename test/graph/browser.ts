// Test support: the built graph webview served to headless Chromium in a page that stands in for
// VS Code (stubbed acquireVsCodeApi, the production CSP). CSP violations and console errors are
// collected so that tests can fail on them.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { GRAPH_PAGE, webviewHtml } from '../../protocol/webview-page';
// @ts-expect-error: plain JavaScript build helper without types
import { graphWebviewBuild } from '../../webview/graph/build.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is not installed (apt-get install chromium); browser tests of the graph are skipped`;
}

/** Builds the webview bundle into a fresh folder; returns the folder. */
export async function buildWebview(production = false): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'iam-graph-'));
  await esbuild.build(graphWebviewBuild(esbuild, { production, outdir }));
  return outdir;
}

export interface Served {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serves the graph page (production CSP, fixed nonce) and the bundle from `dir`. */
export async function serve(dir: string): Promise<Served> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        webviewHtml(GRAPH_PAGE, { cspSource: origin, nonce: 'TESTNONCE1234567890', scriptUri: `${origin}/graph.js`, styleUri: `${origin}/graph.css` }),
      );
      return;
    }
    const file = path === '/graph.js' ? 'graph.js' : path === '/graph.css' ? 'graph.css' : undefined;
    if (!file) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' });
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  // A string, not a function: tsx's transform would add helpers the page doesn't have.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(savedState ?? null)} ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
    });
    // Anything that would run a script from data (the hostile name test) shows up here.
    window.alert = (t) => window.__reportViolation('alert(' + String(t) + ') ran');
    ${extraInit}
  `);
  await page.goto(url);
  return {
    page,
    problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string; nodeId?: string }[] }).__posted.slice()),
  };
}

/** Sends graph data to the page as the VS Code host would. */
export async function sendGraph(page: Page, data: unknown, focusId?: string): Promise<void> {
  await page.evaluate(
    ([d, f]) => window.postMessage({ type: 'graphData', data: d, ...(f ? { focusId: f } : {}) }, '*'),
    [data, focusId] as const,
  );
}
