import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkspace } from '../../core/model';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

const ORG = {
  organization: {
    id: 'o-exampleorgid',
    managementAccount: '111111111111',
    policies: {
      DenyRegions: {
        type: 'SERVICE_CONTROL_POLICY',
        id: 'p-denyregion1',
        document: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'OnlyEU', Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }],
        },
      },
      NoExternalS3: {
        type: 'RESOURCE_CONTROL_POLICY',
        id: 'p-noexternal1',
        document: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'NoDelete', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }],
        },
      },
    },
    root: {
      id: 'r-ab12',
      policies: ['FullAWSAccess', 'RCPFullAWSAccess'],
      accounts: { '111111111111': { name: 'management' } },
      organizationalUnits: {
        Prod: {
          id: 'ou-ab12-prodprod',
          policies: ['FullAWSAccess', 'DenyRegions', 'NoExternalS3'],
          accounts: { '222222222222': { name: 'prod', policies: ['FullAWSAccess'] } },
          organizationalUnits: { Nested: { accounts: { '333333333333': {} } } },
        },
      },
    },
  },
};

const ACCOUNT = (id: string) => ({
  account: { id },
  policies: { Admin: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } },
  users: { alice: { policies: ['Admin'] } },
  resources: {
    [`arn:aws:s3:::bucket-${id}`]: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 's3:*', Resource: '*' }] } },
  },
});

function workspace(extra: Record<string, unknown> = {}) {
  const files = { 'org.iam.json': ORG, 'prod.iam.json': ACCOUNT('222222222222'), 'nested.iam.json': ACCOUNT('333333333333'), 'mgmt.iam.json': ACCOUNT('111111111111'), 'alone.iam.json': ACCOUNT('444444444444'), ...extra };
  return buildWorkspace(Object.entries(files).map(([uri, v]) => ({ uri, text: JSON.stringify(v, null, 2) })));
}

test('an organization file reads without findings, and each account gets its levels from its place in the tree', () => {
  const ws = workspace();
  assert.deepEqual(ws.allFindings().map((f) => `${f.uri} ${f.code}`), []);
  const names = (levels: { ref: string }[][]) => levels.map((l) => l.map((r) => r.ref));
  const prod = ws.organizationOf(ws.fileForAccount('222222222222'))!;
  assert.equal(prod.source, 'tree');
  assert.deepEqual(names(prod.scp), [['FullAWSAccess'], ['FullAWSAccess', 'DenyRegions'], ['FullAWSAccess']]);
  assert.deepEqual(names(prod.rcp), [['RCPFullAWSAccess'], ['NoExternalS3'], []]);
  // An OU and an account that list no policies have AWS's default, FullAWSAccess.
  const nested = ws.organizationOf(ws.fileForAccount('333333333333'))!;
  assert.deepEqual(names(nested.scp), [['FullAWSAccess'], ['FullAWSAccess', 'DenyRegions'], ['FullAWSAccess'], ['FullAWSAccess']]);
  assert.equal(ws.organizationOf(ws.fileForAccount('111111111111'))!.managementAccount, true);
  assert.equal(ws.organizationOf(ws.fileForAccount('444444444444')), undefined);
  assert.deepEqual(
    ws.organizationAccounts().map((a) => [a.id, a.parent, a.management, a.file?.uri]),
    [['111111111111', 'Root', true, 'mgmt.iam.json'], ['222222222222', 'Prod', false, 'prod.iam.json'], ['333333333333', 'Nested', false, 'nested.iam.json']],
  );
  // The organization file is no account: no account lookup finds it.
  assert.equal(ws.fileForAccount('000000000000'), undefined);
});

test('the organization file reports what is wrong in it, with positions', () => {
  const bad = structuredClone(ORG) as any;
  bad.organization.root.organizationalUnits.Prod.policies.push('DenyRegion');
  bad.organization.root.organizationalUnits.Prod.accounts['111111111111'] = {};
  bad.organization.policies.DenyRegions.type = 'SCP';
  bad.organization.id = 'org-1';
  bad.account = { id: '111111111111' };
  const ws = workspace({ 'org.iam.json': bad });
  const got = ws.allFindings().filter((f) => f.uri === 'org.iam.json').map((f) => f.code).sort();
  assert.deepEqual(got, ['ref/duplicate-org-account', 'ref/unknown-org-policy', 'schema/enum', 'schema/org-id', 'schema/organization-file']);
  const unknown = ws.allFindings().find((f) => f.code === 'ref/unknown-org-policy')!;
  assert.match(unknown.message, /did you mean "DenyRegions"/);
  const text = JSON.stringify(bad, null, 2);
  assert.equal(text.slice(unknown.span.start, unknown.span.end), '"DenyRegion"');
});

test('policy types not enabled on the root apply nowhere', () => {
  const only = structuredClone(ORG) as any;
  only.organization.policyTypes = ['SERVICE_CONTROL_POLICY'];
  const ws = workspace({ 'org.iam.json': only });
  const prod = ws.organizationOf(ws.fileForAccount('222222222222'))!;
  assert.equal(prod.scp.length, 3);
  assert.deepEqual(prod.rcp, []);
});

async function simulate(args: string[], files: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'org-'));
  for (const [name, v] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(v, null, 2));
  let out = '';
  let err = '';
  const io: CliIO = { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) };
  const code = await main(['simulate-principal-policy', ...args], io);
  return { code, err, json: code === 0 ? JSON.parse(out) : undefined };
}

test('simulate-principal-policy names SCPs and RCPs by their Organizations ARN and type', async () => {
  const r = await simulate(
    ['--policy-source-arn', 'arn:aws:iam::222222222222:user/alice', '--action-names', 'ec2:RunInstances', 's3:DeleteObject', 's3:GetObject',
      '--resource-arns', 'arn:aws:s3:::bucket-222222222222/k',
      '--context-entries', 'ContextKeyName=aws:RequestedRegion,ContextKeyValues=us-east-1'],
    { 'org.iam.json': ORG, 'prod.iam.json': ACCOUNT('222222222222') },
  );
  assert.equal(r.code, 0, r.err);
  const [ec2, del, get] = r.json.EvaluationResults;
  assert.equal(ec2.EvalDecision, 'explicitDeny');
  const scp = ec2.MatchedStatements.find((m: { SourcePolicyType: string }) => m.SourcePolicyType === 'service-control-policy');
  assert.equal(scp.SourcePolicyId, 'arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-denyregion1');
  assert.ok(!ec2.MatchedStatements.some((m: { SourcePolicyType: string }) => m.SourcePolicyType === 'user-managed' && /DenyRegions/.test(JSON.stringify(m))));
  assert.equal(del.EvalDecision, 'explicitDeny');
  const rcp = del.MatchedStatements.find((m: { SourcePolicyType: string }) => m.SourcePolicyType === 'resource-control-policy');
  assert.equal(rcp.SourcePolicyId, 'arn:aws:organizations::111111111111:policy/o-exampleorgid/resource_control_policy/p-noexternal1');
  assert.equal(get.EvalDecision, 'allowed');
});

test('the earlier form (account.organization) still works, its SCPs typed as SCPs rather than IAM policies', async () => {
  const legacy = {
    account: { id: '555555555555', organization: { serviceControlPolicies: [['FullAWSAccess'], ['DenyRegions']] } },
    policies: {
      Admin: ACCOUNT('555555555555').policies.Admin,
      DenyRegions: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, ORG.organization.policies.DenyRegions.document.Statement[0]] } },
    },
    users: { alice: { policies: ['Admin'] } },
  };
  const ws = buildWorkspace([{ uri: 'legacy.iam.json', text: JSON.stringify(legacy) }]);
  assert.equal(ws.organizationOf(ws.fileForAccount('555555555555'))!.source, 'legacy');
  const r = await simulate(
    ['--policy-source-arn', 'arn:aws:iam::555555555555:user/alice', '--action-names', 'ec2:RunInstances', '--context-entries', 'ContextKeyName=aws:RequestedRegion,ContextKeyValues=us-east-1'],
    { 'legacy.iam.json': legacy },
  );
  assert.equal(r.code, 0, r.err);
  const m = r.json.EvaluationResults[0].MatchedStatements.find((x: { SourcePolicyId: string }) => x.SourcePolicyId === 'DenyRegions');
  assert.equal(m.SourcePolicyType, 'service-control-policy');
});

test('iam/legacy-organization: the earlier form is flagged; once an organization file places the account, the quick fix removes it', async () => {
  const { runRules } = await import('../../core/analysis/rules');
  const { applyEdits } = await import('../../core/analysis/rules/support/edits');
  const legacy = { account: { id: '222222222222', alias: 'prod', organization: { serviceControlPolicies: [['FullAWSAccess']] } }, users: { bob: {} } };
  const text = JSON.stringify(legacy, null, 2);
  const alone = buildWorkspace([{ uri: 'prod.iam.json', text }]);
  const f1 = runRules(alone, {} as never).filter((f) => f.code === 'iam/legacy-organization');
  assert.equal(f1.length, 1);
  assert.equal(f1[0].fixes, undefined, 'no mechanical fix while no organization file places the account');
  const placed = buildWorkspace([{ uri: 'prod.iam.json', text }, { uri: 'org.iam.json', text: JSON.stringify(ORG) }]);
  const f2 = runRules(placed, {} as never).filter((f) => f.code === 'iam/legacy-organization');
  assert.equal(f2.length, 1);
  assert.match(f2[0].message, /placed in an organization file/);
  const fixed = applyEdits(text, f2[0].fixes![0].edits);
  assert.deepEqual(JSON.parse(fixed), { account: { id: '222222222222', alias: 'prod' }, users: { bob: {} } });
  const after = buildWorkspace([{ uri: 'prod.iam.json', text: fixed }, { uri: 'org.iam.json', text: JSON.stringify(ORG) }]);
  assert.equal(runRules(after, {} as never).filter((f) => f.code === 'iam/legacy-organization').length, 0);
  assert.equal(after.organizationOf(after.fileForAccount('222222222222'))!.scp.length, 3);
});

test('export never deploys an SCP or RCP as an IAM policy: the earlier form leaves them out with a note; an organization file is refused', async () => {
  const { exportAccount } = await import('../../core/interop/export');
  const legacy = {
    account: { id: '555555555555', organization: { serviceControlPolicies: [['FullAWSAccess', 'DenyRegions']], resourceControlPolicies: [['NoDelete']] } },
    policies: {
      Admin: ACCOUNT('555555555555').policies.Admin,
      DenyRegions: { document: ORG.organization.policies.DenyRegions.document },
      NoDelete: { document: ORG.organization.policies.NoExternalS3.document },
    },
    users: { alice: { policies: ['Admin'] } },
  };
  const file = buildWorkspace([{ uri: 'legacy.iam.json', text: JSON.stringify(legacy) }]).files[0];
  for (const format of ['cloudformation', 'terraform'] as const) {
    const { text } = exportAccount(file, format, format === 'cloudformation' ? { syntax: 'json' } : {});
    assert.match(text, /Admin/);
    assert.doesNotMatch(text, /OnlyEU|aws:RequestedRegion|s3:DeleteObject/, `${format}: no SCP/RCP document`);
  }
  const cfn = JSON.parse(exportAccount(file, 'cloudformation', { syntax: 'json' }).text);
  const types = Object.values(cfn.Resources as Record<string, { Type: string }>).map((r) => r.Type);
  assert.equal(types.filter((t) => t === 'AWS::IAM::ManagedPolicy').length, 1);
  const notes = JSON.stringify(cfn.Metadata ?? cfn);
  assert.match(notes, /policy \\"DenyRegions\\": an SCP or RCP/);
  assert.match(notes, /policy \\"NoDelete\\": an SCP or RCP/);

  const dir = mkdtempSync(join(tmpdir(), 'org-export-'));
  writeFileSync(join(dir, 'org.iam.json'), JSON.stringify(ORG));
  let err = '';
  const io: CliIO = { cwd: dir, out: () => {}, err: (t) => (err += t) };
  assert.equal(await main(['export', '--format', 'cloudformation', '--out', '-', 'org.iam.json'], io), 2);
  assert.match(err, /organization file; its SCPs and RCPs are deployed by AWS Organizations/);
  // Beside an account file, the organization file is set aside and the account exported.
  writeFileSync(join(dir, 'prod.iam.json'), JSON.stringify(ACCOUNT('222222222222')));
  let out = '';
  assert.equal(await main(['export', '--format', 'cloudformation', '--out', '-', '.'], { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) }), 0, err);
  assert.doesNotMatch(out, /DenyRegions|OnlyEU/);
});

test('practice/unattached-policy: an SCP or RCP of an organization file attached nowhere is a note', async () => {
  const { runRules } = await import('../../core/analysis/rules');
  const org = structuredClone(ORG) as any;
  org.organization.policies.Unused = { type: 'SERVICE_CONTROL_POLICY', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] } };
  const text = JSON.stringify(org, null, 2);
  const ws = buildWorkspace([{ uri: 'org.iam.json', text }]);
  const f = runRules(ws, {} as never).filter((x) => x.code === 'practice/unattached-policy');
  assert.deepEqual(f.map((x) => [x.message, text.slice(x.span.start, x.span.end)]), [['SCP "Unused" is attached to no root, OU or account.', '"Unused"']]);
});
