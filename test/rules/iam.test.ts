import { test } from 'node:test';
import { expectRule, marked } from './harness';

const acct = '"account": { "id": "123456789012" }';
const trust = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "rds.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }';
const stmt = (principal: string) => `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole" } ] }`;

const cases: [string, string][] = [
  ['iam/group-in-group', `{ ${acct}, "groups": { "Ops": { "groups": [⟦"Admins"⟧] }, "Admins": {} } }`],
  ['iam/group-in-group', `{ ${acct}, "groups": { "Ops": {}, "Admins": {} } }`],
  ['iam/group-as-principal', `{ ${acct}, "roles": { "r": { "trustPolicy": ${stmt('{ "AWS": [⟦"arn:aws:iam::123456789012:group/Admins"⟧, "arn:aws:iam::123456789012:user/alice"] }')} } } }`],
  ['iam/group-as-principal', `{ ${acct}, "resources": { "arn:aws:s3:::b": { "policy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": ⟦"arn:aws:iam::123456789012:group/Devs"⟧ }, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" } ] } } } }`],
  ['iam/service-linked-role', `{ ${acct}, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [] } } }, "roles": { "AWSServiceRoleForRDS": { "serviceLinked": true, "trustPolicy": ${trust}, "policies": ["arn:aws:iam::aws:policy/aws-service-role/AmazonRDSServiceRolePolicy", ⟦"P"⟧], "inlinePolicies": ⟦{ "x": { "Version": "2012-10-17", "Statement": [] } }⟧ } } }`],
  ['iam/service-linked-role', `{ ${acct}, "roles": { "AWSServiceRoleForRDS": { "serviceLinked": true, "trustPolicy": ${trust}, "policies": ["arn:aws:iam::aws:policy/aws-service-role/AmazonRDSServiceRolePolicy"] }, "app": { "trustPolicy": ${trust}, "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } } }`],
  ['iam/legacy-organization', `{ "account": { "id": "123456789012", "organization": ⟦{ "serviceControlPolicies": [["FullAWSAccess"]] }⟧ } }`],
  ['iam/legacy-organization', `{ ${acct} }`],
  ['iam/role-without-trust-policy', `{ ${acct}, "roles": { ⟦"lonely"⟧: { "policies": [] }, "ok": { "trustPolicy": ${trust} } } }`],
];

for (const [rule, text] of cases) {
  test(`${rule}: ${marked(text).spans.length ? 'fires' : 'stays silent'}`, () => {
    expectRule(rule, text);
  });
}
