import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePermissions } from '../../core/analysis/effective';
import { hover } from '../../core/ide/hover';
import { buildWorkspace } from '../../core/model';
import { at, makeHost, PARTNER, PARTNER_URI, PROD, PROD_URI } from './fixture';

const ws = makeHost().snapshot().workspace;
const md = (uri: string, text: string, needle: string, delta = 2, nth = 0) => hover(ws, uri, at(text, needle, delta, nth))?.markdown ?? '';

const cases: [string, string, number, RegExp[]][] = [
  // [what, needle in PROD, nth, patterns the hover must show]
  ['action name', '"s3:GetObject"', 0, [/\*\*s3:GetObject\*\* — Read/, /object/, /arn:\$\{Partition\}:s3:::/, /Condition keys/]],
  ['wildcard action', '"iam:*"', 0, [/matches \*\*\d+\*\* actions/, /Permissions management/]],
  ['list action', '"s3:ListBucket"', 0, [/\*\*s3:ListBucket\*\* — List/, /bucket/]],
  ['AWS managed policy', 'ReadOnlyAccess', 0, [/AWS managed policy ReadOnlyAccess/, /Grants/, /Read/]],
  ['customer policy reference', '"Passer"]', 0, [/policy Passer/, /- \*\*iam\*\* Write: PassRole/]],
  ['group reference', '"Devs"]', 0, [/group Devs/, /Members: alice, bob/]],
  ['Effect', '"Deny"', 0, [/explicit deny/]],
];
for (const [what, needle, nth, patterns] of cases) {
  test(`hover: ${what}`, () => {
    const text = md(PROD_URI, PROD, needle, 2, nth);
    for (const p of patterns) assert.match(text, p);
  });
}

test('hover on a user: effective permissions per service, with origins', () => {
  const text = md(PROD_URI, PROD, '"alice"');
  assert.match(text, /user alice/);
  assert.match(text, /arn:aws:iam::111111111111:user\/alice/);
  assert.match(text, /\*\*Details\*\*/);
  assert.match(text, /- \*\*s3\*\* Read: /);
  assert.match(text, /via group "Devs"/);
  assert.match(text, /- \*\*iam\*\* Write: PassRole — policy "Passer"/);
});

test('a principal\'s hover starts with a summary of at most 5 short lines, then the three command links, then details (no wide table)', () => {
  const text = md(PROD_URI, PROD, '"alice"');
  const [summary, links, ...rest] = text.split('\n\n');
  const lines = summary.split('  \n');
  assert.ok(lines.length >= 3 && lines.length <= 5, summary);
  assert.equal(lines[0], '**user alice** · acme-prod · groups Devs');
  assert.match(lines[1], /^\*\*Not an administrator\*\*: .*writes in .*iam/);
  assert.match(lines[2], /^\*\*Services\*\*: \d+ of \d+, mostly from AWS managed ReadOnlyAccess \(via group "Devs"\)\.$/);
  for (const line of lines) assert.ok(line.length < 200, `short: ${line}`);
  const commands = [...links.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\?([^)]+)\)/g)].map((m) => ({ title: m[1], command: m[2], args: JSON.parse(decodeURIComponent(m[3])) }));
  assert.deepEqual(commands.map((c) => c.title), ['Show full effective permissions', 'Simulate…', 'Show in graph']);
  assert.deepEqual(commands[0].args, [{ arn: 'arn:aws:iam::111111111111:user/alice', uri: PROD_URI }]);
  assert.deepEqual(commands[1].args, [{ uri: PROD_URI, kind: 'user', name: 'alice', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' }]);
  assert.deepEqual(commands[2].args, ['user:111111111111:alice']);
  assert.equal(rest[0], '`arn:aws:iam::111111111111:user/alice`');
  assert.ok(rest[1].startsWith('**Details**'));
  assert.doesNotMatch(text, /\|---\|/, 'no table');
  // An administrator: says so, and why, on the second line.
  const admin = md(PROD_URI, PROD, '"partner-access"').split('\n\n')[0].split('  \n');
  assert.match(admin[1], /^⚠️ \*\*Administrator\*\*: every action on every resource, from AWS managed AdministratorAccess\.$/);
  // A boundary's removal is one summary line.
  assert.match(md(PROD_URI, PROD, '"bob"').split('\n\n')[0], /\*\*Taken away\*\*: \d+ actions in .* outside the permissions boundary policy "NoIam"/);
});

test('other capabilities add sections to a principal\'s hover after the summary and links', async () => {
  const { PRINCIPAL_HOVER_SECTIONS } = await import('../../core/ide/hover');
  const extra = (_ws: unknown, p: { name: string }) => `**Extra** for ${p.name}`;
  PRINCIPAL_HOVER_SECTIONS.push(extra);
  try {
    const parts = md(PROD_URI, PROD, '"alice"').split('\n\n');
    assert.equal(parts[parts.length - 1], '**Extra** for alice');
    assert.match(parts[1], /^\[Show full effective permissions\]/);
  } finally {
    PRINCIPAL_HOVER_SECTIONS.splice(PRINCIPAL_HOVER_SECTIONS.indexOf(extra), 1);
  }
});

test('a boundary takes permissions away and the hover says so', () => {
  const bob = ws.file(PROD_URI)!.users.get('bob')!;
  const p = effectivePermissions(ws, bob);
  assert.ok(p.removed.some((r) => r.reasons.some((x) => /outside the permissions boundary/.test(x))), 'boundary allows nothing: all removed');
  // All but sts:GetCallerIdentity, which needs no permission (STS API Reference, "GetCallerIdentity").
  assert.deepEqual(p.services.flatMap((s) => s.levels.flatMap((l) => l.actions.map((a) => `${s.service}:${a}`))), ['sts:GetCallerIdentity']);
  assert.match(md(PROD_URI, PROD, '"bob"'), /Taken away/);
});

test('hover on a role: who can assume it, with the members of a trusted account', () => {
  const text = md(PROD_URI, PROD, '"partner-access"');
  assert.match(text, /Who can assume it/);
  assert.match(text, /any principal of account 222222222222/);
  assert.match(text, /user "carol"/);
  assert.doesNotMatch(text, /user "dave"/);
  assert.match(text, /\*\*Administrator\*\*: every action on every resource/);
  assert.match(md(PROD_URI, PROD, '"app"'), /the service ec2\.amazonaws\.com/);
});

test('hover after an edit reflects the edit: who can assume (also through a group) and effective permissions', () => {
  // The hover caches per workspace and per policy document; every edit builds a new workspace.
  const host = makeHost();
  const role = (h: typeof host) => {
    const w = h.snapshot().workspace;
    return hover(w, PROD_URI, at(PROD, '"partner-access"', 2))?.markdown ?? '';
  };
  assert.doesNotMatch(role(host), /user "dave"/);
  host.setFile(PARTNER_URI, PARTNER.replace('"dave": { "policies": [] }', '"dave": { "policies": ["AssumeProd"] }'), 2);
  assert.match(role(host), /user "dave"/);
  const viaGroup = PARTNER.replace('"users": {', '"groups": { "Assumers": { "policies": ["AssumeProd"] } },\n  "users": {').replace(
    '"dave": { "policies": [] }',
    '"dave": { "groups": ["Assumers"], "policies": [] }',
  );
  host.setFile(PARTNER_URI, viaGroup, 3);
  assert.match(role(host), /user "dave"/);
  host.setFile(PARTNER_URI, PARTNER, 4);
  assert.doesNotMatch(role(host), /user "dave"/);

  const alice = (text: string) => hover(host.snapshot().workspace, PROD_URI, at(text, '"alice"', 2))?.markdown ?? '';
  const passer = (text: string) => hover(host.snapshot().workspace, PROD_URI, at(text, '"Passer": {', 2))?.markdown ?? '';
  assert.match(alice(PROD), /PassRole/);
  assert.match(passer(PROD), /- \*\*iam\*\* Write: PassRole/);
  const edited = PROD.replace('"Action": "iam:PassRole"', '"Action": "iam:GetRole"');
  host.setFile(PROD_URI, edited, 2);
  assert.doesNotMatch(alice(edited), /PassRole/);
  assert.match(alice(edited), /- \*\*iam\*\* Read: [^\n]*policy "Passer"/);
  assert.match(passer(edited), /- \*\*iam\*\* Read: GetRole/);
});

test('hover on a principal ARN in another file shows the role', () => {
  assert.match(md(PARTNER_URI, PARTNER, 'role/partner-access', 3), /role partner-access/);
});

test('hover on a condition key and an operator', () => {
  const text = `{ "account": { "id": "333333333333" }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "ForAnyValue:StringLikeIfExists": { "aws:SourceIp": "10.0.0.0/8" } } } ] } } } }`;
  const host = makeHost({ 'file:///ws/c.iam.json': text });
  const w = host.snapshot().workspace;
  assert.match(hover(w, 'file:///ws/c.iam.json', at(text, 'aws:SourceIp'))!.markdown, /IPAddress, global condition key/);
  const op = hover(w, 'file:///ws/c.iam.json', at(text, 'ForAnyValue'))!.markdown;
  assert.match(op, /ForAnyValue:/);
  assert.match(op, /IfExists/);
});

test('hover never throws on a broken file', () => {
  const broken = '{ "users": { "x": { "groups": ["a", ';
  const host = makeHost({ 'file:///ws/b.iam.json': broken });
  const w = host.snapshot().workspace;
  for (let i = 0; i <= broken.length; i++) hover(w, 'file:///ws/b.iam.json', i);
  assert.equal(hover(w, 'file:///nope.iam.json', 0), undefined);
});

test('hover on a resource entry summarises its resource-based policy', () => {
  const text = `{ "account": { "id": "666666666666" }, "resources": { "arn:aws:s3:::logs": { "policy": { "Version": "2012-10-17", "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111111111111:root" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*",
      "Condition": { "Bool": { "aws:SecureTransport": "true" } } } ] } } } }`;
  const host = makeHost({ 'file:///ws/r.iam.json': text });
  const h = hover(host.snapshot().workspace, 'file:///ws/r.iam.json', at(text, 'arn:aws:s3:::logs"'))!.markdown;
  assert.match(h, /resource\*\* `arn:aws:s3:::logs`/);
  assert.match(h, /\*\*Allow\*\* AWS arn:aws:iam::111111111111:root: `s3:GetObject` when `Bool aws:SecureTransport = "true"`/);
});

test('a group is asked about as a user of its own account: its own resources are not cross-account', () => {
  const text = JSON.stringify({
    account: { id: '123456789012' },
    policies: {
      Q: {
        document: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:jobs' },
            { Effect: 'Allow', Action: 'sqs:DeleteMessage', Resource: 'arn:aws:sqs:us-east-1:999999999999:theirs' },
          ],
        },
      },
    },
    groups: { G: { policies: ['Q'] } },
  }, null, 2);
  const ws = buildWorkspace([{ uri: 'file:///x.iam.json', text }]);
  const md = hover(ws, 'file:///x.iam.json', text.indexOf('"G"') + 1)!.markdown;
  assert.match(md, /123456789012:jobs/);
  assert.doesNotMatch(md, /no resource-based policy in account 123456789012/);
  assert.match(md, /Cross-account request: no resource-based policy in account 999999999999/);
});
