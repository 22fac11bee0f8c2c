import { statSync } from 'node:fs';
import { diffAccess, diffHas, type AccessDiff } from '../../core/analysis/diff';
import { diffMarkdown } from '../../core/analysis/diff/markdown';
import { diffReport } from '../../core/analysis/diff/report';
import { buildWorkspace, MAX_FILE_BYTES, type SourceText } from '../../core/model';
import { LineIndex } from '../../core/text/line-index';
import { JOBS_OPTION, jobsOption, workersFor } from '../jobs/options';
import { diffWithWorkers } from '../jobs/diff';
import { oneOf, parseArgs, single } from '../args';
import { findAccountFiles, readSources } from '../files';
import { formatDiffSarif, formatDiffText } from '../format/diff';
import { readSourcesAtRef } from '../git';
import { UsageError, type CliIO } from '../io';
import { cliWorkspaceOptions } from '../workspace';
import { relative, resolve, sep } from 'node:path';

const HELP = `usage: iam-workbench diff BASE HEAD [options]
       iam-workbench diff --base GIT_REF [PATH ...] [options]

What a change grants: the effective access every user and role gains and loses between two versions of
the account files, who gains or loses the ability to assume each role, and which resource policies
become reachable from outside their account or public. Decided offline by the evaluator (Denies,
permissions boundaries, SCPs and RCPs honoured); a change of layout, key order or comments is no change.

  BASE HEAD             two folders (searched for iam.json / *.iam.json) or two files
  --base GIT_REF        compare the working tree's account files under PATHs (default: .) with the
                        same paths at GIT_REF (a branch, tag or commit; read with git, no checkout)
  --output FORMAT       text (default), json, markdown (for a pull-request comment), sarif
  --fail-on WHAT        exit 1 when the change brings: new-access (anyone gains anything),
                        external-access (a role or resource newly reachable from outside its account),
                        public-access (a role or resource newly public). Repeatable, or comma-separated.
  --jobs N              worker threads, one account file per task (default 1: everything in this thread;
                        each worker reads both sides whole, which costs more than it saves on 2 cores).
                        The output is the same.

Exit status: 0 no such change (or no --fail-on), 1 a --fail-on condition holds, 2 usage or I/O error.
`;

export const OUTPUTS = ['text', 'json', 'markdown', 'sarif'] as const;
export const FAIL_ON = ['new-access', 'external-access', 'public-access'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** Files of a folder with uris relative to the folder, so BASE and HEAD folders line up; a file keeps its name. */
function readSide(path: string, cwd: string): SourceText[] {
  const full = resolve(cwd, path);
  let dir: string;
  try {
    dir = statSync(full).isDirectory() ? full : resolve(full, '..');
  } catch {
    throw new UsageError(`cannot read '${path}': no such file or folder`);
  }
  // An empty side is allowed (every account added, or removed); both empty is checked by the caller.
  const files = findAccountFiles([path], cwd);
  return readSources(files, cwd).map((s, i) => ({ uri: relative(dir, files[i]).split(sep).join('/') || s.uri, text: s.text }));
}

/** Uris on the display side: the HEAD folder's path in front of the relative uris, for clickable positions. */
function prefixed(sources: SourceText[], path: string, cwd: string): { sources: SourceText[]; show: (uri: string) => string } {
  const full = resolve(cwd, path);
  let base = full;
  try {
    if (!statSync(full).isDirectory()) base = resolve(full, '..');
  } catch {
    /* read already failed */
  }
  const rel = relative(cwd, base).split(sep).join('/');
  return { sources, show: (uri) => (rel ? `${rel}/${uri}` : uri) };
}

export async function diff(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { base: { value: true }, output: { value: true }, 'fail-on': { value: true }, ...JOBS_OPTION });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const output = oneOf(single(parsed, 'output'), OUTPUTS, 'output', 'text');
  const jobs = jobsOption(parsed);
  const failOn = (parsed.options.get('fail-on') ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => oneOf(v, FAIL_ON, 'fail-on', 'new-access')) as FailOn[];
  const ref = single(parsed, 'base');
  let baseSources: SourceText[];
  let headSources: SourceText[];
  let showBase = (uri: string) => uri;
  let showHead = (uri: string) => uri;
  if (ref !== undefined) {
    headSources = readSources(findAccountFiles(parsed.positional, io.cwd), io.cwd).map((s) => ({ uri: s.uri.split(sep).join('/'), text: s.text }));
    baseSources = readSourcesAtRef(ref, parsed.positional, io.cwd);
    showBase = (uri) => `${ref}:${uri}`;
    if (!headSources.length && !baseSources.length) throw new UsageError('no iam.json or *.iam.json files found, in the working tree or at the revision');
  } else {
    if (parsed.positional.length !== 2) throw new UsageError('give BASE and HEAD (two folders or two files), or --base GIT_REF; see --help');
    const [b, h] = parsed.positional;
    baseSources = readSide(b, io.cwd);
    headSources = readSide(h, io.cwd);
    if (!baseSources.length && !headSources.length) throw new UsageError(`no iam.json or *.iam.json files in '${b}' or '${h}'`);
    showBase = prefixed(baseSources, b, io.cwd).show;
    showHead = prefixed(headSources, h, io.cwd).show;
  }
  const uris = new Set([...baseSources, ...headSources].map((s) => s.uri));
  // Only when asked: every worker parses both sides whole, which costs more than the (incremental) diff saves
  // (docs/benchmarks.md, "--jobs").
  const workers = workersFor(jobs.explicit ? jobs : { jobs: 1, explicit: false }, uris.size, [...baseSources, ...headSources].reduce((n, s) => n + s.text.length, 0));
  // What the report needs of each side: which files it has, and their line tables.
  let inBase: (uri: string) => boolean;
  let inHead: (uri: string) => boolean;
  let baseLines: (uri: string) => LineIndex | undefined;
  let headLines: (uri: string) => LineIndex | undefined;
  let result: AccessDiff;
  let broken: string[];
  if (workers) {
    const done = await diffWithWorkers(baseSources, headSources, workers);
    result = done.result;
    broken = done.broken;
    const side = (sources: SourceText[]) => {
      const texts = new Map(sources.map((s) => [s.uri, s.text]));
      const lines = new Map<string, LineIndex>();
      return {
        has: (uri: string) => texts.has(uri),
        lines: (uri: string) => {
          const text = texts.get(uri);
          if (text === undefined) return undefined;
          let l = lines.get(uri);
          if (!l) lines.set(uri, (l = new LineIndex(text.length > MAX_FILE_BYTES ? '' : text))); // as parseAccountFile makes it
          return l;
        },
      };
    };
    const b = side(baseSources);
    const h = side(headSources);
    [inBase, inHead, baseLines, headLines] = [b.has, h.has, b.lines, h.lines];
  } else {
    const options = cliWorkspaceOptions();
    const base = buildWorkspace(baseSources, options);
    const head = buildWorkspace(headSources, options);
    broken = [...base.files, ...head.files].flatMap((f) => f.findings.filter((x) => x.severity === 'error' && x.code.startsWith('json/')).map(() => f.uri));
    result = diffAccess(base, head);
    inBase = (uri) => !!base.file(uri);
    inHead = (uri) => !!head.file(uri);
    baseLines = (uri) => base.file(uri)?.lines;
    headLines = (uri) => head.file(uri)?.lines;
  }
  if (broken.length) {
    const side = (uri: string) => (inBase(uri) && !inHead(uri) ? showBase(uri) : showHead(uri));
    io.err(`iam-workbench diff: warning: ${[...new Set(broken)].map(side).join(', ')} ${broken.length === 1 ? 'has' : 'have'} JSON errors; what could be read is compared (run \`iam-workbench check\`)\n`);
  }
  const report = diffReport(result, baseLines, headLines);
  const rename = (s: { File: string }, show: (u: string) => string) => (s.File = show(s.File));
  for (const p of report.Principals) {
    for (const g of p.Gained) if (inHead(g.Source.File)) rename(g.Source, showHead);
    for (const g of p.Lost) if (inBase(g.Source.File)) rename(g.Source, showBase);
  }
  for (const r of report.Roles) {
    r.File = r.Status === 'removed' ? showBase(r.File) : showHead(r.File);
    for (const a of r.GainedAssumers) rename(a.Source, showHead);
    for (const a of r.LostAssumers) rename(a.Source, showBase);
  }
  for (const r of report.Resources) {
    r.File = showHead(r.File);
    for (const a of r.GainedAccess) rename(a.Source, showHead);
    for (const a of r.LostAccess) rename(a.Source, showBase);
  }
  if (output === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
  else if (output === 'markdown') io.out(diffMarkdown(report) + '\n');
  else if (output === 'sarif') io.out(formatDiffSarif(report, '0.1.0'));
  else io.out(formatDiffText(report));
  return failOn.some((w) => diffHas(result, w)) ? 1 : 0;
}
