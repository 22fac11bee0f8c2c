// Access Analyzer's "Irrelevant condition key in policy" in organization policies: aws:PrincipalOrgID in an SCP and
// aws:ResourceOrgID in an RCP always hold the organization's own id (practice/irrelevant-condition-key).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectRule, run } from './harness';

const RULE = 'practice/irrelevant-condition-key';

/** An account file whose customer policy P is attached as an SCP or an RCP. */
function orgPolicy(kind: 'scp' | 'rcp', statements: string): string {
  const attach = kind === 'scp' ? '"serviceControlPolicies": [["FullAWSAccess", "P"]]' : '"resourceControlPolicies": [["RCPFullAWSAccess", "P"]]';
  return `{ "account": { "id": "123456789012", "organization": { ${attach} } }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [ ${statements} ] } } } }`;
}

// The data-perimeter statements of the Organizations user guide's examples, the right way round, and swapped.
const rcpPerimeter = '{ "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*", "kms:*"], "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, "BoolIfExists": { "aws:PrincipalIsAWSService": "false" } } }';
const scpPerimeter = '{ "Effect": "Deny", "Action": ["s3:*"], "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:ResourceOrgID": "o-a1b2c3d4e5" } } }';

const cases: [string, string][] = [
  ['aws:PrincipalOrgID in an SCP', orgPolicy('scp', '{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { ⟦"aws:PrincipalOrgID"⟧: "o-a1b2c3d4e5" } } }')],
  ['aws:ResourceOrgID in an RCP', orgPolicy('rcp', '{ "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEqualsIfExists": { ⟦"aws:resourceOrgID"⟧: "o-a1b2c3d4e5" } } }')],
  ['silent: the perimeter keys the right way round', orgPolicy('scp', scpPerimeter)],
  ['silent: the RCP perimeter', orgPolicy('rcp', rcpPerimeter)],
  ['silent: the same keys in an identity policy', `{ "account": { "id": "123456789012" }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [ ${scpPerimeter.replace('aws:ResourceOrgID', 'aws:PrincipalOrgID')} ] } } } }`],
];

for (const [name, text] of cases) {
  test(`irrelevant key in an organization policy: ${name}`, () => {
    expectRule(RULE, text);
  });
}

test('the finding names the key to compare instead', () => {
  const [f] = run(RULE, orgPolicy('scp', '{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }'));
  assert.match(f.message, /aws:PrincipalOrgID is always the organization of the principal/);
  assert.match(f.message, /compares aws:ResourceOrgID/);
  assert.equal(f.severity, 'info');
});
