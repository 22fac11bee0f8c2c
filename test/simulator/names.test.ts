import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyName } from '../../webview/simulator/results';

// The simulator panel names policies as people do (the ARN stays in the tooltip).

test('policy names instead of ARNs: AWS managed, customer managed with a path, inside a sentence', () => {
  assert.equal(policyName('arn:aws:iam::aws:policy/AdministratorAccess'), 'AdministratorAccess');
  assert.equal(policyName('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'), 'AWSLambdaBasicExecutionRole');
  assert.equal(policyName('arn:aws-us-gov:iam::123456789012:policy/team/DevBoundary'), 'DevBoundary');
  assert.equal(
    policyName('Allowed by arn:aws:iam::aws:policy/ReadOnlyAccess and denied by arn:aws:iam::123456789012:policy/NoIam.'),
    'Allowed by ReadOnlyAccess and denied by NoIam.',
  );
  assert.equal(policyName('FullAWSAccess (SCP level 2 of 2)'), 'FullAWSAccess (SCP level 2 of 2)');
  assert.equal(policyName('arn:aws:iam::123456789012:role/app'), 'arn:aws:iam::123456789012:role/app', 'not a policy: unchanged');
});

test('SCPs and RCPs named by their Organizations ARN: AWS managed ones by name (so FullAWSAccess folds), the organization\'s by policy id', () => {
  assert.equal(policyName('arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess (SCP level 1 of 3)'), 'FullAWSAccess (SCP level 1 of 3)');
  assert.equal(policyName('arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess'), 'RCPFullAWSAccess');
  assert.equal(policyName('arn:aws:organizations::111122223333:policy/o-abc123/service_control_policy/p-12345678'), 'p-12345678');
});
