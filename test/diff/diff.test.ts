import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { run, ROOT } from '../cli/helpers';
import { buildWorkspace } from '../../core/model';
import { diffAccess, diffHas } from '../../core/analysis/diff';
import { diffReport, type DiffReport } from '../../core/analysis/diff/report';
import { diffMarkdown, md } from '../../core/analysis/diff/markdown';

const FIX = 'test/diff/fixtures';
const baseText = readFileSync(join(ROOT, FIX, 'base/prod.iam.json'), 'utf8');
const headText = readFileSync(join(ROOT, FIX, 'head/prod.iam.json'), 'utf8');

const ALICE = 'arn:aws:iam::111111111111:user/alice';
const BOB = 'arn:aws:iam::111111111111:user/bob';
const CAROL = 'arn:aws:iam::111111111111:user/carol';
const APP = 'arn:aws:iam::111111111111:role/app';

async function jsonDiff(args: string[], cwd = ROOT): Promise<{ code: number; report: DiffReport; err: string }> {
  const r = await run(['diff', ...args, '--output', 'json'], cwd);
  assert.equal(r.err.includes('internal error'), false, r.err);
  return { code: r.code, report: JSON.parse(r.out), err: r.err };
}

/** Keys in reverse order, re-indented by four spaces, comments dropped: the same account, written otherwise. */
function reformatted(text: string): string {
  const reverse = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
  return JSON.stringify(reverse(parse(text)), null, 4);
}

test('diff --output json names exactly who gained and lost, through groups, boundaries and shared managed policies', async () => {
  const { code, report } = await jsonDiff([`${FIX}/base`, `${FIX}/head`]);
  assert.equal(code, 0, 'no --fail-on: exit 0');
  const gainers = report.Principals.filter((p) => p.Gained.length).map((p) => p.PrincipalArn).sort();
  const losers = report.Principals.filter((p) => p.Lost.length).map((p) => p.PrincipalArn).sort();
  // The statement added to the Developers group reaches its members alice and bob (not carol, not the roles).
  assert.deepEqual(gainers, [ALICE, BOB]);
  // The action removed from AppData is lost by everything that attaches it: user carol and role app.
  assert.deepEqual(losers, [APP, CAROL]);
  const alice = report.Principals.find((p) => p.PrincipalArn === ALICE)!;
  assert.deepEqual(alice.Gained.map((g) => `${g.Action} ${g.Resource}`), ['s3:DeleteObject arn:aws:s3:::prod-data/*', 's3:GetObject arn:aws:s3:::prod-data/*']);
  assert.equal(alice.Gained[0].Source.Policy, 'group/Developers/inline/Logs');
  assert.equal(alice.Gained[0].Source.Sid, 'ProdData');
  assert.equal(alice.Gained[0].Source.File, `${FIX}/head/prod.iam.json`);
  assert.equal(alice.Gained[0].Source.Line, 24);
  // bob's permissions boundary allows s3:GetObject but not s3:DeleteObject: he gains only the first.
  const bob = report.Principals.find((p) => p.PrincipalArn === BOB)!;
  assert.deepEqual(bob.Gained.map((g) => g.Action), ['s3:GetObject']);
  for (const who of [CAROL, APP]) {
    const p = report.Principals.find((x) => x.PrincipalArn === who)!;
    assert.deepEqual(p.Lost.map((g) => `${g.Action} ${g.Resource}`), ['dynamodb:PutItem arn:aws:dynamodb:eu-west-1:111111111111:table/app']);
    assert.deepEqual(p.Gained, []);
    assert.equal(p.Lost[0].Source.File, `${FIX}/base/prod.iam.json`);
  }
  // The account added to the deployer role's trust policy is its one new assumer, from outside the organization.
  assert.deepEqual(report.Roles.map((r) => r.RoleArn), ['arn:aws:iam::111111111111:role/deployer']);
  assert.deepEqual(
    report.Roles[0].GainedAssumers.map((a) => [a.Principal, a.Kind, a.Scope]),
    [['333333333333', 'externalAccount', 'outside-organization']],
  );
  assert.deepEqual(report.Roles[0].LostAssumers, []);
  // The bucket policy's new "Principal": "*" statement makes it public.
  assert.equal(report.Resources.length, 1);
  assert.deepEqual([report.Resources[0].Before, report.Resources[0].After], ['account', 'public']);
  assert.deepEqual(report.Resources[0].GainedAccess.map((a) => [a.Principal, a.Action, a.Resource]), [['*', 's3:GetObject', 'arn:aws:s3:::prod-reports/public/*']]);
  assert.equal(report.Summary.NewAccess && report.Summary.ExternalAccess && report.Summary.PublicAccess, true);
});

test('--fail-on: exit 1 when the change brings that kind of access, 0 otherwise', async () => {
  for (const what of ['new-access', 'external-access', 'public-access']) {
    assert.equal((await run(['diff', `${FIX}/base`, `${FIX}/head`, '--fail-on', what])).code, 1, what);
  }
  // The way back: carol and app get dynamodb:PutItem back (new access), nothing new from outside, nothing public.
  const back = await jsonDiff([`${FIX}/head`, `${FIX}/base`, '--fail-on', 'external-access,public-access']);
  assert.equal(back.code, 0);
  assert.equal((await run(['diff', `${FIX}/head`, `${FIX}/base`, '--fail-on', 'new-access'])).code, 1);
  assert.deepEqual(back.report.Principals.filter((p) => p.Gained.length).map((p) => p.PrincipalArn).sort(), [APP, CAROL]);
  assert.deepEqual(back.report.Principals.filter((p) => p.Lost.length).map((p) => p.PrincipalArn).sort(), [ALICE, BOB]);
  assert.deepEqual(back.report.Roles[0].LostAssumers.map((a) => a.Principal), ['333333333333']);
  assert.equal(back.report.Resources[0].After, 'account');
});

test('the same workspace re-indented with keys reordered and comments dropped shows no change and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-diff-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'prod.iam.json'), headText);
  writeFileSync(join(dir, 'b', 'prod.iam.json'), reformatted(headText));
  assert.notEqual(reformatted(headText), headText);
  const r = await jsonDiff(['a', 'b', '--fail-on', 'new-access'], dir);
  assert.equal(r.code, 0);
  assert.deepEqual([r.report.Principals, r.report.Roles, r.report.Resources], [[], [], []]);
  const text = await run(['diff', 'a', 'b'], dir);
  assert.match(text.out, /^No change in effective access\./);
  // Nothing was even recomputed: the documents are canonically equal.
  const d = diffAccess(buildWorkspace([{ uri: 'x.iam.json', text: headText }]), buildWorkspace([{ uri: 'x.iam.json', text: reformatted(headText) }]));
  assert.deepEqual([d.stats.recomputed, d.stats.rolesRecomputed, d.stats.resourcesRecomputed], [0, 0, 0]);
});

test('a wider grant already held is no gain; a Deny, an SCP and a narrower resource are honoured', () => {
  const account = (extra: object) =>
    JSON.stringify({
      account: { id: '111111111111', organization: { serviceControlPolicies: [['FullAWSAccess', 'NoDelete']] } },
      policies: {
        NoDelete: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] } },
      },
      users: { dana: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::logs-*' }, extra] } } } },
    });
  const ws = (extra: object) => buildWorkspace([{ uri: 'a.iam.json', text: account(extra) }]);
  const base = ws({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
  // Covered by s3:* on logs-*: no gain. s3:DeleteBucket: the SCP denies it. A condition makes a distinct grant.
  const covered = diffAccess(base, ws({ Effect: 'Allow', Action: ['s3:GetObject', 's3:DeleteBucket'], Resource: 'arn:aws:s3:::logs-a' }));
  assert.equal(covered.principals.length, 1);
  assert.deepEqual(covered.principals[0].gained, []);
  assert.deepEqual(
    covered.principals.flatMap((p) => p.lost.map((g) => `${g.action} ${g.resource}`)),
    ['sqs:SendMessage *'],
  );
  const wider = diffAccess(base, ws({ Effect: 'Allow', Action: ['sqs:SendMessage', 's3:GetObject'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }));
  const gained = wider.principals[0].gained.map((g) => `${g.action} ${g.resource} ${g.conditions.join(';')}`);
  assert.deepEqual(gained, ['s3:GetObject * Bool aws:SecureTransport = "true"']);
  // sqs:SendMessage on * unconditionally becomes conditional: lost as it was.
  assert.deepEqual(wider.principals[0].lost.map((g) => `${g.action} ${g.resource}`), ['sqs:SendMessage *']);
});

test('a wildcard action is expanded through the catalogue into exact action names', () => {
  const ws = (actions: string[]) =>
    buildWorkspace([
      { uri: 'a.iam.json', text: JSON.stringify({ account: { id: '111111111111' }, roles: { r: { trustPolicy: { Version: '2012-10-17', Statement: [] }, inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } } } } }) },
    ]);
  const d = diffAccess(ws(['sqs:SendMessage']), ws(['sqs:SendMessage', 'sqs:Delete*']));
  const gained = d.principals[0].gained.map((g) => g.action);
  assert.ok(gained.length >= 2, gained.join());
  assert.ok(gained.every((a) => /^sqs:Delete[A-Z]\w+$/.test(a)), gained.join());
  assert.ok(gained.includes('sqs:DeleteMessage') && gained.includes('sqs:DeleteQueue'));
});

test('markdown: summary first, details folded, names from the files escaped', async () => {
  const r = await run(['diff', `${FIX}/base`, `${FIX}/head`, '--output', 'markdown']);
  const lines = r.out.split('\n');
  assert.equal(lines[0], '### IAM access diff');
  assert.match(lines[2], /^\*\*2 principals gain access\*\* \(3 grants\)/);
  assert.ok(r.out.indexOf('<details>') > r.out.indexOf('#### Principals'));
  assert.equal((r.out.match(/<details/g) ?? []).length, (r.out.match(/<\/details>/g) ?? []).length);
  // Rendered, the bell shows as \u{7}: the backslash and braces are escaped too.
  assert.equal(md('a|b<script>`x`\u0007'), 'a\\|b&lt;script&gt;\\`x\\`\\\\u\\{7\\}');
  // A hostile statement id reaches the page escaped.
  const hostile = headText.replace('"Sid": "ProdData"', '"Sid": "x</summary><img src=x>\\u001b[31m|"');
  const report = diffReport(
    diffAccess(buildWorkspace([{ uri: 'p.iam.json', text: baseText }]), buildWorkspace([{ uri: 'p.iam.json', text: hostile }])),
    () => undefined,
    () => undefined,
  );
  const page = diffMarkdown(report);
  assert.equal(page.includes('<img'), false);
  assert.equal(/[\u0000-\u0008\u000b-\u001f]/.test(page), false);
  assert.ok(page.includes('x&lt;/summary&gt;&lt;img src=x&gt;\\\\u\\{1b\\}\\[31m\\|'), page);
});

test('sarif: a result per gained grant at the statement, external and public access as errors', async () => {
  const r = await run(['diff', `${FIX}/base`, `${FIX}/head`, '--output', 'sarif']);
  const sarif = JSON.parse(r.out);
  const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
  assert.equal(results.filter((x) => x.ruleId === 'diff/new-access').length, 3);
  assert.equal(results.filter((x) => x.ruleId === 'diff/lost-access').length, 2);
  assert.deepEqual(results.filter((x) => x.level === 'error').map((x) => x.ruleId).sort(), ['diff/external-access', 'diff/public-access']);
  assert.equal(results.find((x) => x.ruleId === 'diff/external-access')!.locations[0].physicalLocation.region.startLine, 43);
});

test('usage and I/O errors exit 2', async () => {
  assert.equal((await run(['diff', `${FIX}/base`])).code, 2);
  assert.equal((await run(['diff', `${FIX}/base`, 'no/such/folder'])).code, 2);
  assert.equal((await run(['diff', `${FIX}/base`, `${FIX}/head`, '--fail-on', 'everything'])).code, 2);
  assert.equal((await run(['diff', `${FIX}/base`, `${FIX}/head`, '--output', 'html'])).code, 2);
  const notRepo = mkdtempSync(join(tmpdir(), 'iamwb-norepo-'));
  const r = await run(['diff', '--base', 'main'], notRepo);
  assert.equal(r.code, 2);
  assert.match(r.err, /git/);
});

test('diff --base GIT_REF compares the working tree with a revision, without checking it out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'accounts'));
  writeFileSync(join(dir, 'accounts', 'prod.iam.json'), baseText);
  writeFileSync(join(dir, 'README.md'), 'not an account\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  writeFileSync(join(dir, 'accounts', 'prod.iam.json'), headText);
  const r = await jsonDiff(['--base', 'main', 'accounts', '--fail-on', 'new-access'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(r.report.Principals.filter((p) => p.Gained.length).map((p) => p.PrincipalArn).sort(), [ALICE, BOB]);
  assert.equal(r.report.Principals.find((p) => p.PrincipalArn === CAROL)!.Lost[0].Source.File, 'main:accounts/prod.iam.json');
  // The working tree is untouched, and the same tree committed diffs to nothing.
  assert.equal(readFileSync(join(dir, 'accounts', 'prod.iam.json'), 'utf8'), headText);
  git('commit', '-qam', 'head');
  const same = await jsonDiff(['--base', 'HEAD', '--fail-on', 'new-access'], dir);
  assert.equal(same.code, 0);
  assert.deepEqual(same.report.Principals, []);
  // From a subfolder, paths are the subfolder's; HEAD~1 is the base commit.
  const sub = await jsonDiff(['--base', 'HEAD~1'], join(dir, 'accounts'));
  assert.deepEqual(sub.report.Roles.map((x) => x.GainedAssumers.map((a) => a.Principal)), [['333333333333']]);
  const bad = await run(['diff', '--base', 'no-such-branch'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no-such-branch|revision|git rev-parse/);
});

test('diffHas agrees with the summary', () => {
  const d = diffAccess(buildWorkspace([{ uri: 'p.iam.json', text: baseText }]), buildWorkspace([{ uri: 'p.iam.json', text: headText }]));
  const s = diffReport(d, () => undefined, () => undefined).Summary;
  assert.deepEqual([diffHas(d, 'new-access'), diffHas(d, 'external-access'), diffHas(d, 'public-access')], [s.NewAccess, s.ExternalAccess, s.PublicAccess]);
});

test('an SCP or RCP change reaches every principal of the account; a boundary added restricts', () => {
  const account = (org: object, boundary?: string) =>
    JSON.stringify({
      account: { id: '111111111111', organization: org },
      policies: {
        NoQueues: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' }] } },
        NoBucketDelete: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }] } },
        SqsOnly: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] } },
      },
      users: {
        u1: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:DeleteQueue', 's3:DeleteObject'], Resource: '*' }] } }, ...(boundary ? { permissionsBoundary: boundary } : {}) },
        u2: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:DeleteQueue', Resource: '*' }] } } },
      },
    });
  const ws = (org: object, boundary?: string) => buildWorkspace([{ uri: 'a.iam.json', text: account(org, boundary) }]);
  const plain = { serviceControlPolicies: [['FullAWSAccess']] };
  const lost = (d: ReturnType<typeof diffAccess>) => d.principals.map((p) => `${p.arn.split('/')[1]}: ${p.lost.map((g) => g.action).join(',')}; +${p.gained.length}`);
  assert.deepEqual(lost(diffAccess(ws(plain), ws({ serviceControlPolicies: [['FullAWSAccess', 'NoQueues']] }))), ['u1: sqs:DeleteQueue; +0', 'u2: sqs:DeleteQueue; +0']);
  assert.deepEqual(lost(diffAccess(ws(plain), ws({ ...plain, resourceControlPolicies: [['NoBucketDelete']] }))), ['u1: s3:DeleteObject; +0']);
  assert.deepEqual(lost(diffAccess(ws(plain), ws(plain, 'SqsOnly'))), ['u1: s3:DeleteObject; +0']);
});

test('hostile names: no raw control characters reach the terminal; an empty side means every account added', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iamwb-hostile-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'prod.iam.json'), baseText);
  writeFileSync(join(dir, 'b', 'prod.iam.json'), headText.replace('"Sid": "ProdData"', '"Sid": "x\\u001b[2J\\u0007"'));
  const r = await run(['diff', 'a', 'b'], dir);
  assert.equal(r.code, 0, r.err);
  assert.equal(/[\u0000-\u0009\u000b-\u001f\u007f]/.test(r.out), false);
  assert.ok(r.out.includes('(x\\u{1b}[2J\\u{7})'), r.out);
  mkdirSync(join(dir, 'empty'));
  const added = await jsonDiff(['empty', 'b', '--fail-on', 'new-access'], dir);
  assert.equal(added.code, 1);
  assert.ok(added.report.Principals.every((p) => p.Status === 'added' && p.Lost.length === 0));
  assert.deepEqual(added.report.Principals.map((p) => p.PrincipalArn.split(':')[5]).sort(), ['role/app', 'role/deployer', 'user/alice', 'user/bob', 'user/carol']);
  assert.equal((await run(['diff', 'empty', 'empty'], dir)).code, 2);
});
