// Writes a generated organization for benchmarks: ACCOUNTS account files (default 300, ~13 MB in all),
// each a small account of scripts/gen-large.mjs's generateAccount (scale 0.008: 40 users, 4 groups, 8 roles,
// 12 policies) with its own id and seed, plus an `OrganizationAuditor` role in every member account trusting the
// security account's `auditor` role, which may assume it (cross-account trust across every file).
// Usage: node scripts/gen-org.mjs [OUT_DIR] [--accounts N]   (default bench/out/org) → OUT_DIR/aNNN.iam.json
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount } from './gen-large.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--accounts');
const count = at >= 0 ? Number(args.splice(at, 2)[1]) : 300;
if (!(Number.isInteger(count) && count >= 2)) throw new Error('--accounts takes a whole number of at least 2');
const outDir = args[0] ?? join(root, 'bench', 'out', 'org');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const SECURITY = '100000000000';
const AUDITOR = `arn:aws:iam::${SECURITY}:role/auditor`;
const idOf = (i) => String(100000000000 + i);
const doc = (Statement) => ({ Version: '2012-10-17', Statement });

for (let i = 0; i < count; i++) {
  const name = `a${String(i).padStart(3, '0')}.iam.json`;
  // In this process (a node process per account cost ~0.15 s of CPU each, most of the time of a small organization).
  const path = join(outDir, name);
  const account = generateAccount({ scale: 0.008, account: idOf(i), seed: 1000 + i });
  account.account.alias = i === 0 ? 'security' : `member-${i}`;
  if (i === 0) {
    account.policies.AssumeAuditorEverywhere = {
      description: 'The auditor reads every member account through its OrganizationAuditor role.',
      document: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/OrganizationAuditor' }]),
    };
    account.roles.auditor = {
      description: 'Security audits.',
      trustPolicy: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${SECURITY}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }]),
      policies: ['AssumeAuditorEverywhere', 'arn:aws:iam::aws:policy/SecurityAudit'],
    };
  } else {
    account.roles.OrganizationAuditor = {
      description: 'Read-only access for the security account.',
      trustPolicy: doc([{ Effect: 'Allow', Principal: { AWS: AUDITOR }, Action: 'sts:AssumeRole' }]),
      policies: ['arn:aws:iam::aws:policy/SecurityAudit'],
    };
  }
  writeFileSync(path, JSON.stringify(account, null, 2) + '\n');
}
const files = readdirSync(outDir).filter((f) => f.endsWith('.iam.json'));
const bytes = files.reduce((n, f) => n + statSync(join(outDir, f)).size, 0);
console.log(`wrote ${files.length} account files to ${outDir}: ${(bytes / 1e6).toFixed(1)} MB`);
