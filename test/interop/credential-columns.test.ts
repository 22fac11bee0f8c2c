/**
 * A credential report cut down to fewer columns: what it does not say stays unknown (the field is left
 * out, as without a report) instead of reading as "no keys" or "no MFA". And the report's documented
 * cell values (true, false, N/A, not_supported, no_information) each read as AWS means them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importFromAws, formatImportError } from '../../core/interop/import';
import { fixture, PAGES } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withReport(csv: string): { f: any; notes: string[] } {
  const r = importFromAws({ authorizationDetails: PAGES(), credentialReport: { name: 'report.csv', text: csv } });
  assert.deepEqual(r.errors.map(formatImportError), []);
  return { f: JSON.parse(r.text!), notes: r.notes.map((n) => n.message) };
}

const FULL = fixture('credential-report.csv').text;

/** The fixture with some columns removed. */
function without(columns: string[]): string {
  const lines = FULL.trimEnd().split('\n').map((l) => l.split(','));
  const keep = lines[0].map((c, i) => (columns.includes(c) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((cells) => keep.map((i) => cells[i]).join(',')).join('\n') + '\n';
}

test('credential report without access-key columns: accessKeys left out (unknown), not []', () => {
  const keyColumns = FULL.split('\n')[0].split(',').filter((c) => c.startsWith('access_key_'));
  assert.equal(keyColumns.length, 10);
  const { f, notes } = withReport(without(keyColumns));
  for (const [name, u] of Object.entries(f.users) as [string, { accessKeys?: unknown }][]) {
    assert.equal(u.accessKeys, undefined, `${name}: no accessKeys field`);
  }
  assert.equal(f.account.root.accessKeys, undefined);
  assert.ok(notes.some((n) => /no access_key_1_\* \/ access_key_2_\* columns: access keys are unknown/.test(n)), notes.join('\n'));
  // The full report still writes [] for a user it says has no keys, and the keys it lists.
  const full = withReport(FULL).f;
  assert.ok(Object.values(full.users).some((u) => Array.isArray((u as { accessKeys?: unknown[] }).accessKeys) && (u as { accessKeys: unknown[] }).accessKeys.length === 0));
  assert.equal(full.users.alice.accessKeys.length, 2);
});

test('credential report without mfa_active or password_enabled: mfa and console left out, root MFA unknown', () => {
  const { f, notes } = withReport(without(['mfa_active', 'password_enabled']));
  assert.equal(f.users.alice.mfa, undefined);
  assert.equal(f.users.alice.console, undefined);
  assert.equal(f.account.root.mfa, undefined, 'not false: the report does not say');
  assert.ok(notes.some((n) => /no "mfa_active" column/.test(n)));
  assert.equal(withReport(FULL).f.account.root.mfa, true);
});

test('credential report cell values as documented: true, false, N/A, not_supported, no_information', () => {
  const header = 'user,arn,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date';
  const rows = [
    '<root_account>,arn:aws:iam::123456789012:root,not_supported,no_information,false,false,N/A,N/A,false,N/A,N/A',
    'alice,arn:aws:iam::123456789012:user/alice,true,no_information,true,true,2026-01-05T09:10:00+00:00,N/A,false,N/A,N/A',
    'bob,arn:aws:iam::123456789012:user/engineering/bob,false,N/A,false,false,N/A,N/A,false,N/A,N/A',
  ];
  const { f } = withReport([header, ...rows].join('\n') + '\n');
  assert.equal(f.account.root.mfa, false);
  assert.deepEqual(f.account.root.accessKeys, [], 'N/A key slots: no keys');
  assert.deepEqual(f.users.alice.console, { enabled: true }, 'no_information: never signed in, nothing kept');
  assert.deepEqual(f.users.alice.accessKeys, [{ status: 'Active', created: '2026-01-05' }], 'N/A last use: not used');
  assert.deepEqual(f.users.bob.console, { enabled: false });
  assert.deepEqual(f.users.bob.accessKeys, []);
  const bad = importFromAws({ authorizationDetails: PAGES(), credentialReport: { name: 'r.csv', text: `${header}\n${rows[1].replace(',true,no_information', ',yes,no_information')}\n` } });
  assert.match(formatImportError(bad.errors[0]), /^r\.csv:2:\d+: "password_enabled" of alice should be true or false, not "yes"$/);
});
