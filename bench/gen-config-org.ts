/**
 * A generated AWS organization as AWS delivers it: one AWS Config configuration snapshot per member account
 * (`{ fileVersion, configSnapshotId, configurationItems }`, items in Config's shapes: IAM entities with
 * URL-encoded documents and `permissionsBoundaryType: "Policy"`, buckets with `BucketPolicy.policyText`,
 * keys and functions with `supplementaryConfiguration.Policy`, queues and topics with `configuration.Policy`,
 * instances without a policy) and the AWS CLI's Organizations outputs (list-roots, list-*-for-parent,
 * list-policies, describe-policy, list-targets-for-policy). Deterministic: the same `accounts` give the same bytes.
 *
 * `node --import tsx bench/gen-config-org.ts [ACCOUNTS] [DIR]` writes them (default 300 into bench/out/config-org).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GenShape {
  users: number; groups: number; roles: number; policies: number; buckets: number; keys: number;
  queues: number; topics: number; functions: number; instances: number;
}
export const DEFAULT_SHAPE: GenShape = { users: 10, groups: 4, roles: 20, policies: 12, buckets: 8, keys: 3, queues: 4, topics: 3, functions: 6, instances: 20 };

const MGMT = '100000000000';
const ORG = 'o-benchorg001';
const ROOT = 'r-bench';
const OUS = ['ou-bench-prod0001', 'ou-bench-stag0001', 'ou-bench-sand0001'];
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));
const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
export const accountId = (i: number) => String(100000000001 + i);

function item(type: string, account: string, arn: string, id: string, name: string | null, configuration: unknown, supplementaryConfiguration: unknown = {}, tags: Record<string, string> = {}) {
  return {
    version: '1.3', configurationItemCaptureTime: '2026-11-20T08:15:00.000Z', configurationItemStatus: 'OK', configurationStateId: '1732090500000',
    configurationItemMD5Hash: '', awsAccountId: account, ARN: arn, resourceType: type, resourceId: id, resourceName: name,
    awsRegion: type.startsWith('AWS::IAM') ? 'global' : 'eu-west-1', availabilityZone: type.startsWith('AWS::IAM') ? 'Not Applicable' : 'Regional',
    resourceCreationTime: '2025-03-01T10:00:00.000Z', tags, relatedEvents: [], relationships: [], configuration, supplementaryConfiguration,
  };
}

/** The configuration items of one member account. */
export function accountItems(i: number, shape: GenShape = DEFAULT_SHAPE): unknown[] {
  const a = accountId(i);
  const iam = (kind: string, name: string, path = '/') => `arn:aws:iam::${a}:${kind}${path}${name}`;
  const out: unknown[] = [];
  const created = '2025-03-01T10:00:00.000Z';
  out.push(item('AWS::IAM::Policy', a, iam('policy', 'Boundary', '/boundaries/'), `ANPA${a}B`, 'Boundary', {
    policyName: 'Boundary', path: '/boundaries/', arn: iam('policy', 'Boundary', '/boundaries/'), defaultVersionId: 'v1', isAttachable: true, createDate: created,
    policyVersionList: [{ versionId: 'v1', isDefaultVersion: true, createDate: created, document: enc(doc([{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'sns:*', 'kms:Decrypt', 'lambda:*', 'logs:*', 'sts:AssumeRole'], Resource: '*' }])) }],
  }));
  for (let p = 0; p < shape.policies; p++) {
    const name = `app-${p}-access`;
    out.push(item('AWS::IAM::Policy', a, iam('policy', name), `ANPA${a}P${p}`, name, {
      policyName: name, path: '/', arn: iam('policy', name), defaultVersionId: 'v2', isAttachable: true, createDate: created, description: `Access for app ${p}`,
      policyVersionList: [
        { versionId: 'v1', isDefaultVersion: false, createDate: created, document: enc(doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])) },
        { versionId: 'v2', isDefaultVersion: true, createDate: created, document: enc(doc([
          { Sid: 'Data', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::data-${a}-${p % shape.buckets}`, `arn:aws:s3:::data-${a}-${p % shape.buckets}/*`] },
          { Sid: 'Queue', Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage'], Resource: `arn:aws:sqs:eu-west-1:${a}:queue-${p % shape.queues}` },
          { Sid: 'Key', Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:eu-west-1:${a}:key/*`, Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
        ])) },
      ],
    }));
  }
  for (let g = 0; g < shape.groups; g++) {
    const name = `team-${g}`;
    out.push(item('AWS::IAM::Group', a, iam('group', name), `AGPA${a}G${g}`, name, {
      groupName: name, path: '/', arn: iam('group', name), createDate: created,
      attachedManagedPolicies: [{ policyName: `app-${g}-access`, policyArn: iam('policy', `app-${g}-access`) }, { policyName: 'ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      groupPolicyList: [{ policyName: 'logs', policyDocument: enc(doc([{ Effect: 'Allow', Action: 'logs:Describe*', Resource: '*' }])) }],
    }));
  }
  for (let u = 0; u < shape.users; u++) {
    const name = `user-${u}`;
    out.push(item('AWS::IAM::User', a, iam('user', name, '/people/'), `AIDA${a}U${u}`, name, {
      userName: name, path: '/people/', arn: iam('user', name, '/people/'), createDate: created, groupList: [`team-${u % shape.groups}`],
      userPolicyList: u % 3 ? [] : [{ policyName: 'assume', policyDocument: enc(doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: iam('role', `svc-${u % shape.roles}`) }])) }],
      attachedManagedPolicies: [], permissionsBoundary: { permissionsBoundaryType: 'Policy', permissionsBoundaryArn: iam('policy', 'Boundary', '/boundaries/') },
      tags: [{ key: 'team', value: `team-${u % shape.groups}` }],
    }, {}, { team: `team-${u % shape.groups}` }));
  }
  for (let r = 0; r < shape.roles; r++) {
    const name = `svc-${r}`;
    const trust = r % 4 === 0
      ? doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }])
      : r % 4 === 1
        ? doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }])
        : doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceTag/team': `team-${r % shape.groups}` } } }]);
    out.push(item('AWS::IAM::Role', a, iam('role', name), `AROA${a}R${r}`, name, {
      roleName: name, path: '/', arn: iam('role', name), createDate: created, assumeRolePolicyDocument: enc(trust),
      instanceProfileList: r % 5 ? [] : [{ instanceProfileName: name, path: '/', arn: iam('instance-profile', name), createDate: created, roles: [{ roleName: name, path: '/', arn: iam('role', name) }] }],
      rolePolicyList: [{ policyName: 'inline', policyDocument: enc(doc([{ Effect: 'Allow', Action: ['sns:Publish'], Resource: `arn:aws:sns:eu-west-1:${a}:topic-${r % shape.topics}` }])) }],
      attachedManagedPolicies: [{ policyName: `app-${r % shape.policies}-access`, policyArn: iam('policy', `app-${r % shape.policies}-access`) }],
      permissionsBoundary: r % 2 ? { permissionsBoundaryType: 'Policy', permissionsBoundaryArn: iam('policy', 'Boundary', '/boundaries/') } : null,
      tags: [{ key: 'team', value: `team-${r % shape.groups}` }],
    }, {}, { team: `team-${r % shape.groups}` }));
  }
  for (let b = 0; b < shape.buckets; b++) {
    const name = `data-${a}-${b}`;
    const policy = doc([
      { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
    ]);
    out.push(item('AWS::S3::Bucket', a, `arn:aws:s3:::${name}`, name, name, { name, owner: { displayName: null, id: 'c0ffee' }, creationDate: created }, {
      BucketPolicy: { policyText: b % 4 === 3 ? null : JSON.stringify(policy) }, BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null }, IsRequesterPaysEnabled: false,
    }, { data: 'internal' }));
  }
  for (let k = 0; k < shape.keys; k++) {
    const id = `0000${String(k).padStart(4, '0')}-${a.slice(0, 4)}-4${a.slice(4, 7)}-8000-${a}`;
    const arn = `arn:aws:kms:eu-west-1:${a}:key/${id}`;
    out.push(item('AWS::KMS::Key', a, arn, id, id, { keyId: id, arn, enabled: true, keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', keyManager: 'CUSTOMER', origin: 'AWS_KMS' }, {
      KeyRotationStatus: true,
      Policy: JSON.stringify(doc([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'kms:*', Resource: '*' }]), null, 2),
    }));
  }
  for (let q = 0; q < shape.queues; q++) {
    const arn = `arn:aws:sqs:eu-west-1:${a}:queue-${q}`;
    out.push(item('AWS::SQS::Queue', a, arn, `https://sqs.eu-west-1.amazonaws.com/${a}/queue-${q}`, `queue-${q}`, {
      QueueArn: arn, QueueName: `queue-${q}`, QueueUrl: `https://sqs.eu-west-1.amazonaws.com/${a}/queue-${q}`, VisibilityTimeout: 30,
      Policy: JSON.stringify(doc([{ Sid: 'FromTopics', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:${a}:*` } } }])),
    }));
  }
  for (let t = 0; t < shape.topics; t++) {
    const arn = `arn:aws:sns:eu-west-1:${a}:topic-${t}`;
    out.push(item('AWS::SNS::Topic', a, arn, arn, `topic-${t}`, {
      TopicArn: arn, Owner: a,
      Policy: JSON.stringify({ Version: '2008-10-17', Id: '__default_policy_ID', Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'], Resource: arn, Condition: { StringEquals: { 'AWS:SourceOwner': a } } }] }),
    }));
  }
  for (let f = 0; f < shape.functions; f++) {
    const arn = `arn:aws:lambda:eu-west-1:${a}:function:fn-${f}`;
    out.push(item('AWS::Lambda::Function', a, arn, `fn-${f}`, `fn-${f}`, { functionName: `fn-${f}`, functionArn: arn, runtime: 'nodejs20.x', role: iam('role', `svc-${(f * 4) % shape.roles}`) }, {
      Policy: f % 2 ? undefined : JSON.stringify(doc([{ Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: arn, Condition: { StringEquals: { 'AWS:SourceAccount': a } } }])),
    }));
  }
  for (let n = 0; n < shape.instances; n++) {
    const id = `i-${a}${String(n).padStart(5, '0')}`;
    out.push(item('AWS::EC2::Instance', a, `arn:aws:ec2:eu-west-1:${a}:instance/${id}`, id, null, { instanceId: id, instanceType: 't3.micro', state: { name: 'running' } }));
  }
  return out;
}

/** The AWS CLI's Organizations outputs for `accounts` members spread over three OUs, by file name. */
export function organizationOutputs(accounts: number): Record<string, unknown> {
  const arn = (kind: string, id: string) => `arn:aws:organizations::${MGMT}:${kind}/${ORG}/${id}`;
  const files: Record<string, unknown> = {};
  files['list-roots.json'] = { Roots: [{ Id: ROOT, Arn: arn('root', ROOT), Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }, { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' }] }] };
  files[`list-organizational-units-for-parent.${ROOT}.json`] = { OrganizationalUnits: OUS.map((id, i) => ({ Id: id, Arn: arn('ou', id), Name: ['Prod', 'Staging', 'Sandbox'][i] })) };
  files[`list-accounts-for-parent.${ROOT}.json`] = { Accounts: [{ Id: MGMT, Arn: arn('account', MGMT), Email: 'mgmt@example.com', Name: 'management', Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: 1700000000 }] };
  OUS.forEach((ou, o) => {
    const members = [];
    for (let i = o; i < accounts; i += OUS.length) members.push({ Id: accountId(i), Arn: arn('account', accountId(i)), Email: `a${i}@example.com`, Name: `account-${i}`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: 1700000000 });
    files[`list-accounts-for-parent.${ou}.json`] = { Accounts: members };
  });
  const scp = { Id: 'p-benchscp001', Arn: `arn:aws:organizations::${MGMT}:policy/${ORG}/service_control_policy/p-benchscp001`, Name: 'DenyLeaving', Description: 'Stay in the organization', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false };
  const rcp = { Id: 'p-benchrcp001', Arn: `arn:aws:organizations::${MGMT}:policy/${ORG}/resource_control_policy/p-benchrcp001`, Name: 'TlsOnly', Description: 'TLS only', Type: 'RESOURCE_CONTROL_POLICY', AwsManaged: false };
  files['list-policies.json'] = { Policies: [scp, rcp, { Id: 'p-FullAWSAccess', Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', Name: 'FullAWSAccess', Description: 'Allows access to every operation', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true }] };
  files['describe-policy.p-benchscp001.json'] = { Policy: { PolicySummary: scp, Content: JSON.stringify(doc([{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }])) } };
  files['describe-policy.p-benchrcp001.json'] = { Policy: { PolicySummary: rcp, Content: JSON.stringify(doc([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }])) } };
  const target = (id: string, type: string) => ({ TargetId: id, Arn: type === 'ROOT' ? arn('root', id) : type === 'ACCOUNT' ? arn('account', id) : arn('ou', id), Name: id, Type: type });
  files['list-targets-for-policy.p-FullAWSAccess.json'] = { Targets: [target(ROOT, 'ROOT'), ...OUS.map((o) => target(o, 'ORGANIZATIONAL_UNIT')), target(MGMT, 'ACCOUNT'), ...Array.from({ length: accounts }, (_, i) => target(accountId(i), 'ACCOUNT'))] };
  files['list-targets-for-policy.p-benchscp001.json'] = { Targets: [target(OUS[0], 'ORGANIZATIONAL_UNIT'), target(OUS[1], 'ORGANIZATIONAL_UNIT')] };
  files['list-targets-for-policy.p-benchrcp001.json'] = { Targets: [target(ROOT, 'ROOT')] };
  return files;
}

/** Writes the organization into `dir`: `config/ACCOUNT.json` snapshots and `organizations/*.json`. */
export function writeOrganization(dir: string, accounts: number, shape: GenShape = DEFAULT_SHAPE): { bytes: number; items: number } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'organizations'), { recursive: true });
  let bytes = 0;
  let items = 0;
  for (let i = 0; i < accounts; i++) {
    const list = accountItems(i, shape);
    items += list.length;
    const text = JSON.stringify({ fileVersion: '1.0', configSnapshotId: `snap-${accountId(i)}`, configurationItems: list });
    bytes += text.length;
    writeFileSync(join(dir, 'config', `${accountId(i)}.json`), text);
  }
  for (const [name, value] of Object.entries(organizationOutputs(accounts))) writeFileSync(join(dir, 'organizations', name), JSON.stringify(value, null, 2));
  return { bytes, items };
}

if (require.main === module) {
  const accounts = Number(process.argv[2] ?? 300);
  const dir = process.argv[3] ?? join(__dirname, 'out', 'config-org');
  const { bytes, items } = writeOrganization(dir, accounts);
  console.log(`wrote ${accounts} accounts' Config snapshots (${items} items, ${(bytes / 1048576).toFixed(1)} MB) and the Organizations outputs into ${dir}`);
}
