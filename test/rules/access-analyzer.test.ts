// One small account file per IAM Access Analyzer policy check that a rule of ours answers, written as a
// new user would write it (docs/access-analyzer-checks.md maps every check to its rule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { expectRule, inFile, marked, run, stmt } from './harness';

const cases: [string, string, string][] = [
  // [Access Analyzer check, rule, file text with ⟦expected spans⟧]
  ['Missing statement', 'grammar/missing-statement', inFile('⟦{⟧ "Version": "2012-10-17" }')],
  ['Missing statement', 'grammar/missing-statement', inFile('⟦{⟧ "Version": "2012-10-17", "Statements": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }')],
  ['Missing statement', 'grammar/missing-statement', inFile('{ "Version": "2012-10-17", "Statement": [] }')],
  ['Empty array action', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Action": ⟦[]⟧, "Resource": "*"'))],
  ['Empty array resource', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ⟦[]⟧'))],
  ['Empty object principal', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Principal": ⟦{}⟧, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['Empty array principal', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Principal": { ⟦"AWS"⟧: [] }, "Action": "sts:AssumeRole"'), 'trust')],
  ['Empty Sid value', 'grammar/empty-element', inFile(stmt('"Sid": ⟦""⟧, "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"'))],
  ['Empty object condition', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ⟦{}⟧'))],
  ['Empty object condition', 'grammar/empty-element', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ⟦{ "StringEquals": {} }⟧'))],
  ['Empty (silent)', 'grammar/empty-element', inFile(stmt('"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "true" } }'))],
  ['Invalid condition multiple Boolean', 'grammar/bool-values', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": ⟦["false", "true"]⟧ } }'))],
  ['Invalid condition multiple Boolean (silent)', 'grammar/bool-values', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": ["false"] } }'))],
  ['Invalid variable for operator', 'grammar/variable-operator', inFile(stmt('"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": { "NumericLessThan": { "s3:max-keys": ⟦"${aws:PrincipalTag/limit}"⟧ }, "StringEquals": { "s3:prefix": "${aws:username}" } }'))],
  ['Missing quote in variable', 'grammar/policy-variable', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:s3:::b/${aws:PrincipalTag/team, none}/*"⟧, "arn:aws:s3:::b/${aws:PrincipalTag/team, \'none\'}/*"]'))],
  ['Unsupported space in variable', 'grammar/policy-variable', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:s3:::b/${aws: username}/*"⟧]'))],
  ['Wildcard without like operator', 'grammar/wildcard-without-like', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalArn": ⟦"arn:aws:iam::123456789012:role/breakglass-*"⟧ } }'))],
  ['Wildcard without like operator (silent)', 'grammar/wildcard-without-like', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotLike": { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/breakglass-*" }, "ArnNotEquals": { "aws:SourceArn": "arn:aws:s3:::logs-*" }, "StringEquals": { "s3:prefix": "home/${*}" } }'))],
  ['Private IP address', 'grammar/source-ip-private', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": ⟦["10.0.0.0/16", "192.168.1.10"]⟧ } }'))],
  ['Private NotIpAddress', 'grammar/source-ip-private', inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": ⟦"172.20.0.0/16"⟧ } }'))],
  ['Private IP address subset', 'grammar/source-ip-private', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", ⟦"10.1.0.0/16"⟧, "172.32.0.0/16", "fd00::/8"] } }').replace('"fd00::/8"', '⟦"fd00::/8"⟧'))],
  ['Private IP address (silent)', 'grammar/source-ip-private', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:VpcSourceIp": "10.0.0.0/16", "aws:SourceIp": ["10.0.0.0/7"] } }'))],
  ['Invalid vpc format', 'grammar/vpc-id-format', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceVpc": [⟦"prod-vpc"⟧, "vpc-1a2b3c4d", "vpc-0123456789abcdef0", ⟦"vpce-1a2b3c4d"⟧] } }'))],
  ['Invalid vpce format', 'grammar/vpc-id-format', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:SourceVpce": [⟦"vpce-123"⟧, "vpce-1a2b3c4d"] }, "StringNotLike": { "aws:SourceVpce": "vpce-*" } }'))],
  ['Null with qualifier', 'grammar/null-set-operator', inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { ⟦"ForAnyValue:Null"⟧: { "aws:TagKeys": "true" } }'))],
  ['Deny with unsupported tag condition key for service', 'catalog/condition-key-some-actions', inFile(stmt('"Effect": "Deny", "Action": ["ec2:TerminateInstances", "glacier:DeleteVault"], "Resource": "*", "Condition": { "StringEquals": { ⟦"aws:ResourceTag/env"⟧: "prod" } }'))],
  ['Deny NotAction with unsupported tag condition key for service', 'catalog/condition-key-some-actions', inFile(stmt('"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": { "StringEquals": { ⟦"aws:ResourceTag/env"⟧: "prod" } }'))],
  ['Unsupported action for condition key', 'catalog/condition-key-some-actions', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*", "Condition": { "StringEqualsIfExists": { ⟦"s3:prefix"⟧: "home/" } }'))],
  ['Unsupported action for condition key (silent: every action carries it)', 'catalog/condition-key-some-actions', inFile(stmt('"Effect": "Deny", "Action": ["ec2:TerminateInstances", "ec2:StopInstances"], "Resource": "*", "Condition": { "StringEquals": { "aws:ResourceTag/env": "prod" } }'))],
  ['Unsupported action for condition key (silent: a Deny that applies when the key is missing)', 'catalog/condition-key-some-actions', inFile(stmt('"Effect": "Deny", "Action": ["ec2:TerminateInstances", "glacier:DeleteVault"], "Resource": "*", "Condition": { "StringNotEquals": { "aws:ResourceTag/env": "dev" } }'))],
  ['Mismatched action for principal', 'trust/principal-action', inFile(stmt('"Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": ⟦"sts:AssumeRoleWithSAML"⟧, "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }'), 'trust')],
  ['Mismatched action for principal', 'trust/principal-action', inFile(stmt('"Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:saml-provider/Okta" }, "Action": [⟦"sts:AssumeRole"⟧, "sts:TagSession"]'), 'trust')],
  ['Mismatched action for principal (silent)', 'trust/principal-action', inFile(stmt('"Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:saml-provider/Okta", "AWS": "arn:aws:iam::111122223333:root" }, "Action": ["sts:AssumeRole", "sts:AssumeRoleWithSAML"]'), 'trust')],
  ['Missing action for roles anywhere trust policy', 'trust/session-actions', inFile(stmt('"Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": ⟦"sts:AssumeRole"⟧'), 'trust')],
  ['Missing action for roles anywhere trust policy (silent)', 'trust/session-actions', inFile(stmt('"Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]'), 'trust')],
  ['Missing action for condition key', 'trust/session-actions', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole", "Condition": { "StringLike": { ⟦"sts:SourceIdentity"⟧: "admin-*" }, "StringEquals": { ⟦"aws:RequestTag/project"⟧: "blue", "aws:TagKeys": "project" } }'), 'trust')],
  ['Missing paired condition keys', 'practice/paired-condition-keys', inFile(stmt('"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "IpAddress": { ⟦"aws:VpcSourceIp"⟧: "10.0.0.0/16" } }'), 'resource')],
  ['Missing paired condition keys (silent)', 'practice/paired-condition-keys', inFile(stmt('"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": { "IpAddress": { "aws:VpcSourceIp": "10.0.0.0/16" }, "StringEquals": { "aws:SourceVpc": "vpc-1a2b3c4d" } }'), 'resource')],
  ['Restrict access to service principal', 'practice/service-principal-source', inFile(stmt('"Effect": "Allow", "Principal": { "Service": ⟦"cloudtrail.amazonaws.com"⟧ }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/AWSLogs/*"'), 'resource')],
  ['Restrict access to service principal (silent)', 'practice/service-principal-source', inFile(stmt('"Effect": "Allow", "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket/AWSLogs/*", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } }'), 'resource')],
  ['Invalid ARN service case', 'catalog/arn-fields', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": [⟦"arn:aws:S3:::bucket/*"⟧, "arn:aws:s3:::bucket/*"]'))],
  ['Missing ARN Region', 'catalog/arn-fields', inFile(stmt('"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": [⟦"arn:aws:ec2::123456789012:instance/*"⟧, "arn:aws:ec2:*:123456789012:instance/*"]'))],
  ['Missing ARN account', 'catalog/arn-fields', inFile(stmt('"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": [⟦"arn:aws:sqs:us-east-1::orders"⟧, "arn:aws:sqs:us-east-1:123456789012:orders"]'))],
  ['Missing ARN fields (silent: S3 and IAM ARNs have none)', 'catalog/arn-fields', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject", "iam:GetRole"], "Resource": ["arn:aws:s3:::bucket/*", "arn:aws:iam::123456789012:role/x"]'))],
  ['Unsupported resource ARN in policy', 'catalog/foreign-resource', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": [⟦"arn:aws:s3:::other-bucket/*"⟧, "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"]'), 'resource')],
  ['RCP syntax error NotAction', 'grammar/control-policy-actions', `{ "account": { "id": "123456789012", "organization": { "resourceControlPolicies": [["RCPFullAWSAccess", "R"]] } }, "policies": { "R": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "NotAction": ⟦"s3:GetObject"⟧, "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } } ] } } } }`],
  ['RCP syntax error action', 'grammar/control-policy-actions', `{ "account": { "id": "123456789012", "organization": { "resourceControlPolicies": [["RCPFullAWSAccess", "R"]] } }, "policies": { "R": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": [⟦"ec2:TerminateInstances"⟧, "s3:*", "sts:AssumeRole"], "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } } ] } } } }`],
  ['RCP syntax (silent)', 'grammar/control-policy-actions', `{ "account": { "id": "123456789012", "organization": { "resourceControlPolicies": [["RCPFullAWSAccess", "R"]] } }, "policies": { "R": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } } ] } } } }`],
  ['SCP syntax error action wildcard', 'grammar/control-policy-actions', `{ "account": { "id": "123456789012", "organization": { "serviceControlPolicies": [["FullAWSAccess", "S"]] } }, "policies": { "S": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Deny", "Action": [⟦"s3:*Bucket"⟧, "s3:Delete*", "iam:*"], "Resource": "*" } ] } } } }`],
  ['Redundant action', 'practice/redundant-values', inFile(stmt('"Effect": "Allow", "Action": ["s3:Get*", ⟦"s3:GetObject"⟧, "s3:ListBucket", ⟦"s3:listbucket"⟧], "Resource": "*"'))],
  ['Redundant resource', 'practice/redundant-values', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*", ⟦"arn:aws:s3:::b/reports/2026.csv"⟧, "arn:aws:s3:::other/*"]'))],
  ['Redundant condition value num', 'practice/redundant-values', inFile(stmt('"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": { "NumericLessThan": { "s3:max-keys": [⟦"10"⟧, "20"] } }'))],
  ['Improve IP range', 'grammar/ip-range-host-bits', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": [⟦"203.0.113.5/24"⟧, "198.51.100.0/24", "192.0.2.7/32"] } }'))],
  ['Redundant principal in role trust policy', 'trust/redundant-principal', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": ["arn:aws:iam::111122223333:role/ci/deployer", ⟦"arn:aws:sts::111122223333:assumed-role/deployer/build-42"⟧, "arn:aws:sts::111122223333:assumed-role/other/s"] }, "Action": "sts:AssumeRole"'), 'trust')],
  ['Federated principal not supported', 'grammar/federated-principal', inFile(stmt('"Effect": "Allow", "Principal": { ⟦"Federated"⟧: "cognito-identity.amazonaws.com" }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"'), 'resource')],
  ['Federated principal (silent in a trust policy)', 'grammar/federated-principal', inFile(stmt('"Effect": "Allow", "Principal": { "Federated": "cognito-identity.amazonaws.com" }, "Action": "sts:AssumeRoleWithWebIdentity"'), 'trust')],
  // A REST API's resource policy, keyed by its apigateway ARN, names its methods as execute-api ARNs or in API Gateway's
  // shorthand (AWS's examples: "API Gateway resource policy examples", API Gateway Developer Guide).
  ['Unsupported resource ARN in policy (silent: an API Gateway policy naming its own execute-api ARNs)', 'catalog/foreign-resource', apiPolicy('"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/stage-name/GET/pets", "execute-api:/*", "arn:aws:execute-api:*:*:aabbccddee/*/*/petstorewalkthrough/pets"')],
  ['Unsupported resource ARN in policy (another API, another account)', 'catalog/foreign-resource', apiPolicy('"arn:aws:execute-api:us-east-2:123456789012:aabbccddee/*", ⟦"arn:aws:execute-api:us-east-2:123456789012:ffgghhiijj/*"⟧, ⟦"arn:aws:execute-api:us-east-2:111122223333:aabbccddee/*"⟧, ⟦"arn:aws:s3:::bucket/*"⟧')],
  ['Malformed ARN (silent: API Gateway\'s execute-api:/ shorthand in a REST API\'s policy)', 'grammar/arn-format', apiPolicy('"execute-api:/*", "execute-api:/prod/GET/pets"')],
  ['Malformed ARN (the shorthand outside a REST API\'s policy)', 'grammar/arn-format', inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "s3:GetObject", "Resource": [⟦"execute-api:/*"⟧, "arn:aws:s3:::bucket/*"]'), 'resource')],
  ['Invalid condition data type', 'grammar/condition-value-types', inFile(stmt('"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": { "NumericLessThan": { "s3:max-keys": ⟦[10, "20"]⟧ }, "NumericGreaterThan": { "s3:max-keys": [1, 2] } }'))],
];

/** An account file whose REST API (us-east-2, id aabbccddee) has a policy letting another account invoke the resources given. */
function apiPolicy(resources: string): string {
  const doc = stmt(`"Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "execute-api:Invoke", "Resource": [${resources}]`);
  return `{\n  "account": { "id": "123456789012" },\n  "resources": { "arn:aws:apigateway:us-east-2::/restapis/aabbccddee": { "policy": ${doc} } }\n}\n`;
}

for (const [check, rule, text] of cases) {
  test(`${check} → ${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'}`, () => {
    expectRule(rule, text);
  });
}

test('quick fixes: StringNotEquals → StringNotLike, ForAnyValue:Null → Null, empty Sid removed, keeping the text around them', () => {
  const like = inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/breakglass-*" } }'));
  const f = run('grammar/wildcard-without-like', like)[0];
  assert.equal(applyEdits(like, f.fixes![0].edits), like.replace('"StringNotEquals"', '"StringNotLike"'));
  const nul = inFile(stmt('"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": { "ForAllValues:Null": { "aws:TagKeys": "true" } }'));
  const n = run('grammar/null-set-operator', nul)[0];
  assert.equal(applyEdits(nul, n.fixes![0].edits), nul.replace('"ForAllValues:Null"', '"Null"'));
  const sid = inFile('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "", // to name\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}');
  const s = run('grammar/empty-element', sid)[0];
  const fixed = applyEdits(sid, s.fixes![0].edits);
  assert.ok(!fixed.includes('"Sid"'), fixed);
  assert.match(fixed, /"Effect": "Allow",\n {6}"Action"/);
});

test('a shared operator gets no fix: changing it would change the other keys', () => {
  const text = inFile(stmt('"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEquals": { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/breakglass-*", "aws:PrincipalAccount": "123456789012" } }'));
  const [f] = run('grammar/wildcard-without-like', text);
  assert.equal(f.fixes?.length ?? 0, 0);
});

test('quick fix: the Roles Anywhere actions are added to the statement', () => {
  const text = inFile(stmt('"Effect": "Allow", "Principal": { "Service": "rolesanywhere.amazonaws.com" }, "Action": "sts:AssumeRole"'), 'trust');
  const [f] = run('trust/session-actions', text);
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.deepEqual(JSON.parse(fixed).roles.R.trustPolicy.Statement[0].Action, ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']);
  assert.equal(run('trust/session-actions', fixed).length, 0);
});

test('quick fix: the service of an ARN in lower case', () => {
  const text = inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:S3:::bucket/*"'));
  const [f] = run('catalog/arn-fields', text);
  assert.equal(applyEdits(text, f.fixes![0].edits), text.replace('arn:aws:S3:::', 'arn:aws:s3:::'));
});

test('quick fixes remove a redundant array element with its comma, keeping the rest of the line', () => {
  const text = inFile('{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": [\n      "s3:Get*", // reads\n      "s3:GetObject",\n      "s3:ListBucket"\n    ],\n    "Resource": "*"\n  }]\n}');
  const [f] = run('practice/redundant-values', text);
  const fixed = applyEdits(text, f.fixes![0].edits);
  assert.equal(fixed, text.replace('"s3:GetObject",\n      ', ''));
  const cidr = inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.5/24" } }'));
  const [c] = run('grammar/ip-range-host-bits', cidr);
  assert.equal(applyEdits(cidr, c.fixes![0].edits), cidr.replace('203.0.113.5/24', '203.0.113.0/24'));
});
