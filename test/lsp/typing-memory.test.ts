import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRules } from '../../core/analysis/rules';
import type { Finding } from '../../core/findings';
import { AnalysisHost } from '../../core/ide/host';
import { fullCollection } from '../../server/idle-collector';
import { EditedDocument } from '../../server/text-document';

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'acme-prod.iam.json'), 'utf8');
const URI = 'file:///typing.iam.json';

/** The example account past 1 MB (the size from which the document makes its texts in a buffer), 9,000 more users. */
function bigAccount(): string {
  const users = Array.from({ length: 9000 }, (_, i) => `"pad-user-${i}": { "groups": ["Developers"], "tags": { "team": "padding team number ${i}", "cost-centre": "cc-${i % 97}" } }`).join(',\n    ');
  return EXAMPLE.replace('"users": {', `"users": {\n    ${users},`);
}

const plain = (list: readonly Finding[]) => list.map((f) => JSON.stringify([f.code, f.uri, f.span, f.severity, f.message, f.related ?? []])).sort();
const tick = () => new Promise((r) => setImmediate(r));

test('typing in a big document: each version\'s text is exact, the findings equal a fresh analysis, and old versions are not kept', async () => {
  const gc = fullCollection();
  assert.ok(gc, 'a full collection is available (as the server gets it)');
  const text = bigAccount();
  assert.ok(text.length > 1 << 20, `${text.length} characters`);
  const doc = new EditedDocument(URI, 'json', 1, text);
  const host = new AnalysisHost({ rules: (w) => runRules(w) });
  host.setFile(URI, text, 1);
  void host.snapshot().findings;
  const at = doc.positionAt(text.indexOf('padding team number 5"') + 'padding team number 5'.length);
  const workspaces: WeakRef<object>[] = [];
  const files: WeakRef<object>[] = [];
  let expected = text;
  for (let v = 2; v <= 13; v++) {
    // A character typed into a tag value and deleted again, as the editor sends them.
    const insert = v % 2 === 0;
    const range = insert ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
    doc.update([{ range, text: insert ? '7' : '' }], v);
    const offset = doc.offsetAt(at);
    expected = insert ? expected.slice(0, offset) + '7' + expected.slice(offset) : expected.slice(0, offset) + expected.slice(offset + 1);
    assert.equal(doc.getText(), expected, `version ${v}: the document's text`);
    host.setFile(URI, doc.getText(), v, doc.lastChange ?? undefined);
    const analysis = host.snapshot();
    void analysis.findings;
    assert.equal(host.lastParse(URI), 'incremental', `version ${v} took the edit path`);
    workspaces.push(new WeakRef(analysis.workspace));
    files.push(new WeakRef(analysis.workspace.file(URI)!));
  }
  // The last version's findings are a fresh analysis's.
  const fresh = new AnalysisHost({ rules: (w) => runRules(w) });
  fresh.setFile(URI, doc.getText(), 1);
  assert.deepEqual(plain(host.snapshot().findings.get(URI)!), plain(fresh.snapshot().findings.get(URI)!));
  // Old versions go: the host keeps the current analysis and the one it was derived from (the next edit builds on
  // them), not a chain of every version typed.
  await tick();
  gc!();
  await tick();
  gc!();
  const alive = (refs: WeakRef<object>[]) => refs.map((r, i) => (r.deref() ? i : -1)).filter((i) => i >= 0);
  assert.ok(alive(workspaces).every((i) => i >= workspaces.length - 2), `workspaces still alive: versions ${alive(workspaces).map((i) => i + 2)}`);
  assert.ok(alive(files).length <= 2, `parsed files still alive: versions ${alive(files).map((i) => i + 2)}`);
  assert.ok(workspaces[workspaces.length - 1].deref(), 'the current one is kept');
});
