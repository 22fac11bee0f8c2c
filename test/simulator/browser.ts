// Test support: the built simulator webview in headless Chromium, in a page that stands in for VS
// Code (stubbed acquireVsCodeApi, the production CSP), on the shared test/support/browser.ts. The stub
// answers the page's requests with the real core functions (the language server's part), so the page
// is tested against real answers. CSP violations, console errors and page errors are collected so
// that tests fail on them.
import type { Browser, Page } from 'playwright-core';
import { simulateRequest, simulatorComplete, simulatorOptions } from '../../core/analysis/simulate/service';
import type { Workspace } from '../../core/model';
import type { SimulatorHostMessage, SimulatorWebviewMessage } from '../../protocol';
import { SIMULATOR_PAGE } from '../../protocol/webview-page';
import { buildInto, CHROMIUM, chromiumInstalled, openStubbedPage, postedBy, servePage, type Served } from '../support/browser';
// @ts-expect-error: plain JavaScript build helper without types
import { simulatorWebviewBuild } from '../../webview/simulator/build.mjs';

export { launch, type Served } from '../support/browser';

export function assertChromium(): void {
  if (!chromiumInstalled()) throw new Error(`${CHROMIUM} is missing: flock /tmp/apt.lock apt-get install -y chromium`);
}

/** Builds the simulator bundle (production settings) into a fresh folder; returns the folder. */
export function buildSimulator(): Promise<string> {
  return buildInto('iam-simulator-', (outdir) => simulatorWebviewBuild({ production: true, outdir }));
}

export const NONCE = 'TESTNONCE0987654321';

/** Serves the simulator page (production CSP, fixed nonce) and the bundle from `dir`. */
export function serve(dir: string): Promise<Served> {
  return servePage(dir, SIMULATOR_PAGE, NONCE);
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
  const { page, problems } = await openStubbedPage(browser, url, {
    viewport: { width: 1280, height: 900 },
    expose: { __hostReply: (m: SimulatorWebviewMessage) => reply(m) ?? null },
    postMessage: `(m) => {
        window.__posted.push(JSON.parse(JSON.stringify(m)));
        window.__hostReply(m).then((r) => { if (r) window.postMessage(r, '*'); });
      }`,
  });
  return {
    page,
    problems,
    posted: () => postedBy<SimulatorWebviewMessage>(page),
    send: (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message),
  };
}
