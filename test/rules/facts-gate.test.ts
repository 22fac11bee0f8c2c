import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, runRules } from '../../core/analysis/rules';
import { docFacts, FACT } from '../../core/analysis/rules/support/facts';
import { policyTargets } from '../../core/analysis/rules/support/targets';
import { parseAccountFile, Workspace } from '../../core/model';
import { assertSameWithout, folderWorkspaces } from '../support/rule-declarations';

// `Rule.facts` lets the runner call a rule's `policy` only for documents with one of the declared `FACT` bits. These
// tests pin that the declaration is true: a rule finds nothing in a document without them (its own body returns at
// once), and a run finds exactly what it finds when every rule is called for every document.

/**
 * One document per gated rule's mistake, each alone in its document (so that every other gate is closed there): the
 * rules must report in this account, and a wrong declaration would hide their findings.
 */
const MISTAKES: Record<string, object> = {
  'grammar/action-format': { Effect: 'Allow', Action: 's3 GetObject', Resource: '*' },
  'catalog/unknown-action': { Effect: 'Allow', Action: 's3:GetObjectt', Resource: '*' },
  'catalog/unknown-service': { Effect: 'Allow', Action: 's4:GetObject', Resource: '*' },
  'catalog/wildcard-matches-nothing': { Effect: 'Allow', Action: 's3:Gett*', Resource: '*' },
  'catalog/arn-fields': { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:S3:::bucket/*' },
  'grammar/arn-format': { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3' },
  'grammar/variable-operator': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericEquals: { 's3:max-keys': '${aws:username}' } } },
  'grammar/condition-value-types': { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': [10, 'ten'] } } },
  'grammar/null-set-operator': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:Null': { 'aws:TagKeys': 'true' } } },
  'grammar/ip-range-host-bits': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.1/8' } } },
  'grammar/vpc-id-format': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-12' } } },
  'grammar/wildcard-without-like': { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/breakglass-*' } } },
  'grammar/bool-values': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': ['true', 'false'] } } },
  'grammar/source-ip-private': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } } },
  'practice/redundant-values': { Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*'], Resource: 'arn:aws:s3:::bucket/*' },
  'catalog/condition-key-some-actions': { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: '*', Condition: { StringLike: { 's3:prefix': 'home/*' } } },
  'practice/credential-exposure': { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
  'grammar/condition-value': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': 'not-a-date' } } },
  'grammar/null-ifexists': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NullIfExists: { 'aws:TagKeys': 'true' } } },
  'grammar/set-operator': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:username': 'bob' } } },
  'grammar/operator-key-type': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericEquals: { 'aws:username': '5' } } },
  'grammar/condition-operator': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqual: { 'aws:username': 'bob' } } },
  'practice/mfa-condition': { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
  'catalog/unknown-condition-key': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:prefixx': 'a' } } },
  'catalog/condition-key-not-applicable': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 's3:prefix': 'home/*' } } },
  'grammar/kms-values': { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:us-east-1:123456789012:key/alias/payments' },
  'catalog/unknown-region': { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: 'arn:aws:ec2:us-esat-1:123456789012:instance/*' },
  'practice/paired-condition-keys': { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/16' } } },
  // These four sit in managed (identity) policies here, where a Principal is itself the mistake of the second.
  'grammar/principal-format': { Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 's3:GetObject', Resource: '*' },
  'grammar/principal-not-allowed': { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' },
  'iam/group-as-principal': { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:group/admins' }, Action: 's3:GetObject', Resource: '*' },
  'grammar/not-principal': { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' },
};

function mistakes(): Workspace {
  const policies = Object.fromEntries(Object.entries(MISTAKES).map(([id, st], i) => [`P${i}`, { document: { Version: '2012-10-17', Statement: [{ Sid: id.replace(/\W/g, ''), ...st }] } }]));
  return new Workspace([parseAccountFile('file:///mistakes.iam.json', JSON.stringify({ account: { id: '123456789012' }, policies }, null, 2))]);
}

/** Every account file of examples/ and test/, one workspace per folder, and the mistakes above. */
function workspaces(): Workspace[] {
  return [...folderWorkspaces(), mistakes()];
}

test('each gated rule reports its mistake in the mistakes account', () => {
  const codes = new Set(runRules(mistakes(), { factsTest: 'mistakes' } as object).map((f) => f.code));
  for (const id of Object.keys(MISTAKES)) {
    assert.ok(codes.has(id), `${id} reports nothing: ${[...codes].join(', ')}`);
    assert.ok(RULES.find((r) => r.id === id)?.facts !== undefined, `${id} declares no facts`);
  }
  for (const r of RULES) if (r.facts !== undefined) assert.ok(r.id in MISTAKES, `${r.id} declares facts but has no mistake here`);
});

test('a rule that declares facts finds nothing in a document without them', () => {
  const declaring = RULES.filter((r) => r.policy && r.facts !== undefined);
  assert.ok(declaring.length >= 10, `rules declaring facts: ${declaring.length}`);
  let skipped = 0;
  let kept = 0;
  for (const ws of workspaces()) {
    for (const file of ws.files) {
      for (const target of policyTargets(file)) {
        const bits = docFacts(target.doc, target.file.text).bits;
        for (const rule of declaring) {
          if (bits & rule.facts!) {
            kept++;
            continue;
          }
          const reported: string[] = [];
          rule.policy!({ workspace: ws, config: {}, target, report: (_span, message) => reported.push(message ?? rule.message) });
          skipped++;
          assert.deepEqual(reported, [], `${rule.id} on ${target.where}`);
        }
      }
    }
  }
  // Both sides are exercised: documents a gate skips, and documents it lets through.
  assert.ok(skipped > 500, `skipped: ${skipped}`);
  assert.ok(kept > 50, `kept: ${kept}`);
});

test('the facts bits say what the facts say', () => {
  const ws = new Workspace([parseAccountFile('file:///t.iam.json', JSON.stringify({
    account: { id: '123456789012' },
    users: { u: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:Gett*'], Resource: 'arn:aws:s3:::b/${aws:username}', Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] }, StringLike: { 's3:prefix': '${aws:username}/*' } } },
    ] } } } },
  }))]);
  const plain = new Workspace([parseAccountFile('file:///p.iam.json', JSON.stringify({
    account: { id: '123456789012' },
    users: { u: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' }] } } } },
  }))]);
  const [p] = policyTargets(plain.files[0]);
  // Known actions and "*" only, no condition: only the long list and the "*" resource.
  assert.equal(docFacts(p.doc, p.file.text).bits, FACT.longList | FACT.everyResource);
  const [target] = policyTargets(ws.files[0]);
  const f = docFacts(target.doc, target.file.text);
  assert.equal(f.bits & FACT.notPlainActions, FACT.notPlainActions); // s3:Gett* is a wildcard
  assert.equal(f.bits & FACT.ipAddress, FACT.ipAddress);
  assert.equal(f.bits & FACT.multiValue, FACT.multiValue);
  assert.equal(f.bits & FACT.conditionVariables, FACT.conditionVariables);
  assert.equal(f.bits & FACT.nullSet, 0);
});

test('a run finds the same with and without the rules\' facts', () => assertSameWithout('facts', workspaces()));
