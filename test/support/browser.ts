// Test support for the webview pages (graph, simulator): Debian's Chromium headless through
// playwright-core, a page built with esbuild and served under the production CSP (fixed nonce), and
// a page that stands in for VS Code (stubbed acquireVsCodeApi) collecting CSP violations, console
// errors and page errors so that tests can fail on them.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { webviewHtml, type WebviewPage } from '../../protocol/webview-page';

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

export const chromiumInstalled = (): boolean => existsSync(CHROMIUM);

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Runs an esbuild build (a page's build options without `outdir`) into a fresh folder named `prefix…`; returns the folder. */
export async function buildInto(prefix: string, options: (outdir: string) => esbuild.BuildOptions): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), prefix));
  await esbuild.build(options(outdir));
  return outdir;
}

export interface Served {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serves `page` (production CSP, the given nonce) and its bundle (`<bundle>.js`, `<bundle>.css`) from `dir`. */
export async function servePage(dir: string, page: WebviewPage, nonce: string): Promise<Served> {
  const js = `${page.bundle}.js`;
  const css = `${page.bundle}.css`;
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(webviewHtml(page, { cspSource: origin, nonce, scriptUri: `${origin}/${js}`, styleUri: `${origin}/${css}` }));
      return;
    }
    const file = path === `/${js}` ? js : path === `/${css}` ? css : undefined;
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

export interface StubOptions {
  viewport: { width: number; height: number };
  /** What getState() returns at first. */
  savedState?: unknown;
  /** The stub's postMessage, as page JavaScript source; by default it records the message in `window.__posted`. */
  postMessage?: string;
  /** Functions of the test the page may call (page.exposeFunction), by name. */
  expose?: Record<string, (...args: never[]) => unknown>;
  /** More script to run before the page's own (e.g. to take features away). */
  extraInit?: string;
}

/** Opens `url` with a stubbed acquireVsCodeApi; `problems` collects CSP violations, console errors and page errors. */
export async function openStubbedPage(browser: Browser, url: string, options: StubOptions): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: options.viewport });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  for (const [name, fn] of Object.entries(options.expose ?? {})) await page.exposeFunction(name, fn);
  // A string, not a function: tsx's transform would add helpers the page doesn't have.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(options.savedState ?? null)} ?? undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: ${options.postMessage ?? '(m) => window.__posted.push(m)'},
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
    });
    // Anything that would run a script from data (the hostile name tests) shows up here.
    window.alert = (t) => window.__reportViolation('alert(' + String(t) + ') ran');
    ${options.extraInit ?? ''}
  `);
  await page.goto(url);
  return { page, problems };
}

/** The messages the page posted to its "VS Code" so far, in order. */
export function postedBy<T>(page: Page): Promise<T[]> {
  return page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted.slice()) as Promise<T[]>;
}
