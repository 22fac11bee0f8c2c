/**
 * `--jobs N` (cli/jobs/): the commands' output with worker threads is the same bytes as in one thread, on the
 * examples and a generated organization with an organization file, a file with JSON errors, inline suppressions
 * and a trust between accounts handled by different workers; errors inside workers surface as the same
 * messages; a worker that dies fails the run instead of hanging it.
 *
 * The comparisons run the CLI's `main` in this process, each size of worker pool started once and reused from
 * run to run (`keepCliPools`; the workers run the built dist/cli.js); one run per command spawns the built CLI
 * (bin/iam-workbench.js) with fresh workers, to prove the wiring as a user runs it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from './helpers';
import { WorkerPool, DATA_FILES, cliPool, keepCliPools } from '../../cli/jobs/pool';
import { checkWithWorkers } from '../../cli/jobs/check';
import { collectFindings } from '../../cli/commands/check';
import { buildWorkspace } from '../../core/model';
import { shareDataFiles } from '../../core/data/location';
import { readSources, findAccountFiles } from '../../cli/files';

let org = '';

/** A file whose practice/full-admin finding is silenced by a comment, and whose role trusts a generated account. */
const SUPPRESSED = `{
  "account": { "id": "210987654321", "alias": "tools" },
  "policies": {
    "Everything": {
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          // iam-workbench-disable-next-line practice/full-admin -- break-glass, reviewed
          { "Effect": "Allow", "Action": "*", "Resource": "*" }
        ]
      }
    }
  },
  "roles": {
    "deploy": {
      "trustPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::100000000003:root" }, "Action": "sts:AssumeRole" }] },
      "policies": ["Everything"]
    }
  }
}
`;

let stopPools: () => Promise<void> = async () => undefined;

before(() => {
  org = mkdtempSync(join(tmpdir(), 'iamwb-jobs-'));
  // 6 generated accounts (every member trusting the security account's auditor), the examples (an organization
  // file placing the acme accounts, a file full of mistakes), a suppression, a file that is not JSON: 12 files,
  // several per worker with 2 or 3 workers.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), join(org, 'generated'), '--accounts', '6'], { stdio: 'ignore' });
  mkdirSync(join(org, 'examples'));
  for (const f of ['acme-organization.iam.json', 'acme-prod.iam.json', 'acme-security.iam.json', 'mistakes.iam.json']) cpSync(join(ROOT, 'examples', f), join(org, 'examples', f));
  writeFileSync(join(org, 'tools.iam.json'), SUPPRESSED);
  writeFileSync(join(org, 'broken.iam.json'), '{ "account": { "id": "999999999999" }, "users": { "u": { "groups": [ }');
  stopPools = keepCliPools({ script: join(ROOT, 'dist', 'cli.js') });
});

after(() => stopPools());

/** `check ARGS` by the CLI's main function in this process, in the folder `cwd` (the generated organization by default). */
const check = (args: string[], cwd = org) => run(['check', ...args], cwd);

/** `check ARGS` by the built CLI in a process of its own, with its own workers. */
function spawnCheck(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'iam-workbench.js'), 'check', ...args], { cwd: org, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check: --jobs 3 and --jobs 2 print the same bytes as --jobs 1, in every format', async () => {
  let text = '';
  let textOne = { code: 0, out: '', err: '' };
  for (const format of ['text', 'json', 'sarif']) {
    const one = await check(['.', '--format', format, '--jobs', '1']);
    assert.equal(one.code, 1, one.err); // mistakes.iam.json and broken.iam.json have errors
    assert.equal(one.err, '');
    if (format === 'text') textOne = one;
    for (const jobs of format === 'text' ? ['2', '3'] : ['3']) {
      const many = await check(['.', '--format', format, '--jobs', jobs]);
      assert.equal(many.code, one.code, many.err);
      assert.equal(many.err, one.err);
      assert.ok(many.out === one.out, `--format ${format} --jobs ${jobs} differs from --jobs 1`);
      if (format === 'text') text = many.out;
    }
  }
  // What the workers had to get right, seen in the output: positions in a broken file, the organization's
  // accounts, an account trusted across files, a suppression.
  assert.match(text, /^broken\.iam\.json:1:\d+ error parse\/syntax /m);
  assert.match(text, /^examples\/mistakes\.iam\.json:69:28 error ref\/unknown-group /m);
  assert.match(text, /^tools\.iam\.json:\d+:\d+ info trust\/external-id Account 100000000003 may assume this role without an sts:ExternalId condition \(the account is described in this workspace\)\./m);
  assert.doesNotMatch(text, /^tools\.iam\.json:\S+ \w+ practice\/full-admin/m);
  assert.match(text, /^12 files checked: /m);
  // The built CLI, as a user runs it, with workers of its own: the same bytes and exit status.
  const spawned = spawnCheck(['.', '--jobs', '2']);
  assert.deepEqual(spawned, textOne);
});

test('check: the suppression and the cross-file trust are decided in the workers as in one thread', async () => {
  // The same folder without the comment: the finding the comment silenced comes back, with --jobs too.
  const copy = mkdtempSync(join(tmpdir(), 'iamwb-jobs-nosup-'));
  cpSync(org, copy, { recursive: true });
  writeFileSync(join(copy, 'tools.iam.json'), SUPPRESSED.replace(/^ *\/\/ iam-workbench-disable-next-line.*\n/m, ''));
  const r = await check(['.', '--jobs', '2'], copy);
  assert.match(r.out, /^tools\.iam\.json:\S+ \w+ practice\/full-admin/m);
  // Without the trusted account's file, the trust is to an unknown account: a warning, not information.
  const alone = await check(['tools.iam.json', 'examples', '--jobs', '2']);
  assert.match(alone.out, /^tools\.iam\.json:\S+ warning trust\/external-id Account 100000000003 may assume this role without an sts:ExternalId condition\.$/m);
  assert.match(alone.out, /^tools\.iam\.json:\S+ info trust\/unknown-account Account 100000000003 is trusted/m);
});

test('check: the workers find what one thread finds (findings compared as data, workers certainly used)', async () => {
  const files = findAccountFiles(['.'], org);
  const sources = readSources(files, org);
  const alone = collectFindings(buildWorkspace(sources));
  for (const workers of [1, 3]) {
    const { findings } = await checkWithWorkers(sources, {}, workers);
    assert.deepEqual(findings, alone, `${workers} worker(s)`);
  }
  // The pools this file's runs share are started once per size, and left running by a run's end.
  assert.equal(cliPool(3), cliPool(3));
  assert.equal((await cliPool(3).run('data.load', null, 2)).worker, 2);
});

test('check: the examples give the same output with and without workers', async () => {
  for (const jobs of ['2', '4']) {
    for (const format of jobs === '2' ? ['text', 'sarif'] : ['text']) {
      const a = await check(['examples', '--format', format, '--jobs', '1'], ROOT);
      const b = await check(['examples', '--format', format, '--jobs', jobs], ROOT);
      assert.equal(b.code, a.code);
      assert.ok(a.out.length > 1000 && a.out === b.out, `examples, --format ${format}, --jobs ${jobs}`);
    }
  }
});

test('--jobs takes a whole number from 1', async () => {
  for (const [value, message] of [
    ['0', /--jobs takes a whole number from 1 to 256, not '0'/],
    ['two', /--jobs takes a whole number from 1 to 256, not 'two'/],
    ['-1', /--jobs takes a whole number/],
    ['1.5', /--jobs takes a whole number/],
  ] as const) {
    const r = await check(['examples', '--jobs', value], ROOT);
    assert.equal(r.code, 2, value);
    assert.match(r.err, message);
  }
  const twice = await check(['examples', '--jobs', '1', '--jobs', '2'], ROOT);
  assert.equal(twice.code, 2);
  assert.match(twice.err, /option '--jobs' given more than once/);
});

test('an error inside the workers prints what one thread prints (a broken data file)', () => {
  const data = mkdtempSync(join(tmpdir(), 'iamwb-jobs-data-'));
  writeFileSync(join(data, 'catalog.data'), '{"format":999}\n');
  cpSync(join(ROOT, 'dist', 'data', 'managed-policies.data'), join(data, 'managed-policies.data'));
  const one = spawnCheck(['generated', '--jobs', '1'], { IAM_WORKBENCH_DATA: data });
  const two = spawnCheck(['generated', '--jobs', '2'], { IAM_WORKBENCH_DATA: data });
  assert.match(one.out, /rules\/internal-error Rule \S+ failed here \(IAM Workbench data file .*catalog\.data has format 999, expected \d+\./);
  assert.deepEqual(two, one);
});

/**
 * BASE = the generated accounts with a public bucket in a004; HEAD = the same with: a grant added to a user of a005,
 * a role of a002 that anyone may assume and a user removed, a public and a cross-account bucket in a003, a004's
 * bucket gone, the security account's auditor role without its MFA condition, a new account file.
 */
function diffSides(): { base: string; head: string } {
  const root = mkdtempSync(join(tmpdir(), 'iamwb-jobs-diff-'));
  const base = join(root, 'base');
  const head = join(root, 'head');
  cpSync(join(org, 'generated'), base, { recursive: true });
  const edit = (dir: string, name: string, change: (a: any) => void) => {
    const path = join(dir, name);
    const a = JSON.parse(readFileSync(path, 'utf8'));
    change(a);
    writeFileSync(path, JSON.stringify(a, null, 2) + '\n');
  };
  const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  edit(base, 'a004.iam.json', (a) => {
    a.resources = { 'arn:aws:s3:::a004-site': { policy: doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a004-site/*' }]) } };
  });
  cpSync(base, head, { recursive: true });
  edit(head, 'a005.iam.json', (a) => {
    a.policies.DataRead = { document: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 'dynamodb:Query'], Resource: '*' }]) };
    a.users['ops.user39'].policies = ['DataRead'];
  });
  edit(head, 'a002.iam.json', (a) => {
    a.roles.OrganizationAuditor.trustPolicy.Statement[0].Principal = { AWS: '*' };
    delete a.users[Object.keys(a.users).at(-1)!];
  });
  edit(head, 'a003.iam.json', (a) => {
    a.resources = {
      'arn:aws:s3:::a003-public': { policy: doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::a003-public/*' }]) },
      'arn:aws:s3:::a003-partner': { policy: doc([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::100000000002:root' }, Action: 's3:*', Resource: 'arn:aws:s3:::a003-partner/*' }]) },
    };
  });
  edit(head, 'a004.iam.json', (a) => delete a.resources);
  edit(head, 'a000.iam.json', (a) => delete a.roles.auditor.trustPolicy.Statement[0].Condition);
  writeFileSync(join(head, 'new.iam.json'), SUPPRESSED.replace('"Action": "*"', '"Action": "sqs:SendMessage"'));
  return { base, head };
}

test('diff: --jobs 2 and 3 print the same bytes as --jobs 1, in every output, with the same exit status', async () => {
  const { base, head } = diffSides();
  const diff = async (args: string[]) => {
    const r = await run(['diff', base, head, ...args], ROOT);
    return { code: r.code, out: r.out, err: r.err };
  };
  let text = '';
  let textOne = { code: 0, out: '', err: '' };
  for (const output of ['text', 'json', 'markdown', 'sarif']) {
    const one = await diff(['--output', output, '--jobs', '1', '--fail-on', 'public-access']);
    assert.equal(one.code, 1, one.err);
    if (output === 'text') textOne = one;
    for (const jobs of output === 'text' ? ['2', '3'] : ['3']) {
      const many = await diff(['--output', output, '--jobs', jobs, '--fail-on', 'public-access']);
      assert.deepEqual({ code: many.code, err: many.err }, { code: one.code, err: one.err });
      assert.ok(many.out === one.out, `--output ${output} --jobs ${jobs} differs from --jobs 1`);
      if (output === 'text') text = many.out;
    }
  }
  // Every kind of change came through the workers (and what no worker owns alone: assumers across accounts).
  assert.match(text, /^user arn:aws:iam::100000000005:user\/ops\/ops\.user39$/m);
  assert.match(text, /^ {2}\+ dynamodb:Query on \*/m);
  assert.match(text, /^user arn:aws:iam::100000000002:user\/\S+ \(removed\)$/m);
  assert.match(text, /arn:aws:iam::100000000002:role\/OrganizationAuditor/);
  assert.match(text, /arn:aws:s3:::a003-public/);
  assert.match(text, /arn:aws:s3:::a003-partner/);
  assert.match(text, /arn:aws:s3:::a004-site/);
  assert.match(text, /arn:aws:iam::210987654321:role\/deploy/);
  // Nothing to fail on: the same answer (0) either way.
  assert.equal((await diff(['--jobs', '2', '--fail-on', 'new-access'])).code, 1);
  const same = await run(['diff', base, base, '--jobs', '2', '--fail-on', 'new-access'], ROOT);
  assert.equal(same.code, 0, same.err);
  assert.match(same.out, /^No change in effective access\./m);
  // The built CLI, as a user runs it, with workers of its own: the same bytes and exit status.
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'iam-workbench.js'), 'diff', base, head, '--output', 'text', '--jobs', '2', '--fail-on', 'public-access'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.deepEqual({ code: r.status, out: r.stdout, err: r.stderr }, textOne);
});

const FIXTURE = join(__dirname, 'fixtures', 'jobs-worker.cjs');

test('pool: tasks spread over the workers, pinned tasks go to their worker, an error comes back with its name', async () => {
  const pool = new WorkerPool(3, { script: FIXTURE, workerData: {} });
  try {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.run<{ echoed: number }>('echo', i)));
    assert.deepEqual(results.map((r) => r.result.echoed), Array.from({ length: 12 }, (_, i) => i));
    assert.ok(new Set(results.map((r) => r.worker)).size > 1, 'more than one worker took tasks');
    for (let w = 0; w < 3; w++) assert.equal((await pool.run('echo', w, w)).worker, w);
    await assert.rejects(pool.run('fail', null), (e: Error) => e.name === 'RangeError' && e.message === 'Maximum call stack size exceeded');
    assert.equal((await pool.run<{ echoed: string }>('echo', 'still here')).result.echoed, 'still here');
  } finally {
    await pool.close();
  }
});

test('pool: a worker that exits fails every task not answered, and the pool, instead of hanging', async () => {
  const pool = new WorkerPool(2, { script: FIXTURE, workerData: {}, inFlight: 1 });
  try {
    const waiting = pool.run('silent', { uri: 'a.iam.json' }, 1); // would never answer
    const queued = [pool.run('echo', 1, 0), pool.run('echo', 2, 1)];
    const dying = pool.run('exit', { uri: 'b.iam.json' }, 0);
    const all = [waiting, ...queued, dying].map((p) => p.then(() => 'answered', (e: Error) => e.message));
    const messages = await Promise.all(all);
    assert.ok(messages.includes('a worker thread stopped unexpectedly (exit code 3) while running exit on \'b.iam.json\''), messages.join('\n'));
    // The task waiting on the other worker is failed too, with the same message: the run cannot complete.
    assert.equal(messages[0], messages[3]);
    await assert.rejects(pool.run('echo', 3), /stopped unexpectedly/);
  } finally {
    await pool.close();
  }
});

test('pool: an uncaught exception in a worker fails the run with its message', async () => {
  const pool = new WorkerPool(1, { script: FIXTURE, workerData: {} });
  try {
    await assert.rejects(pool.run('throw', null), /a worker thread failed while running throw: TypeError: boom outside any task/);
  } finally {
    await pool.close();
  }
});

test('a worker of the real CLI refuses a task it does not know, by name', async () => {
  // A pool of its own, as a run outside this file starts one: the worker runs the CLI from source.
  const pool = new WorkerPool(1, { workerData: { iamWorkbenchJobs: true, dataFiles: shareDataFiles(DATA_FILES) } });
  try {
    await assert.rejects(pool.run('no.such.task', {}), /unknown task 'no\.such\.task'/);
    // and check.rules before the file was parsed is an error, not a crash
    await assert.rejects(pool.run('check.rules', { uri: 'x.iam.json' }), /check\.rules before check\.parse/);
  } finally {
    await pool.close();
  }
  assert.ok(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').includes('check.rules'), 'dist/cli.js is built from this source (npm run build)');
});
