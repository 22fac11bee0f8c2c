/** Snippets for statements and entities (VS Code snippet syntax; `\t` is re-indented by the editor). */

export interface Snippet {
  label: string;
  detail: string;
  body: string;
}

export const STATEMENT_SNIPPETS: Snippet[] = [
  {
    label: 'Allow statement',
    detail: 'Effect, Action, Resource',
    body: '{\n\t"Sid": "${1:Sid}",\n\t"Effect": "Allow",\n\t"Action": ["${2:s3:GetObject}"],\n\t"Resource": ["${3:*}"]\n}',
  },
  {
    label: 'Deny statement',
    detail: 'an explicit deny',
    body: '{\n\t"Sid": "${1:Deny}",\n\t"Effect": "Deny",\n\t"Action": ["${2:*}"],\n\t"Resource": ["${3:*}"]\n}',
  },
  {
    label: 'Read an S3 bucket',
    detail: 's3:ListBucket on the bucket, s3:GetObject on its objects',
    body: '{\n\t"Sid": "ReadBucket",\n\t"Effect": "Allow",\n\t"Action": ["s3:ListBucket"],\n\t"Resource": ["arn:aws:s3:::${1:bucket}"]\n},\n{\n\t"Sid": "ReadObjects",\n\t"Effect": "Allow",\n\t"Action": ["s3:GetObject"],\n\t"Resource": ["arn:aws:s3:::${1:bucket}/*"]\n}',
  },
  {
    label: 'Deny without MFA',
    detail: 'deny everything unless the session used MFA',
    body: '{\n\t"Sid": "DenyWithoutMFA",\n\t"Effect": "Deny",\n\t"NotAction": ["iam:ChangePassword", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],\n\t"Resource": "*",\n\t"Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } }\n}',
  },
  {
    label: 'Deny outside regions',
    detail: 'deny requests to regions other than the listed ones',
    body: '{\n\t"Sid": "DenyOtherRegions",\n\t"Effect": "Deny",\n\t"NotAction": ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"],\n\t"Resource": "*",\n\t"Condition": { "StringNotEquals": { "aws:RequestedRegion": ["${1:eu-west-1}"] } }\n}',
  },
  {
    label: 'Pass a role to a service',
    detail: 'iam:PassRole restricted to one role and service',
    body: '{\n\t"Sid": "PassRole",\n\t"Effect": "Allow",\n\t"Action": "iam:PassRole",\n\t"Resource": "arn:aws:iam::${1:111111111111}:role/${2:role-name}",\n\t"Condition": { "StringEquals": { "iam:PassedToService": "${3:ec2.amazonaws.com}" } }\n}',
  },
];

export const TRUST_SNIPPETS: Snippet[] = [
  {
    label: 'Trust an AWS service',
    detail: 'sts:AssumeRole by a service principal',
    body: '{\n\t"Effect": "Allow",\n\t"Principal": { "Service": "${1:ec2.amazonaws.com}" },\n\t"Action": "sts:AssumeRole"\n}',
  },
  {
    label: 'Trust another account (with ExternalId)',
    detail: 'cross-account sts:AssumeRole guarded by sts:ExternalId',
    body: '{\n\t"Effect": "Allow",\n\t"Principal": { "AWS": "arn:aws:iam::${1:222222222222}:root" },\n\t"Action": "sts:AssumeRole",\n\t"Condition": { "StringEquals": { "sts:ExternalId": "${2:external-id}" } }\n}',
  },
  {
    label: 'Trust GitHub Actions (OIDC)',
    detail: 'sts:AssumeRoleWithWebIdentity for one repository',
    body: '{\n\t"Effect": "Allow",\n\t"Principal": { "Federated": "arn:aws:iam::${1:111111111111}:oidc-provider/token.actions.githubusercontent.com" },\n\t"Action": "sts:AssumeRoleWithWebIdentity",\n\t"Condition": {\n\t\t"StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },\n\t\t"StringLike": { "token.actions.githubusercontent.com:sub": "repo:${2:org/repo}:ref:refs/heads/${3:main}" }\n\t}\n}',
  },
  {
    label: 'Trust a SAML provider',
    detail: 'sts:AssumeRoleWithSAML for console federation',
    body: '{\n\t"Effect": "Allow",\n\t"Principal": { "Federated": "arn:aws:iam::${1:111111111111}:saml-provider/${2:corp}" },\n\t"Action": "sts:AssumeRoleWithSAML",\n\t"Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } }\n}',
  },
];

const DOC = '{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t{ "Effect": "Allow", "Action": ["${2:s3:GetObject}"], "Resource": ["${3:*}"] }\n\t]\n}';

export const ENTITY_SNIPPETS: Record<string, Snippet> = {
  users: { label: 'New user', detail: 'a user with groups and MFA', body: '"${1:name}": {\n\t"groups": [${2}],\n\t"policies": [],\n\t"mfa": []\n}' },
  groups: { label: 'New group', detail: 'a group with attached policies', body: '"${1:Name}": {\n\t"policies": [${2}]\n}' },
  roles: {
    label: 'New role',
    detail: 'a role with a trust policy',
    body: '"${1:name}": {\n\t"trustPolicy": {\n\t\t"Version": "2012-10-17",\n\t\t"Statement": [\n\t\t\t{ "Effect": "Allow", "Principal": { "Service": "${2:ec2.amazonaws.com}" }, "Action": "sts:AssumeRole" }\n\t\t]\n\t},\n\t"policies": [${3}]\n}',
  },
  policies: { label: 'New policy', detail: 'a customer managed policy', body: '"${1:Name}": {\n\t"description": "${4}",\n\t"document": ' + DOC.replace(/\n/g, '\n\t') + '\n}' },
  identityProviders: { label: 'New OIDC provider', detail: 'e.g. GitHub Actions', body: '"${1:github}": {\n\t"type": "oidc",\n\t"url": "${2:https://token.actions.githubusercontent.com}",\n\t"clientIds": ["sts.amazonaws.com"]\n}' },
  resources: { label: 'New resource policy', detail: 'a bucket (or other) policy keyed by ARN', body: '"${1:arn:aws:s3:::bucket}": {\n\t"policy": ' + DOC.replace(/\n/g, '\n\t') + '\n}' },
};

export const POLICY_DOCUMENT_SNIPPET: Snippet = { label: 'Policy document', detail: 'Version and one statement', body: DOC };
