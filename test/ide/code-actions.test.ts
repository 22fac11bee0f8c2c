import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { codeActions } from '../../core/ide/code-actions';
import { parseAccountFile } from '../../core/model';
import { apply, at, makeHost, PROD, PROD_URI } from './fixture';

const host = makeHost();
const analysis = host.snapshot();
const ws = analysis.workspace;
const actionsAt = (needle: string, delta = 2, text = PROD, uri = PROD_URI, w = ws) => {
  const o = at(text, needle, delta);
  return codeActions(w, runRules(w), uri, { start: o, end: o });
};
const applied = (a: { edits: { uri: string; span: { start: number; end: number }; newText: string }[] }, text = PROD) => apply(text, a.edits);

test('move a policy from a user to one of its groups: minimal edits, comments kept', () => {
  const actions = actionsAt('"Passer"]');
  const move = actions.find((a) => a.title === 'Move policy "Passer" from user "alice" to group "Devs"')!;
  assert.ok(move, actions.map((a) => a.title).join('\n'));
  const next = applied(move);
  assert.ok(next.includes('// the production account'));
  const m = parseAccountFile(PROD_URI, next);
  assert.deepEqual(m.findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(m.users.get('alice')!.policies.map((p) => p.ref), []);
  assert.deepEqual(m.groups.get('Devs')!.policies.map((p) => p.ref), ['S3Read', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'Passer']);
  // Everything outside the edited region is byte for byte the same.
  const edit = move.edits[0];
  assert.equal(next.slice(0, edit.span.start), PROD.slice(0, edit.span.start));
});

test('move a policy to a new group: the group is created and the user joins it', () => {
  const move = actionsAt('"Passer"]').find((a) => /to a new group "PasserUsers"/.test(a.title))!;
  const m = parseAccountFile(PROD_URI, applied(move));
  assert.deepEqual(m.groups.get('PasserUsers')!.policies.map((p) => p.ref), ['Passer']);
  assert.deepEqual(m.users.get('alice')!.groups.map((g) => g.name), ['Devs', 'PasserUsers']);
  assert.equal(m.users.get('alice')!.policies.length, 0);
});

test('add an sts:ExternalId condition to a cross-account trust statement', () => {
  const actions = actionsAt('arn:aws:iam::222222222222:root');
  const fix = actions.find((a) => a.title === 'Add an sts:ExternalId condition')!;
  assert.ok(fix);
  assert.ok(fix.fixes.some((f) => f.code === 'trust/external-id'), 'tied to the rule finding');
  const role = parseAccountFile(PROD_URI, applied(fix)).roles.get('partner-access')!;
  const c = role.trustPolicy!.statements[0].conditions[0];
  assert.equal(c.operator.value, 'StringEquals');
  assert.equal(c.key.value, 'sts:ExternalId');
  assert.equal(actionsAt('ec2.amazonaws.com').some((a) => /ExternalId/.test(a.title)), false, 'not for a service principal');
});

test('restrict iam:PassRole: to a role, or with iam:PassedToService', () => {
  const actions = actionsAt('"iam:PassRole"');
  const toRole = actions.find((a) => a.title === 'Restrict iam:PassRole to role "app"')!;
  const st = parseAccountFile(PROD_URI, applied(toRole)).policies.get('Passer')!.document.statements[0];
  assert.deepEqual(st.resource!.values.map((v) => v.value), ['arn:aws:iam::111111111111:role/app']);
  const svc = actions.find((a) => /iam:PassedToService/.test(a.title))!;
  const st2 = parseAccountFile(PROD_URI, applied(svc)).policies.get('Passer')!.document.statements[0];
  assert.equal(st2.conditions[0].key.value, 'iam:PassedToService');
});

test('add an MFA condition to an Allow statement', () => {
  const fix = actionsAt('"s3:GetObject"').find((a) => /MFA condition/.test(a.title))!;
  const st = parseAccountFile(PROD_URI, applied(fix)).policies.get('S3Read')!.document.statements[0];
  assert.deepEqual([st.conditions[0].operator.value, st.conditions[0].key.value, st.conditions[0].values[0].value], ['Bool', 'aws:MultiFactorAuthPresent', 'true']);
  assert.equal(actionsAt('"iam:*"').some((a) => /MFA/.test(a.title)), false, 'not for a Deny');
});

test('quick fixes of rule findings are offered as they are', () => {
  const text = `{ "account": { "id": "444444444444" }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "allow", "Action": "s3:GetObject", "Resource": "*" } ] } } } }`;
  const h = makeHost({ 'file:///ws/q.iam.json': text });
  const w = h.snapshot().workspace;
  const actions = actionsAt('"allow"', 2, text, 'file:///ws/q.iam.json', w);
  const fix = actions.find((a) => a.fixes.some((f) => f.code === 'grammar/effect'));
  assert.ok(fix, actions.map((a) => a.title).join('\n'));
  assert.match(applied(fix, text), /"Effect": "Allow"/);
});

test('each rule finding our quick fixes answer gets one at its own range', () => {
  const findings = runRules(ws);
  const answered = ['practice/policy-on-user', 'trust/external-id', 'practice/passrole-wildcard'];
  const relevant = findings.filter((f) => f.uri === PROD_URI && answered.includes(f.code));
  assert.ok(relevant.length >= 3, relevant.map((f) => f.code).join());
  for (const f of relevant) {
    const actions = codeActions(ws, findings, PROD_URI, f.span);
    assert.ok(actions.some((a) => a.fixes.some((x) => x.code === f.code)), `${f.code} at ${PROD.slice(f.span.start, f.span.end)}: ${actions.map((a) => a.title).join(' | ')}`);
  }
});
