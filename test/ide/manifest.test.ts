import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'iam-json.tmLanguage.json'), 'utf8'));

test('the manifest contributes the iam-json language, grammar, schema, settings and commands', () => {
  const c = pkg.contributes;
  const lang = c.languages.find((l: { id: string }) => l.id === 'iam-json');
  assert.deepEqual(lang.filenames, ['iam.json']);
  assert.deepEqual(lang.filenamePatterns, ['*.iam.json']);
  for (const file of [lang.configuration, c.grammars[0].path, c.jsonValidation[0].url]) assert.ok(existsSync(join(ROOT, file)), `${file} exists`);
  const settings = Object.keys(c.configuration.properties);
  assert.ok(settings.every((k) => k.startsWith('iamWorkbench.')));
  assert.ok(settings.includes('iamWorkbench.trace.server'));
  assert.ok(c.commands.every((cmd: { category: string }) => cmd.category === 'IAM Workbench'));
  assert.ok(pkg.capabilities.untrustedWorkspaces.supported !== undefined);
  assert.ok(pkg.capabilities.virtualWorkspaces.supported !== undefined);
});

test('VS Code conventions: quick suggestions inside strings, a file icon for account files (shipped by the .vsix allow-list)', () => {
  const c = pkg.contributes;
  assert.deepEqual(c.configurationDefaults['[iam-json]']['editor.quickSuggestions'], { strings: 'on' });
  const lang = c.languages.find((l: { id: string }) => l.id === 'iam-json');
  const allow = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
  for (const icon of [lang.icon.light, lang.icon.dark]) {
    assert.ok(existsSync(join(ROOT, icon)), `${icon} exists`);
    assert.match(readFileSync(join(ROOT, icon), 'utf8'), /^<svg [^>]*viewBox="0 0 16 16"/);
    assert.ok(allow.includes(`!${icon.replace('./', '').split('/')[0]}/**`), `${icon} is packaged`);
  }
});

/** Every `match` of the grammar (JavaScript-compatible subset of Oniguruma), by repository name. */
function rule(name: string): RegExp[] {
  const out: RegExp[] = [];
  const walk = (o: unknown) => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'match' && typeof v === 'string') out.push(new RegExp(v));
      else walk(v);
    }
  };
  walk(grammar.repository[name]);
  return out;
}

const cases: [string, string, boolean][] = [
  ['iam-tokens', '"arn:aws:iam::123456789012:role/app"', true],
  ['iam-tokens', '"s3:GetObject"', true],
  ['iam-tokens', '"ec2:Describe*"', true],
  ['variable', 'arn:aws:s3:::b/${aws:username}/*', true],
  ['string', '"Allow"', true],
  ['string', '"Deny"', true],
  ['key', '"StringEquals"', true],
  ['key', '"ForAnyValue:StringLike"', true],
];
test('grammar patterns compile and match IAM tokens', () => {
  for (const [name, sample, expected] of cases) {
    const regexes = rule(name);
    assert.ok(regexes.length > 0, name);
    assert.equal(regexes.some((r) => r.test(sample)), expected, `${name} on ${sample}`);
  }
  assert.equal(grammar.scopeName, 'source.iam-json');
});
