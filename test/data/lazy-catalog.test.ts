/**
 * The catalogue decodes what it is asked for (core/data/catalog.ts, format 8): an action or resource type alone, a
 * condition key's group alone. Whatever is asked first, the answers are those of the whole catalogue: an action
 * looked up in a fresh catalogue is the one `actionsOf` lists (same object), resource types likewise, and every
 * condition key, its upper-case spelling and an instance of each template resolve as an index of every key built the
 * way the whole index was (global keys, then each service's in order, the first definition kept, a global's empty
 * description taken from the first service that describes the key; templates tried in that order). AWS managed
 * policies, made one by one when asked for, are the objects the whole list holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCatalog, resetCatalog, wildcardMatcher, type ConditionKeyInfo } from '../../core/data/catalog';
import { readDataFile } from '../../core/data/location';
import { getManagedPolicy, listManagedPolicies, resetManagedPolicies } from '../../core/data/managed-policies';
import { compileGlobTokens, ANY_ONE, ANY_RUN } from '../../core/text/glob';

test('an action or resource type asked for first is the one the whole service lists', () => {
  resetCatalog();
  const first = getCatalog();
  const asked = ['ec2:RunInstances', 'S3:getobject', 'iam:PassRole', 'kms:Decrypt', 'sts:AssumeRole', 'lambda:InvokeFunction'];
  const actions = asked.map((id) => first.action(id)!);
  const types = [first.resourceType('s3', 'OBJECT')!, first.resourceType('ec2', 'instance')!];
  const matched = first.actionsMatching('ec2:Describe*');
  assert.ok(actions.every(Boolean) && types.every(Boolean) && matched.length > 100);
  for (const a of actions) assert.equal(first.actionsOf(a.service).find((x) => x.name === a.name), a, a.id);
  for (const m of matched) assert.equal(first.actionsOf('ec2').find((x) => x.name === m.name), m, m.id);
  assert.equal(first.resourceTypesOf('s3').find((r) => r.name === 'object'), types[0]);
  assert.equal(first.resourceTypesOf('ec2').find((r) => r.name === 'instance'), types[1]);
  // The same values as a catalogue that listed everything first.
  resetCatalog();
  const whole = getCatalog();
  const all = whole.allActions();
  for (const a of actions) assert.deepEqual(all.find((x) => x.id === a.id), a, a.id);
  assert.deepEqual(whole.resourceType('s3', 'object'), types[0]);
  assert.equal(first.service('EC2'), first.services().find((s) => s.prefix === 'ec2'), 'service() answers from the head, one object per service');
  resetCatalog();
});

test('every condition key resolves as the index of every key resolves it, whatever is asked first', () => {
  resetCatalog();
  const c = getCatalog();
  const head = readDataFile<{ globalConditionKeys: [string, string, string][]; conditionPatterns: Record<string, Record<string, string>> }>('catalog.data').head;
  // The reference: every key in one index, built as the catalogue built it before its groups.
  const HAS_TEMPLATE = /\$\{[^}]*\}|<[^>]*>|\/tag-key$/;
  const make = (key: string, type: string, description: string, service: string, global: boolean, category?: string): ConditionKeyInfo => {
    const info: ConditionKeyInfo = { key, type: type as ConditionKeyInfo['type'], description, service, global, templated: HAS_TEMPLATE.test(key) };
    if (category) info.category = category;
    return info;
  };
  const index = new Map<string, ConditionKeyInfo>();
  for (const [key, type, category] of head.globalConditionKeys) index.set(key.toLowerCase(), make(key, type, '', 'aws', true, category));
  const names: string[] = [];
  for (const p of c.prefixes()) {
    for (const k of c.conditionKeysOf(p)) {
      names.push(k.key);
      const existing = index.get(k.key.toLowerCase());
      if (existing) {
        if (existing.global && !existing.description) existing.description = k.description;
        continue;
      }
      index.set(k.key.toLowerCase(), make(k.key, k.type, k.description, p, false));
    }
  }
  const template = (t: string) => {
    const tokens: number[] = [];
    t.replace(/\/tag-key$/, '/${TagKey}').split(/\$\{[^}]*\}|<[^>]*>/).forEach((part, i) => {
      if (i > 0) tokens.push(ANY_ONE, ANY_RUN);
      for (let k = 0; k < part.length; k++) tokens.push(part.charCodeAt(k));
    });
    return compileGlobTokens(tokens, true);
  };
  const templates = [...index.values()].filter((k) => k.templated).map((info) => ({ info, matches: template(info.key) }));
  const expected = (name: string): ConditionKeyInfo | undefined => {
    const exact = index.get(name.toLowerCase());
    if (exact) return exact;
    for (const t of templates) if (t.matches(name)) return t.info;
    const colon = name.indexOf(':');
    if (colon > 0) {
      for (const [pattern, t] of Object.entries(head.conditionPatterns[name.slice(0, colon).toLowerCase()] ?? {})) {
        const glob = wildcardMatcher(pattern.replace(/\.\+\?/g, '?*').replace(/\./g, '?'));
        if (glob(name) && index.get(t.toLowerCase())) return index.get(t.toLowerCase());
      }
    }
    return undefined;
  };
  const asked = [
    ...[...index.values()].map((k) => k.key),
    ...names.map((n) => n.toUpperCase()),
    ...[...index.values()].filter((k) => k.templated).map((k) => k.key.replace(/\$\{[^}]*\}|<[^>]*>/g, 'xyz').replace(/\/tag-key$/, '/team')),
    'aws:PrincipalTag/team', 'AWS:sourceip', 'ec2:ResourceTag/Name', 'nosuch:key', 'aws:NoSuchKey', 'no-colon', '', ':x',
  ];
  // Asked in an order that makes groups one at a time (the wild templates' groups among them), then the rest.
  let wildSeen = 0;
  for (const name of asked) {
    const got = c.conditionKey(name);
    const want = expected(name);
    if (got?.webIdentityClaim && !want) continue; // not in the catalogue: made from the name (catalog.test.ts)
    assert.deepEqual(got, want, name);
    if (want && got) assert.equal(got, c.conditionKey(want.key), `${name}: the same object as its key's`);
    if (want?.templated && want.key.toLowerCase() !== name.toLowerCase() && want.key.indexOf('$') < want.key.indexOf(':')) wildSeen++;
  }
  assert.ok(wildSeen > 10, `${wildSeen} instances matched a template whose variable is before the colon`);
  assert.deepEqual(c.globalConditionKeys(), [...index.values()].filter((k) => k.global));
  resetCatalog();
});

test('an AWS managed policy asked for first is the one the whole list holds', () => {
  resetManagedPolicies();
  const byArn = getManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')!;
  const byLowerName = getManagedPolicy('readonlyaccess')!;
  assert.equal(byArn.name, 'AWSLambdaBasicExecutionRole');
  assert.equal(byArn.path, '/service-role/');
  assert.equal(byLowerName.name, 'ReadOnlyAccess');
  assert.equal(getManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole'), undefined, 'the path must be right');
  assert.equal(getManagedPolicy('constructor'), undefined);
  assert.equal(getManagedPolicy('__proto__'), undefined);
  const all = listManagedPolicies();
  assert.ok(all.length > 1000);
  assert.equal(all.find((p) => p.name === byArn.name), byArn);
  assert.equal(all.find((p) => p.name === 'ReadOnlyAccess'), byLowerName);
  assert.equal(new Set(all.map((p) => p.name)).size, all.length);
  assert.ok(all.every((p) => p.arn === `arn:aws:iam::aws:policy${p.path}${p.name}` && /^v\d+$/.test(p.versionId)));
  assert.equal((byArn.document as { Version?: string }).Version, '2012-10-17');
  resetManagedPolicies();
});
