import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completion } from '../../core/ide/completion';
import { makeHost } from './fixture';

const URI = 'file:///ws/edit.iam.json';

/** Completes at the `|` in `text` (which is removed first). */
function complete(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const host = makeHost({ [URI]: text });
  const list = completion(host.snapshot().workspace, URI, offset);
  return { ...list, labels: list.items.map((i) => i.label), text, offset };
}

const HEAD = `{ "account": { "id": "333333333333" },
  "policies": { "Mine": { "document": { "Version": "2012-10-17", "Statement": [] } } },
  "groups": { "Admins": {}, "Readers": {} },`;
const doc = (statement: string) => `${HEAD}
  "roles": { "r": { "inlinePolicies": { "p": { "Version": "2012-10-17", "Statement": [ ${statement} ] } } } } }`;

const cases: [string, string, (r: ReturnType<typeof complete>) => void][] = [
  ['group names in a user\'s groups', `${HEAD} "users": { "u": { "groups": ["|"] } } }`, (r) => assert.deepEqual(r.labels.sort(), ['Admins', 'Readers'])],
  ['customer policies and AWS managed ARNs in policies', `${HEAD} "users": { "u": { "policies": ["|"] } } }`, (r) => {
    assert.ok(r.labels.includes('Mine'));
    assert.ok(r.labels.includes('arn:aws:iam::aws:policy/ReadOnlyAccess'));
  }],
  ['AWS managed ARNs filtered by what is typed', `${HEAD} "users": { "u": { "permissionsBoundary": "arn:aws:iam::aws:policy/PowerUser|" } } }`, (r) => {
    assert.ok(r.labels.includes('arn:aws:iam::aws:policy/PowerUserAccess'));
    assert.ok(r.labels.length < 20);
  }],
  ['service prefixes before the colon', doc('{ "Effect": "Allow", "Action": ["s|"] }'), (r) => {
    assert.ok(r.labels.includes('s3:'));
    assert.equal(r.incomplete, true);
    const s3 = r.items.find((i) => i.label === 's3:')!;
    assert.equal(s3.retrigger, true);
  }],
  ['actions of the service with their access level', doc('{ "Effect": "Allow", "Action": ["s3:Get|"] }'), (r) => {
    const item = r.items.find((i) => i.label === 's3:GetObject')!;
    assert.equal(item.detail, 'Read');
    assert.equal(item.insertText, '"s3:GetObject"');
    assert.equal(r.text.slice(item.span.start, item.span.end), '"s3:Get"', 'replaces the whole string');
  }],
  ['services ranked by how often AWS managed policies name them, full names as label details', doc('{ "Effect": "Allow", "Action": ["|"] }'), (r) => {
    const sorted = [...r.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    const rank = (l: string) => sorted.indexOf(l);
    assert.ok(rank('s3:') < 10 && rank('ec2:') < 10 && rank('iam:') < 10, `common services lead: ${sorted.slice(0, 10).join(' ')}`);
    assert.ok(rank('s3:') < rank('a4b:') && rank('ec2:') < rank('a2c:'));
    assert.equal(r.items.find((i) => i.label === 's3:')!.labelDescription, 'Amazon S3');
  }],
  ['a service\'s actions ranked by use: GetObject before GetAccelerateConfiguration', doc('{ "Effect": "Allow", "Action": ["s3:G|"] }'), (r) => {
    const sortOf = (l: string) => r.items.find((i) => i.label === l)!.sortText!;
    assert.ok(sortOf('s3:GetObject') < sortOf('s3:GetAccelerateConfiguration'));
    assert.ok(sortOf('s3:ListBucket') < sortOf('s3:ListStorageLensGroups'));
    assert.equal(r.items.find((i) => i.label === 's3:GetObject')!.labelDescription, 'Read');
  }],
  ['editing inside an existing value replaces the whole value', doc('{ "Effect": "Allow", "Action": ["s3:Get|Objekt"] }'), (r) => {
    const item = r.items.find((i) => i.label === 's3:GetObject')!;
    assert.equal(r.text.slice(item.span.start, item.span.end), '"s3:GetObjekt"');
  }],
  ['Effect values', doc('{ "Effect": "|" }'), (r) => assert.deepEqual(r.labels, ['Allow', 'Deny'])],
  ['statement keys', doc('{ "Effect": "Allow", "|" }'), (r) => {
    assert.ok(r.labels.includes('Action'));
    assert.ok(r.labels.includes('Condition'));
  }],
  ['condition operators', doc('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "|" } }'), (r) => {
    assert.ok(r.labels.includes('StringEquals'));
    assert.ok(r.labels.includes('ArnLikeIfExists'));
    assert.ok(r.labels.includes('ForAnyValue:StringLike'));
  }],
  ['condition keys fitting the actions, then global keys', doc('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "|" } } }'), (r) => {
    assert.ok(r.labels.includes('s3:ExistingObjectTag/<key>') || r.labels.some((l) => l.startsWith('s3:')), 's3 keys offered');
    assert.ok(r.labels.includes('aws:SourceIp'));
    assert.ok(!r.labels.some((l) => l.startsWith('sqs:')), 'no keys of other services');
    const first = [...r.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0];
    assert.ok(r.items.find((i) => i.label === 's3:authType')!.sortText! < r.items.find((i) => i.label === 'aws:SourceIp')!.sortText!, 'the actions\' keys first');
    assert.ok(first.sortText!.startsWith('0'));
    const templated = r.items.find((i) => i.label === 'aws:ResourceTag/${TagKey}')!;
    assert.equal(templated.snippet, true);
    assert.equal(templated.insertText, '"aws:ResourceTag/${1:TagKey}"');
  }],
  ['ARN skeletons for the actions\' resource types', doc('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "|" }'), (r) => {
    const arn = r.items.find((i) => i.kind === 'arn' && i.label.startsWith('arn:aws:s3:::'))!;
    assert.equal(arn.label, 'arn:aws:s3:::${BucketName}/${ObjectName}');
    assert.equal(arn.snippet, true);
    assert.match(arn.insertText, /\$\{1:BucketName\}/);
    assert.ok(r.labels.includes('*'));
  }],
  ['statement snippets between statements', doc('|'), (r) => {
    assert.ok(r.labels.includes('Deny without MFA'));
    assert.ok(r.items.every((i) => i.kind === 'snippet' && i.snippet));
  }],
  ['role ARNs for iam:PassRole resources', doc('{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "|" }'), (r) => {
    assert.ok(r.labels.includes('arn:aws:iam::111111111111:role/app'));
  }],
  ['entity snippet under users', `${HEAD} "users": { | } }`, (r) => assert.deepEqual(r.labels, ['New user'])],
  ['top-level sections', `{ | }`, (r) => {
    assert.ok(r.labels.includes('roles'));
    assert.ok(r.labels.includes('account'));
  }],
  ['trust policy principals', `${HEAD} "roles": { "t": { "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "|" } } ] } } } }`, (r) => {
    assert.ok(r.labels.includes('arn:aws:iam::222222222222:root'));
    assert.ok(r.labels.includes('arn:aws:iam::111111111111:role/app'));
  }],
  ['trust policy actions', `${HEAD} "roles": { "t": { "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "|" } ] } } } }`, (r) => {
    assert.ok(r.labels.includes('sts:AssumeRoleWithWebIdentity'));
  }],
];
for (const [what, text, check] of cases) test(`completion: ${what}`, () => check(complete(text)));

test('completion on broken or foreign input answers without throwing', () => {
  for (const t of ['|', '{|', '{ "users": { "a": { "groups": [|', '"|"', '{ "roles": { "r": { "trustPolicy": { "Statement": [ { "Condition": { "|']) {
    const r = complete(t);
    assert.ok(Array.isArray(r.items));
  }
});
