import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { externalAccess } from '../../core/analysis/external';
import { buildWorkspace } from '../../core/model';

const trust = (principal: object, condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});
const prod = JSON.stringify({
  account: { id: '111111111111', organization: { serviceControlPolicies: [['FullAWSAccess']] } },
  roles: {
    vendor: { trustPolicy: trust({ AWS: 'arn:aws:iam::999999999999:root' }) },
    vendorWithId: { trustPolicy: trust({ AWS: '999999999999' }, { StringEquals: { 'sts:ExternalId': 'x' } }) },
    sibling: { trustPolicy: trust({ AWS: 'arn:aws:iam::222222222222:role/ci' }) },
    local: { trustPolicy: trust({ AWS: 'arn:aws:iam::111111111111:root' }) },
    lambda: { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) },
  },
  resources: {
    'arn:aws:s3:::shared': {
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shared/*' },
          // The policy's own Deny keeps the outside account from writing.
          { Effect: 'Deny', Principal: { AWS: '999999999999' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/*' },
        ],
      },
    },
  },
});
const sibling = JSON.stringify({ account: { id: '222222222222', organization: { serviceControlPolicies: [['FullAWSAccess']] } } });
const ws = buildWorkspace([
  { uri: 'prod.iam.json', text: prod },
  { uri: 'sibling.iam.json', text: sibling },
]);

test('external access is decided by the evaluator: the outside principal named, the organization told apart, Deny honoured', () => {
  const found = externalAccess(ws).map((a) => `${a.kind} ${a.arn.split(':').pop()} ${a.principal} ${a.scope} ${a.actions.join(',')} ${a.conditions.join(',')}`.trim());
  assert.deepEqual(found.sort(), [
    'resource shared 999999999999 outside-organization s3:GetObject',
    'role role/sibling arn:aws:iam::222222222222:role/ci organization sts:AssumeRole',
    'role role/vendor arn:aws:iam::999999999999:root outside-organization sts:AssumeRole',
    'role role/vendorWithId 999999999999 outside-organization sts:AssumeRole sts:ExternalId',
  ]);
});

test('access/external-access: one finding per role or resource reachable under no condition; conditional access is not reported', () => {
  const findings = runRules(ws, {}, { only: ['access/external-access'] });
  const text = (f: (typeof findings)[number]) => prod.slice(f.span.start, f.span.end);
  assert.deepEqual(
    findings.map((f) => [f.severity, text(f), f.message]),
    [
      ['warning', '"trustPolicy"', 'Role "vendor" can be assumed from outside account 111111111111 by arn:aws:iam::999999999999:root (outside the organization; sts:AssumeRole).'],
      ['info', '"trustPolicy"', 'Role "sibling" can be assumed from outside account 111111111111 by arn:aws:iam::222222222222:role/ci (another account of the organization; sts:AssumeRole).'],
      ['warning', '"arn:aws:s3:::shared"', 'arn:aws:s3:::shared can be used from outside account 111111111111 by 999999999999 (outside the organization; s3:GetObject).'],
    ],
  );
  assert.equal(findings[0].related?.length, 1);
  assert.equal(prod.slice(findings[0].related![0].span.start, findings[0].related![0].span.end), '"arn:aws:iam::999999999999:root"');
});
