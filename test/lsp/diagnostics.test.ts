import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, positionOf } from './harness';

const GOOD = `{
  // production account
  "account": { "id": "111111111111" },
  "policies": { "ReadLogs": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "logs:GetLogEvents", "Resource": "*" } ] } } },
  "groups": { "Devs": { "policies": ["ReadLogs"] } },
  "users": { "alice": { "groups": ["Devs"] } }
}
`;

test('open, change and close a document: diagnostics follow each version', async () => {
  const c = await LspClient.start();
  try {
    const uri = 'file:///virtual/acct.iam.json';
    c.open(uri, GOOD);
    const first = await c.diagnosticsAt(uri, 1);
    assert.deepEqual(first.filter((d) => d.severity === 1), [], 'a good file has no errors');

    const v2 = c.change(uri, GOOD.replace('["Devs"]', '["Devz"]'));
    const second = await c.diagnosticsAt(uri, v2);
    const dangling = second.find((d) => d.code === 'ref/unknown-group');
    assert.ok(dangling, 'a dangling group is reported');
    assert.equal(dangling.severity, 1);
    assert.match(String(dangling.message), /Devs/, 'with a did-you-mean');
    assert.equal(dangling.range.start.line, 6);

    const v3 = c.change(uri, '{ "users": ');
    const broken = await c.diagnosticsAt(uri, v3);
    assert.ok(broken.some((d) => d.code === 'parse/syntax'), 'broken JSON is a diagnostic, the server lives on');

    const v4 = c.change(uri, GOOD);
    const fixed = await c.diagnosticsAt(uri, v4);
    assert.equal(fixed.filter((d) => d.severity === 1).length, 0);
  } finally {
    await c.stop();
  }
});

test('reads the whole workspace and re-checks dependants when a file changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-lsp-'));
  try {
    writeFileSync(join(dir, 'prod.iam.json'), GOOD);
    writeFileSync(join(dir, 'zz-second.iam.json'), '{ "account": { "id": "222222222222" } }\n');
    const dupUri = pathToFileURL(join(dir, 'zz-second.iam.json')).toString();
    const prodUri = pathToFileURL(join(dir, 'prod.iam.json')).toString();
    const c = await LspClient.start(pathToFileURL(dir).toString());
    try {
      // A file never opened still gets diagnostics (the workspace is read from disk).
      const closed = await c.waitForDiagnostics(prodUri);
      assert.deepEqual(closed.diagnostics.filter((d) => d.severity === 1), []);
      await c.waitForDiagnostics(dupUri);
      // Opening the second file and giving it the first file's account id makes it a duplicate account.
      const v = c.open(dupUri, '{ "account": { "id": "111111111111" } }\n');
      const dup = await c.waitForDiagnostics(dupUri, (p) => p.version === v && p.diagnostics.some((d) => d.code === 'ref/duplicate-account'));
      assert.ok(dup.diagnostics[0].relatedInformation?.some((r) => r.location.uri === prodUri));
    } finally {
      await c.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an edit that moves no diagnostic publishes none; iamWorkbench/analyzed says the version was analysed', async () => {
  const uri = 'file:///virtual/quiet.iam.json';
  const text = `{
  "account": { "id": "111111111111" },
  "users": {
    "alice": { "groups": ["Nope"], "tags": { "team": "blue" } }
  }
}
`;
  const c = await LspClient.start();
  try {
    const publishedVersion = () => c.diagnostics.get(uri)?.version;
    c.open(uri, text);
    const first = await c.diagnosticsAt(uri, 1);
    const dangling = first.find((d) => d.code === 'ref/unknown-group');
    assert.ok(dangling, 'the unknown group is reported');
    // Typing after the diagnostic on its own line moves nothing the editor shows.
    const at = positionOf(text, 'blue', 4);
    const v2 = c.edit(uri, { start: at, end: at }, 'ish');
    const same = await c.diagnosticsAt(uri, v2);
    assert.deepEqual(same, first);
    assert.equal(publishedVersion(), 1, `nothing published for version ${v2}`);
    // A new line above the diagnostic moves it: published again, one line down.
    const top = positionOf(text, '"users"');
    const v3 = c.edit(uri, { start: top, end: top }, '\n  ');
    const moved = await c.diagnosticsAt(uri, v3);
    assert.equal(publishedVersion(), v3, 'published after the line moved');
    assert.equal(moved.find((d) => d.code === 'ref/unknown-group')!.range.start.line, dangling.range.start.line + 1);
  } finally {
    await c.stop();
  }
});
