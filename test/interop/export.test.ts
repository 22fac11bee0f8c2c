import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFromAws } from '../../core/interop/import';
import { exportAccount, planAccount, toCloudFormation, toTerraform } from '../../core/interop/export';
import { scalar, toYaml } from '../../core/interop/export/yaml';
import { buildWorkspace, type AccountFile } from '../../core/model';
import { fromCloudFormation, fromModel, fromTerraform } from './entities';
import { cfnSpecProblems, readCfnYaml, readHcl, terraformSchemaProblems } from './specs';
import { FIXTURES, fixture, PAGES } from './helpers';

function imported(): AccountFile {
  const r = importFromAws({ authorizationDetails: [...PAGES(), fixture('list-roles.json')], credentialReport: fixture('credential-report.json'), passwordPolicy: fixture('password-policy.json') });
  return buildWorkspace([{ uri: 'acme.iam.json', text: r.text! }]).files[0];
}

function sample(): AccountFile {
  const text = readFileSync(join(FIXTURES, 'export-sample.iam.json'), 'utf8');
  const ws = buildWorkspace([{ uri: 'export-sample.iam.json', text }]);
  assert.deepEqual(ws.allFindings().filter((f) => f.severity === 'error'), []);
  return ws.files[0];
}

const ACCOUNTS: [string, () => AccountFile][] = [['imported', imported], ['sample', sample]];

for (const [label, load] of ACCOUNTS) {
  test(`CloudFormation (${label}): valid against the CloudFormation resource specification`, () => {
    const { text } = exportAccount(load(), 'cloudformation');
    const template = readCfnYaml(text);
    assert.deepEqual(cfnSpecProblems(template), []);
    assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
  });

  test(`CloudFormation (${label}): the JSON template is the YAML template`, () => {
    const yaml = readCfnYaml(exportAccount(load(), 'cloudformation').text);
    const json = JSON.parse(exportAccount(load(), 'cloudformation', { syntax: 'json' }).text);
    assert.deepEqual(json, yaml);
  });

  test(`Terraform (${label}): HashiCorp's parser reads it, and it fits the AWS provider's schema`, async () => {
    const { text } = exportAccount(load(), 'terraform');
    const parsed = await readHcl(text);
    assert.deepEqual(terraformSchemaProblems(parsed, text), []);
  });

  test(`round trip (${label}): the entities of the file come back from CloudFormation and from Terraform`, async () => {
    const file = load();
    const expected = fromModel(file);
    assert.deepEqual(fromCloudFormation(readCfnYaml(exportAccount(file, 'cloudformation').text)), expected);
    const parsed = await readHcl(exportAccount(file, 'terraform').text);
    assert.deepEqual(fromTerraform(parsed.resource!, file.accountId), expected);
  });

  test(`exports (${label}) are deterministic`, () => {
    for (const format of ['cloudformation', 'terraform'] as const) {
      assert.equal(exportAccount(load(), format).text, exportAccount(load(), format).text);
    }
  });
}

test('round trip from the AWS CLI fixtures: every imported entity is in both exports', async () => {
  const file = imported();
  const cfn = fromCloudFormation(readCfnYaml(exportAccount(file, 'cloudformation').text));
  assert.deepEqual(Object.keys(cfn.users).sort(), ['alice', 'bob', 'ci-bot']);
  assert.deepEqual(Object.keys(cfn.roles).sort(), ['app-server', 'github-deploy'], 'the service-linked role is left out');
  assert.deepEqual(cfn.users.alice.groups, ['Admins', 'Developers']);
  assert.equal(cfn.users.alice.boundary, 'arn:aws:iam::123456789012:policy/boundaries/DevBoundary');
  assert.equal(cfn.roles['app-server'].instanceProfile, 'app-server');
  const tf = fromTerraform((await readHcl(exportAccount(file, 'terraform').text)).resource!, '123456789012');
  assert.deepEqual(tf, cfn);
});

test('CloudFormation: references between its own resources use Ref and GetAtt', () => {
  const text = exportAccount(sample(), 'cloudformation').text;
  assert.match(text, /ManagedPolicyArns:\n {8}- !Ref PolicyPassAppRole/);
  assert.match(text, /GroupName: !Ref GroupCI\n {6}Users:\n {8}- !Ref UserDeployer/);
  assert.match(text, /Federated: !Ref OIDCProviderGithub/, 'a trust policy naming the template\'s OIDC provider');
  assert.match(text, /AWS: !GetAtt RoleOps\.Arn/, 'a trust policy naming another role of the template');
  assert.match(text, /Roles:\n {8}- !Ref RoleAppRuntime/);
  assert.match(text, /Value: !GetAtt RoleAppRuntime\.Arn/);
});

test('exports: a reference that would close a cycle stays a literal ARN, and is said', () => {
  const cfn = exportAccount(sample(), 'cloudformation');
  // break-glass trusts ops (a reference); ops trusts break-glass: a reference there would be a cycle.
  assert.match(cfn.text, /AWS: arn:aws:iam::111122223333:role\/break-glass/);
  assert.ok(cfn.notes.some((n) => n.startsWith('role "ops" names role "break-glass"')));
  // The policy attached to app-runtime names app-runtime: a literal in CloudFormation, where the
  // role lists its policies; a reference in Terraform, where attachments are resources of their own.
  assert.match(cfn.text, /Resource: arn:aws:iam::111122223333:role\/app\/app-runtime/);
  assert.match(exportAccount(sample(), 'terraform').text, /Resource = aws_iam_role\.app_runtime\.arn/);
});

test('exports list what a template cannot deploy', () => {
  const cfn = exportAccount(sample(), 'cloudformation').notes.join('\n');
  for (const part of ['root user', 'access keys', 'SCPs and RCPs', 'resource policy', 'SAML provider needs its metadata', 'password policy', 'account alias', 'tags of 1 policy']) {
    assert.ok(cfn.includes(part), part);
  }
  const tf = exportAccount(sample(), 'terraform');
  assert.ok(!tf.notes.some((n) => n.includes('password policy')), 'Terraform deploys the password policy');
  assert.match(tf.text, /resource "aws_iam_account_password_policy" "this" \{\n {2}minimum_password_length = 16\n {2}require_symbols {9}= true\n\}/);
  assert.match(tf.text, /resource "aws_iam_account_alias" "this"/);
  const imp = exportAccount(imported(), 'terraform').notes.join('\n');
  assert.match(imp, /role "AWSServiceRoleForSupport": service-linked/);
  assert.match(imp, /MFA devices, access keys .* of 3 users/);
});

test('Terraform: HCL template sequences in documents are escaped', () => {
  const text = exportAccount(sample(), 'terraform').text;
  assert.ok(text.includes('"arn:aws:s3:::acme-$${aws:PrincipalTag/team}/%%{weird}"'));
  assert.ok(text.includes('description = "Lets CI hand the app role to EC2 — and say so in \\"quotes\\""'));
});

test('YAML: strings a YAML 1.1 reader would take for something else are quoted', () => {
  const tricky = ['yes', 'No', 'on', 'OFF', 'null', '~', '2012-10-17', '123456789012', '1e3', '0x1F', '.5', '*', '&a', '!Ref x',
    'a: b', 'x #y', '-', '- a', '?', '@x', '`x`', '%x', 'trail:', ' lead', 'trail ', 'multi\nline', 'tab\there', 'quote"s',
    'back\\slash', 'ünïcødé', '{a}', '[a]', 'a,b', '', 'true', 'y', 'n', 'arn:aws:s3:::b/*', '${aws:username}'];
  const value = { list: tricky, map: Object.fromEntries(tricky.map((t) => [t || 'empty', t])) };
  assert.deepEqual(readCfnYaml(toYaml(value)), value);
  const nested = { a: [[1, 2], [], [{ x: ['y', { z: {} }] }], { k: [[['deep']]] }], b: { c: { d: [] } }, e: [{}, null, true, 0, -1.5] };
  assert.deepEqual(readCfnYaml(toYaml(nested)), nested);
  assert.equal(scalar('arn:aws:s3:::b/*'), 'arn:aws:s3:::b/*', 'ARNs stay plain');
  assert.equal(scalar('2012-10-17'), '"2012-10-17"');
});

test('Terraform: tricky strings survive HashiCorp\'s parser', async () => {
  const tricky = ['${x}', '%{ if }', '$${x}', 'quote"s', 'back\\slash', 'multi\nline', 'tab\there', 'ünï', '\u0001ctl', 'a = b'];
  const plan = planAccount(sample());
  plan.policies = [{ name: 'Tricky', path: '/', tags: [], description: tricky.join('|'), document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: tricky }] } }];
  const text = toTerraform(plan).text;
  const parsed = await readHcl(text);
  const back = fromTerraform(parsed.resource!, plan.accountId);
  assert.deepEqual(back.policies.Tricky.document, plan.policies[0].document);
  assert.equal(back.policies.Tricky.description, tricky.join('|'));
});

test('CloudFormation: a template over 500 resources says it must be split', () => {
  const plan = planAccount(sample());
  plan.users = Array.from({ length: 501 }, (_, i) => ({ name: `u${i}`, path: '/', groups: [], policies: [], inline: [], tags: [] }));
  assert.ok(toCloudFormation(plan).notes.some((n) => n.includes('CloudFormation allows 500 per stack')));
});

test('logical ids and resource names stay unique when names differ only in punctuation or case', async () => {
  const plan = planAccount(sample());
  plan.users = ['dev-ops', 'dev_ops', 'DevOps', 'devops'].map((name) => ({ name, path: '/', groups: [], policies: [], inline: [], tags: [] }));
  const template = readCfnYaml(toCloudFormation(plan).text);
  const users = Object.entries(template.Resources as Record<string, { Type: string }>).filter(([, r]) => r.Type === 'AWS::IAM::User');
  assert.equal(new Set(users.map(([id]) => id.toLowerCase())).size, 4);
  assert.deepEqual(cfnSpecProblems(template), []);
  const tf = toTerraform(plan).text;
  const parsed = await readHcl(tf);
  assert.equal(Object.keys(parsed.resource!.aws_iam_user).length, 4);
  assert.deepEqual(terraformSchemaProblems(parsed, tf), []);
});

test('the specification checks catch what they claim to (a wrong property, a missing one, a dangling reference)', async () => {
  const template = readCfnYaml(exportAccount(sample(), 'cloudformation').text);
  const resources = template.Resources as Record<string, { Properties: Record<string, unknown> }>;
  resources.RoleOps.Properties.RoleNme = 'typo';
  delete resources.RoleGhActions.Properties.AssumeRolePolicyDocument;
  resources.UserDeployer.Properties.Tags = [{ Key: 'k' }];
  resources.GroupCIMembers.Properties.GroupName = { Ref: 'GroupNope' };
  resources.RoleAppRuntime.Properties.MaxSessionDuration = '7200';
  assert.deepEqual(cfnSpecProblems(template).sort(), [
    'Resources.GroupCIMembers.Properties.GroupName: Ref to unknown GroupNope',
    'RoleAppRuntime.MaxSessionDuration: expected Integer, got "7200"',
    'RoleGhActions: AWS::IAM::Role needs AssumeRolePolicyDocument',
    'RoleOps: AWS::IAM::Role has no property RoleNme',
    'UserDeployer.Tags[0]: Tag needs Value',
  ].sort());
  const tf = `${exportAccount(sample(), 'terraform').text}\nresource "aws_iam_user" "typo" {\n  nam = "x"\n}\nresource "aws_iam_role_policy_attachment" "x" {\n  role       = aws_iam_role.nope.name\n  policy_arn = aws_iam_policy.pass_app_role.id_arn\n}\n`;
  assert.deepEqual(terraformSchemaProblems(await readHcl(tf), tf).sort(), [
    'aws_iam_policy has no attribute id_arn',
    'aws_iam_user.typo: aws_iam_user has no argument nam',
    'aws_iam_user.typo: needs name',
    'reference to undeclared aws_iam_role.nope',
  ]);
  await assert.rejects(readHcl('resource "aws_iam_user" "x" {\n  name = "x"\n'), /Unclosed configuration block/);
});

test('exports keep what the model does not: policy tags, identity provider tags, SAML metadata', () => {
  const file = sample();
  const text = file.text
    .replace('"corp": { "type": "saml" }', '"corp": { "type": "saml", "metadataDocument": "<EntityDescriptor entityID=\\"https://idp.example.com\\"/>", "tags": { "idp": "okta" } }');
  const withSaml = buildWorkspace([{ uri: 'export-sample.iam.json', text }]).files[0];
  const cfn = exportAccount(withSaml, 'cloudformation');
  const template = readCfnYaml(cfn.text);
  assert.deepEqual(cfnSpecProblems(template), []);
  const saml = (template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).SAMLProviderCorp;
  assert.equal(saml.Type, 'AWS::IAM::SAMLProvider');
  assert.equal(saml.Properties.SamlMetadataDocument, '<EntityDescriptor entityID="https://idp.example.com"/>');
  assert.match(cfn.text, /Federated: !Ref SAMLProviderCorp/);
  assert.ok(!cfn.notes.some((n) => n.includes('SAML provider needs')));
  const tf = exportAccount(withSaml, 'terraform').text;
  assert.match(tf, /resource "aws_iam_saml_provider" "corp" \{\n {2}name {19}= "corp"\n {2}saml_metadata_document = "<EntityDescriptor entityID=\\"https:\/\/idp.example.com\\"\/>"\n {2}tags = \{\n {4}idp = "okta"/);
  assert.match(tf, /Federated = aws_iam_saml_provider\.corp\.arn/);
  assert.match(tf, /resource "aws_iam_policy" "pass_app_role" \{[\s\S]*?\}\)\n {2}tags = \{\n {4}owner = "security"/);
  assert.match(tf, /resource "aws_iam_openid_connect_provider" "github" \{[^}]*tags = \{\n {4}ci = "github"/);
});

test('Terraform --adopt: one import block per resource, with the ids the AWS provider expects', async () => {
  const file = imported();
  const text = exportAccount(file, 'terraform', { adopt: true }).text;
  assert.match(text, /required_version = ">= 1\.5"/);
  const parsed = (await readHcl(text)) as Awaited<ReturnType<typeof readHcl>> & { resource: Record<string, Record<string, unknown>>; import: { to: string; id: string }[] };
  assert.deepEqual(terraformSchemaProblems(parsed, text), []);
  const declared = Object.entries(parsed.resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).sort();
  const ids = new Map(parsed.import.map((i) => [i.to.replace(/^\$\{|\}$/g, ''), i.id]));
  assert.deepEqual([...ids.keys()].sort(), declared);
  assert.equal(ids.get('aws_iam_user.alice'), 'alice');
  assert.equal(ids.get('aws_iam_group.developers'), 'Developers');
  assert.equal(ids.get('aws_iam_role.app_server'), 'app-server');
  assert.equal(ids.get('aws_iam_instance_profile.app_server'), 'app-server');
  assert.equal(ids.get('aws_iam_policy.dev_boundary'), 'arn:aws:iam::123456789012:policy/boundaries/DevBoundary');
  assert.equal(ids.get('aws_iam_user_group_membership.alice'), 'alice/Admins/Developers');
  assert.equal(ids.get('aws_iam_user_policy.alice_own_keys'), 'alice:own-keys');
  assert.equal(ids.get('aws_iam_role_policy_attachment.github_deploy_dev_boundary'), 'github-deploy/arn:aws:iam::123456789012:policy/boundaries/DevBoundary');
  assert.equal(ids.get('aws_iam_group_policy_attachment.admins_administrator_access'), 'Admins/arn:aws:iam::aws:policy/AdministratorAccess');
  assert.equal(ids.get('aws_iam_account_password_policy.this'), 'iam-account-password-policy');
  assert.equal(exportAccount(file, 'terraform').text.includes('import {'), false, 'only on request');
});
