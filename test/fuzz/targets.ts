/**
 * The fuzz tier's runner: one input through every reader and every feature that takes it, in process.
 * A failure is an exception escaping a function documented never to throw, an error the analysis host
 * swallowed (its `errors`), a CLI run that prints an internal error or a stack trace or exits with a
 * status its help does not document, or an input that takes over a second.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';
import { buildGraph } from '../../core/analysis/graph';
import { graphToDot, graphToSvg } from '../../core/analysis/graph/export';
import { effectivePermissions } from '../../core/analysis/effective';
import { runRules } from '../../core/analysis/rules';
import { parseScenarioFile } from '../../core/analysis/scenarios/parse';
import { checkScenarioFile } from '../../core/analysis/scenarios/run';
import { appendScenario } from '../../core/analysis/scenarios/write';
import { simulateQuestion } from '../../core/analysis/simulate';
import { evaluate } from '../../core/engine';
import { codeActions } from '../../core/ide/code-actions';
import { codeLenses } from '../../core/ide/codelens';
import { completion } from '../../core/ide/completion';
import { AnalysisHost } from '../../core/ide/host';
import { hover } from '../../core/ide/hover';
import { reparseIncrementally } from '../../core/ide/incremental';
import { definition, prepareRename, references } from '../../core/ide/navigation';
import { documentSymbols } from '../../core/ide/symbols';
import { exportAccount } from '../../core/interop/export';
import { importFromAws } from '../../core/interop/import';
import { parseAccountFile, Workspace, type AccountFile } from '../../core/model';
import { parsePolicyText } from '../../core/policy/parse';
import { rng } from '../support/random';
import { generate, seeds, type FuzzInput } from './generate';

export interface Failure {
  /** Where: `parse`, `ide:hover@123`, `cli:check`, `time`, ... */
  stage: string;
  message: string;
}

/** One second of CPU per input, as the issue asks; `FUZZ_SLOW_MS` changes it. */
export const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 1000);

/**
 * The time an input may take: SLOW_MS up to 50 KB of text, proportionally more beyond (the seeds are
 * 1–11 KB). Text that size can hold 50,000 statements or 100,000 syntax errors, each read, checked and
 * explained on its own: jsonc-parser alone takes ~0.5 s of CPU over 200 KB of such garbage.
 */
export function slowLimit(input: FuzzInput): number {
  const size = Math.max(input.text.length, ...(input.steps ?? []).map((s) => s.length));
  return SLOW_MS * Math.max(1, size / 50_000);
}

/** Exit statuses each command documents in its --help. */
const EXIT: Record<string, number[]> = {
  check: [0, 1, 2], graph: [0, 2], export: [0, 1, 2], import: [0, 1, 2], test: [0, 1, 2],
  'simulate-custom-policy': [0, 2], 'simulate-principal-policy': [0, 2],
};

const STACK = /internal error|\n\s+at \S+ \(|RangeError|TypeError|ReferenceError/;

let dir: string | undefined;
/** A scratch folder for the CLI's files, made once per process and emptied per input. */
function scratch(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'iamwb-fuzz-'));
  return dir;
}

export function cleanup(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

/** CPU milliseconds the CLI runs of the current input took (each is timed on its own: one command, one run). */
let cliCpuMs = 0;

async function cli(args: string[], cwd: string, failures: Failure[], limit = SLOW_MS): Promise<void> {
  const cpu = process.cpuUsage();
  let out = '';
  let err = '';
  const io: CliIO = { cwd, out: (t) => void (out.length < 1e6 && (out += t)), err: (t) => void (err += t), stdin: async () => '' };
  const stage = `cli:${args.slice(0, 3).join(' ').slice(0, 80)}`;
  let code: number;
  try {
    code = await main(args, io);
  } catch (e) {
    failures.push({ stage, message: `main threw: ${describe(e)}` });
    return;
  }
  if (STACK.test(err)) failures.push({ stage, message: `stderr: ${err.slice(0, 600)}` });
  if (!EXIT[args[0]]?.includes(code)) failures.push({ stage, message: `exit status ${code} (documented: ${EXIT[args[0]]}); stderr: ${err.slice(0, 300)}` });
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  cliCpuMs += ms;
  if (ms > limit) failures.push({ stage, message: `took ${ms.toFixed(0)} ms of CPU (limit ${limit.toFixed(0)} ms)` });
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
}

function guard(stage: string, failures: Failure[], f: () => unknown): void {
  try {
    f();
  } catch (e) {
    failures.push({ stage, message: describe(e) });
  }
}

let exampleWorkspace: Workspace | undefined;
function examples(): Workspace {
  exampleWorkspace ??= new Workspace(seeds().account.slice(0, 2).map((s) => parseAccountFile(`file:///ex/${s.name.split('/').pop()}`, s.text)));
  return exampleWorkspace;
}

const ACTIONS = ['s3:GetObject', 'iam:PassRole', 'sts:AssumeRole', 'ec2:RunInstances', 'kms:Decrypt', 's3:*', '*'];
const RESOURCES = ['*', 'arn:aws:s3:::data-bucket/reports/2024.csv', 'arn:aws:iam::111111111111:role/Admin', `arn:aws:s3:::${'a'.repeat(200)}`];

/** Every IDE feature at a few offsets of one file (those near `hot`, where the mutation is, and random ones). */
function ideFeatures(host: AnalysisHost, uri: string, text: string, r: () => number, failures: Failure[], hot: number[] = [], randomOffsets = 4, withHover = true): void {
  const a = host.snapshot();
  const ws = a.workspace;
  const findings = a.findings.get(uri) ?? [];
  if (a.errors.length) failures.push({ stage: 'host', message: a.errors.join('\n').slice(0, 1500) });
  const file = ws.file(uri);
  if (file) {
    guard('ide:symbols', failures, () => documentSymbols(file));
    guard('ide:codelens', failures, () => codeLenses(file));
  }
  const offsets = [...hot, ...Array.from({ length: randomOffsets }, () => Math.floor(r() * (text.length + 1))), ...findings.slice(0, 3).map((f) => f.span.start)];
  for (const o of offsets) {
    if (!(o >= 0 && o <= text.length)) continue;
    if (withHover) guard(`ide:hover@${o}`, failures, () => hover(ws, uri, o));
    guard(`ide:completion@${o}`, failures, () => completion(ws, uri, o));
    guard(`ide:definition@${o}`, failures, () => definition(ws, uri, o));
    guard(`ide:references@${o}`, failures, () => references(ws, uri, o));
    guard(`ide:rename@${o}`, failures, () => prepareRename(ws, uri, o));
    guard(`ide:codeActions@${o}`, failures, () => codeActions(ws, findings, uri, { start: o, end: o + 5 }));
  }
}

/** `part`: which of the heavy stages to run (all when undefined; the long run takes turns). */
function accountCore(file: AccountFile, ws: Workspace, r: () => number, failures: Failure[], part?: number): void {
  const runs = (p: number) => part === undefined || part === p;
  if (runs(0)) guard('graph', failures, () => {
    const g = buildGraph(ws);
    graphToDot(g);
    graphToSvg(g);
  });
  const principals = runs(1) ? [...ws.principals()] : [];
  for (let i = 0; i < Math.min(2, principals.length); i++) {
    const p = principals[Math.floor(r() * principals.length)];
    guard(`effective:${p.name}`, failures, () => effectivePermissions(ws, p));
    if (p.kind !== 'group') {
      guard(`simulate:${p.name}`, failures, () => simulateQuestion(ws, { principal: p.name, actions: [ACTIONS[i], 's3:Get*'], resources: [RESOURCES[i]] }));
    }
  }
  if (runs(2)) guard('scenarios', failures, () => {
    const s = seeds().scenario[0];
    checkScenarioFile(ws, parseScenarioFile('file:///ex/acme.iam-tests.json', s.text));
  });
  if (runs(3) && !file.findings.some((f) => f.severity === 'error')) {
    guard('export:cloudformation', failures, () => exportAccount(file, 'cloudformation'));
    guard('export:terraform', failures, () => exportAccount(file, 'terraform'));
  }
}

const HEAVY_EVERY = 8;

export interface RunOptions {
  /** Run the CLI commands for every n-th input only (default: every input). */
  cliEvery?: number;
  /**
   * The long run's budget: the heavy stages (rules, graph, effective permissions, scenarios, export)
   * take turns by index instead of all running on every input, and fewer offsets are asked.
   */
  light?: boolean;
}

/** Runs one input; returns its failures (empty: it passed). */
export async function runInput(input: FuzzInput, index = 0, options: RunOptions = {}): Promise<Failure[]> {
  const failures: Failure[] = [];
  const started = performance.now();
  const r = rng(index + 17);
  const withCli = index % (options.cliEvery ?? 1) === 0;
  const light = options.light ?? false;
  // In a light run every input is parsed and asked the cheap features; one in HEAVY_EVERY also gets the
  // rules, hovers (effective permissions) and one of the heavy stages, in turn.
  const heavy = !light || index % HEAVY_EVERY === 0;
  const part = light ? Math.floor(index / HEAVY_EVERY) % 4 : undefined;
  const offsets = light ? 2 : 4;
  const rules = heavy ? { rules: (ws: Workspace) => runRules(ws) } : {};
  const cpu = process.cpuUsage();
  cliCpuMs = 0;
  const work = scratch();
  const cwd = join(work, String(index % 4));
  rmSync(cwd, { recursive: true, force: true });
  mkdirSync(cwd, { recursive: true });
  const text = input.text;

  switch (input.kind) {
    case 'account': {
      const uri = 'file:///fuzz/iam.json';
      const host = new AnalysisHost(rules);
      host.setFile(uri, text, 1);
      host.setFile('file:///ex/acme-security.iam.json', seeds().account[1].text, 1);
      ideFeatures(host, uri, text, r, failures, [], offsets, heavy);
      const a = host.snapshot();
      const file = a.workspace.file(uri);
      if (file && heavy) accountCore(file, a.workspace, r, failures, part);
      if (withCli) {
        writeFileSync(join(cwd, 'iam.json'), text);
        writeFileSync(join(cwd, 'acme.iam-tests.json'), seeds().scenario[0].text);
        const principal = file ? [...file.users.values(), ...file.roles.values()][0] : undefined;
        const commands: string[][] = [
          ['check', '.', '--format', pick3(index, ['text', 'json', 'sarif'])],
          ['graph', '.', '--format', pick3(index, ['dot', 'svg', 'html'])],
          ['export', '.', '--format', index % 2 ? 'terraform' : 'cloudformation', '--out', '-'],
          ['test', '.'],
        ];
        if (principal) {
          commands.push(['simulate-principal-policy', '--policy-source-arn', principal.arn, '--action-names', 's3:GetObject', 'iam:PassRole', '--output', index % 2 ? 'table' : 'json']);
        }
        for (const c of commands) await cli(c, cwd, failures, slowLimit(input));
      }
      break;
    }
    case 'policy': {
      const doc = safe('parse', failures, () => parsePolicyText(text, 'fuzz:policy', 'identity'));
      const resourceDoc = safe('parse:resource', failures, () => parsePolicyText(text, 'fuzz:resource', 'resource'));
      if (doc && resourceDoc) {
        for (let i = 0; i < 4; i++) {
          guard(`evaluate#${i}`, failures, () =>
            evaluate(
              { principal: 'arn:aws:iam::111111111111:user/alice', action: ACTIONS[i], resource: RESOURCES[i], context: { 'aws:SourceIp': '10.1.2.3', 'aws:username': 'alice' } },
              { identity: [{ doc, id: 'p', sourceType: 'none' }], resource: { doc: resourceDoc, id: 'r', sourceType: 'resource' } } as never,
              { explain: i % 2 === 0 },
            ),
          );
        }
      }
      // As an inline policy of a user, through the account readers and the simulator.
      const account = `{"account":{"id":"111111111111"},"users":{"alice":{"inlinePolicies":{"p":${text}}}}}`;
      const host = new AnalysisHost(rules);
      host.setFile('file:///fuzz/p.iam.json', account, 1);
      ideFeatures(host, 'file:///fuzz/p.iam.json', account, r, failures, [account.indexOf('"p":') + 5], offsets, heavy);
      if (heavy) guard('simulate:alice', failures, () => simulateQuestion(host.snapshot().workspace, { principal: 'alice', actions: ['s3:GetObject', 'iam:*'], sessionPolicy: text }));
      if (withCli && text.length < 100_000) {
        await cli(['simulate-custom-policy', '--policy-input-list', text, '--action-names', 's3:GetObject', 'iam:PassRole', '--resource-arns', RESOURCES[index % 4]], cwd, failures, slowLimit(input));
        await cli(['simulate-custom-policy', '--policy-input-list', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', '--resource-policy', text, '--action-names', 's3:GetObject', '--caller-arn', 'arn:aws:iam::222222222222:user/bob', '--output', 'table'], cwd, failures, slowLimit(input));
      }
      break;
    }
    case 'scenario': {
      const file = safe('parse', failures, () => parseScenarioFile('file:///fuzz/x.iam-tests.json', text));
      if (file && heavy) guard('scenarios', failures, () => checkScenarioFile(examples(), file));
      guard('scenario:append', failures, () => appendScenario(text, { name: 'n', question: { principal: 'alice', actions: ['s3:GetObject'] }, expect: 'allowed' } as never));
      if (withCli) {
        for (const s of seeds().account.slice(0, 2)) writeFileSync(join(cwd, s.name.split('/').pop()!), s.text);
        writeFileSync(join(cwd, 'fuzz.iam-tests.json'), text);
        await cli(['test', '.', ...(index % 2 ? ['--verbose'] : []), ...(index % 3 ? [] : ['--junit', 'junit.xml'])], cwd, failures, slowLimit(input));
      }
      break;
    }
    case 'details':
    case 'report':
    case 'password': {
      const s = seeds();
      const details = input.kind === 'details' ? text : s.details[0].text;
      const inputs = {
        authorizationDetails: [{ name: 'details.json', text: details }],
        credentialReport: input.kind === 'report' ? { name: 'report', text } : undefined,
        passwordPolicy: input.kind === 'password' ? { name: 'password.json', text } : undefined,
      };
      const result = safe('import', failures, () => importFromAws(inputs));
      if (result?.text) {
        // What import writes must read back without errors of its own making.
        const back = parseAccountFile('file:///fuzz/imported.iam.json', result.text);
        const bad = back.findings.filter((f) => f.severity === 'error' && f.code.startsWith('parse/'));
        if (bad.length) failures.push({ stage: 'import:roundtrip', message: bad.map((f) => f.message).join('; ').slice(0, 500) });
      }
      if (withCli) {
        writeFileSync(join(cwd, 'details.json'), details);
        const args = ['import', '--authorization-details', 'details.json', '--out', 'out.iam.json', '--force'];
        if (input.kind === 'report') {
          writeFileSync(join(cwd, 'report'), text);
          args.push('--credential-report', 'report');
        }
        if (input.kind === 'password') {
          writeFileSync(join(cwd, 'password.json'), text);
          args.push('--password-policy', 'password.json');
        }
        await cli(args, cwd, failures, slowLimit(input));
      }
      break;
    }
    case 'edits': {
      const uri = 'file:///fuzz/edit.iam.json';
      const host = new AnalysisHost(rules);
      host.setFile(uri, input.text, 1);
      void host.snapshot().findings;
      let previous = parseAccountFile(uri, input.text);
      let version = 1;
      for (const step of input.steps ?? []) {
        host.setFile(uri, step, ++version);
        // The edit path itself (the host takes it only for big files): it must agree with a full parse or decline.
        const inc = safe('incremental', failures, () => reparseIncrementally(previous, step, 0));
        const full = parseAccountFile(uri, step);
        if (inc) {
          const names = (f: AccountFile) =>
            JSON.stringify((['users', 'groups', 'roles', 'policies', 'identityProviders'] as const).map((k) => [...(f[k] as Map<string, { span: { start: number; end: number } }>)].map(([n, e]) => [n, e.span.start, e.span.end])));
          if (names(inc.file) !== names(full)) failures.push({ stage: 'incremental', message: `entities differ from a full parse: ${names(inc.file).slice(0, 200)} vs ${names(full).slice(0, 200)}` });
        }
        previous = full;
        const hot = firstDifference(input.text, step);
        ideFeatures(host, uri, step, r, failures, [hot, hot + 1], light ? 0 : 2, heavy);
      }
      break;
    }
  }
  // CPU time, not wall time: on a machine shared with others the wall clock says more about them.
  // The in-process stages together, without the CLI runs (each of which was timed on its own).
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 - cliCpuMs;
  const ms = performance.now() - started;
  const limit = slowLimit(input);
  if (cpuMs > limit) failures.push({ stage: 'time', message: `took ${cpuMs.toFixed(0)} ms of CPU besides the CLI (${ms.toFixed(0)} ms wall; limit ${limit.toFixed(0)} ms)` });
  return failures;
}

/** Runs one input of each kind, untimed, so the first timed input doesn't pay for loading the catalogue and the JIT. */
export async function warmUp(): Promise<void> {
  for (let i = 0; i < 10; i++) await runInput(generate(4242, i), 0, { cliEvery: 1, light: false });
}

function pick3<T>(i: number, xs: T[]): T {
  return xs[Math.floor(i / 3) % xs.length];
}

function safe<T>(stage: string, failures: Failure[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    failures.push({ stage, message: describe(e) });
    return undefined;
  }
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
