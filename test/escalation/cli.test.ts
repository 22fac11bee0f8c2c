import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, runBin } from '../cli/helpers';
import { ACCOUNTS_DIR } from './support';

const A = 'arn:aws:iam::111111111111';

interface Principal {
  PrincipalArn: string;
  Confidence?: string;
  Path: { From: string; To: string; Technique: string; Actions: string[]; Note?: string }[];
}

test('who-can names exactly the principals that reach administrator, with the technique\'s actions in each path', async () => {
  // Creating a role in account 111111111111: only an administrator of it may, so the answer is who reaches one.
  const r = await run(['who-can', '--action-names', 'iam:CreateRole', '--resource-arns', `${A}:role/new`, '--workspace', ACCOUNTS_DIR]);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as { Results: { EvalActionName: string; EvalResourceName: string; Principals: Principal[] }[] };
  assert.equal(json.Results.length, 1);
  assert.equal(json.Results[0].EvalActionName, 'iam:CreateRole');
  assert.equal(json.Results[0].EvalResourceName, `${A}:role/new`);
  const byName = new Map(json.Results[0].Principals.map((p) => [p.PrincipalArn.split('/').pop()!, p]));
  assert.deepEqual([...byName.keys()].sort(), [
    'admin-alice', 'admin-cfn', 'admin-ec2', 'admin-glue', 'admin-lambda', 'admin-role', 'boundary-bea', 'cfn-carl', 'chain-chris', 'dev-dan', 'ec2-eve',
    'glue-gil', 'group-gus', 'hop-role', 'key-kim', 'lambda-lee', 'locked-admin', 'mfa-admin', 'put-pat', 'pv-paul', 'trust-tom',
  ]);
  assert.deepEqual(byName.get('admin-alice')!.Path, []);
  assert.deepEqual(byName.get('lambda-lee')!.Path, [
    { From: `${A}:user/lambda-lee`, To: `${A}:role/admin-lambda`, Technique: 'pass-role/lambda', Actions: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'] },
  ]);
  assert.deepEqual(byName.get('pv-paul')!.Path, [{ From: `${A}:user/pv-paul`, To: `${A}:user/pv-paul`, Technique: 'create-policy-version', Actions: ['iam:CreatePolicyVersion'] }]);
  assert.deepEqual(
    byName.get('chain-chris')!.Path.map((s) => [s.Technique, s.Actions.join('+')]),
    [['assume-role', 'sts:AssumeRole'], ['pass-role/lambda', 'iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction']],
  );
  const techniques = Object.fromEntries([...byName].map(([k, p]) => [k, p.Path.map((s) => s.Technique).join(',')]));
  assert.equal(techniques['key-kim'], 'create-access-key');
  assert.equal(techniques['group-gus'], 'add-user-to-group');
  assert.equal(techniques['trust-tom'], 'update-assume-role-policy');
  assert.equal(techniques['boundary-bea'], 'delete-permissions-boundary');
  assert.equal(techniques['put-pat'], 'put-user-policy');
  assert.equal(techniques['ec2-eve'], 'pass-role/ec2');
  assert.equal(techniques['cfn-carl'], 'pass-role/cloudformation');
  assert.equal(techniques['glue-gil'], 'pass-role/glue-dev-endpoint');
  assert.equal(techniques['dev-dan'], 'assume-role');
});

test('--include-possible adds the paths that need an existing resource or condition keys, marked possible', async () => {
  const r = await run(['who-can', '--action-names', 'iam:CreateRole', '--resource-arns', `${A}:role/new`, '--workspace', ACCOUNTS_DIR, '--include-possible']);
  const json = JSON.parse(r.out);
  const possible = (json.Results[0].Principals as Principal[]).filter((p) => p.Confidence === 'possible');
  assert.deepEqual(
    possible.map((p) => [p.PrincipalArn, p.Path.map((s) => `${s.Technique} ${s.Note}`)]),
    [
      [`${A}:user/fn-fred`, ['existing/lambda-code if a Lambda function that runs as the role exists']],
      [`${A}:user/mfa-mia`, ['assume-role if the request carries aws:MultiFactorAuthPresent']],
    ],
  );
});

test('--context-entries: given MFA, mfa-mia reaches the MFA-guarded administrator role for certain', async () => {
  const r = await run([
    'who-can', '--action-names', 'iam:CreateRole', '--resource-arns', `${A}:role/new`, '--workspace', ACCOUNTS_DIR,
    '--context-entries', 'ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean',
  ]);
  const json = JSON.parse(r.out);
  const mia = (json.Results[0].Principals as Principal[]).find((p) => p.PrincipalArn.endsWith('/mfa-mia'))!;
  assert.deepEqual(mia.Path.map((s) => s.To), [`${A}:role/mfa-admin`]);
  assert.equal(mia.Confidence, undefined);
});

test('several actions and resources give one result each; the table output lists paths', async () => {
  const r = await run([
    'who-can', '--action-names', 's3:DeleteBucket', 'iam:CreateUser', '--resource-arns', 'arn:aws:s3:::prod', 'arn:aws:iam::222222222222:user/x',
    '--workspace', ACCOUNTS_DIR, '--output', 'table',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^s3:DeleteBucket on arn:aws:s3:::prod: \d+ principals$/m);
  assert.match(r.out, /^iam:CreateUser on arn:aws:iam::222222222222:user\/x: \d+ principals$/m);
  assert.match(r.out, /arn:aws:iam::111111111111:user\/dev-dan\s+assume-role: sts:AssumeRole → role cross-admin/);
  assert.match(r.out, /arn:aws:iam::222222222222:user\/admin-bob\s+directly/);
});

test('usage errors: no action, a bad action, an unknown output', async () => {
  const cases: [string[], RegExp][] = [
    [['--workspace', ACCOUNTS_DIR], /--action-names is required/],
    [['--action-names', 'DeleteBucket', '--workspace', ACCOUNTS_DIR], /'DeleteBucket' is not an action name/],
    [['--action-names', 's3:DeleteBucket', '--output', 'xml', '--workspace', ACCOUNTS_DIR], /output/],
    [['--action-names', 's3:DeleteBucket', '--context-entries', 'NotAnEntry', '--workspace', ACCOUNTS_DIR], /cannot read context entry/],
  ];
  for (const [args, message] of cases) {
    const r = await run(['who-can', ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message);
  }
});

test('the bin runs who-can', () => {
  const r = runBin(['who-can', '--action-names', 'iam:CreateRole', '--workspace', ACCOUNTS_DIR]);
  assert.equal(r.code, 0, r.err);
  assert.ok(JSON.parse(r.out).Results[0].Principals.length > 10);
});
