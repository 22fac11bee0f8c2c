import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { applyEdits } from '../../core/analysis/rules/support/edits';
import { inFile, run, stmt, URI } from './harness';
import { RULES } from '../../core/analysis/rules';

const ALL = RULES.map((r) => r.id);

const texts = [
  readFileSync(join(__dirname, '..', '..', 'examples', 'mistakes.iam.json'), 'utf8'),
  inFile('{\n  "Statement": [\n    { "Effect": "allow", "Action": ["s3:GetObjekt", "s33:ListBucket"], "Resource": "*",\n      "Condition": { "stringequals": { "aws:SorceVpc": "v" }, "NullIfExists": { "aws:SourceVpce": "true" } } }\n  ]\n}'),
  inFile(stmt('"Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "s3:GetObject", "Resource": "*"')),
  inFile(stmt('"Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole", "Resource": "*"'), 'trust'),
  inFile('{ "Version": "2008-10-17", "Statement": [ { "Sid": "A\u2013B", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } } } ] }'),
];

test('every quick fix yields valid JSON with comments, and its finding goes away', () => {
  let checked = 0;
  for (const text of texts) {
    for (const f of run(ALL, text)) {
      for (const fix of f.fixes ?? []) {
        assert.ok(fix.edits.every((e) => e.uri === URI), `${f.code}: edits stay in the file`);
        const fixed = applyEdits(text, fix.edits);
        const errors: ParseError[] = [];
        parseTree(fixed, errors, { allowTrailingComma: true });
        assert.deepEqual(errors, [], `${f.code} "${fix.title}" keeps the file valid`);
        const again = run(f.code, fixed).filter((g) => g.message === f.message);
        assert.equal(again.length, run(f.code, text).filter((g) => g.message === f.message).length - 1, `${f.code} "${fix.title}" removes its finding`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `${checked} fixes checked`);
});
