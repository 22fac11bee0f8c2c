/**
 * Names with control and bidi characters (a NUL, U+202E "right-to-left override", U+2066 isolates) at every output
 * boundary: SVG and JUnit stay well-formed XML 1.0, DOT and the standalone page carry no raw control, and the
 * terminal shows escapes (`\u202e`), never the characters themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGraph } from '../../core/analysis/graph';
import { graphToDot, graphToSvg } from '../../core/analysis/graph/export';
import { buildWorkspace } from '../../core/model';
import { showHidden, xmlText } from '../../core/text/escape';
import { junitXml } from '../../cli/commands/test-junit';
import { standaloneHtml } from '../../cli/commands/graph';
import { run } from './helpers';

/** Every character the outputs must never carry raw (C0 but tab and line feed, DEL, C1, bidi, separators, BOM). */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const EVIL = 'ev\u202eil\u0000\u2066x\u2069\u200f\u0007\r';

/**
 * A strict well-formedness check of XML 1.0 as the outputs write it (declaration, comments, elements with quoted
 * attributes, text, the five predefined entities and character references): characters outside XML's Char
 * production, unbalanced or crossed tags, a raw `<` or `&` and unquoted attributes all fail.
 */
function assertWellFormedXml(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 && ++i > 0);
    assert.ok(ok, `character U+${c.toString(16)} at ${i} is not allowed in XML 1.0`);
  }
  const checkText = (t: string, at: number) => {
    assert.ok(!t.includes('<'), `raw < at ${at}`);
    for (const m of t.matchAll(/&/g)) assert.match(t.slice(m.index), /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/, `bad entity at ${at + m.index!}`);
  };
  const stack: string[] = [];
  let pos = 0;
  let roots = 0;
  if (text.startsWith('<?xml')) pos = text.indexOf('?>') + 2;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (stack.length === 0) assert.match(chunk, /^\s*$/, `text outside the root at ${pos}`);
    else checkText(chunk, pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt);
      assert.ok(end > 0, 'unclosed comment');
      pos = end + 3;
      continue;
    }
    const gt = text.indexOf('>', lt);
    assert.ok(gt > 0, `unclosed tag at ${lt}`);
    const tag = text.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      assert.equal(stack.pop(), name, `</${name}> at ${lt} closes nothing open`);
    } else {
      const m = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(tag);
      assert.ok(m, `malformed tag <${tag.slice(0, 80)}> at ${lt}`);
      for (const a of m[2].matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) checkText(a[1] ?? a[2], lt);
      const names = [...m[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=/g)].map((x) => x[1]);
      assert.equal(new Set(names).size, names.length, `an attribute twice in <${m[1]}>`);
      if (stack.length === 0) roots++;
      if (!m[3]) stack.push(m[1]);
    }
    pos = gt + 1;
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'one root element');
}

test('the XML check itself rejects what is not well-formed (it can fail)', () => {
  assert.throws(() => assertWellFormedXml('<a>\u0000</a>'));
  assert.throws(() => assertWellFormedXml('<a><b></a></b>'));
  assert.throws(() => assertWellFormedXml('<a x=1/>'));
  assert.throws(() => assertWellFormedXml('<a>&nope</a>'));
  assert.throws(() => assertWellFormedXml('<a>x < y</a>'));
  assertWellFormedXml('<?xml version="1.0"?>\n<a x="1"><b/>&amp;&#65;<!-- c --></a>\n');
});

test('showHidden and xmlText: each hidden character becomes a visible escape, pairs and ordinary text stay', () => {
  assert.equal(showHidden(EVIL), 'ev\\u202eil\\u0000\\u2066x\\u2069\\u200f\\u0007\\u000d');
  assert.equal(showHidden('line\nnext\ttab'), 'line\nnext\\u0009tab');
  assert.equal(showHidden('emoji 😀 é ü 日本'), 'emoji 😀 é ü 日本');
  assert.equal(showHidden('lone \ud800 and \udc00'), 'lone \\ud800 and \\udc00');
  assert.equal(xmlText('<a & "b" \'c\'>\u0000'), '&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;\\u0000');
});

function evilWorkspace() {
  const text = JSON.stringify({
    account: { id: '123456789012' },
    users: { [EVIL]: { groups: ['G'] } },
    groups: { G: {} },
    roles: { [`r${EVIL}`]: { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] } } },
  });
  return { text, ws: buildWorkspace([{ uri: 'evil.iam.json', text }]) };
}

test('graph SVG and DOT: a name with NUL and bidi controls gives well-formed XML and no raw control', () => {
  const data = buildGraph(evilWorkspace().ws);
  assert.ok(data.nodes.some((n) => n.label.includes('\u202e')), 'the graph carries the name as written');
  const svg = graphToSvg(data);
  assertWellFormedXml(svg);
  assert.ok(!HIDDEN.test(svg));
  assert.ok(svg.includes('ev\\u202eil\\u0000\\u2066x'), 'the escapes are visible in the drawing');
  const dot = graphToDot(data);
  assert.ok(!HIDDEN.test(dot.replace(/\n/g, '')));
  assert.ok(dot.includes('ev\\\\u202eil\\\\u0000'), 'DOT shows the escape (its backslash escaped for DOT)');
});

test('the standalone graph page carries no raw hidden character, and its data reads back as written', () => {
  const data = buildGraph(evilWorkspace().ws);
  const html = standaloneHtml({ type: 'graphData', data } as never, { js: 'console.log(1)', css: 'body{}' }, `title ${EVIL}`);
  assert.ok(!HIDDEN.test(html.replace(/[\n\t]/g, '')));
  const json = /<script type="application\/json" id="iam-graph-data">([^<]*)<\/script>/.exec(html)![1];
  assert.ok(JSON.parse(json).data.nodes.some((n: { label: string }) => n.label === EVIL));
  assert.match(html, /<title>title ev\\u202eil\\u0000/);
});

test('JUnit XML: scenario names and failures with NUL and U+202E stay well-formed and visible', () => {
  const xml = junitXml([
    { file: `tests${EVIL}.iam-tests.json`, name: `scenario ${EVIL}`, line: 3, passed: false, failures: [`expected allowed, got ${EVIL}`] },
    { file: `tests${EVIL}.iam-tests.json`, name: 'ok <&>', line: 9, passed: true, failures: [] },
  ]);
  assertWellFormedXml(xml);
  assert.ok(!HIDDEN.test(xml.replace(/\n/g, '')));
  assert.match(xml, /name="scenario ev\\u202eil\\u0000/);
});

test('the terminal: check prints names with control and bidi characters as escapes; JSON output reads back as written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-escape-'));
  const { text } = evilWorkspace();
  // A group that does not exist, named with the hostile characters, so that the message quotes them.
  writeFileSync(join(dir, 'iam.json'), text.replace('"groups":["G"]', `"groups":[${JSON.stringify(`G${EVIL}`)}]`));
  const r = await run(['check', dir]);
  assert.ok(!HIDDEN.test(r.out.replace(/\n/g, '')), JSON.stringify(r.out));
  assert.ok(!HIDDEN.test(r.err.replace(/\n/g, '')));
  assert.match(r.out, /G ?ev\\u202eil\\u0000\\u2066x\\u2069/);
  const j = await run(['check', dir, '--format', 'json']);
  assert.ok(!HIDDEN.test(j.out.replace(/\n/g, '')));
  assert.ok(JSON.parse(j.out).findings.some((f: { message: string }) => f.message.includes(`G${EVIL}`)), 'JSON escapes read back as the characters');
  const s = await run(['check', dir, '--format', 'sarif']);
  assert.ok(!HIDDEN.test(s.out.replace(/\n/g, '')));
  JSON.parse(s.out);
});

test('the terminal: a usage error quoting an argument with U+202E shows it escaped', async () => {
  const r = await run(['check', `--format`, `text\u202e`]);
  assert.equal(r.code, 2);
  assert.ok(!HIDDEN.test(r.err.replace(/\n/g, '')));
  assert.match(r.err, /text\\u202e/);
});

test('graph SVG and DOT: a hostile account alias and finding message stay text in the account groups and badges', async () => {
  const { runRules } = await import('../../core/analysis/rules');
  const text = JSON.stringify({
    account: { id: '123456789012', alias: `</text><script>x</script>${EVIL}` },
    users: { u: { groups: [`missing${EVIL}`] } },
  });
  const ws = buildWorkspace([{ uri: 'evil.iam.json', text }]);
  const data = buildGraph(ws, { findings: [...ws.allFindings(), ...runRules(ws, {})] });
  const u = data.nodes.find((n) => n.label === 'u')!;
  assert.ok(u.findings!.some((f) => f.message.includes('\u202e')), 'the finding quotes the hostile name');
  for (const layout of ['layered', 'force'] as const) {
    const svg = graphToSvg(data, { layout });
    assertWellFormedXml(svg);
    assert.ok(!HIDDEN.test(svg.replace(/\n/g, '')));
    assert.ok(!svg.includes('<script'), 'no markup from the alias');
    assert.ok(svg.includes('&lt;/text&gt;&lt;script&gt;'), 'the alias as escaped text');
    assert.equal((svg.match(/<g class="account">/g) ?? []).length, 1);
    assert.equal((svg.match(/<g class="badge">/g) ?? []).length, 1);
  }
  const dot = graphToDot(data);
  assert.ok(!HIDDEN.test(dot.replace(/\n/g, '')));
  assert.match(dot, /subgraph "cluster_0" \{\n    graph \[label="<\/text><script>x<\/script>ev\\\\u202eil/);
  assert.match(dot, /"user:123456789012:u" \[label="u\\n⚠ 1 finding, worst: error"/);
});
