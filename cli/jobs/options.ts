import { single, type ParsedArgs } from '../args';
import { UsageError } from '../io';

/** The `--jobs` option's spec, for a command's `parseArgs`. */
export const JOBS_OPTION = { jobs: { value: true } } as const;

/** `--jobs N` in a command's help. */
export const JOBS_HELP = `  --jobs N              worker threads (default 1: all in this thread)`;

/**
 * How many worker threads a command may use: `--jobs N` (a whole number from 1), else 1. Not the number of
 * cores by default: on the 2-core machine we measure on, 2 workers made `check` of a 300-account organization
 * 0.55–0.71× as fast as one thread (each file is parsed twice, workers start slowly; docs/benchmarks.md).
 * `explicit` says whether it was given (a default never starts workers for a small workspace: see
 * `workersFor`).
 */
export function jobsOption(parsed: ParsedArgs): { jobs: number; explicit: boolean } {
  const v = single(parsed, 'jobs');
  if (v === undefined) return { jobs: 1, explicit: false };
  if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new UsageError(`--jobs takes a whole number from 1 to 256, not '${v}'`);
  return { jobs: Number(v), explicit: true };
}

/**
 * Below this much account-file text, the default runs in this thread: starting a worker (loading the CLI's
 * bundle, decoding the catalogue's head) costs more than it saves. Measured: docs/benchmarks.md, "--jobs".
 */
export const SMALL_WORKSPACE_BYTES = 1_000_000;

/** The number of workers for `tasks` accounts of `bytes` characters in all; 0 = in this thread. */
export function workersFor(option: { jobs: number; explicit: boolean }, tasks: number, bytes: number): number {
  if (option.jobs < 2 || tasks < 1) return 0;
  // By default, not for one account (the main thread parses every file anyway) nor for little text.
  if (!option.explicit && (tasks < 2 || bytes < SMALL_WORKSPACE_BYTES)) return 0;
  return Math.min(option.jobs, tasks);
}
