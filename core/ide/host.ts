import type { Finding } from '../findings';
import { parseAccountFile, Workspace, type AccountFile, type WorkspaceOptions } from '../model';

/** Runs the rule catalogue over a workspace snapshot (core/analysis/rules' `runRules`, bound to its config). */
export type RuleRunner = (workspace: Workspace) => Finding[];

export interface HostOptions {
  rules?: RuleRunner;
  workspace?: WorkspaceOptions;
}

interface FileEntry {
  uri: string;
  version: number;
  text: string;
  parsed?: AccountFile;
}

/**
 * One immutable view of the whole workspace: the resolved model and every file's findings
 * (parse, schema, reference and rule findings), built once per change and shared by all features.
 */
export interface Analysis {
  /** Increases with every change to the host. */
  revision: number;
  workspace: Workspace;
  /** Findings per file uri (every file of the workspace has an entry, possibly empty). */
  findings: Map<string, Finding[]>;
  /** Problems the analysis itself ran into (a rule that threw, ...), for the log. */
  errors: string[];
  /** Milliseconds spent building this snapshot (parsing changed files, resolving, rules). */
  millis: number;
}

/**
 * The analysis host: holds the text of every account file, caches each file's parse per version
 * and hands out snapshots. A change to one file re-parses only that file; resolution and rules run
 * over the whole workspace, so files that depend on it (cross-account trust, shared names) are
 * re-checked too.
 */
export class AnalysisHost {
  private readonly files = new Map<string, FileEntry>();
  private revision = 0;
  private current?: Analysis;
  private rules?: RuleRunner;
  private readonly workspaceOptions: WorkspaceOptions;

  constructor(options: HostOptions = {}) {
    this.rules = options.rules;
    this.workspaceOptions = { ...options.workspace };
  }

  /** Sets (adds or replaces) one file's text. Same text as before: nothing to redo. */
  setFile(uri: string, text: string, version = 0): void {
    const old = this.files.get(uri);
    if (old && old.text === text) {
      old.version = version;
      return;
    }
    this.files.set(uri, { uri, version, text });
    this.invalidate();
  }

  removeFile(uri: string): void {
    if (this.files.delete(uri)) this.invalidate();
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  text(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  version(uri: string): number | undefined {
    return this.files.get(uri)?.version;
  }

  /** Replaces the rule runner (settings changed); the next snapshot re-runs the rules. */
  setRules(rules: RuleRunner | undefined): void {
    this.rules = rules;
    this.invalidate();
  }

  /** Forces the next snapshot to be rebuilt (e.g. settings changed). */
  invalidate(): void {
    this.revision++;
    this.current = undefined;
  }

  /** The current analysis; built on first use after a change. */
  snapshot(): Analysis {
    if (this.current) return this.current;
    const started = performance.now();
    const errors: string[] = [];
    const parsed: AccountFile[] = [];
    for (const entry of this.files.values()) {
      if (!entry.parsed) {
        try {
          entry.parsed = parseAccountFile(entry.uri, entry.text);
        } catch (e) {
          errors.push(`parse ${entry.uri}: ${describe(e)}`);
          entry.parsed = parseAccountFile(entry.uri, '');
        }
      }
      parsed.push(entry.parsed);
    }
    let workspace: Workspace;
    try {
      workspace = new Workspace(parsed, this.workspaceOptions);
    } catch (e) {
      errors.push(`resolve: ${describe(e)}`);
      workspace = new Workspace([], {});
    }
    const findings = new Map<string, Finding[]>();
    for (const uri of this.files.keys()) findings.set(uri, []);
    const add = (f: Finding) => {
      const list = findings.get(f.uri);
      if (list) list.push(f);
    };
    try {
      for (const f of workspace.allFindings()) add(f);
    } catch (e) {
      errors.push(`findings: ${describe(e)}`);
    }
    if (this.rules) {
      try {
        for (const f of this.rules(workspace)) add(f);
      } catch (e) {
        errors.push(`rules: ${describe(e)}`);
      }
    }
    this.current = { revision: this.revision, workspace, findings, errors, millis: performance.now() - started };
    return this.current;
  }
}

export function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
