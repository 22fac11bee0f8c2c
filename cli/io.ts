/** What a CLI command may touch of the terminal. Tests pass their own. */
export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes UTF-8 bytes to standard output as they are, when the face can (a process; tests capture `out` only).
   * The caller escapes them as `out` would (`showHidden`): `main` does not see them.
   */
  outBytes?(bytes: Uint8Array): void;
  /** Reads standard input fully (for `file://-` style inputs); undefined when there is none. */
  stdin?: () => Promise<string>;
}

/** Thrown for bad usage or unreadable input: printed as `iam-workbench: message`, exit status 2. */
export class UsageError extends Error {}

export type Command = (args: string[], io: CliIO) => Promise<number>;

export interface CommandInfo {
  name: string;
  summary: string;
  run: Command;
}
