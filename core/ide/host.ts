import type { Finding } from '../findings';
import { parseAccountFile, Workspace, type AccountFile, type WorkspaceEdit, type WorkspaceOptions } from '../model';
import type { LineIndex } from '../text/line-index';
import { entityIndex } from './entity-index';
import { INCREMENTAL_MIN_BYTES, prepareIncremental, reparseIncrementally, type IncrementalParse } from './incremental';

/** Runs the rule catalogue over a workspace snapshot (core/analysis/rules' `runRules`, bound to its config). */
export type RuleRunner = (workspace: Workspace) => Finding[];

export interface HostOptions {
  rules?: RuleRunner;
  workspace?: WorkspaceOptions;
  /** Raised quotas applied to every account whose file does not set them (`account.quotas` wins). */
  quotas?: Record<string, number>;
}

interface FileEntry {
  uri: string;
  version: number;
  text: string;
  parsed?: AccountFile;
  /** The quota names the file itself sets (the rest may come from the settings). */
  ownQuotas?: Set<string>;
  /** The previous parse, for an incremental re-parse of the edited entity only. */
  previous?: { parsed: AccountFile; ownQuotas?: Set<string> };
  how?: 'full' | 'incremental';
  /** True once prepareEdits ran on the current full parse. */
  prepared?: boolean;
}

/**
 * One immutable view of the whole workspace: the resolved model and every file's findings
 * (parse, schema, reference and rule findings), built once per change and shared by all features.
 */
export interface Analysis {
  /** Increases with every change to the host. */
  revision: number;
  workspace: Workspace;
  /**
   * Findings per file uri (every file of the workspace has an entry, possibly empty). Computed on
   * first use: hover, completion and navigation never wait for the rules.
   */
  readonly findings: Map<string, Finding[]>;
  /** Problems the analysis itself ran into (a rule that threw, ...), for the log. */
  errors: string[];
  /** Milliseconds spent building the model (parsing changed files, resolving). */
  millis: number;
  /** Milliseconds spent on findings (rules), once they were asked for. */
  findingsMillis?: number;
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
  /** The workspace of the last snapshot, which an edit inside one entity builds on. */
  private lastWorkspace?: Workspace;
  private rules?: RuleRunner;
  private readonly workspaceOptions: WorkspaceOptions;

  private quotas: Record<string, number>;

  constructor(options: HostOptions = {}) {
    this.rules = options.rules;
    this.quotas = { ...options.quotas };
    this.workspaceOptions = { ...options.workspace };
  }

  /** Sets (adds or replaces) one file's text. Same text as before: nothing to redo. */
  setFile(uri: string, text: string, version = 0): void {
    const old = this.files.get(uri);
    if (old && old.text === text) {
      old.version = version;
      return;
    }
    this.files.set(uri, { uri, version, text, previous: old?.parsed ? { parsed: old.parsed, ownQuotas: old.ownQuotas } : undefined });
    this.invalidate();
  }

  /** How the file's current model was made: parsed whole, or only the edited entity again. */
  lastParse(uri: string): 'full' | 'incremental' | undefined {
    return this.files.get(uri)?.how;
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

  /** The line index of the file's current text, when its model is already built (no analysis is started). */
  lines(uri: string): LineIndex | undefined {
    const e = this.files.get(uri);
    return e?.parsed && e.parsed.lines.text === e.text ? e.parsed.lines : undefined;
  }

  version(uri: string): number | undefined {
    return this.files.get(uri)?.version;
  }

  /**
   * Readies files parsed whole since the last call for cheap edits (prepareIncremental: big files
   * only), for idle time after an analysis. Returns whether there was anything to do.
   */
  prepareEdits(): boolean {
    let any = false;
    for (const e of this.files.values()) {
      if (e.how !== 'full' || e.prepared || !e.parsed || e.parsed.text !== e.text) continue;
      prepareIncremental(e.parsed);
      e.prepared = true;
      any = true;
    }
    return any;
  }

  /**
   * Runs one keystroke and its undo through the edit path of a big file, for idle time: a space typed
   * just inside the first entity's value, then removed, each analysed as an edit is (model, findings).
   * The first real keystrokes in a freshly opened file otherwise run cold code (60–90 ms instead of
   * ~20 ms for the max-quota account: docs/benchmarks.md); five to ten of these take that away. The
   * file ends as it was, whatever happens: same text, same findings. Returns false when there is
   * nothing to rehearse (small file, not analysed yet, or an edit that wouldn't take the incremental path).
   */
  rehearseEdit(uri: string): boolean {
    const entry = this.files.get(uri);
    const file = entry?.parsed;
    if (!entry || !file || file.text !== entry.text || entry.text.length < INCREMENTAL_MIN_BYTES) return false;
    const first = entityIndex(file).find((it) => it.entity && file.text[it.entity.span.start] === '{')?.entity;
    if (!first) return false;
    const { text, version } = entry;
    const at = first.span.start + 1;
    try {
      for (const step of [text.slice(0, at) + ' ' + text.slice(at), text]) {
        this.setFile(uri, step, version);
        void this.snapshot().findings;
        if (this.files.get(uri)?.how !== 'incremental') return false; // not the path it was meant to warm
      }
      return true;
    } finally {
      if (this.files.get(uri)?.text !== text) {
        this.setFile(uri, text, version);
        void this.snapshot().findings;
      }
    }
  }

  /** Replaces the rule runner (settings changed); the next snapshot re-runs the rules. */
  setRules(rules: RuleRunner | undefined): void {
    this.rules = rules;
    this.invalidate();
  }

  /** Replaces the quota defaults (settings changed). */
  setQuotas(quotas: Record<string, number> | undefined): void {
    this.quotas = { ...quotas };
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
    let reparsed = 0;
    let edit: WorkspaceEdit | undefined;
    for (const entry of this.files.values()) {
      if (!entry.parsed) {
        reparsed++;
        try {
          const previous = entry.previous;
          entry.previous = undefined;
          const inc = previous ? safeIncremental(previous.parsed, entry.text, errors) : undefined;
          if (inc) {
            const { file, ...change } = inc;
            entry.parsed = file;
            entry.ownQuotas = previous!.ownQuotas;
            entry.how = 'incremental';
            edit = { uri: entry.uri, ...change };
          } else {
            entry.parsed = parseAccountFile(entry.uri, entry.text);
            entry.how = 'full';
            entry.prepared = false;
          }
        } catch (e) {
          errors.push(`parse ${entry.uri}: ${describe(e)}`);
          entry.parsed = parseAccountFile(entry.uri, '');
        }
      }
      applyQuotaDefaults(entry, this.quotas);
      parsed.push(entry.parsed);
    }
    let workspace: Workspace | undefined;
    try {
      // One file edited inside one entity: resolve only what the edit touched; otherwise only the files
      // parsed again.
      const from = this.lastWorkspace;
      if (from) workspace = Workspace.afterEdit(from, parsed, reparsed === 1 ? edit : undefined, this.workspaceOptions);
    } catch (e) {
      errors.push(`resolve (incremental): ${describe(e)}`);
    }
    try {
      workspace ??= new Workspace(parsed, this.workspaceOptions);
    } catch (e) {
      errors.push(`resolve: ${describe(e)}`);
      workspace = new Workspace([], {});
    }
    this.lastWorkspace = workspace;
    const uris = [...this.files.keys()];
    const rules = this.rules;
    let findings: Map<string, Finding[]> | undefined;
    const analysis: Analysis = {
      revision: this.revision,
      workspace,
      errors,
      millis: performance.now() - started,
      get findings(): Map<string, Finding[]> {
        if (!findings) {
          const t = performance.now();
          findings = collectFindings(workspace, uris, rules, errors);
          analysis.findingsMillis = performance.now() - t;
        }
        return findings;
      },
    };
    this.current = analysis;
    return this.current;
  }
}

function safeIncremental(previous: AccountFile, text: string, errors: string[]): IncrementalParse | undefined {
  try {
    return reparseIncrementally(previous, text);
  } catch (e) {
    errors.push(`incremental parse: ${describe(e)}`);
    return undefined;
  }
}

function collectFindings(workspace: Workspace, uris: string[], rules: RuleRunner | undefined, errors: string[]): Map<string, Finding[]> {
  const findings = new Map<string, Finding[]>();
  for (const uri of uris) findings.set(uri, []);
  const add = (f: Finding) => {
    const list = findings.get(f.uri);
    if (list) list.push(f);
  };
  try {
    for (const f of workspace.allFindings()) add(f);
  } catch (e) {
    errors.push(`findings: ${describe(e)}`);
  }
  if (rules) {
    try {
      for (const f of rules(workspace)) add(f);
    } catch (e) {
      errors.push(`rules: ${describe(e)}`);
    }
  }
  return findings;
}

/** Quota names the settings raise, for files that don't set them; the file's own values win. */
function applyQuotaDefaults(entry: FileEntry, quotas: Record<string, number>): void {
  const file = entry.parsed;
  if (!file) return;
  const map = file.account.quotas;
  entry.ownQuotas ??= new Set(map.keys());
  for (const k of [...map.keys()]) if (!entry.ownQuotas.has(k)) map.delete(k);
  const at = file.account.span ?? { start: 0, end: 0 };
  for (const [k, v] of Object.entries(quotas)) if (!entry.ownQuotas.has(k)) map.set(k, { value: v, span: { start: at.start, end: at.start } });
}

export function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
