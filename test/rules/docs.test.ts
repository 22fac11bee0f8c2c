import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesDoc } from '../../scripts/gen-rule-docs';
import { RULES } from '../../core/analysis/rules';

test('docs/rules.md is generated from the rules and up to date (npm run docs:rules)', () => {
  const current = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
  assert.equal(current, renderRulesDoc());
  for (const r of RULES) assert.ok(current.includes(`## ${r.id}\n`), r.id);
});
