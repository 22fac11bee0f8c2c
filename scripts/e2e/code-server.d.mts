export function freePort(): Promise<number>;
export const userSettings: Record<string, unknown>;
export interface CodeServer {
  url: string;
  /** The workbench URL that opens the workspace folder. */
  folderUrl: string;
  /** The workspace folder code-server opened (a copy of the one given, unless copy was false). */
  folder: string | undefined;
  port: number;
  dataDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}
export function startCodeServer(opts?: {
  vsix?: string;
  folder?: string;
  copy?: boolean;
  siblings?: string[];
  port?: number;
  dataDir?: string;
  keep?: boolean;
  settings?: Record<string, unknown>;
  host?: string;
  log?: (msg: string) => void;
}): Promise<CodeServer>;
/** Kills code-servers left by runs that were killed outright, and removes their profiles. */
export function reapOrphans(): void;
