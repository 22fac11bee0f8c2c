import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRules } from '../../core/analysis/rules';
import { groupIsAdmin, isAdminUser } from '../../core/analysis/rules/support/admin';
import { memo } from '../../core/analysis/rules/support/memo';
import { NAME_CHARS, nameCharsOk, PATH_FORMAT, pathFormatOk } from '../../core/analysis/rules/support/quotas';
import { buildWorkspace } from '../../core/model';
import { rng } from '../support/random';
import { run, URI } from './harness';

// The rules' fast paths (tables instead of regular expressions, memoised look-ups, caches) must answer
// as the plain code did.

const ALPHABET = ['a', 'Z', '0', '_', '+', '=', ',', '.', '@', '-', '/', ' ', ':', '!', '~', '\x7f', '\t', 'é', 'ſ', '\u00a0', '日', '\ud83d\ude00', '\ud83d', '$', '*', '"', '\\'];

function strings(seed: number, count: number): string[] {
  const next = rng(seed);
  const out = ['', '/', '//', '/a/', '/a b/', 'a', 'A-z_0'];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let n = Math.floor(next() * 8); n > 0; n--) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    if (next() < 0.3) s = `/${s}/`;
    out.push(s);
  }
  return out;
}

test('name and path checks by table agree with the regular expressions', () => {
  for (const s of strings(7, 20000)) {
    assert.equal(nameCharsOk(s), NAME_CHARS.test(s), JSON.stringify(s));
    assert.equal(pathFormatOk(s), PATH_FORMAT.test(s), JSON.stringify(s));
  }
});

test('quota/tags: letters of any script, reserved prefix in any ASCII case, other characters refused', () => {
  const tags = (pairs: [string, string][]) =>
    `{ "account": { "id": "123456789012" }, "users": { "u": { "tags": { ${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} } } } }`;
  const messages = (pairs: [string, string][]) => run('quota/tags', tags(pairs)).map((f) => f.message);
  assert.deepEqual(messages([['café', 'naïve 東京'], ['team/a:b=c+d-e@f_g.h', ' ']]), []);
  assert.deepEqual(messages([['AwS:x', '1']]), ['Tag keys starting with "aws:" are reserved for AWS.']);
  assert.deepEqual(messages([['ſws:x', '1']]), []); // /^aws:/i without the u flag: ſ is not s
  assert.equal(messages([['a!', '1']]).length, 1);
  assert.equal(messages([['a', 'x😀']]).length, 1);
  assert.equal(messages([['a', 'tab\there']]).length, 1);
});

test('memo: one computation per key, undefined results included, any key (even __proto__), bounded', () => {
  let calls = 0;
  const f = memo((k: string) => {
    calls++;
    return k.startsWith('x') ? undefined : k.length;
  }, 3);
  assert.equal(f('x1'), undefined);
  assert.equal(f('x1'), undefined);
  assert.equal(f('__proto__'), 9);
  assert.equal(f('__proto__'), 9);
  assert.equal(f('constructor'), 11);
  assert.equal(calls, 3);
  assert.equal(f('abcd'), 4); // the limit clears the cache
  assert.equal(f('x1'), undefined);
  assert.equal(calls, 5);
});

test('groupIsAdmin follows a reference re-resolved in place (the model keeps groups across edits)', () => {
  const ws = buildWorkspace([
    {
      uri: URI,
      text: `{ "account": { "id": "123456789012" },
        "policies": {
          "Read": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] } },
          "All": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "*", "Resource": "*" } ] } }
        },
        "groups": { "G": { "policies": ["Read"] } },
        "users": { "u": { "groups": ["G"] } } }`,
    },
  ]);
  const file = ws.files[0];
  const g = file.groups.get('G')!;
  const u = file.users.get('u')!;
  assert.equal(groupIsAdmin(g), false);
  assert.equal(isAdminUser(u), false);
  g.policies[0].target = { kind: 'customer', policy: file.policies.get('All')! };
  assert.equal(groupIsAdmin(g), true);
  assert.equal(isAdminUser(u), true);
});

test('suppressions follow the text of a file whose uri stays the same', () => {
  const doc = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "*", "Resource": "*" } ] }';
  const text = (comment: string) => `{ "account": { "id": "123456789012" },\n  "policies": { "P": {\n ${comment}\n "document": ${doc} } } }`;
  const findings = (t: string) => runRules(buildWorkspace([{ uri: URI, text: t }]), {}, { only: ['practice/full-admin'] }).length;
  assert.equal(findings(text('')), 1);
  assert.equal(findings(text('// iam-workbench-disable-next-line practice/full-admin')), 0);
  assert.equal(findings(text('// iam-workbench-disable-next-line practice/other')), 1);
  assert.equal(findings(text('')), 1);
});

test('grammar/policy-variable reads a variable spelt with an escape', () => {
  const text = `{ "account": { "id": "123456789012" }, "policies": { "P": { "document": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/\\u0024{aws:usernme}" } ] } } } }`;
  assert.deepEqual(
    run('grammar/policy-variable', text).map((f) => f.message),
    ['Unknown policy variable "${aws:usernme}"; did you mean ${aws:username}?.'],
  );
});
