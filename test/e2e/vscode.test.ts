/**
 * End-to-end: the packaged .vsix installed into a real VS Code (code-server), driven in headless
 * Chromium on a copy of examples/. One code-server and one browser for the whole file; the flows run
 * in order and leave a numbered screenshot per step under test-results/e2e/.
 * Prerequisites (chromium, Node 24, code-server) are installed by scripts/e2e/tools.mjs on first use.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Workbench } from './workbench';

let wb: Workbench;

before(async () => {
  wb = await Workbench.launch();
});

after(async () => {
  await wb?.close();
});

test('the example workspace opens: the extension activates, the mistakes file has diagnostics, the clean files none', async () => {
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

test('hover on a user shows its effective permissions with the expected services', async () => {
  await wb.openFile('acme-prod.iam.json');
  const at = wb.position('acme-prod.iam.json', '"carol"', '"users"');
  await wb.goto(at.line, at.column + 2);
  await wb.command('Show or Focus Hover');
  const hover = wb.hover();
  await hover.filter({ hasText: 'Effective permissions' }).waitFor();
  const text = await hover.innerText();
  assert.match(text, /user carol/);
  for (const service of ['lambda', 's3', 'ec2', 'logs']) assert.match(text, new RegExp(`\\b${service}\\b`), `hover lists ${service}:\n${text}`);
  assert.match(text, /DevBoundary/, 'what the permissions boundary takes away');
  await wb.shot('hover-effective-permissions');
  await wb.page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden' });
});

test('completion in a policy offers s3:GetObject and inserts it', async () => {
  await wb.openFile('mistakes.iam.json');
  const name = 'mistakes.iam.json';
  const at = wb.position(name, 's3:ListAllMyBuckets', '"Unused"');
  await wb.goto(at.line, at.column);
  for (let i = 0; i < 's3:ListAllMyBuckets'.length; i++) await wb.page.keyboard.press('Shift+ArrowRight');
  await wb.page.keyboard.type('s3:GetOb');
  await wb.page.keyboard.press('Control+Space');
  const exactly = /^s3:GetObject(?![A-Za-z])/;
  await wb.suggestions().filter({ hasText: exactly }).first().waitFor();
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
  await wb.page.keyboard.press('Control+S');
  await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  const line = wb.read(name).split('\n')[at.line - 1]!;
  assert.match(line, /"Action": "s3:GetObject"/, line);
});

test('a quick fix changes the file and its diagnostic goes away', async () => {
  const name = 'mistakes.iam.json';
  await wb.openFile(name);
  await wb.problem('has no action "GetObjekt"').waitFor();
  const at = wb.position(name, 's3:GetObjekt');
  await wb.goto(at.line, at.column + 3);
  await wb.page.keyboard.press('Control+.');
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "s3:GetObject"' }).first();
  await fix.waitFor();
  await wb.shot('quick-fix-offered');
  await fix.click();
  await wb.page.keyboard.press('Control+S');
  await wb.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  const line = wb.read(name).split('\n')[at.line - 1]!;
  assert.match(line, /"Action": "s3:GetObject"/, line);
  await wb.problems();
  await wb.problem('has no action "GetObjekt"').waitFor({ state: 'detached' });
  await wb.problem('No group named "Developer"').waitFor();
  await wb.shot('quick-fix-applied');
});
