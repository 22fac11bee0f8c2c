import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../core/engine';
import { ALICE, BOB_OTHER, decide, stmt } from './helpers';

const allowAll = () => stmt({ Effect: 'Allow', Action: '*', Resource: '*' });
const BUCKET = 'arn:aws:s3:::b/k';
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1';
const ROLE = 'arn:aws:iam::111111111111:role/app';

test('SCPs: every level must allow; a Deny at any level wins; not for the management account', () => {
  const root = [allowAll()];
  const ouNone = [stmt({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })];
  assert.equal(decide({ identity: [allowAll()], scpLevels: [root, root] }, 's3:GetObject'), 'allowed');
  assert.equal(decide({ identity: [allowAll()], scpLevels: [root, ouNone] }, 's3:GetObject'), 'implicitDeny');
  const r = evaluate({ principal: ALICE, action: 's3:GetObject' }, { identity: [allowAll()], scpLevels: [root, ouNone] });
  assert.equal(r.decidedBy, 'scp');
  const deny = [allowAll(), stmt({ Effect: 'Deny', Action: 's3:*', Resource: '*' })];
  assert.equal(decide({ identity: [allowAll()], scpLevels: [deny] }, 's3:GetObject'), 'explicitDeny');
  const mgmt = evaluate(
    { principal: { arn: ALICE, managementAccount: true }, action: 's3:GetObject' },
    { identity: [allowAll()], scpLevels: [deny] },
  );
  assert.equal(mgmt.decision, 'allowed');
  const slr = evaluate(
    { principal: { arn: 'arn:aws:iam::111111111111:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX', serviceLinkedRole: true }, action: 's3:GetObject' },
    { identity: [allowAll()], scpLevels: [ouNone] },
  );
  assert.equal(slr.decision, 'allowed');
  // Recognised from the ARN too: the /aws-service-role/ path, or an AWSServiceRoleFor… session.
  const slrSession = 'arn:aws:sts::111111111111:assumed-role/AWSServiceRoleForRDS/rds';
  assert.equal(decide({ identity: [allowAll()], scpLevels: [ouNone] }, 's3:GetObject', '*', { principal: slrSession }), 'allowed');
  // SCPs never grant by themselves.
  assert.equal(decide({ identity: [], scpLevels: [root] }, 's3:GetObject'), 'implicitDeny');
});

test('RCPs: implicit RCPFullAWSAccess, only Denies matter, only for supported services', () => {
  const denyS3 = [stmt({ Effect: 'Deny', Principal: '*', Action: ['s3:*', 'ec2:*'], Resource: '*' }, 'rcp')];
  assert.equal(decide({ identity: [allowAll()], rcpLevels: [[]] }, 's3:GetObject', BUCKET), 'allowed');
  assert.equal(decide({ identity: [allowAll()], rcpLevels: [denyS3] }, 's3:GetObject', BUCKET), 'explicitDeny');
  // EC2 does not support RCPs, so the RCP does not apply.
  assert.equal(decide({ identity: [allowAll()], rcpLevels: [denyS3] }, 'ec2:RunInstances'), 'allowed');
});

test('permissions boundary and session policy must allow too', () => {
  const boundary = [stmt({ Effect: 'Allow', Action: 's3:*', Resource: '*' })];
  assert.equal(decide({ identity: [allowAll()], boundary }, 's3:GetObject'), 'allowed');
  assert.equal(decide({ identity: [allowAll()], boundary }, 'ec2:RunInstances'), 'implicitDeny');
  // A boundary alone grants nothing.
  assert.equal(decide({ identity: [], boundary }, 's3:GetObject'), 'implicitDeny');
  const session = [stmt({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })];
  assert.equal(decide({ identity: [allowAll()], session }, 's3:GetObject', '*', { principal: SESSION }), 'allowed');
  assert.equal(decide({ identity: [allowAll()], session }, 's3:PutObject', '*', { principal: SESSION }), 'implicitDeny');
});

test('same-account resource policy naming the user or the session allows by itself', () => {
  const rp = stmt({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, 'resource');
  assert.equal(decide({ identity: [], resource: rp }, 's3:GetObject', BUCKET, { resourceAccount: '111111111111' }), 'allowed');
  // ...even past a permissions boundary that does not allow (user ARN grants are not limited by it).
  const boundary = [stmt({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })];
  assert.equal(decide({ identity: [], resource: rp, boundary }, 's3:GetObject', BUCKET, { resourceAccount: '111111111111' }), 'allowed');
  const sess = stmt({ Effect: 'Allow', Principal: { AWS: SESSION }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  assert.equal(decide({ resource: sess }, 's3:GetObject', BUCKET, { principal: SESSION, resourceAccount: '111111111111' }), 'allowed');
});

test('resource policy naming the role ARN: limited by boundary and session policy, not by identity policies', () => {
  const rp = stmt({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  const opts = { principal: SESSION, resourceAccount: '111111111111' };
  assert.equal(decide({ resource: rp }, 's3:GetObject', BUCKET, opts), 'allowed');
  const boundary = [stmt({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })];
  assert.equal(decide({ resource: rp, boundary }, 's3:GetObject', BUCKET, opts), 'implicitDeny');
  const session = [stmt({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })];
  assert.equal(decide({ resource: rp, session }, 's3:GetObject', BUCKET, opts), 'implicitDeny');
});

test('federated user session: naming the session allows by itself; naming the IAM user who federated is limited by boundary and session policy', () => {
  const fed = { arn: 'arn:aws:sts::111111111111:federated-user/carol', federatedBy: ALICE };
  const ask = (set: Parameters<typeof evaluate>[1]) =>
    evaluate({ principal: fed, action: 's3:GetObject', resource: BUCKET, resourceAccount: '111111111111' }, set);
  const s3Only = [stmt({ Effect: 'Allow', Action: 's3:*', Resource: '*' })];
  const ec2Only = [stmt({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' })];
  const bySession = stmt({ Effect: 'Allow', Principal: { AWS: fed.arn }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  assert.equal(ask({ resource: bySession, session: ec2Only, boundary: ec2Only }).decision, 'allowed');
  const byUser = stmt({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  const allowed = ask({ resource: byUser, session: s3Only });
  assert.deepEqual([allowed.decision, allowed.decidedBy], ['allowed', 'resource']);
  assert.match(allowed.reason, /names the IAM user who federated this session/);
  const bySessionPolicy = ask({ resource: byUser, session: ec2Only });
  assert.deepEqual([bySessionPolicy.decision, bySessionPolicy.decidedBy], ['implicitDeny', 'session']);
  assert.equal(ask({ resource: byUser, session: s3Only, boundary: ec2Only }).decidedBy, 'boundary');
  // Without the federating user's ARN, the user's name in a resource policy is not the session's.
  const unknown = evaluate({ principal: fed.arn, action: 's3:GetObject', resource: BUCKET, resourceAccount: '111111111111' }, { resource: byUser, session: s3Only });
  assert.equal(unknown.decision, 'implicitDeny');
});

test('sts:GetCallerIdentity is always allowed, whatever the policies say (STS API Reference, "GetCallerIdentity")', () => {
  const SCP_ALL = [allowAll()];
  const denyGci = (kind: 'identity' | 'scp' | 'rcp' | 'resource' = 'identity') =>
    stmt({ Effect: 'Deny', ...(kind === 'rcp' || kind === 'resource' ? { Principal: '*' } : {}), Action: 'sts:GetCallerIdentity', Resource: '*' }, kind);
  const ask = (set: Parameters<typeof evaluate>[1], principal: Parameters<typeof evaluate>[0]['principal'] = ALICE, action = 'sts:GetCallerIdentity') =>
    evaluate({ principal, action, resource: '*', context: { 'aws:SourceIp': '10.0.0.1' } }, set, { explain: true });
  const allowedByRule = (r: ReturnType<typeof ask>, what: string) => {
    assert.deepEqual([r.decision, r.decidedBy, r.matched, r.missingContextKeys], ['allowed', undefined, [], []], what);
    assert.equal(
      r.reason,
      'sts:GetCallerIdentity needs no permission: AWS allows it to every caller, even when a policy explicitly denies it (STS API Reference, "GetCallerIdentity").',
      what,
    );
  };

  // An explicit Deny in an identity-based policy does not stop it; the layers still say what the policies say.
  const denied = ask({ identity: [allowAll(), denyGci()] });
  allowedByRule(denied, 'identity Deny');
  assert.equal(denied.layers.find((l) => l.layer === 'identity')?.decision, 'explicitDeny');
  assert.ok(denied.explanation?.some((p) => p.statements.some((st) => st.effect === 'Deny' && st.matched)), 'the explanation shows the Deny applying');
  // No context key can change the answer, so none is reported missing.
  const regional = stmt({ Effect: 'Deny', Action: 'sts:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } });
  allowedByRule(ask({ identity: [allowAll(), regional] }), 'conditional Deny on a missing key');
  assert.deepEqual(ask({ identity: [allowAll(), regional] }, ALICE, 'sts:GetSessionToken').missingContextKeys, ['aws:RequestedRegion']);
  // No policy at all.
  allowedByRule(ask({}), 'no policy');
  // Case-insensitive action name.
  allowedByRule(ask({ identity: [denyGci()] }, ALICE, 'STS:getcalleridentity'), 'action name case');
  // SCPs (a Deny, or a level that allows nothing), RCPs, boundaries, session policies, endpoint policies.
  allowedByRule(ask({ identity: [allowAll()], scpLevels: [SCP_ALL, [denyGci('scp')]] }), 'SCP Deny');
  allowedByRule(ask({ identity: [allowAll()], scpLevels: [SCP_ALL, []] }), 'SCP level allowing nothing');
  allowedByRule(ask({ identity: [allowAll()], rcpLevels: [[denyGci('rcp')]] }), 'RCP Deny');
  allowedByRule(ask({ identity: [allowAll()], boundary: [stmt({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] }), 'boundary');
  allowedByRule(ask({ identity: [allowAll()], session: [denyGci()] }, SESSION), 'session policy Deny');
  allowedByRule(ask({ identity: [allowAll()], endpoint: [stmt({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }, 'resource')] }), 'endpoint policy');
  allowedByRule(ask({ resource: denyGci('resource') }), 'resource-based Deny');
  // Any caller: role sessions, federated-user sessions, other accounts' users, the root user, services.
  const fed = { arn: 'arn:aws:sts::111111111111:federated-user/carol', federatedBy: ALICE };
  for (const principal of [SESSION, fed, BOB_OTHER, 'arn:aws:iam::111111111111:root', 'lambda.amazonaws.com']) {
    allowedByRule(ask({ identity: [denyGci()], session: [denyGci()], scpLevels: [[denyGci('scp')]] }, principal), JSON.stringify(principal));
  }

  // Other STS actions are still decided by the policies.
  const gst = ask({ identity: [allowAll(), stmt({ Effect: 'Deny', Action: 'sts:*', Resource: '*' })] }, ALICE, 'sts:GetSessionToken');
  assert.deepEqual([gst.decision, gst.decidedBy], ['explicitDeny', 'identity']);
  assert.equal(ask({}, ALICE, 'sts:GetSessionToken').decision, 'implicitDeny');
  assert.equal(ask({ identity: [allowAll()], scpLevels: [[denyGci('scp'), stmt({ Effect: 'Deny', Action: 'sts:GetSessionToken', Resource: '*' }, 'scp')]] }, ALICE, 'sts:GetSessionToken').decision, 'explicitDeny');
  assert.deepEqual([ask({ identity: [allowAll()] }, ALICE, 'sts:GetSessionToken').decision, ask({ identity: [allowAll()] }, ALICE, 'sts:GetSessionToken').decidedBy], ['allowed', 'identity']);
  // A federated-user session is still barred from the other STS operations.
  assert.equal(ask({ identity: [allowAll()], session: [allowAll()] }, fed, 'sts:GetSessionToken').decision, 'implicitDeny');
});

test('federated user session: no IAM operations and no STS operations but GetCallerIdentity, whatever the policies allow', () => {
  // IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken" (Permissions).
  const fed = { arn: 'arn:aws:sts::111111111111:federated-user/carol', federatedBy: ALICE };
  const set = {
    identity: [stmt({ Effect: 'Allow', Action: ['iam:*', 'sts:*', 's3:*'], Resource: '*' })],
    session: [stmt({ Effect: 'Allow', Action: '*', Resource: '*' })],
  };
  const ask = (action: string, resource = '*', s: Parameters<typeof evaluate>[1] = set) =>
    evaluate({ principal: fed, action, resource }, s, { explain: true });

  const listUsers = ask('iam:ListUsers');
  assert.deepEqual([listUsers.decision, listUsers.decidedBy, listUsers.matched], ['implicitDeny', undefined, []]);
  assert.equal(
    listUsers.reason,
    `AWS STS federated user sessions can't call IAM operations with the AWS CLI or API, whatever the policies allow (IAM User Guide, "Compare AWS STS credentials"; STS API Reference, "GetFederationToken").`,
  );
  // The layers still report what the policies themselves say.
  assert.equal(listUsers.layers.find((l) => l.layer === 'identity')?.decision, 'allowed');
  assert.equal(ask('IAM:GetUser', 'arn:aws:iam::111111111111:user/alice').decision, 'implicitDeny', 'action names are case-insensitive');
  // Not even a resource-based policy naming the session opens IAM or STS to it.
  const trust = stmt({ Effect: 'Allow', Principal: { AWS: fed.arn }, Action: 'sts:AssumeRole' }, 'resource');
  const assume = ask('sts:AssumeRole', 'arn:aws:iam::111111111111:role/app', { ...set, resource: trust });
  assert.deepEqual([assume.decision, assume.decidedBy], ['implicitDeny', undefined]);
  assert.match(assume.reason, /^AWS STS federated user sessions can't call STS operations other than GetCallerIdentity, /);
  assert.equal(ask('sts:GetFederationToken', 'arn:aws:sts::111111111111:federated-user/x').decision, 'implicitDeny');

  // GetCallerIdentity is the exception, by the general rule that every caller may call it whatever the
  // policies say (STS API Reference, "GetCallerIdentity"): even a session policy that does not allow it.
  const s3Only = { identity: set.identity, session: [stmt({ Effect: 'Allow', Action: 's3:*', Resource: '*' })] };
  for (const s of [set, s3Only]) {
    const gci = ask('sts:GetCallerIdentity', '*', s);
    assert.deepEqual([gci.decision, gci.decidedBy, gci.matched], ['allowed', undefined, []]);
    assert.match(gci.reason, /^sts:GetCallerIdentity needs no permission/);
  }
  // iam:PassRole is a permission, not an IAM operation: the policies decide it.
  assert.equal(ask('iam:PassRole', 'arn:aws:iam::111111111111:role/app').decision, 'allowed');
  // Other services are not affected.
  assert.deepEqual([ask('s3:GetObject', BUCKET).decision, ask('s3:GetObject', BUCKET).decidedBy], ['allowed', 'identity']);
  // An explicit Deny is still reported as such.
  const denied = ask('iam:ListUsers', '*', { ...set, session: [...set.session, stmt({ Effect: 'Deny', Action: 'iam:List*', Resource: '*' })] });
  assert.deepEqual([denied.decision, denied.decidedBy], ['explicitDeny', 'session']);

  // Users, roles and role sessions with the same policies are not limited.
  for (const principal of [ALICE, ROLE, SESSION]) {
    for (const action of ['iam:ListUsers', 'sts:AssumeRole', 'sts:GetCallerIdentity']) {
      assert.equal(evaluate({ principal, action, resource: '*' }, { identity: set.identity }).decision, 'allowed', `${principal} ${action}`);
    }
  }
});

test('resource policy naming only the account needs an identity-based allow', () => {
  const rp = stmt({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:*', Resource: '*' }, 'resource');
  assert.equal(decide({ resource: rp }, 's3:GetObject', BUCKET), 'implicitDeny');
  assert.equal(decide({ resource: rp, identity: [allowAll()] }, 's3:GetObject', BUCKET), 'allowed');
});

test('cross-account: both the caller account and the resource policy must allow', () => {
  const rp = stmt({ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  const opts = { principal: BOB_OTHER, resourceAccount: '111111111111' };
  assert.equal(decide({ identity: [allowAll()], resource: rp }, 's3:GetObject', BUCKET, opts), 'allowed');
  assert.equal(decide({ identity: [], resource: rp }, 's3:GetObject', BUCKET, opts), 'implicitDeny');
  assert.equal(decide({ identity: [allowAll()] }, 's3:GetObject', BUCKET, opts), 'implicitDeny');
  const direct = stmt({ Effect: 'Allow', Principal: { AWS: BOB_OTHER }, Action: 's3:GetObject', Resource: '*' }, 'resource');
  assert.equal(decide({ identity: [], resource: direct }, 's3:GetObject', BUCKET, opts), 'implicitDeny');
  const r = evaluate({ principal: BOB_OTHER, action: 's3:GetObject', resource: BUCKET, resourceAccount: '111111111111' }, { identity: [allowAll()] });
  assert.equal(r.crossAccount, true);
  assert.equal(r.decidedBy, 'resource');
});

test('trust policies and KMS key policies must allow explicitly', () => {
  const roleArn = 'arn:aws:iam::111111111111:role/target';
  const trustAccount = stmt({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }, 'trust');
  const trustOther = stmt({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, 'trust');
  const trustAlice = stmt({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' }, 'trust');
  assert.equal(decide({ identity: [allowAll()], resource: trustOther }, 'sts:AssumeRole', roleArn), 'implicitDeny');
  assert.equal(decide({ identity: [allowAll()], resource: trustAccount }, 'sts:AssumeRole', roleArn), 'allowed');
  assert.equal(decide({ identity: [], resource: trustAccount }, 'sts:AssumeRole', roleArn), 'implicitDeny');
  assert.equal(decide({ identity: [], resource: trustAlice }, 'sts:AssumeRole', roleArn), 'allowed');
  const key = 'arn:aws:kms:eu-west-1:111111111111:key/1234';
  const keyPolicyOther = stmt({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/carol' }, Action: 'kms:*', Resource: '*' }, 'resource');
  assert.equal(decide({ identity: [allowAll()], resource: keyPolicyOther }, 'kms:Decrypt', key), 'implicitDeny');
});

test('anonymous and service callers: only the resource policy can allow', () => {
  const pub = stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, 'resource');
  assert.equal(decide({ resource: pub }, 's3:GetObject', BUCKET, { principal: 'anonymous', resourceAccount: '111111111111' }), 'allowed');
  assert.equal(decide({ resource: pub }, 's3:PutObject', BUCKET, { principal: 'anonymous', resourceAccount: '111111111111' }), 'implicitDeny');
  const svc = stmt({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }, 'resource');
  const q = 'arn:aws:sqs:eu-west-1:111111111111:q';
  assert.equal(decide({ resource: svc }, 'sqs:SendMessage', q, { principal: 'lambda.amazonaws.com' }), 'allowed');
  assert.equal(decide({ resource: svc }, 'sqs:SendMessage', q, { principal: 'sns.amazonaws.com' }), 'implicitDeny');
});

test('account root user: allowed in its own account unless denied', () => {
  const root = 'arn:aws:iam::111111111111:root';
  assert.equal(decide({}, 's3:GetObject', BUCKET, { principal: root }), 'allowed');
  const scp = [[stmt({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), allowAll()]];
  assert.equal(decide({ scpLevels: scp }, 's3:GetObject', BUCKET, { principal: root }), 'explicitDeny');
});

test('VPC endpoint policy must allow', () => {
  const ep = [stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, 'endpoint')];
  assert.equal(decide({ identity: [allowAll()], endpoint: ep }, 's3:GetObject', BUCKET), 'allowed');
  assert.equal(decide({ identity: [allowAll()], endpoint: ep }, 's3:PutObject', BUCKET), 'implicitDeny');
});

test('NotPrincipal with Deny: excluded only when every identity of the caller is listed', () => {
  const rp = (list: string[]) =>
    stmt({ Effect: 'Deny', NotPrincipal: { AWS: list }, Action: 's3:*', Resource: '*' }, 'resource');
  const set = (list: string[]) => ({ identity: [allowAll()], resource: rp(list) });
  assert.equal(decide(set([ALICE]), 's3:GetObject', BUCKET), 'explicitDeny');
  assert.equal(decide(set([ALICE, 'arn:aws:iam::111111111111:root']), 's3:GetObject', BUCKET), 'allowed');
  assert.equal(decide(set(['arn:aws:iam::111111111111:user/zed', '111111111111']), 's3:GetObject', BUCKET), 'explicitDeny');
  // Role sessions: the account and the role must be listed; the role's ARN covers its sessions.
  const opts = { principal: SESSION };
  assert.equal(decide(set([ROLE]), 's3:GetObject', BUCKET, opts), 'explicitDeny');
  assert.equal(decide(set([ROLE, '111111111111']), 's3:GetObject', BUCKET, opts), 'allowed');
  // ...but a Deny with NotPrincipal always denies principals with a permissions boundary.
  const withBoundary = { ...set([ALICE, 'arn:aws:iam::111111111111:root']), boundary: [allowAll()] };
  assert.equal(decide(withBoundary, 's3:GetObject', BUCKET), 'explicitDeny');
});

test('explanations: every statement, matched or not, with spans and per-condition reasons', () => {
  const p = stmt({ Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:username': 'bob' } } });
  const r = evaluate({ principal: ALICE, action: 's3:GetObject' }, { identity: [p] }, { explain: true });
  assert.equal(r.decision, 'implicitDeny');
  const st = r.explanation![0].statements[0];
  assert.equal(st.sid, 'A');
  assert.equal(st.actionMatched, true);
  assert.equal(st.matched, false);
  assert.equal(st.conditions[0].held, false);
  assert.match(st.conditions[0].why, /alice/);
  assert.match(st.why, /condition does not hold/);
  const other = evaluate({ principal: ALICE, action: 'ec2:RunInstances' }, { identity: [p] }, { explain: true });
  assert.equal(other.explanation![0].statements[0].why, 'ec2:RunInstances does not match Action (s3:*).');
  assert.ok(st.span.end > st.span.start);
});
