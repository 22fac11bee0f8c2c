/**
 * The one-pass policy reader (core/policy/parse-fast.ts) against the general one (a JSON tree, then the document):
 * wherever it reads a text at all, the document must be the same in every value, span and `json`; where it declines,
 * parsePolicyText's answer is the general reader's. Texts: every AWS managed policy (compact, as the data holds them,
 * and re-indented), the simulation batch's policies, hand-written edge cases, and byte-level mutations of them all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listManagedPolicies, managedPolicyText } from '../../core/data/managed-policies';
import { parsePolicyTextFast } from '../../core/policy/parse-fast';
import { MAX_POLICY_CHARS, parsePolicyText, parsePolicyTextFromTree } from '../../core/policy/parse';
import type { PolicyKind } from '../../core/policy/types';
import { batchItems } from '../support/batch';
import { rng } from '../support/random';

const KINDS: PolicyKind[] = ['identity', 'boundary', 'scp', 'session'];

/** Compares the two readers on one text; returns whether the fast one read it. */
function agree(text: string, kind: PolicyKind = 'identity', maxChars = MAX_POLICY_CHARS): boolean {
  const general = parsePolicyTextFromTree(text, 'uri:p', kind, maxChars);
  const fast = parsePolicyTextFast(text, 'uri:p', kind, maxChars);
  assert.deepStrictEqual(parsePolicyText(text, 'uri:p', kind, maxChars), fast ?? general);
  if (!fast) return false;
  assert.deepStrictEqual(fast, general, text.slice(0, 300));
  // Declining is for texts with findings or what the fast reader leaves to the general one, never for a clean
  // text it should read: a clean, Principal-free document with neither is read.
  return true;
}

const HAND: string[] = [
  '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}',
  ' \r\n\t{ "Statement" : [ ] , "Version" : "2008-10-17" , "Id" : "x" } \n',
  '{"Statement":[{"Sid":"","Effect":"Deny","NotAction":[],"NotResource":["a","b\\u0041\\n\\"q\\""]}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":[3600,-1.5e3,0]},"Bool":{"aws:SecureTransport":true,"aws:ViaAWSService":[false]},"StringEquals":{}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}, {}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/😀/ü\\ud83d\\ude00"}]}',
  '{}',
  // Texts the fast reader leaves to the general one (each has findings there, or a Principal, or a repeated key).
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]}',
  '// c\n{"Version":"2012-10-17","Statement":[]}',
  '{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a":"1","A":"2"}}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"1"}}}]}',
  '{"Version":2012,"Statement":[]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"k":null}}}]}',
  '{"Version":"2012-10-17","Statement":"x"}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a\u0001b","Resource":"*"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"k":01}}}]}',
  '{"Version":"2012-10-17","Statement":[]} x',
  '"{\\"Version\\":\\"2012-10-17\\"}"',
  '',
];

test('the one-pass reader: hand-written texts, read alike or left to the general reader', () => {
  const read = HAND.map((t) => agree(t));
  assert.deepEqual(read.slice(0, 7), [true, true, true, true, true, true, true], 'the clean texts are read by the fast path');
  assert.ok(read.slice(7).every((r) => !r), 'every other text is left to the general reader');
  // Over the size limit: the general reader reports it.
  assert.equal(agree(HAND[0], 'identity', 20), false);
});

test('the one-pass reader: every AWS managed policy, compact and indented', () => {
  let read = 0;
  let total = 0;
  for (const [i, policy] of listManagedPolicies().entries()) {
    const text = managedPolicyText(policy);
    // Every one as the data holds it; every fourth also indented with CRLF line ends (positions across lines).
    for (const t of i % 4 ? [text] : [text, JSON.stringify(JSON.parse(text), null, 2).replace(/\n/g, '\r\n')]) {
      total++;
      if (agree(t, KINDS[total % KINDS.length], Infinity)) read++;
    }
  }
  assert.ok(total > 1500, `${total} texts`);
  // Most AWS managed policies have no Principal: the fast path must read nearly all of them.
  assert.ok(read > total * 0.9, `${read} of ${total} read by the fast path`);
});

test('the one-pass reader: the batch policies and byte-level mutations of every text', () => {
  const texts: string[] = [...HAND];
  for (const item of batchItems(300, 3)) {
    for (const p of [...(item.PolicyInputList as string[]), ...((item.PermissionsBoundaryPolicyInputList as string[] | undefined) ?? [])]) texts.push(p);
  }
  for (const t of texts) assert.equal(agree(t), agree(t)); // deterministic
  const random = rng(99);
  const alphabet = ['{', '}', '[', ']', '"', ',', ':', ' ', '\\', 'a', '1', '-', '.', 'e', '\n', 't', 'n', 'u', '\u0000', '😀'];
  let read = 0;
  for (let round = 0; round < 4000; round++) {
    const t = texts[Math.floor(random() * texts.length)];
    if (!t.length) continue;
    const at = Math.floor(random() * t.length);
    const r = random();
    const ch = alphabet[Math.floor(random() * alphabet.length)];
    const mutated = r < 0.4 ? t.slice(0, at) + ch + t.slice(at + 1) : r < 0.7 ? t.slice(0, at) + ch + t.slice(at) : t.slice(0, at) + t.slice(at + 1);
    if (agree(mutated)) read++;
  }
  assert.ok(read > 100, `${read} mutated texts read by the fast path (and found equal)`);
});
