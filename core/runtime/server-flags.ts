/**
 * The V8 options the language server's process starts with: one list that every way of starting it uses (the VS Code
 * client's `execArgv`, test/lsp/harness.ts for the tests and benchmarks, the IPC test). They must be given at start:
 * V8 sizes its heap when the process starts, and `v8.setFlagsFromString` afterwards changes nothing there (tried:
 * `--max-semi-space-size` set at run time left Node 24's young generation at 128 MB).
 *
 * `--max-semi-space-size=16`: the young generation at most two 16 MB semi-spaces. That is V8 11.3's own maximum
 * (Node 20: the flag changes nothing there), while V8 13 (Node 24, code-server, the Electron of VS Code's desktop
 * builds) grows it to two 64 MB semi-spaces while the server opens a big file and never gives that back: 96 MB more
 * resident memory for the whole session, the difference between the two runtimes' RSS while typing in the max-quota
 * account (docs/benchmarks.md, "Issue 20: the young generation's size on every runtime"). Node documents the option
 * (and V8 has had it since long before V8 11), so every runtime we start on takes it: no gate by version, unlike
 * tier-up.ts's `--interrupt-budget`, which only V8 11.3 has.
 */
export const SEMI_SPACE_MB = 16;

/**
 * The young generation's size held until the first look is out (young-generation.ts): `--min-semi-space-size` (the
 * semi-spaces start at it; V8's own start is 1 MB) and the hold. 2 MB measured best for the max-quota account's first
 * look (1 MB: more scavenges; 4 MB: more fresh pages).
 *
 * On (HOLD_YOUNG_GENERATION): on a quiet machine (docs/benchmarks.md, "Issue 20: the young generation's size against
 * the first look and typing (h28c)") the max-quota account's first diagnostics took 777 ms against 935 and 732
 * against 883 (main thread 642 against 846 and 632 against 773 ms; issue 20's ratio 0.90–0.97× against 1.09–1.17×;
 * lower in 5 of 6 alternating series, one the other way), and Node 24's first look ~14% less main thread; typing
 * afterwards (the young generation back at its cap by then) kept Node 20's harmless-edit median within ~1 ms (22.6
 * against 22.7 and 26.4 against 25.2 ms paced, 21.9 against 24.9 and 23.0 against 23.5 back to back; its paced p95 rose
 * 20–26 ms) and cost Node 24's ~1–1.5 ms (31.4 against 30.4 paced, 18.5 against 17.1 back to back).
 * IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB overrides it for measurements (N MB, or "off": V8's own start and no hold).
 */
export const FIRST_LOOK_SEMI_SPACE_MB = 2;
export const HOLD_YOUNG_GENERATION = true;

/** The size the young generation is held at until the first look (MB), or undefined when it is not held. */
export function firstLookSemiSpaceMb(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.IAM_WORKBENCH_SEMI_SPACE_MB === 'default') return undefined;
  const wanted = env.IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB;
  if (wanted === 'off') return undefined;
  if (wanted && Number(wanted) > 0) return Math.round(Number(wanted));
  return HOLD_YOUNG_GENERATION ? FIRST_LOOK_SEMI_SPACE_MB : undefined;
}

/**
 * The options, for `execArgv` (or the node command line before the server's script). IAM_WORKBENCH_SEMI_SPACE_MB
 * overrides the size for measurements ("default": V8's own, no option); with the young generation held
 * (firstLookSemiSpaceMb), its start follows, never above the maximum.
 */
export function serverExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  const wanted = env.IAM_WORKBENCH_SEMI_SPACE_MB;
  if (wanted === 'default') return [];
  const mb = wanted && Number(wanted) > 0 ? Math.round(Number(wanted)) : SEMI_SPACE_MB;
  const start = firstLookSemiSpaceMb(env);
  if (start === undefined) return [`--max-semi-space-size=${mb}`];
  return [`--max-semi-space-size=${mb}`, `--min-semi-space-size=${Math.min(mb, start)}`];
}

/**
 * glibc's malloc settings for the server's process (GLIBC_TUNABLES): big blocks from the heap, not from fresh
 * mappings, and the heap's free top kept up to 32 MB. Each keystroke in a big document makes its whole new text as
 * an external string (server/text-document.ts), whose characters Node copies into memory from `malloc`: by default
 * glibc maps a block of 5.4 MB afresh each time and unmaps it when freed, so every text's ~1,300 pages fault in
 * anew (~10–15 ms a keystroke in the max-quota account, measured; 0.3–0.4 ms with these settings, the memory of the
 * texts freed before reused), for up to 32 MB of freed memory kept by the process. 32 MB is the largest
 * `mmap_threshold` glibc takes. Only glibc reads the variable (Linux with glibc; elsewhere, and under an allocator of
 * its own, it changes nothing); the user's own tunables come after ours, so theirs win.
 */
export const MALLOC_TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=33554432';

/**
 * The environment to start the server with: `env` plus MALLOC_TUNABLES. IAM_WORKBENCH_MALLOC=default leaves `env` as
 * it is (for measurements).
 */
export function serverEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.IAM_WORKBENCH_MALLOC === 'default') return env;
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${MALLOC_TUNABLES}:${env.GLIBC_TUNABLES}` : MALLOC_TUNABLES };
}
