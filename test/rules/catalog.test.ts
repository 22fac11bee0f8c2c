import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { arnFitsTemplate, patternsIntersect } from '../../core/analysis/rules/support/values';
import { closestTemplate } from '../../core/analysis/rules/catalog/resource-mismatch';
import { expectRule, inFile, marked, run, stmt } from './harness';

const cases: [string, string][] = [
  ['catalog/unknown-service', inFile(stmt('"Effect": "Allow", "Action": [⟦"s4:GetObject"⟧, "s3:GetObject", "*", "ec2:*"], "Resource": "*"'))],
  ['catalog/unknown-action', inFile(stmt('"Effect": "Allow", "Action": [⟦"s3:GetObjekt"⟧, ⟦"iam:PasRole"⟧, "s3:getobject", "s3:Get*", "nosuch:Thing"], "Resource": "*"'))],
  ['catalog/wildcard-matches-nothing', inFile(stmt('"Effect": "Allow", "Action": [⟦"s3:Gett*"⟧, "s3:Get*", "s3:*", "s3:?etObject"], "Resource": "*"'))],
  ['catalog/unknown-condition-key', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {⟦"aws:SorceVpc"⟧: "v", ⟦"s3:nosuchkey"⟧: "x", "aws:PrincipalTag/team": "a", "s3:ExistingObjectTag/x": "y", "aws:sourcevpc": "v"}}'))],
  ['catalog/unknown-condition-key', inFile(stmt('"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}}'), 'trust')],
  ['catalog/condition-key-not-applicable', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*", "Condition": {"StringEquals": {⟦"ec2:Region"⟧: "eu-west-1", "aws:RequestedRegion": "eu-west-1", "s3:ExistingObjectTag/team": "a"}}'))],
  ['catalog/condition-key-not-applicable', inFile(stmt('"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}'))],
  ['catalog/condition-key-not-applicable', inFile(stmt('"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/"}}'))],
  // Keys that no action of their service lists: CodeBuild puts codebuild:buildArn and codebuild:projectArn in the
  // requests a build makes to other services; the catalogue cannot say which actions receive them.
  ['catalog/condition-key-not-applicable', inFile(stmt('"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "*", "Condition": {"ArnLike": {"codebuild:projectArn": "arn:aws:codebuild:*:123456789012:project/ci-*", "codebuild:BuildArn": "arn:aws:codebuild:*:123456789012:build/*"}, "StringEquals": {⟦"codebuild:source.Location"⟧: "x"}}'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [⟦"arn:aws:s3:::bucket"⟧, "arn:aws:s3:::bucket/*", ⟦"arn:aws:ec2:eu-west-1:123456789012:instance/*"⟧]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ⟦"arn:aws:s3:::bucket"⟧'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:ListBucket"], "Resource": "arn:aws:s3:::bucket"'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["iam:PassRole", "iam:GetRole"], "Resource": ["arn:aws:iam::123456789012:role/app-*", ⟦"arn:aws:iam::123456789012:user/bob"⟧, "arn:aws:iam::*:role/${aws:username}"]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:StartInstances"], "Resource": ["arn:aws:ec2:*:123456789012:instance/*"]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]'))],
  // Resource types with two ARN forms (the catalogue writes "arn:..., arn:..."): either form fits.
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "apigateway:SetWebACL", "Resource": ["arn:aws:apigateway:*::/restapis/*/stages/*", "arn:aws:apigateway:eu-west-1::/apis/a1/stages/prod", ⟦"arn:aws:apigateway:*::/usageplans/*"⟧]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "lex:DeleteBot", "Resource": ["arn:aws:lex:eu-west-1:123456789012:bot:OrderFlowers", "arn:aws:lex:eu-west-1:123456789012:bot/B1234567"]'))],
  // A resource type of the service that no action lists (API Gateway V2's "Apis", CodeBuild's "build"): the
  // catalogue does not say which actions take it, so it is not reported; other ARNs still are.
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "apigateway:GET", "Resource": ["arn:aws:apigateway:*::/apis", "arn:aws:apigateway:*::/apis/*/routes/*", ⟦"arn:aws:apigateway:*::/nosuchthing"⟧]'))],
  // CodeStar Connections was renamed CodeConnections: the catalogue has both prefixes, with the same actions and
  // resource types, and a connection's ARN carries either prefix. WAF Classic and WAF Regional are two services.
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "codestar-connections:UseConnection", "Resource": ["arn:aws:codeconnections:us-east-1:123456789012:connection/abc", "arn:aws:codestar-connections:*:*:connection/*", ⟦"arn:aws:codeconnections:us-east-1:123456789012:host/h-1"⟧]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "codeconnections:GetConnection", "Resource": "arn:aws:codestar-connections:*:*:connection/*"'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "waf:GetWebACL", "Resource": ["arn:aws:waf::123456789012:webacl/w1", ⟦"arn:aws:waf-regional:*:*:webacl/*"⟧]'))],
  ['catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], "Resource": ["arn:aws:codebuild:*:*:build/*", ⟦"arn:aws:codebuild:*:*:fleet/*"⟧, ⟦"arn:aws:s3:::bucket/*"⟧]'))],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'} on ${marked(text).text.replace(/\s+/g, ' ').slice(90, 170)}`, () => {
    expectRule(rule, text);
  });
}

test('unknown action: did-you-mean fixes replace the value', () => {
  const text = inFile(stmt('"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"'));
  const [f] = run('catalog/unknown-action', text);
  assert.match(f.message, /did you mean "s3:GetObject"/);
  assert.equal(f.fixes![0].title, 'Change to "s3:GetObject"');
  assert.equal(applyEdits(text, f.fixes![0].edits), text.replace('s3:GetObjekt', 's3:GetObject'));
});

test('unknown service suggests the prefix', () => {
  const [f] = run('catalog/unknown-service', inFile(stmt('"Effect": "Allow", "Action": "s33:GetObject", "Resource": "*"')));
  assert.match(f.message, /did you mean "s3"/);
});

test('wildcard pattern intersection and ARN templates', () => {
  assert.ok(patternsIntersect('arn:aws:s3:::b/*', 'arn:*:s3:::*/*'));
  assert.ok(!patternsIntersect('arn:aws:s3:::b', 'arn:*:s3:::*/*'));
  assert.ok(patternsIntersect('a?c', 'abc'));
  assert.ok(patternsIntersect('*x', 'y*'));
  assert.ok(!patternsIntersect('abc', 'abd'));
  assert.ok(arnFitsTemplate('arn:aws:iam::123456789012:role/x', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'));
  assert.ok(!arnFitsTemplate('arn:aws:iam:us-east-1:123456789012:role/x', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'));
  assert.ok(!arnFitsTemplate('arn:aws:iam::123456789012:user/x', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'));
  const stage = 'arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}, arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}';
  assert.ok(arnFitsTemplate('arn:aws:apigateway:us-east-1::/restapis/r1/stages/prod', stage));
  assert.ok(arnFitsTemplate('arn:aws:apigateway:us-east-1::/apis/a1/stages/prod', stage));
  assert.ok(!arnFitsTemplate('arn:aws:apigateway:us-east-1::/domainnames/example.com', stage));
});

test('resource-mismatch shows the template most like the ARN written as its example', () => {
  const findings = run('catalog/resource-mismatch', inFile(stmt('"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-bucket"')));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /e\.g\. arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}\)/);
  assert.equal(
    closestTemplate('arn:aws:ec2:eu-west-1:123456789012:volume/vol-1', [
      'arn:${Partition}:ec2:${Region}::image/${ImageId}',
      'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
      'arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}',
    ]),
    'arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}',
  );
  assert.equal(closestTemplate('not an arn', ['a', 'b']), 'a', 'no better choice: the first');
});
