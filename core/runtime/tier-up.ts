import { setFlagsFromString } from 'node:v8';

/**
 * V8's interrupt budget for the server and the CLI (its default is 67,584: how much bytecode a function runs before V8 considers
 * optimizing it with TurboFan). A big file's first look runs most of the rule and reader code for the first time,
 * long enough for V8 to optimize hundreds of functions that then run only a little more in it: on the max-quota
 * account that compilation took ~500 ms of CPU beside the look's ~700 ms on the main thread, on a machine of 2 cores
 * where the garbage collector's helper threads (and anything else running) need the other core. With this budget the
 * first look's process CPU fell by about a third and its main thread's time did not rise (docs/benchmarks.md,
 * "Issue 20: the max-quota file's first diagnostics, tenth session (h25d)"); code that keeps running (the edit path,
 * hovers) is optimized a little later, no less.
 */
export const TIER_UP_BUDGET = 450_000;

/**
 * Whether this V8 has `--interrupt-budget` and is the one the budget was measured on: V8 11.3 (Node 20). Newer V8
 * (Node 22 and 24, the Electron of VS Code's desktop builds, code-server's Node 24) dropped the flag for
 * invocation counts per tier (Maglev, TurboFan), and `setFlagsFromString` then prints "unrecognized flag" to standard
 * error instead of failing: there the server keeps V8's own tiering.
 */
export function hasInterruptBudget(v8Version: string = process.versions.v8): boolean {
  const [major, minor] = v8Version.split('.').map(Number);
  return major === 11 && minor <= 3;
}

/**
 * Sets the budget for code that runs from now on (run at the server's and the CLI's start; V8's flags are the
 * process's, so `--jobs` workers share it); IAM_WORKBENCH_TIER_UP_BUDGET overrides it for measurements ("default":
 * V8's own). Returns the budget set, or undefined when V8's own is kept (asked for, or a V8 without the flag).
 */
export function tierUpLater(env: NodeJS.ProcessEnv = process.env, v8Version: string = process.versions.v8): number | undefined {
  const wanted = env.IAM_WORKBENCH_TIER_UP_BUDGET;
  if (wanted === 'default' || !hasInterruptBudget(v8Version)) return undefined;
  const budget = wanted && Number(wanted) > 0 ? Math.round(Number(wanted)) : TIER_UP_BUDGET;
  try {
    setFlagsFromString(`--interrupt-budget=${budget}`);
    return budget;
  } catch {
    return undefined;
  }
}
