import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition, prepareRename, references, rename } from '../../core/ide/navigation';
import { parseAccountFile } from '../../core/model';
import { apply, at, makeHost, PARTNER, PARTNER_URI, PROD, PROD_URI } from './fixture';

const ws = makeHost().snapshot().workspace;
const text = (uri: string) => (uri === PROD_URI ? PROD : PARTNER);
const spanText = (uri: string, s: { start: number; end: number }) => text(uri).slice(s.start, s.end);

const definitions: [string, string, number, string, string][] = [
  // [what, needle in PROD, nth, expected uri, expected text at the definition]
  ['group reference', '"Devs"]', 0, PROD_URI, '"Devs"'],
  ['policy by name', '"Passer"]', 0, PROD_URI, '"Passer"'],
  ['policy by ARN', 'arn:aws:iam::111111111111:policy/S3Read', 0, PROD_URI, '"S3Read"'],
  ['boundary', '"NoIam"', 1, PROD_URI, '"NoIam"'],
  ['trusted account root', 'arn:aws:iam::222222222222:root', 0, PARTNER_URI, '"222222222222"'],
];
for (const [what, needle, nth, uri, expected] of definitions) {
  test(`definition: ${what}`, () => {
    const defs = definition(ws, PROD_URI, at(PROD, needle, 2, nth));
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, uri);
    assert.equal(spanText(uri, defs[0].span), expected);
  });
}

test('definition across files: a role ARN in another account file', () => {
  const defs = definition(ws, PARTNER_URI, at(PARTNER, 'role/partner-access', 3));
  assert.equal(defs[0].uri, PROD_URI);
  assert.equal(spanText(PROD_URI, defs[0].span), '"partner-access"');
});

test('definition of an AWS managed policy or a plain value: nothing to go to', () => {
  assert.deepEqual(definition(ws, PROD_URI, at(PROD, 'ReadOnlyAccess')), []);
  assert.deepEqual(definition(ws, PROD_URI, at(PROD, '"Read",')), []);
});

test('references of a customer policy: by name and by ARN', () => {
  const refs = references(ws, PROD_URI, at(PROD, '"S3Read": {'), true);
  const texts = refs.map((r) => spanText(r.uri, r.span)).sort();
  assert.deepEqual(texts, ['"S3Read"', '"S3Read"', '"S3Read"', '"arn:aws:iam::111111111111:policy/S3Read"'].sort());
  assert.equal(references(ws, PROD_URI, at(PROD, '"S3Read": {'), false).length, 3);
});

test('references of a role include ARNs in other files', () => {
  const refs = references(ws, PROD_URI, at(PROD, '"partner-access": {'), true);
  assert.deepEqual(refs.map((r) => r.uri).sort(), [PARTNER_URI, PROD_URI]);
});

test('references of a group: every user that names it', () => {
  const refs = references(ws, PROD_URI, at(PROD, '"Devs": {'), false);
  assert.equal(refs.length, 2);
});

test('rename a policy: declaration, names and ARNs change; nothing else does', () => {
  const prep = prepareRename(ws, PROD_URI, at(PROD, '"S3Read"]'));
  assert.equal(prep?.placeholder, 'S3Read');
  const result = rename(ws, PROD_URI, at(PROD, '"S3Read"]'), 'LogsRead');
  assert.ok('edits' in result);
  const next = apply(PROD, result.edits.filter((e) => e.uri === PROD_URI));
  assert.equal(next.match(/LogsRead/g)?.length, 4);
  assert.ok(!next.includes('S3Read'));
  assert.ok(next.includes('// the production account'), 'comments survive');
  assert.equal(next.length, PROD.length + 4 * 2, 'only the names changed');
  const model = parseAccountFile(PROD_URI, next);
  assert.ok(model.policies.has('LogsRead'));
});

test('rename a role updates ARNs in the other account file', () => {
  const result = rename(ws, PROD_URI, at(PROD, '"partner-access": {'), 'vendor');
  assert.ok('edits' in result);
  const partner = apply(PARTNER, result.edits.filter((e) => e.uri === PARTNER_URI));
  assert.ok(partner.includes('arn:aws:iam::111111111111:role/vendor'));
});

test('rename rejects invalid and clashing names', () => {
  const bad = rename(ws, PROD_URI, at(PROD, '"alice"'), 'not valid!');
  assert.ok('error' in bad);
  const clash = rename(ws, PROD_URI, at(PROD, '"alice"'), 'BOB');
  assert.ok('error' in clash && /already exists/.test(clash.error));
  assert.equal(prepareRename(ws, PROD_URI, at(PROD, '"Effect"')), undefined);
});
