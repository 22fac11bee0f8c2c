import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { isScenarioFileName, parseScenarioFile, runScenarioFile } from '../../core/analysis/scenarios';
import { buildWorkspace, isAccountFileName, type Workspace } from '../../core/model';
import { parseArgs, single } from '../args';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { UsageError, type CliIO } from '../io';
import { cliWorkspaceOptions } from '../workspace';
import { workspaceErrors } from './check';
import { junitXml, type CaseRecord } from './test-junit';

const HELP = `usage: iam-workbench test [PATH ...] [--verbose] [--junit FILE]

Runs the scenarios of every *.iam-tests.json file against the iam.json / NAME.iam.json files.
PATHs are files or folders (default: the current folder), searched recursively for both kinds of
file. Each scenario file runs against the account files found in its own folder and below; when
there are none, against all the account files found; when none were found, against those of its
folder.

Prints one line per scenario (PASS or FAIL with the reason), one line per problem of a broken
scenario file, and a last line "N passed, N failed".

  --verbose      every reason a failing scenario fails, not just the first
  --junit FILE   also write the results as JUnit XML (for CI test reports)

Exit status: 0 all passed, 1 a scenario failed or a scenario file is broken, 2 usage or I/O error
(including: no scenario files found).
`;

export async function test(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { verbose: {}, junit: { value: true } });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const verbose = parsed.options.has('verbose');
  const junit = single(parsed, 'junit');
  const cases: CaseRecord[] = [];
  const skipped: Skipped[] = [];
  const found = findAccountFiles(parsed.positional, io.cwd, (name) => isAccountFileName(name) || isScenarioFileName(name), skipped);
  reportSkipped(io, 'test', skipped);
  const scenarioPaths = found.filter((f) => isScenarioFileName(f));
  const accountPaths = found.filter((f) => isAccountFileName(f));
  if (!scenarioPaths.length) throw new UsageError('no *.iam-tests.json scenario files found');
  const workspaces = new Map<string, Workspace>();
  /** The workspace a scenario file runs against (see HELP); built once per set of account files. */
  const workspaceFor = (scenarioPath: string): Workspace => {
    const dir = dirname(scenarioPath) + sep;
    let paths = accountPaths.filter((a) => a.startsWith(dir));
    if (!paths.length) paths = accountPaths;
    if (!paths.length) paths = findAccountFiles([dirname(scenarioPath)], io.cwd);
    const key = paths.join('\n');
    let ws = workspaces.get(key);
    if (!ws) {
      ws = buildWorkspace(readSources(paths, io.cwd), cliWorkspaceOptions());
      workspaces.set(key, ws);
      // Counted as `check` counts them (rules included, iam-workbench.json applied).
      const errors = workspaceErrors(ws, io.cwd, parsed.positional).errors.length;
      const where = relative(io.cwd, scenarioPath) || scenarioPath;
      if (!paths.length) io.err(`iam-workbench test: ${where}: no iam.json or *.iam.json files found; every principal will be unknown\n`);
      else if (errors) io.err(`iam-workbench test: note: the account files ${where} runs against have ${errors} error(s); run iam-workbench check\n`);
    }
    return ws;
  };

  let passed = 0;
  let failed = 0;
  const sources = readSources(scenarioPaths, io.cwd);
  for (const [i, source] of sources.entries()) {
    const file = parseScenarioFile(source.uri, source.text);
    const ws = workspaceFor(scenarioPaths[i]);
    for (const f of file.findings) {
      const pos = file.lines.positionAt(f.span.start);
      const where = `${source.uri}:${pos.line + 1}:${pos.character + 1}`;
      if (f.severity === 'error') {
        failed++;
        cases.push({ file: source.uri, name: `${f.code} at ${pos.line + 1}:${pos.character + 1}`, line: pos.line + 1, passed: false, failures: [f.message] });
        io.out(`FAIL ${where} ${f.code}: ${f.message}\n`);
      } else io.err(`${where} ${f.severity} ${f.code}: ${f.message}\n`);
    }
    for (const r of runScenarioFile(ws, file)) {
      const line = file.lines.positionAt(r.scenario.nameSpan.start).line + 1;
      cases.push({ file: source.uri, name: r.scenario.name, line, passed: r.passed, failures: r.failures });
      if (r.passed) {
        passed++;
        io.out(`PASS ${source.uri}:${line} ${r.scenario.name}\n`);
      } else {
        failed++;
        io.out(`FAIL ${source.uri}:${line} ${r.scenario.name}\n`);
        for (const why of verbose ? r.failures : r.failures.slice(0, 1)) io.out(`     ${why}\n`);
        if (!verbose && r.failures.length > 1) io.out(`     (and ${r.failures.length - 1} more; --verbose lists them)\n`);
      }
    }
  }
  if (junit) {
    try {
      writeFileSync(resolve(io.cwd, junit), junitXml(cases));
    } catch (e) {
      throw new UsageError(`cannot write '${junit}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}
