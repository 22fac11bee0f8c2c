import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseScenarioFile, runScenarioFile } from '../../core/analysis/scenarios';
import { main } from '../../cli/main';
import { junitXml } from '../../cli/commands/test-junit';
import type { CliIO } from '../../cli/io';
import { EXAMPLES, exampleWorkspace, SMALL } from './helpers';

const ROOT = join(EXAMPLES, '..');
const exampleText = readFileSync(join(EXAMPLES, 'acme.iam-tests.json'), 'utf8');

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(args, io);
  return { code, out, err };
}

test('every scenario of the example passes, and covers the account\'s intent', () => {
  const file = parseScenarioFile('examples/acme.iam-tests.json', exampleText);
  assert.deepEqual(file.findings, []);
  const results = runScenarioFile(exampleWorkspace(), file);
  const failing = results.filter((r) => !r.passed).map((r) => `${r.scenario.name}: ${r.failures.join('; ')}`);
  assert.deepEqual(failing, []);
  assert.ok(results.length >= 25);
  const names = results.map((r) => r.scenario.name).join('\n');
  for (const intent of [/Admins can/, /Developers can't touch IAM/, /app-server reaches RDS/, /ExternalId/, /GitHub Actions of acme\/webapp on main/, /Another repository/]) {
    assert.match(names, intent);
  }
  // Both outcomes are covered, and several layers decide.
  const decisions = new Set(results.flatMap((r) => r.answer.rows.map((row) => row.decision)));
  assert.deepEqual([...decisions].sort(), ['allowed', 'explicitDeny', 'implicitDeny']);
  const layers = new Set(results.flatMap((r) => r.answer.rows.map((row) => row.decidedBy)));
  for (const l of ['scp', 'boundary', 'identity', 'resource']) assert.ok(layers.has(l as never), l);
});

test('the example scenario file and saved scenarios validate against the JSON schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'iam-tests.schema.json'), 'utf8')));
  assert.equal(validate(parseJsonc(exampleText)), true, JSON.stringify(validate.errors));
  assert.equal(validate({ scenarios: [{ name: 'x', principal: 'p', action: 'a:b', actions: ['c:d'], expect: 'allowed' }] }), false);
  assert.equal(validate({ scenarios: [{ name: 'x', principal: 'p', action: 'a:b', expect: 'allow' }] }), false);
  assert.equal(validate({ scenarios: [{ name: 'x', sourceAccount: '123456789012', action: 'a:b', expect: 'denied' }] }), true);
});

test('iam-workbench test examples: a PASS line per scenario and the summary line; exit 0', async () => {
  const { code, out } = await run(['test', 'examples']);
  assert.equal(code, 0);
  const lines = out.trimEnd().split('\n');
  const pass = lines.filter((l) => l.startsWith('PASS examples/acme.iam-tests.json:'));
  assert.equal(pass.length, lines.length - 1);
  assert.match(lines[lines.length - 1], /^\d+ passed, 0 failed$/);
  assert.equal(lines[lines.length - 1], `${pass.length} passed, 0 failed`);
});

test('iam-workbench test: failing scenarios and broken files fail with reasons; exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-tests-'));
  writeFileSync(join(dir, 'small.iam.json'), SMALL);
  writeFileSync(
    join(dir, 'ok.iam-tests.json'),
    JSON.stringify({ scenarios: [
      { name: 'reads', principal: 'pat', action: 's3:GetObject', expect: 'allowed' },
      { name: 'creates users', principal: 'pat', action: 'iam:CreateUser', expect: 'allowed' },
    ] }),
  );
  writeFileSync(join(dir, 'broken.iam-tests.json'), '{ "scenarios": [ { "name": "half"');
  const { code, out } = await run(['test', '.'], dir);
  assert.equal(code, 1);
  assert.match(out, /^FAIL broken\.iam-tests\.json:1:\d+ scenario\/syntax: JSON syntax error/m);
  assert.match(out, /^PASS ok\.iam-tests\.json:1 reads$/m);
  assert.match(out, /^FAIL ok\.iam-tests\.json:1 creates users\n {5}expected allowed, but iam:CreateUser on \* is implicitly denied/m);
  assert.match(out, /\n1 passed, \d+ failed\n$/);
  // JUnit XML for CI reports: a testsuite per file, a testcase per scenario, failures with the reason.
  const junit = await run(['test', '.', '--junit', 'out/report.xml'], dir);
  assert.equal(junit.code, 2, 'a folder that does not exist is an I/O error');
  const withReport = await run(['test', '.', '--junit', 'report.xml'], dir);
  assert.equal(withReport.code, 1);
  const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="iam-workbench test" tests="\d+" failures="\d+">/);
  assert.match(xml, /<testsuite name="ok.iam-tests.json" tests="2" failures="1">/);
  assert.match(xml, /<testcase classname="ok.iam-tests.json" name="reads" file="ok.iam-tests.json" line="1"\/>/);
  assert.match(xml, /<testcase classname="ok.iam-tests.json" name="creates users"[^>]*>\n\s+<failure message="expected allowed, but iam:CreateUser on \* is implicitly denied/);
  assert.match(xml, /<testsuite name="broken.iam-tests.json" tests="\d+" failures="\d+">/);
  // A scenario file given alone runs against the account files of its folder.
  const alone = await run(['test', join(dir, 'ok.iam-tests.json')], ROOT);
  assert.equal(alone.code, 1);
  assert.match(alone.out, /1 passed, 1 failed\n$/);
});

test('iam-workbench test: usage errors exit 2', async () => {
  assert.equal((await run(['test', 'no-such-dir'])).code, 2);
  assert.equal((await run(['test', '--bogus'])).code, 2);
  const empty = mkdtempSync(join(tmpdir(), 'iam-tests-empty-'));
  const r = await run(['test'], empty);
  assert.equal(r.code, 2);
  assert.match(r.err, /no \*\.iam-tests\.json scenario files found/);
  const help = await run(['test', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: iam-workbench test/);
});

test('JUnit XML escapes names and reasons', () => {
  const x = junitXml([{ file: 'a&b.iam-tests.json', name: '<x> "y"', line: 3, passed: false, failures: ['a < b & c', 'second\u0001'] }]);
  assert.match(x, /name="&lt;x&gt; &quot;y&quot;"/);
  assert.match(x, /<failure message="a &lt; b &amp; c">a &lt; b &amp; c\nsecond\\u0001<\/failure>/); // a control character shows as a visible escape
  assert.match(x, /<testsuite name="a&amp;b.iam-tests.json" tests="1" failures="1">/);
});

test('iam-workbench test: each scenario file runs against the account files of its own folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-tests-scoped-'));
  for (const sub of ['a', 'b']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'a', 'small.iam.json'), SMALL);
  writeFileSync(join(dir, 'b', 'other.iam.json'), '{ "account": { "id": "444455556666" }, "users": { "pat": {} } }');
  writeFileSync(join(dir, 'a', 'a.iam-tests.json'), JSON.stringify({ scenarios: [{ name: 'pat reads in a', principal: 'pat', action: 's3:GetObject', expect: 'allowed' }] }));
  writeFileSync(join(dir, 'b', 'b.iam-tests.json'), JSON.stringify({ scenarios: [{ name: 'pat reads nothing in b', principal: 'pat', action: 's3:GetObject', expect: 'implicitDeny' }] }));
  const r = await run(['test'], dir);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^PASS a\/a\.iam-tests\.json:1 pat reads in a$/m);
  assert.match(r.out, /^PASS b\/b\.iam-tests\.json:1 pat reads nothing in b$/m);
  assert.match(r.out, /2 passed, 0 failed\n$/);
});
