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
 * `--min-semi-space-size=2`: the semi-spaces start at 2 MB (V8's own start: 1 MB), the size young-generation.ts holds
 * them at until the first look has been published; after it they grow to SEMI_SPACE_MB as V8 grows them, and never
 * shrink below this. 2 MB measured best for the max-quota account's first look (1 MB: more scavenges; 4 MB: more fresh
 * pages): docs/benchmarks.md, "Issue 20: the young generation's size against the first look and typing (h28c)".
 */
export const FIRST_LOOK_SEMI_SPACE_MB = 2;

/**
 * The options, for `execArgv` (or the node command line before the server's script). IAM_WORKBENCH_SEMI_SPACE_MB
 * overrides the size for measurements ("default": V8's own, no option), IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB the
 * starting size ("off": V8's own start, and no hold: young-generation.ts); the start never exceeds the maximum.
 */
export function serverExecArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  const wanted = env.IAM_WORKBENCH_SEMI_SPACE_MB;
  if (wanted === 'default') return [];
  const mb = wanted && Number(wanted) > 0 ? Math.round(Number(wanted)) : SEMI_SPACE_MB;
  const start = env.IAM_WORKBENCH_FIRST_LOOK_SEMI_SPACE_MB;
  if (start === 'off') return [`--max-semi-space-size=${mb}`];
  const min = Math.min(mb, start && Number(start) > 0 ? Math.round(Number(start)) : FIRST_LOOK_SEMI_SPACE_MB);
  return [`--max-semi-space-size=${mb}`, `--min-semi-space-size=${min}`];
}
