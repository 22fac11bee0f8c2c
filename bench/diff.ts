/**
 * `npm run bench:diff`: the access diff (`iam-workbench diff`) on two max-quota accounts that differ by
 * one statement, end to end as the CLI runs it: parse both texts, resolve, diff, build the report.
 * Cases: a statement added to the customer managed policy that reaches the most users (through their
 * groups); one account added to a role's trust policy; the same account re-indented with keys reordered
 * (no change: nothing is recomputed). Reads bench/out/large/iam.json (`npm run gen:large` writes it;
 * generated here when missing).
 *
 * Usage: node --import tsx bench/diff.ts [FILE] [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { diffAccess } from '../core/analysis/diff';
import { diffReport } from '../core/analysis/diff/report';
import { buildWorkspace } from '../core/model';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const path = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? 'bench/out/large/iam.json';
if (!existsSync(path)) execFileSync(process.execPath, ['scripts/gen-large.mjs'], { stdio: 'inherit' });

const baseText = readFileSync(path, 'utf8');
type Json = Record<string, any>;
const account = JSON.parse(baseText) as Json;

// The customer policy attached to the groups with the most members.
const members = new Map<string, number>();
for (const u of Object.values(account.users) as Json[]) for (const g of u.groups ?? []) members.set(g, (members.get(g) ?? 0) + 1);
const reach = new Map<string, number>();
for (const [g, def] of Object.entries(account.groups) as [string, Json][]) {
  for (const p of def.policies ?? []) if (!String(p).startsWith('arn:')) reach.set(p, (reach.get(p) ?? 0) + (members.get(g) ?? 0));
}
const [policy, users] = [...reach].sort((a, b) => b[1] - a[1])[0];

const variant = (edit: (a: Json) => void, indent: number | string = 2): string => {
  const copy = JSON.parse(baseText) as Json;
  edit(copy);
  return JSON.stringify(copy, null, indent) + '\n';
};
const statementAdded = variant((a) =>
  a.policies[policy].document.Statement.push({ Sid: 'BenchAdded', Effect: 'Allow', Action: ['s3:DeleteObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::bench-bucket/*' }),
);
const roleName = Object.keys(account.roles).find((r) => account.roles[r].trustPolicy.Statement[0].Principal.AWS)!;
const trustWidened = variant((a) => {
  const st = a.roles[roleName].trustPolicy.Statement[0];
  st.Principal.AWS = [st.Principal.AWS, '444455556666'].flat();
});
const reverse = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
const reformatted = JSON.stringify(reverse(JSON.parse(baseText)), null, '\t');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
function measure(name: string, headText: string): void {
  const times: number[] = [];
  const parts: string[] = [];
  let summary = '';
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const base = buildWorkspace([{ uri: 'iam.json', text: baseText }]);
    const head = buildWorkspace([{ uri: 'iam.json', text: headText }]);
    const t1 = performance.now();
    const d = diffAccess(base, head);
    const report = diffReport(d, (u) => base.file(u)?.lines, (u) => head.file(u)?.lines);
    const t2 = performance.now();
    times.push(t2 - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    parts.push(`parse+resolve ${(t1 - t0).toFixed(0)} ms, diff ${(t2 - t1).toFixed(0)} ms`);
    summary =
      `${report.Principals.length} principals changed (${report.Summary.GrantsGained} grants gained, ${report.Summary.GrantsLost} lost), ` +
      `${report.Roles.length} roles with changed assumers; recomputed ${d.stats.recomputed}/${d.stats.principals} principals, ` +
      `${d.stats.rolesRecomputed}/${d.stats.roles} roles, ${d.stats.resourcesRecomputed}/${d.stats.resources} resources`;
  }
  const m = median(times);
  console.log(
    `${name}: median ${m.toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU, of ${RUNS} (first ${times[0].toFixed(0)} ms; ${parts[times.indexOf(m)]})\n  ${summary}`,
  );
}

console.log(`${path}: ${(baseText.length / 1e6).toFixed(1)} MB; ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`statement added to policy "${policy}" (attached through groups to ${users} user memberships); trust of role "${roleName}" widened`);
measure('one statement added to a shared policy', statementAdded);
measure('one account added to a trust policy', trustWidened);
measure('re-indented, keys reordered (no change)', reformatted);
