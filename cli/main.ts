import { commands } from './commands';
import { UsageError, type CliIO } from './io';
import { showHidden } from '../core/text/escape';
import { isJobsWorker, startWorker } from './jobs/worker';
import { tierUpLater } from '../core/runtime/tier-up';

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: iam-workbench <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `iam-workbench <command> --help` for a command\'s options.',
  ].join('\n');
}

/**
 * Commands whose standard output is a file's content (CloudFormation YAML, Terraform; the graph's page, DOT or SVG,
 * which escape names themselves): written as made. Every other
 * output, and every message, goes through `showHidden` (core/text/escape.ts): a control or bidi character from a
 * file (a NUL, U+202E) is shown as `\u0000` / `\u202e`, never sent raw to the terminal. In JSON output such an
 * escape sits inside a string, where it reads back as the same character.
 */
const FILE_OUTPUT = new Set(['export', 'graph']);

/** Runs one CLI invocation and returns its exit status; never throws. */
export async function main(argv: string[], rawIo: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const io: CliIO = {
    ...rawIo,
    out: FILE_OUTPUT.has(name) ? rawIo.out : (t) => rawIo.out(showHidden(t)),
    err: (t) => rawIo.err(showHidden(t)),
  };
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`iam-workbench: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`iam-workbench ${name}: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && typeof err.message === 'string') {
      io.err(`iam-workbench ${name}: ${err.message}\n`);
      return 2;
    }
    io.err(`iam-workbench ${name}: ${internalError(e)}\n`);
    return 2;
  }
}

/**
 * The one line printed for an error no command expected (a bug): its message, never a stack trace, since
 * the input may be anyone's; `IAM_WORKBENCH_DEBUG=1` in the environment adds the stack for a bug report.
 */
export function internalError(e: unknown): string {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const overflow = e instanceof RangeError && /call stack/i.test(e.message);
  const hint = overflow ? ' (the input nests too deep for this reader)' : '';
  const stack = process.env.IAM_WORKBENCH_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `internal error: ${message.split('\n')[0]}${hint}; please report it (IAM_WORKBENCH_DEBUG=1 shows where)${stack}`;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

/** Runs the CLI on this process's arguments and streams, setting the exit code. */
export function runFromProcess(): void {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do, instead of an
  // unhandled EPIPE with a stack trace. Any other error on standard output is reported in one line.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`iam-workbench: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? (typeof process.exitCode === 'number' ? process.exitCode : 0) : 2);
  });
  const io: CliIO = {
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    outBytes: (b) => process.stdout.write(b),
    err: (t) => process.stderr.write(t),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

// In a worker thread of `--jobs` (cli/jobs/), the bundle answers tasks instead of running a command. Run as a
// program, the CLI raises V8's interrupt budget first, as the server does (core/runtime/tier-up.ts): a command runs
// most of its code once.
if (isJobsWorker()) startWorker();
else if (require.main === module) {
  tierUpLater();
  runFromProcess();
}
