import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { EXAMPLES, SCHEMA_PATH, exampleFiles, explain, parseJsoncStrict, parserFindings, schemaErrors } from './helpers';

/** The iam.json example of issue 2 ("a contract: tests written outside the project will write files in this shape"). */
export const CONTRACT_EXAMPLE = `{
  "account": {
    "id": "123456789012", "alias": "acme-prod", "partition": "aws",
    "root": { "mfa": true, "accessKeys": [] },
    "passwordPolicy": { "minimumLength": 14, "requireUppercase": true, "requireLowercase": true,
                        "requireNumbers": true, "requireSymbols": true, "maxAgeDays": 90,
                        "reusePrevention": 24, "allowUsersToChange": true, "hardExpiry": false },
    "quotas": { "rolesPerAccount": 2000 },
    "organization": { "serviceControlPolicies": [["FullAWSAccess"], ["FullAWSAccess", "DenyOutsideEU"]],
                      "resourceControlPolicies": [] }
  },
  "policies": { "S3ReadOnly": { "path": "/", "description": "…", "document": { "Version": "2012-10-17", "Statement": [] } } },
  "groups": { "Developers": { "path": "/", "policies": ["S3ReadOnly", "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"],
                              "inlinePolicies": { "extra": { "Version": "2012-10-17", "Statement": [] } } } },
  "users": { "alice": { "path": "/", "groups": ["Developers"], "policies": [], "inlinePolicies": {},
                        "permissionsBoundary": "DevBoundary",
                        "console": { "enabled": true, "passwordLastChanged": "2026-01-05", "lastSignIn": "2026-11-01" },
                        "mfa": [{ "serial": "arn:aws:iam::123456789012:mfa/alice", "type": "virtual" }],
                        "accessKeys": [{ "id": "AKIA…", "status": "Active", "created": "2026-01-05", "lastUsed": "2026-11-20" }],
                        "tags": { "team": "platform" } } },
  "roles": { "app-server": { "path": "/", "trustPolicy": { "Version": "2012-10-17", "Statement": [] },
                             "policies": ["arn:aws:iam::aws:policy/AmazonRDSFullAccess"], "inlinePolicies": {},
                             "permissionsBoundary": null, "maxSessionDuration": 3600,
                             "instanceProfile": "app-server", "serviceLinked": false, "description": "", "tags": {} } },
  "identityProviders": { "github": { "type": "oidc", "url": "https://token.actions.githubusercontent.com", "clientIds": ["sts.amazonaws.com"] },
                         "corp": { "type": "saml" } },
  "resources": { "arn:aws:s3:::acme-logs": { "policy": { "Version": "2012-10-17", "Statement": [] } } }
}`;

const examples = exampleFiles();

test('there are example files to check', () => {
  assert.ok(examples.length >= 3, `found ${examples.length} example files in ${EXAMPLES}`);
});

for (const { name, text } of examples) {
  test(`examples/${name} validates against the schema`, () => {
    const value = parseJsoncStrict(text, name);
    const errors = schemaErrors(value);
    assert.equal(errors.length, 0, `schema errors in ${name}:\n${explain(errors)}`);
  });

  test(`examples/${name} points "$schema" at schemas/iam.schema.json`, () => {
    const value = parseJsoncStrict(text, name) as Record<string, unknown>;
    assert.equal(typeof value.$schema, 'string');
    assert.equal(resolve(dirname(join(EXAMPLES, name)), value.$schema as string), SCHEMA_PATH);
  });

  test(`examples/${name}: the parser reports no schema findings either`, () => {
    assert.deepEqual(parserFindings(text).map((f) => `${f.code}: ${f.message}`), []);
  });
}

test("the issue's contract example validates against the schema", () => {
  const errors = schemaErrors(parseJsoncStrict(CONTRACT_EXAMPLE, 'contract'));
  assert.equal(errors.length, 0, explain(errors));
});

test("the issue's contract example has no parse or schema findings in the model", () => {
  assert.deepEqual(parserFindings(CONTRACT_EXAMPLE).map((f) => `${f.code}: ${f.message}`), []);
});
