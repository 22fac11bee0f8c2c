/**
 * `who-can --jobs N` (cli/jobs/who-can.ts): the same bytes as `--jobs 1` in both output formats, on a generated
 * organization with the examples (an organization file with SCPs), a file that is not JSON, and a user with two
 * equally short paths through roles of two accounts that different workers ask about (the tie `--jobs 1` breaks
 * by its search order must be broken the same way). In this process with kept pools (dist/cli.js as the workers'
 * script, as test/cli/jobs.test.ts does), and one run of the built CLI in a process of its own.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, runBin } from './helpers';
import { keepCliPools } from '../../cli/jobs/pool';
import { whoCanWithWorkers } from '../../cli/jobs/who-can';
import { readSources, findAccountFiles } from '../../cli/files';
import { buildWorkspace } from '../../core/model';
import { whoCan, whoCanMarks, type WhoCanMark } from '../../core/analysis/escalation/who-can';
import { escalationGraph } from '../../core/analysis/escalation/graph';
import { nodeId, BASE } from '../../core/analysis/escalation/nodes';

let org = '';
let stopPools: () => Promise<void> = async () => undefined;

const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const trusts = (arn: string) => doc([{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }]);
const ALICE = 'arn:aws:iam::111100001111:user/alice';

/** alice may assume `reader` in 2 accounts, each able to read the bucket: two one-step paths, one to show. */
function tieFiles(dir: string): void {
  writeFileSync(
    join(dir, 'alice.iam.json'),
    JSON.stringify({
      account: { id: '111100001111' },
      policies: { Hop: { document: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/reader' }]) } },
      users: { alice: { policies: ['Hop'] } },
    }),
  );
  for (const id of ['222200002222', '333300003333']) {
    writeFileSync(
      join(dir, `r${id}.iam.json`),
      JSON.stringify({
        account: { id },
        policies: { Read: { document: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) } },
        roles: { reader: { trustPolicy: trusts(ALICE), policies: ['Read'] } },
      }),
    );
  }
}

before(() => {
  org = mkdtempSync(join(tmpdir(), 'iamwb-jobs-who-can-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-org.mjs'), join(org, 'generated'), '--accounts', '5'], { stdio: 'ignore' });
  mkdirSync(join(org, 'examples'));
  for (const f of ['acme-organization.iam.json', 'acme-prod.iam.json', 'acme-security.iam.json', 'mistakes.iam.json']) cpSync(join(ROOT, 'examples', f), join(org, 'examples', f));
  tieFiles(org);
  writeFileSync(join(org, 'broken.iam.json'), '{ "account": { "id": "999999999999" }, "users": { "u": { "groups": [ }');
  stopPools = keepCliPools({ script: join(ROOT, 'dist', 'cli.js') });
});

after(() => stopPools());

const ASK = ['--action-names', 's3:GetObject', 'iam:CreateUser', '--resource-arns', '*', 'arn:aws:s3:::acme-data/x', '--include-possible'];

test('who-can: --jobs 2 and --jobs 3 print the same bytes as --jobs 1, json and table, and the tie is shown the same way', async () => {
  for (const format of ['json', 'table']) {
    const one = await run(['who-can', '--workspace', org, ...ASK, '--output', format, '--jobs', '1']);
    assert.equal(one.code, 0, one.err);
    for (const jobs of ['2', '3']) {
      const many = await run(['who-can', '--workspace', org, ...ASK, '--output', format, '--jobs', jobs]);
      assert.equal(many.code, 0, many.err);
      assert.equal(many.out, one.out, `--output ${format} --jobs ${jobs}`);
      assert.equal(many.err, one.err);
    }
    if (format === 'json') {
      const results = JSON.parse(one.out).Results as { EvalActionName: string; EvalResourceName: string; Principals: { PrincipalArn: string; Path: { To: string }[] }[] }[];
      assert.equal(results.length, 4);
      const read = results.find((r) => r.EvalActionName === 's3:GetObject' && r.EvalResourceName === '*')!;
      const alice = read.Principals.find((p) => p.PrincipalArn === ALICE);
      assert.ok(alice, 'alice reads through a role');
      assert.equal(alice.Path.length, 1);
      assert.match(alice.Path[0].To, /^arn:aws:iam::(222200002222|333300003333):role\/reader$/);
      // Principals of several accounts, some directly, some by a path.
      assert.ok(read.Principals.some((p) => p.Path.length === 0) && read.Principals.length > 10);
    }
  }
});

test('who-can: the same answers with context entries, and a bad --jobs is a usage error', async () => {
  const ctx = ['--context-entries', 'ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean'];
  const one = await run(['who-can', '--workspace', org, '--action-names', 'sts:AssumeRole', ...ctx, '--jobs', '1']);
  const two = await run(['who-can', '--workspace', org, '--action-names', 'sts:AssumeRole', ...ctx, '--jobs', '2']);
  assert.equal(one.code, 0, one.err);
  assert.equal(two.out, one.out);
  const bad = await run(['who-can', '--workspace', org, '--action-names', 's3:GetObject', '--jobs', '0']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--jobs takes a whole number from 1 to 256, not '0'/);
});

test('whoCanMarks per account file and the one search give what whoCan gives alone; whoCanWithWorkers too', async () => {
  const sources = readSources(findAccountFiles([org], org), org);
  const q = { action: 's3:GetObject', resource: '*', includePossible: true };
  const alone = buildWorkspace(sources);
  const expected = whoCan(alone, q);
  const ws = buildWorkspace(sources);
  const graph = escalationGraph(ws);
  const marks = new Map<string, WhoCanMark>();
  for (const f of ws.files) for (const m of whoCanMarks(ws, q, f.uri, graph)) marks.set(m.id, m);
  assert.ok(marks.size > 10);
  const split = whoCan(ws, q, graph, { asked: new Set(graph.principals.map((p) => nodeId(p, BASE))), marks });
  const flat = (a: typeof expected) => JSON.stringify(a.principals.map((p) => [p.principal.arn, p.confidence, p.steps.map((s) => [s.to.arn, s.technique]), p.final]));
  assert.equal(flat(split), flat(expected));
  const pooled = await whoCanWithWorkers(sources, [q], undefined, 2);
  assert.equal(flat(pooled.answers[0]), flat(expected));
});

test('who-can --jobs 2 by the built CLI in a process of its own prints what --jobs 1 prints', async () => {
  const one = await run(['who-can', '--workspace', org, ...ASK, '--output', 'table', '--jobs', '1']);
  const bin = runBin(['who-can', '--workspace', org, ...ASK, '--output', 'table', '--jobs', '2'], org);
  assert.equal(bin.code, 0, bin.err);
  assert.equal(bin.out, one.out);
});
