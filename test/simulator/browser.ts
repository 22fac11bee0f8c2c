// Test support: the built simulator webview in headless Chromium, in a page that stands in for VS
// Code (stubbed acquireVsCodeApi, the production CSP). The stub answers the page's requests with the
// real core functions (the language server's part), so the page is tested against real answers.
// CSP violations, console errors and page errors are collected so that tests fail on them.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { simulateRequest, simulatorComplete, simulatorOptions } from '../../core/analysis/simulate-service';
import type { Workspace } from '../../core/model';
import type { SimulatorHostMessage, SimulatorWebviewMessage } from '../../protocol';
import { SIMULATOR_PAGE, webviewHtml } from '../../protocol/webview-page';
// @ts-expect-error: plain JavaScript build helper without types
import { simulatorWebviewBuild } from '../../webview/simulator/build.mjs';

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

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: flock /tmp/apt.lock apt-get install -y chromium`);
}

/** Builds the simulator bundle (production settings) into a fresh folder; returns the folder. */
export async function buildSimulator(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'iam-simulator-'));
  await esbuild.build(simulatorWebviewBuild({ production: true, outdir }));
  return outdir;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export const NONCE = 'TESTNONCE0987654321';

/** Serves the simulator page (production CSP, fixed nonce) and the bundle from `dir`. */
export async function serve(dir: string): Promise<Served> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(webviewHtml(SIMULATOR_PAGE, { cspSource: origin, nonce: NONCE, scriptUri: `${origin}/simulator.js`, styleUri: `${origin}/simulator.css` }));
      return;
    }
    const file = path === '/simulator.js' ? 'simulator.js' : path === '/simulator.css' ? 'simulator.css' : undefined;
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
  return { url: `${origin}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What the stand-in host answers to a page message (undefined: nothing). */
export function hostReply(ws: Workspace, m: SimulatorWebviewMessage): SimulatorHostMessage | undefined {
  switch (m.type) {
    case 'ready':
      return { type: 'options', options: simulatorOptions(ws) };
    case 'complete':
      return { type: 'completions', id: m.id, completions: simulatorComplete(m.query, ws) };
    case 'simulate':
      return { type: 'answer', answer: simulateRequest(ws, m.question, { now: new Date('2026-11-23T12:00:00Z') }), question: m.question };
    default:
      return undefined;
  }
}

export interface StubbedPage {
  page: Page;
  problems: string[];
  /** Messages the page posted to its "VS Code", in order. */
  posted(): Promise<SimulatorWebviewMessage[]>;
  send(message: unknown): Promise<void>;
}

/** Opens the page with a stubbed acquireVsCodeApi whose host answers through `reply`. */
export async function openSimulator(
  browser: Browser,
  url: string,
  reply: (m: SimulatorWebviewMessage) => SimulatorHostMessage | undefined,
): Promise<StubbedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.exposeFunction('__hostReply', (m: SimulatorWebviewMessage) => reply(m) ?? null);
  // A string, not a function: tsx's transform would add helpers the page doesn't have.
  await page.addInitScript(`
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => {
        window.__posted.push(JSON.parse(JSON.stringify(m)));
        window.__hostReply(m).then((r) => { if (r) window.postMessage(r, '*'); });
      },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
    });
    window.alert = (t) => window.__reportViolation('alert(' + String(t) + ') ran');
  `);
  await page.goto(url);
  return {
    page,
    problems,
    posted: () => page.evaluate(() => (window as unknown as { __posted: SimulatorWebviewMessage[] }).__posted.slice()),
    send: (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message),
  };
}
