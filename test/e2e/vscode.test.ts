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
  await wb.openFile('acme-prod.iam.json');
  await wb.page.locator('.statusbar-item[id="status.editor.mode"]').filter({ hasText: 'IAM JSON' }).waitFor();
  await wb.shot('problems-panel');
  const rows = await wb.problems();
  assert.ok(rows.some((r) => r.includes('in file mistakes.iam.json')), `mistakes.iam.json listed: ${JSON.stringify(rows)}`);
  for (const clean of ['acme-prod.iam.json', 'acme-security.iam.json']) {
    assert.ok(!rows.some((r) => r.includes(`in file ${clean}`)), `${clean} has no problems: ${JSON.stringify(rows)}`);
  }
  assert.deepEqual(wb.extensionErrors, []);
});
