import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorkspace } from '../../core/model';
import { runRules } from '../../core/analysis/rules';

// AWS's default access policy of a new SNS topic, as `aws sns get-topic-attributes` prints it (Amazon SNS
// Developer Guide; AWS CLI reference, get-topic-attributes example).
const SNS_DEFAULT = {
  Version: '2008-10-17',
  Id: '__default_policy_ID',
  Statement: [
    {
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
      Resource: 'arn:aws:sns:us-east-1:123456789012:my-topic',
      Condition: { StringEquals: { 'AWS:SourceOwner': '123456789012' } },
    },
  ],
};

function versionFindings(resources: Record<string, unknown>, policies: Record<string, unknown> = {}) {
  const text = JSON.stringify({ account: { id: '123456789012' }, policies, resources });
  const ws = buildWorkspace([{ uri: 'a.iam.json', text }]);
  return runRules(ws, {} as never).filter((f) => f.code === 'grammar/version-value' || f.code === 'grammar/variables-old-version');
}

test("AWS's own default SNS topic policy (Version 2008-10-17) gets a note, not a warning", () => {
  const f = versionFindings({ 'arn:aws:sns:us-east-1:123456789012:my-topic': { policy: SNS_DEFAULT } });
  assert.equal(f.length, 1);
  assert.equal(f[0].severity, 'info');
  assert.match(f[0].message, /AWS writes this default SNS topic policy itself/);
});

test('2008-10-17 is a warning only where a policy variable changes meaning; otherwise a note; an unknown version an error', () => {
  const withVar = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }] };
  const plain = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
  const bad = { Version: '2012-10-18', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
  const f = versionFindings({}, { V: { document: withVar }, P: { document: plain }, B: { document: bad } });
  const by = (code: string) => f.filter((x) => x.code === code).map((x) => x.severity).sort();
  assert.deepEqual(by('grammar/version-value'), ['error', 'info', 'warning']);
  assert.deepEqual(by('grammar/variables-old-version'), ['error']);
});
