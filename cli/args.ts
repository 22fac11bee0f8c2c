import { UsageError } from './io';

export interface OptionSpec {
  /** Takes a value (`--format json`); otherwise a flag. */
  value?: boolean;
  /** Takes every following argument up to the next option (`--action-names a b c`). */
  list?: boolean;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  positional: string[];
  help: boolean;
}

/**
 * Parses `--name value`, `--name=value`, `--flag` and positional arguments against a spec;
 * unknown options are usage errors naming the option.
 */
export function parseArgs(args: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option '--${name}'`);
    const values = options.get(name) ?? [];
    options.set(name, values);
    if (!s.value && !s.list) {
      if (eq > 0) throw new UsageError(`option '--${name}' takes no value`);
      values.push('true');
      continue;
    }
    if (eq > 0) {
      values.push(arg.slice(eq + 1));
      continue;
    }
    if (s.list) {
      let taken = 0;
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) {
        values.push(args[++i]);
        taken++;
      }
      if (!taken) throw new UsageError(`option '--${name}' needs at least one value`);
    } else {
      if (i + 1 >= args.length) throw new UsageError(`option '--${name}' needs a value`);
      values.push(args[++i]);
    }
  }
  return { options, positional, help };
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  if (!v || v.length === 0) return undefined;
  if (v.length > 1) throw new UsageError(`option '--${name}' given more than once`);
  return v[0];
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return value as T;
}
