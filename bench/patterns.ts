/**
 * `npm run bench:patterns`: wildcard matching against adversarial patterns (many stars against long strings).
 * Prints, for each pattern size m and text size n, the time of one match and the comparisons it made
 * (`globWork.steps`), and time / (m × n): at most a constant when matching is linear in pattern × text. Then the issue's
 * examples through the evaluator (Resource, StringLike, ArnLike), the former regular expressions on the
 * smallest sizes (to show what they cost), typical patterns old vs new, and other hostile values that used
 * to take quadratic time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type PolicySet } from '../core/engine';
import { arnMatcher, globMatcher, parsePattern, type Part } from '../core/engine/pattern';
import { parsePolicyText } from '../core/policy/parse';
import { isIpOrCidr } from '../core/analysis/rules/support/values';
import { globWork } from '../core/text/glob';

/** Median time in ms of `f` over enough runs to take ~20 ms (at least 3). */
function time(f: () => unknown): number {
  const samples: number[] = [];
  const until = performance.now() + 20;
  while (samples.length < 3 || (performance.now() < until && samples.length < 1000)) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** A flat copy of a built string (texts read from JSON are flat; a concatenation is a rope, slower to index). */
const flat = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

const fmt = (ms: number) => (ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(0)} ms`);

console.log(`bench:patterns — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, ${new Date().toISOString()}\n`);

// --- 1. Adversarial ARN patterns: arn:aws:s3:::*a*a…*a*b against arn:aws:s3:::aaaa…a (no match: the worst case).
console.log('1. Resource "arn:aws:s3:::" + "*a" × k + "*b" against "arn:aws:s3:::" + "a" × n (no match)');
console.log('| stars | pattern m | text n | time | comparisons | comparisons / (m·n) | ns / (m·n) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const stars of [4, 8, 16, 32, 64]) {
  for (const n of [200, 1000, 10000, 100000]) {
    const pattern = `arn:aws:s3:::${'*a'.repeat(stars)}*b`;
    const text = flat(`arn:aws:s3:::${'a'.repeat(n)}`);
    const m = arnMatcher(parsePattern(pattern, false));
    const before = globWork.steps;
    m(text);
    const steps = globWork.steps - before;
    const ms = time(() => m(text));
    const mn = pattern.length * text.length;
    console.log(`| ${stars} | ${pattern.length} | ${text.length} | ${fmt(ms)} | ${steps.toLocaleString('en')} | ${(steps / mn).toFixed(3)} | ${((ms * 1e6) / mn).toFixed(3)} |`);
  }
}

// --- 2. The matcher's own worst case: a middle segment that fails only at its last character, at every place.
console.log('\n2. The matcher\'s worst case: "arn:*:s3:::*" + "a" × k + "b*" against "arn:aws:s3:::" + "a" × n (no match)');
console.log('| k | pattern m | text n | time | comparisons | comparisons / (m·n) | ns / (m·n) |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const k of [8, 32, 128]) {
  for (const n of [1000, 10000, 100000]) {
    const pattern = `arn:*:s3:::*${'a'.repeat(k)}b*`;
    const text = flat(`arn:aws:s3:::${'a'.repeat(n)}`);
    const m = arnMatcher(parsePattern(pattern, false));
    const before = globWork.steps;
    m(text);
    const steps = globWork.steps - before;
    const ms = time(() => m(text));
    const mn = pattern.length * text.length;
    console.log(`| ${k} | ${pattern.length} | ${text.length} | ${fmt(ms)} | ${steps.toLocaleString('en')} | ${(steps / mn).toFixed(3)} | ${((ms * 1e6) / mn).toFixed(3)} |`);
  }
}

// --- 3. The examples through the evaluator.
console.log('\n3. Decisions through the evaluator (compiled policy; one request)');
console.log('| case | decision | time |');
console.log('| --- | --- | ---: |');
const doc = (statement: object) => parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), 'mem://bench.json', 'identity');
const caller = 'arn:aws:iam::111111111111:user/alice';
const cases: { name: string; set: PolicySet; resource: string; context?: Record<string, string> }[] = [];
{
  const long = flat(`arn:aws:s3:::${'a'.repeat(200)}`);
  cases.push({ name: 'Resource arn:aws:s3:::*a*a*a*a*b, 200-character ARN', set: { identity: [{ doc: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*a*a*a*a*b' }), id: 'P' }] }, resource: long });
  const v = 'a'.repeat(10000);
  const stars = `${'*a'.repeat(25)}*b`;
  for (const op of ['StringLike', 'StringNotLike']) {
    cases.push({ name: `${op} 25 stars, 10,000-character value`, set: { identity: [{ doc: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { 'aws:username': stars } } }), id: 'P' }] }, resource: '*', context: { 'aws:username': v } });
  }
  for (const op of ['ArnLike', 'ArnNotLike']) {
    cases.push({
      name: `${op} 25 stars, 10,000-character ARN`,
      set: { identity: [{ doc: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { 'aws:PrincipalArn': `arn:aws:iam::111111111111:role/${stars}` } } }), id: 'P' }] },
      resource: '*',
      context: { 'aws:PrincipalArn': flat(`arn:aws:iam::111111111111:role/${v}`) },
    });
  }
}
for (const c of cases) {
  const ask = () => evaluate({ principal: caller, action: 's3:GetObject', resource: c.resource, context: c.context }, c.set).decision;
  const decision = ask();
  console.log(`| ${c.name} | ${decision} | ${fmt(time(ask))} |`);
}

// --- 4. The CLI, end to end (the built dist/cli.js; process start included).
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(cli)) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-patterns-'));
  try {
    const policy = join(dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*a*a*a*a*b' }] }));
    const run = (arn: string) => {
      const args = [cli, 'simulate-custom-policy', '--policy-input-list', `file://${policy}`, '--action-names', 's3:GetObject', '--resource-arns', arn];
      const t = performance.now();
      execFileSync(process.execPath, args, { stdio: 'pipe' });
      return performance.now() - t;
    };
    const short = run('arn:aws:s3:::ab');
    const long = run(`arn:aws:s3:::${'a'.repeat(200)}`);
    console.log(`\n4. iam-workbench simulate-custom-policy with the issue's example: ${fmt(long)} (the same with a 15-character ARN: ${fmt(short)}; process start included)`);
  } catch (e) {
    console.log(`\n4. iam-workbench simulate-custom-policy failed: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else console.log('\n4. (no dist/cli.js: run `npm run build` for the CLI row)');

// --- 5. What the former regular expressions cost (small sizes only: they grow exponentially with the stars).
function formerArn(parts: Part[]): (s: string) => boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let field = 0;
  let src = '^';
  for (const p of parts) {
    if ('lit' in p) {
      for (const ch of p.lit) {
        if (ch === ':' && field < 5) field++;
        src += esc(ch);
      }
    } else if ('wild' in p) src += field < 5 ? (p.wild === '*' ? '[^:]*' : '[^:]') : p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]';
  }
  const re = new RegExp(src + '$');
  return (s) => re.test(s);
}
console.log('\n5. The former regular expression vs the linear matcher, "arn:aws:s3:::*a*a*a*a*b" against "arn:aws:s3:::" + "a" × n');
console.log('| n | former regex | linear matcher |');
console.log('| ---: | ---: | ---: |');
{
  const parts = parsePattern('arn:aws:s3:::*a*a*a*a*b', false);
  const old = formerArn(parts);
  const now = arnMatcher(parts);
  for (const n of [25, 50, 100]) {
    const text = flat(`arn:aws:s3:::${'a'.repeat(n)}`);
    const t = performance.now();
    old(text);
    const oldMs = performance.now() - t;
    console.log(`| ${n} | ${fmt(oldMs)} | ${fmt(time(() => now(text)))} |`);
  }
}

// --- 6. Typical patterns: the linear matcher against the former regular expressions, per match.
console.log('\n6. Typical patterns, per match (mean over 1,000,000 matches)');
console.log('| pattern | text | former regex | linear matcher |');
console.log('| --- | --- | ---: | ---: |');
for (const [pattern, text, kind] of [
  ['arn:aws:s3:::acme-app-data/*', 'arn:aws:s3:::acme-app-data/reports/2024/q1.csv', 'arn'],
  ['arn:aws:dynamodb:*:123456789012:table/app-*', 'arn:aws:dynamodb:eu-west-1:123456789012:table/app-orders', 'arn'],
  ['arn:aws:s3:::other-bucket/*', 'arn:aws:s3:::acme-app-data/reports/2024/q1.csv', 'arn'],
  ['s3:Get*', 's3:GetObject', 'action'],
  ['*:Describe*', 'ec2:DescribeInstances', 'action'],
] as const) {
  const parts = parsePattern(pattern, false);
  const now = kind === 'arn' ? arnMatcher(parts) : globMatcher(parts, true);
  const old =
    kind === 'arn'
      ? formerArn(parts)
      : ((re: RegExp) => (s: string) => re.test(s))(new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]')}$`, 'i'));
  const N = 1_000_000;
  const run = (f: (s: string) => boolean) => {
    let hits = 0;
    const t = performance.now();
    for (let i = 0; i < N; i++) if (f(text)) hits++;
    return ((performance.now() - t) * 1e6) / N;
  };
  run(old);
  run(now);
  console.log(`| \`${pattern}\` | \`${text}\` | ${run(old).toFixed(0)} ns | ${run(now).toFixed(0)} ns |`);
}

// --- 7. Other hostile values that took quadratic time in regular expressions (now scanned linearly).
console.log('\n7. Other hostile values of 100,000 characters');
console.log('| value | time |');
console.log('| --- | ---: |');
const big = 100000;
const dollars = flat(`arn:aws:s3:::${'${'.repeat(big / 2)}`);
const spaces = flat(`\${a${' '.repeat(big)}b}`);
const zeros = flat(`${'0'.repeat(big)}x`);
const colons = flat(`${':'.repeat(big)}x`);
const numeric: PolicySet = { identity: [{ doc: doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericEquals: { n: '5' } } }), id: 'P' }] };
const hostile: [string, () => unknown][] = [
  ['Resource of "${" × 50,000 (policy variables)', () => parsePattern(dollars, true)],
  ['a variable "${a" + 100,000 spaces + "b}"', () => parsePattern(spaces, true)],
  ['NumericEquals value "0" × 100,000 + "x"', () => evaluate({ principal: caller, action: 's3:GetObject', resource: '*', context: { n: zeros } }, numeric)],
  ['IP condition value ":" × 100,000 + "x" (rule check)', () => isIpOrCidr(colons)],
];
for (const [name, f] of hostile) console.log(`| ${name} | ${fmt(time(f))} |`);
