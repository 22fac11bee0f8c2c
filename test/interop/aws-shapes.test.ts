/**
 * Import of authorization details in the shapes AWS documents: the IAM API reference's response
 * elements (UserDetail, GroupDetail, RoleDetail with InstanceProfile, RoleLastUsed and Tag,
 * ManagedPolicyDetail with PolicyVersion, AttachedPermissionsBoundary), as the AWS CLI prints them
 * (documents decoded to objects) and as the JavaScript SDK v3 returns them (documents URL-encoded,
 * RFC 3986, dates with milliseconds, `$metadata`). The fixtures are
 * test/fixtures/interop/authorization-details-api-reference.json and its SDK form (written from it by
 * test/interop/make-sdk-v3-fixture.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importFromAws, formatImportError, type ImportResult } from '../../core/interop/import';
import { BOUNDARY_TYPES } from '../../core/interop/import/authorization-details';
import { buildWorkspace } from '../../core/model';
import { fixture } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: ImportResult): any => JSON.parse(r.text!);
const imported = (name: string) => importFromAws({ authorizationDetails: [fixture(name)] });

for (const name of ['authorization-details-api-reference.json', 'authorization-details-sdk-v3.json']) {
  test(`AWS shapes (${name}): users and roles keep their permissions boundaries`, () => {
    const r = imported(name);
    assert.deepEqual(r.errors.map(formatImportError), []);
    const f = json(r);
    assert.equal(f.users.Mary.permissionsBoundary, 'DeveloperBoundary');
    assert.equal(f.roles.S3Access.permissionsBoundary, 'DeveloperBoundary');
    assert.equal(f.users.Juan.permissionsBoundary, undefined);
    assert.equal(f.roles.EC2role.permissionsBoundary, undefined);
    assert.deepEqual(r.summary, { users: 2, groups: 1, roles: 2, policies: 1 });
    // The file it writes parses, resolves and applies the boundary.
    const ws = buildWorkspace([{ uri: 'a.iam.json', text: r.text! }]);
    const file = ws.files[0];
    assert.deepEqual(file.findings.filter((x) => x.severity === 'error'), []);
    const target = file.users.get('Mary')?.permissionsBoundary?.target;
    assert.equal(target?.kind === 'customer' ? target.policy.name : undefined, 'DeveloperBoundary', 'the boundary resolves to the imported policy');
  });

  test(`AWS shapes (${name}): every mapped field of each element`, () => {
    const f = json(imported(name));
    const mary = f.users.Mary;
    assert.deepEqual(mary.groups, ['Admins']);
    assert.deepEqual(mary.policies, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    assert.deepEqual(mary.tags, { Department: 'Engineering' });
    assert.deepEqual(mary.inlinePolicies.ManageOwnAccessKeys.Statement[0].Action, ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys']);
    assert.equal(f.users.Juan.path, '/division_abc/subdivision_xyz/');
    assert.equal(f.users.Juan.tags, undefined, 'an empty Tags list is no tags');
    const admins = f.groups.Admins;
    assert.deepEqual(admins.policies, ['arn:aws:iam::aws:policy/AdministratorAccess']);
    assert.equal(admins.inlinePolicies.RequireMFA.Statement[0].Condition.BoolIfExists['aws:MultiFactorAuthPresent'], 'false');
    const ec2 = f.roles.EC2role;
    assert.deepEqual(ec2.trustPolicy.Statement[0].Principal, { Service: 'ec2.amazonaws.com' });
    assert.equal(ec2.instanceProfile, 'EC2role');
    assert.equal(ec2.lastUsed, undefined, 'an empty RoleLastUsed: never used');
    const s3 = f.roles.S3Access;
    assert.equal(s3.path, '/application_abc/component_xyz/');
    assert.equal(s3.lastUsed, '2026-11-02');
    assert.deepEqual(s3.tags, { CostCenter: '12345' });
    assert.equal(s3.trustPolicy.Statement[0].Condition.Bool['aws:MultiFactorAuthPresent'], 'true');
    assert.equal(s3.inlinePolicies.WriteReports.Statement[0].Resource, 'arn:aws:s3:::example-reports/*');
    const boundary = f.policies.DeveloperBoundary;
    assert.equal(boundary.description, 'The most a developer identity may do');
    assert.deepEqual(boundary.document.Statement[0].Action, ['s3:*', 'cloudwatch:*', 'ec2:Describe*'], 'the default version');
  });
}

test('AWS shapes: the CLI form and the SDK v3 form (URL-encoded, whitespace kept) import to the same file', () => {
  assert.equal(imported('authorization-details-sdk-v3.json').text, imported('authorization-details-api-reference.json').text);
});

/** One user with a boundary of the given PermissionsBoundaryType, in the CLI's shape. */
function withBoundaryType(type: unknown) {
  const text = JSON.stringify({
    UserDetailList: [{
      Path: '/', UserName: 'u', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::111122223333:user/u', CreateDate: '2024-01-01T00:00:00Z',
      PermissionsBoundary: { PermissionsBoundaryType: type, PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
    }],
  }, null, 2);
  return importFromAws({ authorizationDetails: [{ name: 'b.json', text }] });
}

// The API reference's valid value (PermissionsBoundaryPolicy), and the prose's (Policy: what AWS Config writes).
for (const type of BOUNDARY_TYPES) {
  test(`AWS shapes: PermissionsBoundaryType "${type}" imports and keeps the boundary`, () => {
    const r = withBoundaryType(type);
    assert.deepEqual(r.errors, []);
    assert.equal(json(r).users.u.permissionsBoundary, 'arn:aws:iam::aws:policy/PowerUserAccess');
  });
}

test('AWS shapes: PermissionsBoundaryType is listed with exactly the documented values', () => {
  assert.deepEqual([...BOUNDARY_TYPES].sort(), ['PermissionsBoundaryPolicy', 'Policy']);
});

test('AWS shapes: another PermissionsBoundaryType is refused where it is', () => {
  const r = withBoundaryType('ManagedPolicy');
  assert.equal(r.text, undefined);
  assert.deepEqual(r.errors.map(formatImportError), [
    'b.json:10:36: "PermissionsBoundaryType" of user "u" should be "PermissionsBoundaryPolicy" (or "Policy"), not "ManagedPolicy"',
  ]);
  assert.match(formatImportError(withBoundaryType(3).errors[0]), /b\.json:10:36: "PermissionsBoundaryType" of user "u" should be a string, not a number/);
});

test('AWS shapes: a boundary without its type (the element is optional) still imports', () => {
  const r = withBoundaryType(null);
  assert.deepEqual(r.errors, []);
  assert.equal(json(r).users.u.permissionsBoundary, 'arn:aws:iam::aws:policy/PowerUserAccess');
});
