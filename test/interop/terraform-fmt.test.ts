/**
 * The Terraform exports are `terraform fmt`-clean. terraform fmt (hclwrite's formatter) indents two
 * spaces per open bracket, and aligns the `=` of attributes on consecutive lines of one block or
 * object: a run of one-line attributes, ended by a line that is not an attribute (a blank line, a
 * comment, a nested block, a closing bracket) and including the first line of an attribute whose value
 * spans several lines (the lines after it start a new run). One space after `=`, no trailing spaces.
 * This test checks those rules line by line on the golden outputs and on exports of awkward input; it
 * is itself checked against hand-made mistakes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportAccount } from '../../core/interop/export';
import { attributes, block } from '../../core/interop/export/hcl';
import { buildWorkspace } from '../../core/model';
import { FIXTURES } from './helpers';

/** Net bracket change of a line, as hclwrite counts it: brackets outside strings and comments. */
function net(line: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    if (c === '"') inString = true;
    else if ('{[('.includes(c)) n++;
    else if ('}])'.includes(c)) n--;
  }
  return n;
}

const ASSIGN = /^( *)([A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*")( +)=( +)(.*)$/;

/**
 * The places where `text` differs from what terraform fmt would write; empty when clean. Follows
 * hclwrite's formatter: `formatIndent` (one level per line with a net increase of brackets, a stack of
 * how many each opened, a line with a net decrease dedented first), its "assign" cell (only when the
 * brackets after `=` balance) and `formatCells` (the `=` of consecutive lines with an assign cell
 * aligned one space past the longest lead, indentation included).
 */
export function fmtProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  const indents: number[] = [];
  let chain: { line: number; lead: number; eq: number }[] = [];
  const closeChain = () => {
    if (chain.length) {
      const want = Math.max(...chain.map((c) => c.lead)) + 1;
      for (const c of chain) if (c.eq !== want) problems.push(`line ${c.line}: "=" at column ${c.eq + 1}, terraform fmt puts it at ${want + 1}`);
    }
    chain = [];
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (/[ \t]$/.test(line)) problems.push(`line ${n}: trailing whitespace`);
    if (line.includes('\t')) problems.push(`line ${n}: a tab`);
    if (line.trim() === '') {
      closeChain();
      return;
    }
    const change = net(line);
    if (change < 0) {
      let closed = -change;
      while (closed > 0 && indents.length) {
        const top = indents[indents.length - 1];
        if (closed >= top) {
          closed -= top;
          indents.pop();
        } else {
          indents[indents.length - 1] -= closed;
          closed = 0;
        }
      }
    }
    const expected = 2 * indents.length;
    const indent = line.length - line.trimStart().length;
    if (indent !== expected) problems.push(`line ${n}: indented ${indent}, terraform fmt indents ${expected}`);
    if (change > 0) indents.push(change);
    const m = ASSIGN.exec(line);
    const rhs = m ? m[5] : '';
    if (m && net(rhs) === 0 && !line.trimStart().startsWith('#')) {
      if (m[4].length !== 1) problems.push(`line ${n}: ${m[4].length} spaces after "=", terraform fmt writes one`);
      chain.push({ line: n, lead: m[1].length + m[2].length, eq: m[1].length + m[2].length + m[3].length });
    } else {
      closeChain();
      if (m && (m[3].length !== 1 || m[4].length !== 1)) problems.push(`line ${n}: a multi-line value's "=" is not aligned: one space either side`);
    }
  });
  closeChain();
  if (indents.length) problems.push(`the text ends with ${indents.length} indent level(s) open`);
  return problems;
}

test('the checker itself: clean text passes, each kind of mistake is found', () => {
  const clean = [
    'resource "aws_iam_role" "app" {',
    '  name = "app"',
    '  path = "/"',
    '  assume_role_policy = jsonencode({',
    '    Version = "2012-10-17"',
    '  })',
    '  tags = {',
    '    "cost-center" = "42"',
    '    team          = "web"',
    '  }',
    '  max_session_duration = 3600',
    '  description          = "x"',
    '}',
    '',
  ];
  assert.deepEqual(fmtProblems(clean.join('\n')), []);
  // A multi-line value's line has no assign cell: padding it to the run above is what fmt undoes.
  const padded = [...clean];
  padded[1] = '  name               = "app"';
  padded[2] = '  path               = "/"';
  assert.match(fmtProblems(padded.join('\n'))[0], /line 2: "=" at column 22, terraform fmt puts it at 8/);
  const paddedMulti = [...clean];
  paddedMulti[6] = '  tags   = {';
  assert.match(fmtProblems(paddedMulti.join('\n')).join('\n'), /line 7: a multi-line value's "=" is not aligned/);
  const wrongIndent = [...clean];
  wrongIndent[4] = '   Version = "2012-10-17"';
  assert.match(fmtProblems(wrongIndent.join('\n'))[0], /line 5: indented 3, terraform fmt indents 4/);
  const overAligned = [...clean];
  overAligned[7] = '    "cost-center"  = "42"';
  overAligned[8] = '    team           = "web"';
  assert.match(fmtProblems(overAligned.join('\n'))[0], /line 8: "=" at column 20, terraform fmt puts it at 19/);
  const trailing = [...clean];
  trailing[0] += ' ';
  assert.match(fmtProblems(trailing.join('\n'))[0], /line 1: trailing whitespace/);
  const twoSpaces = [...clean];
  twoSpaces[1] = '  name =  "app"';
  assert.match(fmtProblems(twoSpaces.join('\n'))[0], /line 2: 2 spaces after "="/);
  // A blank line or a comment ends a run: the next attributes align among themselves.
  assert.deepEqual(fmtProblems('x {\n  a = 1\n\n  long_name = 2\n}\n'), []);
  assert.deepEqual(fmtProblems('x {\n  a = 1\n  # note\n  long_name = 2\n}\n'), []);
  assert.ok(fmtProblems('x {\n  a = 1\n  long_name = 2\n}\n').length > 0);
  // jsonencode({ opens two brackets on one line: one indent level, closed together by "})".
  assert.deepEqual(fmtProblems('p = jsonencode({\n  a = [\n    1,\n  ]\n})\n'), []);
});

test('the writer: runs end after a multi-line value; keys are quoted when they are not identifiers', () => {
  const lines = attributes([['a', 1], ['long_name', { x: 1 }], ['b', 2], ['aws:SourceIp', '10.0.0.0/8'], ['c', [{ k: 1 }]], ['dd', 3]], 2);
  const text = `x {\n${lines.join('\n')}\n}\n`;
  assert.deepEqual(fmtProblems(text), [], text);
  assert.match(text, /^ {2}a = 1$/m, "alone before a multi-line value: no padding");
  assert.match(text, /^ {2}long_name = \{$/m);
  assert.match(text, /^ {2}b {14}= 2$/m, 'the run after a multi-line value aligns on its own keys');
  assert.match(text, /^ {2}"aws:SourceIp" = "10\.0\.0\.0\/8"$/m);
  assert.deepEqual(fmtProblems(block('resource', ['aws_iam_user', 'u'], [['name', 'u'], ['force_destroy', false], ['tags', {}]])), []);
});

for (const name of ['acme.tf', 'export-sample.tf']) {
  test(`golden ${name} is terraform fmt-clean`, () => {
    assert.deepEqual(fmtProblems(readFileSync(join(FIXTURES, 'expected', name), 'utf8')), []);
  });
}

test('exports of awkward input (conditions with quoted keys, adopt blocks) are terraform fmt-clean', () => {
  const text = readFileSync(join(FIXTURES, 'export-sample.iam.json'), 'utf8');
  const file = buildWorkspace([{ uri: 'export-sample.iam.json', text }]).files[0];
  assert.deepEqual(fmtProblems(exportAccount(file, 'terraform', { adopt: true }).text), []);
  const acme = readFileSync(join(FIXTURES, 'expected', 'acme.iam.json'), 'utf8');
  const acmeFile = buildWorkspace([{ uri: 'acme.iam.json', text: acme }]).files[0];
  assert.deepEqual(fmtProblems(exportAccount(acmeFile, 'terraform', { adopt: true }).text), []);
});

/** terraform itself, when installed: the same outputs through `terraform fmt -check` (no network). */
function terraformBinary(): string | undefined {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? 'terraform' : undefined;
}
const terraform = terraformBinary();

test('terraform fmt -check agrees: the golden and adopt exports need no change', { skip: terraform ? false : 'terraform is not installed' }, () => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'tf-fmt-'));
  for (const name of ['acme.tf', 'export-sample.tf']) writeFileSync(join(dir, name), readFileSync(join(FIXTURES, 'expected', name), 'utf8'));
  const text = readFileSync(join(FIXTURES, 'export-sample.iam.json'), 'utf8');
  const file = buildWorkspace([{ uri: 'export-sample.iam.json', text }]).files[0];
  writeFileSync(join(dir, 'adopt.tf'), exportAccount(file, 'terraform', { adopt: true }).text);
  const r = spawnSync(terraform!, ['fmt', '-check', '-diff', dir], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // And it is not a check that cannot fail: the old layout (multi-line values padded) is refused.
  writeFileSync(join(dir, 'padded.tf'), 'resource "x" "y" {\n  name   = "a"\n  policy = jsonencode({\n    a = 1\n  })\n}\n');
  assert.notEqual(spawnSync(terraform!, ['fmt', '-check', dir], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).status, 0);
  assert.ok(fmtProblems('resource "x" "y" {\n  name   = "a"\n  policy = jsonencode({\n    a = 1\n  })\n}\n').length > 0, 'our checker refuses it too');
});
