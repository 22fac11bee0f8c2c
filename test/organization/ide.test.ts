import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspace } from '../../core/model';
import { definition } from '../../core/ide/navigation';
import { hover } from '../../core/ide/hover';

const EX = join(__dirname, '..', '..', 'examples');
const names = ['acme-prod', 'acme-security', 'acme-organization'];
const sources = names.map((n) => ({ uri: `examples/${n}.iam.json`, text: readFileSync(join(EX, `${n}.iam.json`), 'utf8') }));
const ORG = 'examples/acme-organization.iam.json';
const text = sources[2].text;

test('in an organization file, an attachment goes to the SCP it names and hovers with its Organizations ARN', () => {
  const ws = buildWorkspace(sources);
  const at = text.indexOf('"ProtectSecurityTooling"]') + 3;
  const defs = definition(ws, ORG, at);
  assert.equal(defs.length, 1);
  assert.equal(text.slice(defs[0].span.start, defs[0].span.end), '"ProtectSecurityTooling"');
  assert.equal(defs[0].span.start, text.indexOf('"ProtectSecurityTooling": {'));
  const h = hover(ws, ORG, at);
  assert.match(JSON.stringify(h), /arn:aws:organizations::111122223333:policy\/o-a1b2c3d4e5\/service_control_policy\/p-examplescp1/);
  // An action inside the SCP's document hovers like any action.
  const action = text.indexOf('cloudtrail:StopLogging') + 2;
  assert.match(JSON.stringify(hover(ws, ORG, action)), /StopLogging/);
});
