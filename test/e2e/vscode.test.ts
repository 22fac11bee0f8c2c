/**
 * End-to-end: the packaged .vsix installed into a real VS Code (code-server), driven in headless
 * Chromium on a copy of examples/. One code-server and one browser for the whole file; the flows run
 * in order and leave a numbered screenshot per step under test-results/e2e/.
 * Prerequisites (chromium, Node 24, code-server) are installed by scripts/e2e/tools.mjs on first use.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Workbench } from './workbench';

let wb: Workbench;

before(async () => {
  wb = await Workbench.launch();
});

after(async () => {
  await wb?.close();
});

/** A test whose failure leaves a screenshot of the moment (test-results/e2e/NN-failed-….png). */
function flow(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await fn();
    } catch (e) {
      await wb?.shot(`failed-${name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`).catch(() => undefined);
      throw e;
    }
  });
}

flow('the example workspace opens: the extension activates, the mistakes file has its diagnostics, the clean accounts no error or warning', async () => {
  await wb.shot('workspace-opened');
  // The server analyses the whole workspace, so the mistakes file's problems appear without opening it.
  await wb.problems();
  await wb.problem('in file mistakes.iam.json').waitFor();
  await wb.problem('No group named "Developer"').waitFor();
  await wb.problem('has no action "GetObjekt"').waitFor();
  await wb.openFile('acme-prod.iam.json');
  await wb.page.locator('.statusbar-item[id="status.editor.mode"]').filter({ hasText: 'IAM JSON' }).waitFor();
  await wb.shot('problems-panel');
  const mistakes = await wb.problemsIn('mistakes.iam.json');
  const count = Number(/^(\d+) problems? in file/.exec(mistakes[0] ?? '')?.[1]);
  assert.ok(count >= 10, `the deliberate mistakes are reported: ${mistakes[0]}`);
  for (const message of ['The root user has no MFA', 'IAM groups cannot contain groups', 'lets any AWS principal', 'has no action "GetObjekt"']) {
    const rows = await wb.problemsMatching(message);
    assert.ok(rows.some((r) => r.includes('in file mistakes.iam.json')) && rows.some((r) => r.includes(message)), `Problems lists "${message}" for mistakes.iam.json: ${JSON.stringify(rows)}`);
  }
  // The clean accounts: nothing to fix (no error, no warning; acme-security no finding at all).
  assert.deepEqual(await wb.problemsIn('acme-security.iam.json'), []);
  const prod = await wb.problemsIn('acme-prod.iam.json');
  assert.deepEqual(prod.filter((r) => /^(Error|Warning):/.test(r)), [], `acme-prod.iam.json: ${JSON.stringify(prod)}`);
  assert.deepEqual(wb.extensionErrors, []);
});

flow('hover with the mouse on a user: a summary and three command links in view first, the details below', async () => {
  await wb.openFile('acme-prod.iam.json');
  const at = wb.position('acme-prod.iam.json', '"carol"', '"users"');
  await wb.goto(at.line, at.column + 2);
  const { hover, text } = await wb.mouseHover('"carol"', 'Not an administrator');
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  assert.match(lines[0], /^user carol · acme-prod · groups Developers$/, text);
  assert.match(lines[1], /^Not an administrator: /);
  assert.match(text, /Services \(\d+\): [^\n]*lambda[^\n]*s3[^\n]*logs[^\n]*ec2/, 'the services in one line');
  assert.match(text, /Taken away: [^\n]*DevBoundary/, 'what the permissions boundary takes away, in the summary');
  // The summary and the three links are inside the hover box as it opens (no scrolling), and the box fits.
  const box = (await hover.boundingBox())!;
  assert.ok(box.width <= 760 && box.height <= 520, `hover box ${box.width}×${box.height}`);
  for (const title of ['Show full effective permissions', 'Simulate…', 'Show in graph']) {
    const link = hover.locator('a', { hasText: title });
    const r = (await link.boundingBox())!;
    assert.ok(r && r.y >= box.y && r.y + r.height <= box.y + Math.min(box.height, 260), `${title} visible in the first 240 px of the hover: ${JSON.stringify(r)} in ${JSON.stringify(box)}`);
  }
  await wb.shot('hover-summary');
  // The first link opens the full page: a read-only preview, never an Untitled buffer to save.
  await hover.locator('a', { hasText: 'Show full effective permissions' }).click();
  const tab = wb.page.locator('.tabs-container .tab[aria-label*="Effective permissions of user carol"]');
  await tab.waitFor();
  await wb.page.locator('.tabs-container .tab.active[aria-label*="Effective permissions of user carol"]').waitFor();
  assert.equal(await wb.page.locator('.tabs-container .tab[aria-label*="Untitled"]').count(), 0, 'no Untitled buffer');
  assert.equal(await wb.page.locator('.tabs-container .tab.dirty').count(), 0, 'nothing to save');
  const preview = wb.webview();
  await preview.locator('h1', { hasText: 'Effective permissions of user carol' }).waitFor();
  await wb.shot('effective-permissions-preview');
  await wb.closeAll();
});

flow('completion in a policy offers s3:GetObject and inserts it', async () => {
  await wb.openFile('mistakes.iam.json');
  const name = 'mistakes.iam.json';
  const at = wb.position(name, 's3:ListAllMyBuckets', '"Unused"');
  await wb.goto(at.line, at.column);
  for (let i = 0; i < 's3:ListAllMyBuckets'.length; i++) await wb.page.keyboard.press('Shift+ArrowRight');
  await wb.page.keyboard.type('s3:GetOb');
  await wb.page.keyboard.press('Control+Space');
  const exactly = /^s3:GetObject(?![A-Za-z])/;
  await wb.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row[aria-label^="s3:GetObject"]').first().waitFor();
  await wb.shot('completion-s3-getobject');
  const labels = await wb.suggestions().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  assert.ok(labels.some((l) => exactly.test(l)), `suggestions: ${JSON.stringify(labels)}`);
  // Focus exactly s3:GetObject (not s3:GetObjectAcl, listed with it), then accept it.
  const focused = wb.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row.focused');
  for (let i = 0; i < labels.length && !exactly.test((await focused.getAttribute('aria-label')) ?? ''); i++) {
    await wb.page.keyboard.press('ArrowDown');
  }
  assert.match((await focused.getAttribute('aria-label')) ?? '', exactly);
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.editor-widget.suggest-widget.visible').waitFor({ state: 'hidden' });
  await wb.save(name);
  const line = wb.read(name).split('\n')[at.line - 1]!;
  assert.match(line, /"Action": "s3:GetObject"/, line);
});

flow('a quick fix changes the file and its diagnostic goes away', async () => {
  const name = 'mistakes.iam.json';
  await wb.openFile(name);
  await wb.problem('has no action "GetObjekt"').waitFor();
  const at = wb.position(name, 's3:GetObjekt');
  await wb.goto(at.line, at.column + 3);
  const fix = await wb.quickFix('Change to "s3:GetObject"');
  await wb.shot('quick-fix-offered');
  await fix.click();
  await fix.waitFor({ state: 'hidden' });
  // The diagnostic goes as soon as the buffer changes (the server analyses open documents) ...
  await wb.waitForNoProblem('has no action "GetObjekt"');
  // ... and the fix is in the file once saved.
  await wb.save(name);
  const line = wb.read(name).split('\n')[at.line - 1]!;
  assert.match(line, /"Action": "s3:GetObject"/, line);
  assert.deepEqual(await wb.problemsMatching('GetObjekt'), []);
  await wb.problem('No group named "Developer"').waitFor();
  await wb.shot('quick-fix-applied');
});

flow('the graph panel draws the workspace; a click on a node reveals it in the editor', async () => {
  const carol = wb.position('acme-prod.iam.json', '"carol"', '"users"');
  await wb.closeAll();
  // Start with the cursor elsewhere, so that only the click can put it on carol.
  await wb.openFile('acme-prod.iam.json');
  await wb.goto(1, 1);
  await wb.command('IAM Workbench: Show Graph');
  const graph = wb.webview();
  const canvas = graph.locator('#graph-canvas[data-drawn-nodes]');
  await canvas.waitFor();
  await graph.locator('.status').filter({ hasNotText: 'Waiting for the graph' }).waitFor();
  const drawn = Number(await canvas.getAttribute('data-drawn-nodes'));
  assert.ok(drawn >= 20, `nodes drawn for the three example accounts: ${drawn}`);
  // Opened from the palette: full width, and with ~50 nodes every one is labelled.
  const canvasBox = (await graph.locator('#graph-canvas').boundingBox())!;
  assert.ok(canvasBox.width >= 700, `the canvas has room: ${canvasBox.width} px wide`);
  assert.equal(Number(await canvas.getAttribute('data-drawn-labels')), drawn, 'every node drawn has its label');
  // The side list names the example's principals.
  const names = await graph.locator('.node-list .name').allTextContents();
  for (const n of ['alice', 'carol', 'Developers']) assert.ok(names.includes(n), `${n} in the node list: ${names.join(', ')}`);
  await wb.shot('graph-drawn');
  // Search centres the node; a click on the centre of the canvas reveals it in the editor.
  await graph.locator('#graph-search').fill('carol');
  await graph.locator('#graph-search').press('Enter');
  await graph.locator('.details .selected-name').filter({ hasText: /^carol$/ }).waitFor();
  const box = (await graph.locator('#graph-canvas').boundingBox())!;
  await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await wb.activeTab('acme-prod.iam.json').waitFor();
  // The reveal selects the name: "Ln 186, Col 12 (7 selected)".
  await wb.cursor().filter({ hasText: new RegExp(`Ln ${carol.line}, Col \\d+ \\(${'"carol"'.length} selected\\)`) }).waitFor();
  await wb.shot('graph-click-revealed');
  await wb.closeAll();
  await graph.locator('#graph-canvas').waitFor({ state: 'detached' });
});

flow('the simulator panel answers a scenario\'s question with the expected decision; a click on a statement opens it', async () => {
  await wb.closeAll();
  // From examples/acme.iam-tests.json: "Admins without MFA are denied everything" (explicit deny, identity policy).
  await wb.command('IAM Workbench: Simulate…');
  const sim = wb.webview();
  await sim.locator('#principal-list option').first().waitFor({ state: 'attached' });
  await sim.locator('#principal').fill('bob');
  await sim.locator('#action-input').fill('iam:CreateUser');
  await sim.locator('#action-input').press('Enter');
  await sim.locator('#add-context').click();
  const ctx = sim.locator('.ctx-row').first();
  await ctx.locator('.ctx-key').fill('aws:MultiFactorAuthPresent');
  const value = ctx.locator('select.ctx-value[data-input="bool"]');
  await value.waitFor();
  await value.selectOption('false');
  await sim.locator('#simulate').click();
  const row = sim.locator('#result-rows .result-row[data-action="iam:CreateUser"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-decision'), 'explicitDeny');
  // The answer is scrolled into view.
  assert.ok(await row.evaluate((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.top < window.innerHeight; }), 'the answer row is in the viewport');
  assert.match(await row.locator('.row-reason').innerText(), /\S/, 'a one-line reason on the folded row');
  assert.equal(await row.locator('.row-summary .layer-badge').getAttribute('data-layer'), 'identity');
  await wb.shot('simulator-result');
  // The statement that decided it: a click opens it in the editor, selected.
  const sid = wb.position('acme-prod.iam.json', '"Sid": "DenyAllWithoutMFA"');
  await row.locator('.matched .statement-link').first().click();
  await wb.activeTab('acme-prod.iam.json').waitFor();
  await wb.cursor().filter({ hasText: /selected/ }).waitFor();
  const ln = Number(/Ln (\d+)/.exec(await wb.cursor().innerText())?.[1]);
  assert.ok(ln >= sid.line - 1 && ln <= sid.line + 6, `the cursor is on the DenyAllWithoutMFA statement (line ${sid.line}): Ln ${ln}`);
  await wb.shot('simulator-statement-opened');
  await wb.closeAll();
});

flow('rename a user: the scenario file that names it changes too, listed in the refactor preview', async () => {
  await wb.openFile('acme-prod.iam.json');
  const bob = wb.position('acme-prod.iam.json', '"bob"', '"users"');
  const before = wb.read('acme.iam-tests.json');
  assert.match(before, /"principal": "bob"/);
  await wb.goto(bob.line, bob.column + 2);
  await wb.page.keyboard.press('F2');
  const input = wb.page.locator('.rename-box input');
  await input.waitFor();
  await input.fill('robert');
  // Ctrl+Enter: preview the rename; the scenario file's edit is listed (ticked) under its own heading.
  await wb.page.keyboard.press('Control+Enter');
  const apply = wb.page.locator('.monaco-button', { hasText: /^Apply$/ }).first();
  await apply.waitFor();
  await wb.page.locator('.monaco-list-row', { hasText: 'acme.iam-tests.json' }).first().waitFor();
  await wb.shot('rename-refactor-preview');
  await apply.click();
  await wb.closeAll();
  const after = wb.read('acme.iam-tests.json');
  assert.doesNotMatch(after, /"principal": "bob"/);
  assert.match(after, /"principal": "robert"/);
  assert.match(wb.read('acme-prod.iam.json'), /"robert": \{/);
  assert.ok(after.includes('// What ACME'), 'comments kept');
});

flow('each view in light and dark themes, at 1440×900 and 1024×640: readable, with screenshots', async () => {
  // The workspace analysed first (when this flow runs alone).
  await wb.problems();
  await wb.problem('in file mistakes.iam.json').waitFor();
  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const tag = `${theme}-${width}x${height}`;
      await wb.setSize(width, height);
      await wb.setTheme(theme);
      // Hover on an administrator: summary first.
      await wb.openFile('acme-prod.iam.json');
      const alice = wb.position('acme-prod.iam.json', '"alice"', '"users"');
      await wb.goto(alice.line, alice.column + 2);
      const { text } = await wb.mouseHover('"alice"', 'Administrator');
      assert.match(text.split('\n').filter((l) => l.trim())[1] ?? '', /Administrator: every action/, text);
      await wb.shot(`${tag}-hover-admin`);
      await wb.page.keyboard.press('Escape');
      // The graph beside the editor, from the CodeLens-like command: focused on the principal, labelled.
      await wb.command('IAM Workbench: Show in Graph');
      const graph = wb.webview();
      const canvas = graph.locator('#graph-canvas[data-drawn-nodes]');
      await canvas.waitFor();
      await graph.locator('.status').filter({ hasNotText: 'Waiting for the graph' }).waitFor();
      const nodes = Number(await canvas.getAttribute('data-drawn-nodes'));
      const labels = Number(await canvas.getAttribute('data-drawn-labels'));
      assert.ok(nodes > 0 && nodes <= 150 && labels === nodes, `${tag}: ${labels} labels for ${nodes} nodes`);
      await wb.shot(`${tag}-graph-beside`);
      await wb.closeAll();
      // The simulator: the answer in view.
      await wb.command('IAM Workbench: Simulate…');
      const sim = wb.webview();
      await sim.locator('#principal-list option').first().waitFor({ state: 'attached' });
      await sim.locator('#principal').fill('carol');
      await sim.locator('#action-input').fill('s3:GetObject');
      await sim.locator('#action-input').press('Enter');
      await sim.locator('#simulate').click();
      const row = sim.locator('#result-rows .result-row').first();
      await row.waitFor();
      assert.ok(await row.evaluate((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.top < window.innerHeight; }), `${tag}: the answer is in view`);
      await wb.shot(`${tag}-simulator`);
      await wb.closeAll();
    }
  }
  await wb.setSize(1440, 900);
});

flow('the graph in light, dark and high contrast, at 1440×900 and 1024×640: accounts drawn as groups, findings as badges', async () => {
  await wb.problems();
  await wb.problem('in file mistakes.iam.json').waitFor();
  for (const [width, height] of [[1440, 900], [1024, 640]] as const) {
    for (const theme of ['light', 'dark', 'hc'] as const) {
      const tag = `${theme}-${width}x${height}`;
      await wb.closeAll();
      await wb.setSize(width, height);
      await wb.setTheme(theme);
      // The whole workspace from the palette: ~55 nodes, so the layered layout, one band per account.
      await wb.command('IAM Workbench: Show Graph');
      const graph = wb.webview();
      const canvas = graph.locator('#graph-canvas[data-layout="done"]:not([data-drawn-groups="0"])');
      await canvas.waitFor();
      await graph.locator('.status').filter({ hasNotText: 'Waiting for the graph' }).waitFor();
      assert.equal(await canvas.getAttribute('data-layout-kind'), 'layered', `${tag}: a small graph is layered`);
      const groups = Number(await canvas.getAttribute('data-drawn-groups'));
      const badges = Number(await canvas.getAttribute('data-drawn-badges'));
      const nodes = Number(await canvas.getAttribute('data-drawn-nodes'));
      // acme-prod, acme-security, acme-sandbox (mistakes): each an outlined, named group.
      assert.ok(groups >= 3, `${tag}: ${groups} account groups drawn`);
      // Labels: every node in view has one, none overlaps another (the boxes the page drew), and the view is not
      // shrunk below the readable zoom: in a short area it pans instead, and the hint says so.
      assert.equal(Number(await canvas.getAttribute('data-drawn-labels')), nodes, `${tag}: every node labelled`);
      const boxes = JSON.parse((await canvas.getAttribute('data-label-boxes')) ?? '[]') as [number, number, number, number, string][];
      assert.equal(boxes.length, nodes);
      for (let a = 0; a < boxes.length; a++)
        for (let b = a + 1; b < boxes.length; b++) {
          const [, ax, ay, aw, at] = boxes[a];
          const [, bx, by, bw, bt] = boxes[b];
          const overlap = Math.min(ax + aw, bx + bw) - Math.max(ax, bx) > 0.25 && Math.min(ay, by) + 14 - Math.max(ay, by) > 0.25;
          assert.ok(!overlap, `${tag}: labels "${at}" and "${bt}" overlap`);
        }
      const zoom = Number(await canvas.getAttribute('data-zoom'));
      const floor = Number(await canvas.getAttribute('data-min-zoom'));
      assert.ok(zoom >= floor - 1e-3, `${tag}: zoom ${zoom} not below the readable ${floor}`);
      const offscreen = Number(await canvas.getAttribute('data-offscreen'));
      if (offscreen > 0) assert.match((await graph.locator('#graph-view-hint').textContent()) ?? '', /out of view at a readable size/, `${tag}: the hint`);
      // The rules' findings reach the nodes: mallory, trent, open-to-everyone, ... carry badges (when the area is
      // short and the view pans, mallory's once the search below brings it into view).
      if (offscreen === 0) assert.ok(badges >= 8, `${tag}: ${badges} badges drawn`);
      await wb.shot(`${tag}-graph-groups`);
      // The details panel lists a node's findings as the Problems panel words them.
      await graph.locator('#graph-search').fill('mallory');
      await graph.locator('#graph-search').press('Enter');
      await graph.locator('#details-findings').waitFor({ state: 'attached' });
      const items = await graph.locator('.details ul.findings li').allTextContents();
      assert.ok(items.some((t) => t.startsWith('Error: ') && t.includes('no MFA device')), `${tag}: ${items.join(' | ')}`);
      await graph.locator('#graph-canvas:not([data-drawn-badges="0"])').waitFor();
      if (width === 1440) await wb.shot(`${tag}-graph-findings`);
    }
  }
  await wb.closeAll();
  await wb.setTheme('light');
  await wb.setSize(1440, 900);
});

flow('a diagnostic\'s rule link opens the rule\'s documentation shipped with the extension, at its heading, with no network', async () => {
  await wb.closeAll();
  await wb.problems();
  // "Group "Empty" has no members." in mistakes.iam.json links to practice/empty-group. Filtered to that row, so
  // that the tree's sticky file header doesn't cover it.
  await wb.problem('in file mistakes.iam.json').waitFor();
  const filter = wb.page.locator('.viewpane-filter input[aria-label="Filter Problems"]');
  await filter.fill('has no members');
  const row = wb.problem('has no members');
  await wb.page.waitForFunction(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => (r.getAttribute('aria-label') ?? '').includes('has no members')));
  const link = row.first().locator('a', { hasText: 'practice/empty-group' });
  // The link is the packaged page (a file: URI the remote host rewrites), at the heading's line.
  assert.match((await link.getAttribute('href')) ?? '', /\/extensions\/iam-workbench\.iam-workbench-[^/]+\/docs\/rules\.md#L\d+$/);
  await link.click();
  await filter.fill('');
  // The packaged docs/rules.md opens in an editor, the cursor on the rule's heading.
  await wb.activeTab('rules.md').waitFor();
  // The same page as the repository's docs/rules.md (the .vsix ships it as is).
  const heading = readFileSync('docs/rules.md', 'utf8').split('\n').indexOf('## practice/empty-group') + 1;
  assert.ok(heading > 1);
  await wb.cursor().filter({ hasText: new RegExp(`Ln ${heading}, Col 1`) }).waitFor();
  assert.ok((await wb.page.locator('.monaco-editor .view-line').filter({ hasText: '## practice/empty-group' }).count()) >= 1, 'the heading is in view');
  await wb.shot('rule-doc-link-opened');
  await wb.closeAll();
});

flow('behind the flows: the extension activated once and logged no error', async () => {
  const { channel, host } = wb.extensionLogs();
  assert.match(host, /_doActivateExtension iam-workbench\.iam-workbench/, 'the extension host activated the extension');
  const hostErrors = host.split('\n').filter((l) => /\[error\]|failed/i.test(l));
  assert.deepEqual(hostErrors, [], 'no activation error');
  const channelErrors = channel.split('\n').filter((l) => /\[error|error -|unhandled|exception|crash/i.test(l));
  assert.deepEqual(channelErrors, [], `the IAM Workbench output channel:\n${channel.slice(-3000)}`);
  assert.deepEqual(wb.extensionErrors, [], 'no console error names the extension');
});
