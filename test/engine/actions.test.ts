import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatcher } from '../../core/engine/actions';
import { getCatalog } from '../../core/data/catalog';
import { getManagedPolicy } from '../../core/data/managed-policies';

/** The plain reading of an Action list, with no index: one case-insensitive regex of every entry. */
function naive(patterns: string[]): (a: string) => boolean {
  const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const one = (p: string) => [...p].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : escape(c))).join('');
  const re = new RegExp(`^(?:${patterns.map(one).join('|')})$`, 'i');
  return (a) => re.test(a);
}

function readOnlyActions(): string[] {
  const doc = getManagedPolicy('ReadOnlyAccess')!.document as { Statement: { Action?: string | string[] }[] };
  return doc.Statement.flatMap((s) => (s.Action === undefined ? [] : ([] as string[]).concat(s.Action)));
}

/** Patterns whose service part is not fixed, odd spellings, exact names: the cases the index must not lose. */
const MIXED = [
  '*:Get*', 's3*:List*', '?3:Put*', 'Iam:Create*', 'EC2:describeinstances', 'kms:*', '*Secret*', 'sts:*Session?',
  'lambda:Invoke?unction*', 'cloud*:Describe*', 'dynamodb:??tItem', 'sqs*', '*:*', ':Get*', 'S3:GET*', 'iam:*Policy',
  'codecommit:Get*', 'no-such-service:*', 'elasticloadbalancing:Describe*', 'rds:Describe*', 'ec2:Describe*',
];

test('the indexed action matcher answers as the plain one for every catalogue action', () => {
  const readOnly = readOnlyActions();
  assert.ok(readOnly.length > 2000, 'ReadOnlyAccess is the big list this is for');
  const lists = [[...readOnly, ...MIXED], MIXED, MIXED.filter((p) => !/^[*?]|^sqs\*$/.test(p))];
  const actions = getCatalog().allActions().map((a) => a.id);
  const probes = [
    ...actions,
    ...actions.filter((_, i) => i % 7 === 0).flatMap((a) => [a.toUpperCase(), a.toLowerCase()]),
    'nope', 's3', 's3:', ':', ':GetThing', 'S3:GetObject', 's3:get:object', 's3x:ListBucket', 'sqs', 'sqsx', '',
  ];
  for (const list of lists) {
    const fast = actionMatcher(list);
    const plain = naive(list);
    const differ = probes.filter((a) => fast(a) !== plain(a));
    assert.deepEqual(differ, [], `list of ${list.length} patterns`);
  }
  const some = actionMatcher(MIXED.filter((p) => p !== '*:*'));
  assert.equal(some('s3:PutObject'), true);
  assert.equal(some('S3:listbucket'), true);
  assert.equal(some('secretsmanager:CreateSecret'), true);
  assert.equal(some('ec2:RunInstances'), false);
});

test('"*" anywhere in the list matches everything; an empty list nothing', () => {
  assert.equal(actionMatcher(['s3:Get*', '*'])('iam:CreateUser'), true);
  assert.equal(actionMatcher([])('iam:CreateUser'), false);
});
