import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeActions } from '../../core/ide/code-actions';
import { codeLenses } from '../../core/ide/codelens';
import { completion } from '../../core/ide/completion';
import { AnalysisHost } from '../../core/ide/host';
import { hover } from '../../core/ide/hover';
import { definition, prepareRename, references } from '../../core/ide/navigation';
import { documentSymbols } from '../../core/ide/symbols';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const texts = ['acme-prod.iam.json', 'acme-security.iam.json', 'mistakes.iam.json'].map((n) => ({ uri: `file:///ex/${n}`, text: readFileSync(join(EXAMPLES, n), 'utf8') }));

/** Every feature at many offsets of a text; none may throw. Returns how many answers were non-empty. */
function everyFeature(host: AnalysisHost, uri: string, text: string, step: number): number {
  const a = host.snapshot();
  const ws = a.workspace;
  const file = ws.file(uri);
  if (file) {
    documentSymbols(file);
    codeLenses(file);
  }
  let answers = 0;
  for (let o = 0; o <= text.length; o += step) {
    if (hover(ws, uri, o)) answers++;
    if (completion(ws, uri, o).items.length) answers++;
    if (definition(ws, uri, o).length) answers++;
    references(ws, uri, o);
    prepareRename(ws, uri, o);
    codeActions(ws, a.findings.get(uri) ?? [], uri, { start: o, end: o + 3 });
  }
  return answers;
}

test('every feature answers at every 61st offset of the examples', () => {
  const host = new AnalysisHost();
  for (const t of texts) host.setFile(t.uri, t.text, 1);
  for (const t of texts) assert.ok(everyFeature(host, t.uri, t.text, 61) > 5, `${t.uri} gets answers`);
});

test('truncated and garbled examples: features still answer without throwing', () => {
  const prod = texts[0];
  for (const cut of [1, 400, Math.floor(prod.text.length / 2), prod.text.length - 3]) {
    const host = new AnalysisHost();
    const broken = prod.text.slice(0, cut);
    host.setFile(prod.uri, broken, 1);
    host.setFile(texts[1].uri, texts[1].text, 1);
    everyFeature(host, prod.uri, broken, 89);
  }
  const host = new AnalysisHost();
  const garbled = prod.text.replace(/[{}]/g, (c, i: number) => (i % 7 === 0 ? '' : c)).replace(/"/g, (c, i: number) => (i % 11 === 0 ? "'" : c));
  host.setFile(prod.uri, garbled, 1);
  everyFeature(host, prod.uri, garbled, 67);
});

test('100,000 levels of nesting: a parse/too-deep diagnostic at the crossing bracket (not "the file is empty"), and every feature answers', () => {
  const N = 100_000;
  const prefix = '{"users":{"u":{"inlinePolicies":{"p":{"Version":"2012-10-17","Statement":';
  for (const deep of ['['.repeat(N) + ']'.repeat(N), '{"a":'.repeat(N) + '1' + '}'.repeat(N), '['.repeat(N)]) {
    const text = `${prefix}${deep}}}}}}`;
    const host = new AnalysisHost();
    host.setFile('file:///deep/iam.json', text, 1);
    const a = host.snapshot();
    assert.deepEqual(a.errors, []);
    const findings = a.findings.get('file:///deep/iam.json') ?? [];
    const f = findings.find((x) => x.code === 'parse/too-deep');
    assert.ok(f, findings.map((x) => x.message).join('; '));
    assert.equal(f.severity, 'error');
    assert.equal(text[f.span.start], deep[0]);
    assert.ok(!findings.some((x) => /empty/.test(x.message)));
    everyFeature(host, 'file:///deep/iam.json', text, 25_013);
  }
});

test('an edit that nests an entity 100,000 deep in a big file: the edit path falls back and reports the depth', () => {
  const users = Array.from({ length: 5000 }, (_, i) => `    "user${i}": { "groups": ["g"], "tags": { "team": "t${i}" } }`).join(',\n');
  const big = `{\n  "account": { "id": "111111111111" },\n  "groups": { "g": {} },\n  "users": {\n${users}\n  }\n}\n`;
  assert.ok(big.length > 256 * 1024);
  const uri = 'file:///big/iam.json';
  const host = new AnalysisHost();
  host.setFile(uri, big, 1);
  void host.snapshot().findings;
  const at = big.indexOf('"team": "t7"') + '"team": '.length;
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const edited = big.slice(0, at) + deep + big.slice(at + 4);
  host.setFile(uri, edited, 2);
  const a = host.snapshot();
  assert.deepEqual(a.errors, []);
  const f = (a.findings.get(uri) ?? []).find((x) => x.code === 'parse/too-deep');
  assert.ok(f);
  assert.ok(f.span.start > at && f.span.start < at + 600);
  everyFeature(host, uri, edited, 50_021);
  host.setFile(uri, big, 3);
  assert.ok(!(host.snapshot().findings.get(uri) ?? []).some((x) => x.code.startsWith('parse/')), 'and recovers when undone');
});
