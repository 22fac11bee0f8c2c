import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRules } from '../../core/analysis/rules';
import { parseAccountFile, Workspace } from '../../core/model';
import { inFile, stmt, workspaceOf } from './harness';

// The ARN rules, the administrator check, the exposure rules and practice/redundant-values keep answers per
// document (documents never change) to make a run cheaper: these tests pin that a run's findings do not depend on
// what an earlier run kept, on the max-quota account (scripts/gen-large.mjs, seeded) and on hand-written mistakes.

const json = (ws: Workspace, config: object) => JSON.stringify(runRules(ws, config));
const count = (findings: { code: string }[], code: string) => findings.filter((f) => f.code === code).length;

test('max-quota account: the same findings on the first run, a later run and a fresh parse; the touched rules pinned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-large-'));
  try {
    execFileSync(process.execPath, ['scripts/gen-large.mjs', dir], { stdio: 'ignore' });
    const text = readFileSync(join(dir, 'iam.json'), 'utf8');
    const ws = new Workspace([parseAccountFile('file:///large/iam.json', text)]);
    const first = json(ws, { pinRun: 1 });
    assert.equal(json(ws, { pinRun: 2 }), first, 'a later run (answers kept per document) finds the same');
    assert.equal(json(new Workspace([parseAccountFile('file:///large/iam.json', text)]), { pinRun: 3 }), first, 'a fresh parse finds the same');
    const findings = JSON.parse(first) as { code: string }[];
    // Figures of the account as generated at seed 42 (gen-large.mjs): a change to the generator changes them.
    assert.equal(count(findings, 'practice/redundant-values'), 217);
    assert.equal(count(findings, 'practice/data-exfiltration'), 44);
    for (const code of ['grammar/arn-format', 'catalog/arn-fields', 'catalog/unknown-region', 'practice/credential-exposure']) assert.equal(count(findings, code), 0, code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hand-written mistakes: each per-document answer reports the same on a second run', () => {
  const doc = stmt(`"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*", "ec2:StartInstances", "ssm:GetParameter"], "Resource": ["arn:aws:S3:::bucket/*", "arn:aws:ec2::123456789012:instance/*", "arn:aws:ec2:us-east1:123456789012:instance/*", "arn:aws:s3::bucket", "arn:aws:*:::x", "*"]`);
  const text = inFile(doc).replace('"u": { "groups": ["G"] }', '"u": { "groups": ["G"] }, "ops": { "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/IAMFullAccess"] }');
  assert.notEqual(text, inFile(doc));
  const ws = workspaceOf(text);
  const first = JSON.parse(json(ws, { pinRun: 1 })) as { code: string; message: string }[];
  assert.equal(json(ws, { pinRun: 2 }), JSON.stringify(first));
  const codes = new Set(first.map((f) => f.code));
  for (const code of ['grammar/arn-format', 'catalog/arn-fields', 'catalog/unknown-region', 'practice/redundant-values', 'practice/data-exfiltration', 'practice/credential-exposure']) assert.ok(codes.has(code), `${code} in ${[...codes].join(', ')}`);
});

test('rules that skip the documents they found nothing in still report on every run', () => {
  const identity = workspaceOf(inFile(stmt(`"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"`)));
  const trust = workspaceOf(inFile(stmt(`"Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithSAML"`), 'trust'));
  for (const [ws, code] of [[identity, 'practice/create-slr-wildcard'], [trust, 'trust/principal-action']] as const) {
    const first = json(ws, { pinRun: 1 });
    assert.ok(first.includes(`"code":"${code}"`), `${code} in ${first}`);
    assert.equal(json(ws, { pinRun: 2 }), first);
  }
});
