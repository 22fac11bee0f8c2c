/**
 * The graph page (headless Chromium, production CSP): accounts drawn as groups, finding badges from the core's
 * rule results, their findings listed as text in the details panel, and the layered / force layout toggle.
 * Screenshots of the examples (light, dark, high contrast) go to test-results/graph-groups-*.png for review.
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
import { HOSTILE, smallGraph } from './fixtures';

const { missing, open } = graphPages();

function examples(): GraphData {
  const files = readdirSync('examples').filter((f) => f.endsWith('.iam.json'));
  const ws = buildWorkspace(files.map((f) => ({ uri: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') })));
  return buildGraph(ws, { findings: [...ws.allFindings(), ...runRules(ws, {})] });
}

const attr = (page: Page, name: string) => page.getAttribute('#graph-canvas', name);

async function finish(stub: StubbedPage): Promise<void> {
  assert.deepEqual(stub.problems, [], 'no CSP violation, console error or page error');
  await stub.page.close();
}

/** Sets VS Code's theme class on the body as the webview host does. */
async function theme(page: Page, kind: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast') {
  await page.evaluate((k) => {
    document.body.className = k;
  }, kind);
}

test('the examples: layered, one outline per account, a badge on every node with findings, all drawn', { skip: missing }, async () => {
  const data = examples();
  const stub = await open({ width: 1440, height: 900 });
  const { page } = stub;
  await sendGraph(page, data);
  await page.waitForSelector(`#graph-canvas[data-drawn-nodes="${data.nodes.length}"][data-layout="done"]`);
  assert.equal(await attr(page, 'data-layout-kind'), 'layered', `${data.nodes.length} nodes: layered by default`);
  const accounts = new Set(data.nodes.map((n) => n.account).filter(Boolean));
  assert.ok(accounts.size >= 3);
  await page.waitForSelector(`#graph-canvas[data-drawn-groups="${accounts.size}"]`);
  const flagged = data.nodes.filter((n) => n.findings?.length).length;
  assert.ok(flagged >= 5, `${flagged} nodes with findings`);
  await page.waitForSelector(`#graph-canvas[data-drawn-badges="${flagged}"]`);
  assert.equal(await attr(page, 'data-drawn-labels'), String(data.nodes.length), 'every node labelled');
  mkdirSync('test-results', { recursive: true });
  for (const kind of ['vscode-light', 'vscode-dark', 'vscode-high-contrast'] as const) {
    await theme(page, kind);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `test-results/graph-groups-${kind.replace('vscode-', '')}.png` });
  }
  // The details panel lists mallory's findings as the Problems panel words them.
  await page.fill('#graph-search', 'mallory');
  await page.press('#graph-search', 'Enter');
  await page.waitForSelector('.details h3#details-findings');
  const mallory = data.nodes.find((n) => n.label === 'mallory')!;
  assert.equal(await page.textContent('#details-findings'), `Findings (${mallory.findingCount})`);
  const items = await page.locator('.details ul.findings li').allTextContents();
  assert.equal(items.length, mallory.findings!.length);
  assert.ok(items[0].startsWith('Error: '), items[0]);
  assert.ok(items.some((t) => t.includes('has administrator access and no MFA device') && t.includes('(practice/admin-without-mfa)')), items.join('\n'));
  assert.match((await page.textContent('.details .selected-kind')) ?? '', /account /);
  await finish(stub);
});

test('the layout toggle: force on demand (accounts still grouped), layered again, kept across a reload', { skip: missing }, async () => {
  const data = examples();
  const stub = await open({ width: 1200, height: 800 });
  const { page } = stub;
  await sendGraph(page, data);
  await page.waitForSelector('#graph-canvas[data-layout="done"][data-layout-kind="layered"]');
  await page.selectOption('#graph-layout', 'force');
  await page.waitForSelector('#graph-canvas[data-layout-kind="force"]');
  await page.waitForSelector('#graph-canvas[data-layout="done"]');
  assert.ok(Number(await attr(page, 'data-drawn-groups')) >= 3);
  await page.screenshot({ path: 'test-results/graph-groups-force.png' });
  // The choice is saved (getState/setState), as the rest of the view is.
  await page.waitForFunction(() => (window as unknown as { __state?: { layoutMode?: string } }).__state?.layoutMode === 'force');
  await page.selectOption('#graph-layout', 'layered');
  await page.waitForSelector('#graph-canvas[data-layout-kind="layered"]');
  await finish(stub);
  // Saved state brings the choice back.
  const again = await open({ width: 1200, height: 800 }, { depth: 2, showAll: false, hidden: [], query: '', layoutMode: 'force' });
  await sendGraph(again.page, data);
  await again.page.waitForSelector('#graph-canvas[data-layout-kind="force"]');
  assert.equal(await again.page.inputValue('#graph-layout'), 'force');
  await finish(again);
});

test('a finding\'s message is text, never markup; malformed findings and accounts are dropped', { skip: missing }, async () => {
  const base = smallGraph();
  const target = base.nodes.find((n) => n.kind === 'user')!;
  const data = {
    ...base,
    accounts: [{ id: '123456789012', label: HOSTILE }, { id: 7, label: null }],
    nodes: base.nodes.map((n) =>
      n.id === target.id
        ? { ...n, account: '123456789012', findingCount: 3, findings: [{ code: 'x/evil', severity: 'error', message: HOSTILE }, { code: 'x/bad', severity: 'fatal', message: 'dropped' }, null] }
        : n,
    ),
  };
  const stub = await open();
  const { page } = stub;
  await sendGraph(page, data);
  await page.waitForSelector('#graph-canvas[data-layout="done"]');
  await page.waitForSelector('#graph-canvas[data-drawn-badges="1"]');
  await page.waitForSelector('#graph-canvas[data-drawn-groups="1"]');
  await page.fill('#graph-search', target.label);
  await page.press('#graph-search', 'Enter');
  await page.waitForSelector('.details ul.findings');
  const items = await page.locator('.details ul.findings li').allTextContents();
  assert.deepEqual(items, [`Error: ${HOSTILE} (x/evil)`, 'and 2 more (Problems panel)']);
  assert.equal(await page.locator('img').count(), 0, 'no img element was created');
  await finish(stub);
});
