import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { RULES } from '../../core/analysis/rules/registry';
import { Workspace } from '../../core/model';
import { account, allow, doc, lab } from './support';

const IDS = RULES.filter((r) => r.id.startsWith('escalation/')).map((r) => r.id);

test('the escalation rules are five, one per technique family', () => {
  assert.deepEqual(IDS, ['escalation/assume-role', 'escalation/credentials', 'escalation/permissions', 'escalation/pass-role', 'escalation/existing-resource']);
});

test('check flags exactly the escalating principals of the lab, by the family of their first step', () => {
  const ws = lab();
  const findings = runRules(ws, {}, { only: IDS });
  const got = findings.map((f) => {
    const file = ws.file(f.uri)!;
    return `${f.code} ${f.severity} ${file.text.slice(f.span.start + 1, f.span.end - 1)}`;
  });
  assert.deepEqual(got.sort(), [
    'escalation/assume-role info mfa-mia',
    'escalation/assume-role warning chain-chris',
    'escalation/assume-role warning dev-dan',
    'escalation/assume-role warning trust-tom',
    'escalation/credentials warning key-kim',
    'escalation/existing-resource info fn-fred',
    'escalation/pass-role warning cfn-carl',
    'escalation/pass-role warning ec2-eve',
    'escalation/pass-role warning glue-gil',
    'escalation/pass-role warning hop-role',
    'escalation/pass-role warning lambda-lee',
    'escalation/permissions warning boundary-bea',
    'escalation/permissions warning group-gus',
    'escalation/permissions warning put-pat',
    'escalation/permissions warning pv-paul',
  ]);
});

test('a finding names the path and points at the statements of each step and at the administrator', () => {
  const ws = lab();
  const f = runRules(ws, {}, { only: ['escalation/assume-role'] }).find((x) => ws.file(x.uri)!.text.slice(x.span.start, x.span.end) === '"chain-chris"')!;
  assert.equal(
    f.message,
    'User "chain-chris" can become an administrator: sts:AssumeRole → role hop-role, then iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction → role admin-lambda.',
  );
  const text = ws.files[0].text;
  const related = f.related!.map((r) => `${r.message} @ ${text.slice(r.span.start, r.span.end).replace(/\s+/g, ' ').slice(0, 120)}`);
  assert.equal(related.length, 6);
  const first = related.slice(0, 2).sort();
  assert.match(first[0], /^step 1: sts:AssumeRole on arn:aws:iam::111111111111:role\/hop-role is allowed here \(identity\) @ \{ "Effect": "Allow", "Action": "sts:AssumeRole"/);
  assert.match(first[1], /^step 1: sts:AssumeRole .* \(resource-based policy\) @ \{ "Effect": "Allow", "Principal": \{ "AWS": "arn:aws:iam::111111111111:user\/chain-chris"/);
  assert.match(related[2], /^step 2: iam:PassRole on arn:aws:iam::111111111111:role\/admin-lambda is allowed here \(identity\)/);
  assert.match(related[5], /^an administrator: role admin-lambda @ "admin-lambda"$/);
});

test('no finding where a boundary, an SCP, a Deny, a trust policy or a missing permission breaks the path', () => {
  const ws = lab();
  const flagged = new Set(runRules(ws, {}, { only: IDS }).map((f) => ws.file(f.uri)!.text.slice(f.span.start + 1, f.span.end - 1)));
  for (const decoy of ['pv-bounded', 'boundary-stuck', 'dev-denied', 'glue-denied', 'lambda-wrong-trust', 'lambda-half', 'trust-half', 'key-wrong-user', 'scp-sam', 'reader-rita']) {
    assert.equal(flagged.has(decoy), false, decoy);
  }
  // Administrators themselves are not escalation findings (practice/full-admin speaks of them).
  for (const admin of ['admin-alice', 'admin-role', 'admin-bob']) assert.equal(flagged.has(admin), false, admin);
});

test('findings follow edits: a new escalation appears, a fixed one goes, an unrelated edit keeps them', () => {
  const mk = (resource: string, extra = '') =>
    account({
      account: { id: '111111111111' },
      groups: { Admins: { policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
      users: {
        boss: { groups: ['Admins'] },
        u: { inlinePolicies: { p: doc(allow('iam:CreateAccessKey', resource)) } },
        other: { inlinePolicies: { p: doc(allow('s3:GetObject', `arn:aws:s3:::b${extra}`)) } },
      },
    });
  const before = mk('arn:aws:iam::111111111111:user/boss');
  assert.equal(runRules(before, {}, { only: IDS }).length, 1);
  const fixed = mk('arn:aws:iam::111111111111:user/${aws:username}');
  assert.equal(runRules(fixed, {}, { only: IDS }).length, 0);
  const unrelated = mk('arn:aws:iam::111111111111:user/boss', '2');
  assert.equal(runRules(unrelated, {}, { only: IDS }).length, 1);
  // The same files again (a new Workspace of the same objects): the same answer.
  assert.equal(runRules(new Workspace(before.files), {}, { only: IDS }).length, 1);
});

test('a one-shot run (the CLI check) finds the same, and a later run of the language server still follows edits', () => {
  const key = (f: { code: string; uri: string; span: { start: number }; message: string; severity: string }) => `${f.code} ${f.uri} ${f.span.start} ${f.severity} ${f.message}`;
  const kept = runRules(lab(), {}, { only: IDS }).map(key);
  const once = runRules(lab(), {}, { only: IDS, oneShot: true }).map(key);
  assert.ok(kept.length > 10);
  assert.deepEqual(once, kept);
  const mk = (resource: string) =>
    account({
      account: { id: '111111111111' },
      groups: { Admins: { policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
      users: { boss: { groups: ['Admins'] }, u: { inlinePolicies: { p: doc(allow('iam:CreateAccessKey', resource)) } } },
    });
  const before = mk('arn:aws:iam::111111111111:user/boss');
  assert.equal(runRules(before, {}, { only: IDS }).length, 1);
  const fixed = mk('arn:aws:iam::111111111111:user/${aws:username}');
  // A one-shot run in between neither reuses nor replaces the answer kept for the server's next run.
  assert.equal(runRules(fixed, {}, { only: IDS, oneShot: true }).length, 0);
  assert.equal(runRules(new Workspace(before.files), {}, { only: IDS }).length, 1);
  assert.equal(runRules(new Workspace(fixed.files), {}, { only: IDS }).length, 0);
});
