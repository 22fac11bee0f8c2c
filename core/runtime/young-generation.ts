import { setFlagsFromString } from 'node:v8';
import { firstLookSemiSpaceMb } from './server-flags';

/**
 * The young generation held at its starting size until the server's first look has been published, then let grow.
 *
 * A big file's first look builds a model that survives: whatever size the young generation has, all of it is copied
 * out of it and promoted. Let grow (V8 doubles a semi-space each time more than its size has survived since the last
 * growth), the young generation reaches its two 16 MB semi-spaces during the max-quota account's parse, and the
 * process faults ~6,000 more fresh pages in and copies more, on the main thread and on the collector's helper
 * threads, than with 2 MB semi-spaces; typing, on the other hand, wants the 16 MB ones (its garbage dies young: with
 * 4 MB semi-spaces it scavenges six times as often on Node 20, where the harmless edit's median rose by 10–17 ms under
 * load). V8 sizes the heap's limits at start only (server-flags.ts), but reads `--semi-space-growth-factor` whenever it grows the young
 * generation: 1 keeps it where it is (the semi-spaces start at `--min-semi-space-size`, FIRST_LOOK_SEMI_SPACE_MB),
 * V8's own 2 lets it grow again, and the full analysis after the first look grows it back to 16 MB before the first
 * keystroke. V8 refuses a factor under 2 on the command line (it raises it to 2 when it configures the heap), not at
 * run time. Measured in docs/benchmarks.md, "Issue 20: the young generation's size against the first look and
 * typing (h28c)": the max-quota account's first look 11–25% less main-thread CPU on Node 20 and 24; typing afterwards
 * within ~1 ms on Node 20 (its paced p95 ~20 ms higher), ~1–1.5 ms slower a keystroke on Node 24 (server-flags.ts, HOLD_YOUNG_GENERATION).
 *
 * V8 11.3 (Node 20) and 13.6 (Node 24, code-server) were measured (both list the flag in `node --v8-options`); V8 14
 * (the Electron of recent VS Code desktop builds) was not tried here and is taken to keep it, as V8 has since long
 * before 11; a V8 without it would print "unrecognized flag" to standard error and grow as it likes. Older or newer
 * V8s are left alone.
 */
let held = false;

/** Whether this V8 is one the hold is for (11 to 14). */
export function canHoldYoungGeneration(v8Version: string = process.versions.v8): boolean {
  const major = Number(v8Version.split('.')[0]);
  return major >= 11 && major <= 14;
}

/**
 * Holds the young generation at its size now (run at the server's start, before any work), when server-flags.ts's
 * `firstLookSemiSpaceMb` says so (on by default; IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB=off turns it off).
 * Returns whether it holds.
 */
export function holdYoungGeneration(env: NodeJS.ProcessEnv = process.env, v8Version: string = process.versions.v8): boolean {
  if (held || firstLookSemiSpaceMb(env) === undefined || !canHoldYoungGeneration(v8Version)) return held;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
    held = true;
  } catch {
    held = false;
  }
  return held;
}

/** Lets the young generation grow again, as V8 does by its own (factor 2): after the first look. Returns whether it held. */
export function releaseYoungGeneration(): boolean {
  if (!held) return false;
  held = false;
  setFlagsFromString('--semi-space-growth-factor=2');
  return true;
}

/** Whether the young generation is held now. */
export function youngGenerationHeld(): boolean {
  return held;
}

