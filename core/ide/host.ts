import type { Finding } from '../findings';
import type { RuleStep } from '../analysis/rules';
import { parseAccountFile, Workspace, type AccountFile, type WorkspaceEdit, type WorkspaceOptions } from '../model';
import { resolveFile, type ResolutionFindings } from '../model/resolve';
import type { LineIndex } from '../text/line-index';
import { entityIndex } from './entity-index';
import { composeChanges, INCREMENTAL_MIN_BYTES, prepareIncremental, reparseIncrementally, type IncrementalParse, type TextChange } from './incremental';
import { scanAccountHeader, stubFile, type AccountHeader } from './staged';

/** Which files and rules a run covers (core/analysis/rules' `RunOptions`): a first look checks the open files only. */
export interface RuleRunOptions {
  files?: readonly string[];
  workspaceRules?: boolean;
}

/**
 * Runs the rule catalogue over a workspace snapshot (core/analysis/rules' `runRules`, bound to its config).
 * `steps`, when given, is the same run one step at a time (`runRulesInSteps`), for `analyseInSteps`.
 */
export interface RuleRunner {
  (workspace: Workspace, options?: RuleRunOptions): Finding[];
  steps?(workspace: Workspace): Generator<RuleStep, Finding[]>;
}

/** Where `analyseInSteps` stands: parsing (files done of total), resolving, or the rules (steps done of total). */
export interface AnalysisStep {
  phase: 'parse' | 'resolve' | 'rules';
  done: number;
  total: number;
  /** The file parsed or checked, or the workspace rule run, by the step. */
  uri?: string;
  rule?: string;
}

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
  /** Where `text` differs from `previous`'s text, as the editor reported the changes since (see setFile). */
  change?: TextChange;
  how?: 'full' | 'incremental';
  /** True once prepareEdits ran on the current full parse. */
  prepared?: boolean;
  /** Parsed since the last snapshot, and the edit when only one entity was parsed again. */
  fresh?: { edit?: WorkspaceEdit };
  /** The first look's index of the current text (see staged.ts); null when only a full parse can tell. */
  header?: AccountHeader | null;
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
  /**
   * A first look (`firstLook`): the workspace holds the open files parsed whole and the others as stubs
   * (account id only), and `findings` has the open files alone, from the rules that need nothing more.
   */
  partial?: boolean;
}

/** Fills an analysis's findings computed elsewhere (step by step), before anyone asked for them. */
const fillers = new WeakMap<Analysis, (findings: Map<string, Finding[]>, millis: number) => void>();

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
  /** Files parsed whole and resolved by `analyseInSteps`, for the next snapshot only (see WorkspaceOptions.resolved). */
  private resolved = new WeakMap<AccountFile, ResolutionFindings>();
  /** The last first look, valid while `revision` is unchanged. */
  private provisional?: Analysis;
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

  /**
   * Sets (adds or replaces) one file's text. Same text as before: nothing to redo. `change`, when given, is where
   * `text` differs from the file's current text, as the editor reported the edit (the language server's document
   * updates): the caller vouches that every character outside it is unchanged, which saves comparing the whole
   * texts (a big file's keystroke then costs what it touches).
   */
  setFile(uri: string, text: string, version = 0, change?: TextChange): void {
    const old = this.files.get(uri);
    const same = !old ? false : change && old.text.length === text.length ? old.text.slice(change.start, change.oldEnd) === text.slice(change.start, change.newEnd) : old.text === text;
    if (old && same) {
      old.version = version;
      return;
    }
    // A model parsed by a first look and not yet taken into a snapshot is not what the last snapshot holds:
    // the next parse is a whole one (an edit is only resolved against the model the workspace knows). Changes
    // that arrive before the next parse build on the same previous model, their ranges composed.
    let previous: FileEntry['previous'];
    let since: TextChange | undefined;
    if (old?.parsed && !old.fresh) {
      previous = { parsed: old.parsed, ownQuotas: old.ownQuotas };
      since = old.parsed.text === old.text ? change : undefined;
    } else if (old && !old.parsed && old.previous) {
      previous = old.previous;
      since = change && old.change ? composeChanges(old.change, change) : undefined;
    }
    this.files.set(uri, { uri, version, text, previous, change: since });
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
      this.parseEntry(entry, errors);
      applyQuotaDefaults(entry, this.quotas);
      if (entry.fresh) {
        reparsed++;
        edit = entry.fresh.edit;
        entry.fresh = undefined;
      }
      parsed.push(entry.parsed!);
    }
    let workspace: Workspace | undefined;
    try {
      // One file edited inside one entity: resolve only what the edit touched; otherwise only the files
      // parsed again.
      const from = this.lastWorkspace;
      if (from) workspace = Workspace.afterEdit(from, parsed, reparsed === 1 ? edit : undefined, { ...this.workspaceOptions, resolved: this.resolved });
    } catch (e) {
      errors.push(`resolve (incremental): ${describe(e)}`);
    }
    try {
      workspace ??= new Workspace(parsed, { ...this.workspaceOptions, resolved: this.resolved });
    } catch (e) {
      errors.push(`resolve: ${describe(e)}`);
      workspace = new Workspace([], {});
    }
    this.resolved = new WeakMap();
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
          fillers.delete(analysis);
        }
        return findings;
      },
    };
    fillers.set(analysis, (made, millis) => {
      if (findings) return;
      findings = made;
      analysis.findingsMillis = millis;
    });
    this.current = analysis;
    return this.current;
  }

  /**
   * The analysis the editor's quick requests (hover, completion, symbols, code actions) use now: the current one
   * when it is built with its findings, else the first look of this revision (its workspace has the open files, the others as stubs:
   * answers that look across files come right once the full analysis is built), else a fresh snapshot.
   */
  latest(): Analysis {
    if (this.current && !fillers.has(this.current)) return this.current;
    if (this.provisional?.revision === this.revision) return this.provisional;
    return this.snapshot();
  }

  /** Increases with every change to the host (texts, rules, quotas): an analysis of an older one is stale. */
  currentRevision(): number {
    return this.revision;
  }

  /**
   * Indexes files without a model for a first look (staged.ts: their account ids), for idle time before a file is
   * opened, until `deadline` (a `performance.now()` time). Returns true when every file is indexed or parsed.
   */
  indexForFirstLook(deadline = Infinity): boolean {
    for (const entry of this.files.values()) {
      if (entry.parsed || entry.header !== undefined) continue;
      if (performance.now() >= deadline) return false;
      try {
        entry.header = scanAccountHeader(entry.text) ?? null;
      } catch {
        // Left for the first look, which scans the file again and logs why it failed.
      }
    }
    return true;
  }

  /**
   * Keeps the last first look, made on `elsewhere` (`firstLook(uris, true, elsewhere)`), for the current revision
   * when the host's changes since were the texts of those files and each text's index is the one the look stood
   * it in by: the look is then exactly what a first look now would be (the other files stand in by their index
   * either way), and need not be made again. `since`: the revision the caller knows the look was made at and the
   * texts added after (nothing else changed in between). Returns whether the look was kept.
   */
  renewLook(elsewhere: ReadonlyMap<string, AccountHeader>, since: number): boolean {
    const look = this.provisional;
    // A snapshot built since: a look now would check the open files on its model.
    if (!look || look.revision !== since || this.current) return false;
    this.indexForFirstLook();
    for (const [uri, header] of elsewhere) {
      if (look.findings.has(uri)) continue; // an open file, looked at whole
      const entry = this.files.get(uri);
      if (!entry) return false;
      if (entry.header === undefined) entry.header = safeScan(entry.text, []) ?? null;
      if (!entry.header || !sameHeader(entry.header, header)) return false;
    }
    look.revision = this.revision;
    return true;
  }

  /** True when the current analysis is built with its findings (nothing is left for `analyseInSteps` to do). */
  analysed(): boolean {
    return !!this.current && !fillers.has(this.current);
  }

  /**
   * How much text has no model yet, in characters, leaving out the files `except` (the open ones): a first
   * look pays off when the rest of the workspace is big.
   */
  pendingText(except: readonly string[] = []): number {
    let n = 0;
    for (const e of this.files.values()) if (!e.parsed && !except.includes(e.uri)) n += e.text.length;
    return n;
  }

  /**
   * How much text of the files `uris` has never had a model, in characters: files just opened or added, not
   * edits of a file analysed before (those take the edit path). A big file opened alone gets a first look of its
   * own, so its diagnostics don't wait for the workspace rules.
   */
  unmodelledText(uris: readonly string[]): number {
    let n = 0;
    for (const uri of uris) {
      const e = this.files.get(uri);
      if (e && !e.parsed && !e.previous) n += e.text.length;
    }
    return n;
  }

  /**
   * A first look at the open files `uris`: those parsed whole (the parse is kept for the full analysis), the
   * other files indexed (staged.ts: their account ids, and organization files parsed whole) and standing in as
   * stubs, and the open files' findings from the model and the rules that need only their own model and the
   * index (every policy and file rule; not the workspace rules, which look at every file's principals). Those
   * findings are the full analysis's findings of the open files minus the workspace rules' ones. Kept as the
   * `latest()` analysis until the next change or the full snapshot (unless `keep` is false: a rehearsal in idle
   * time, which warms the rules' code and caches for the first file the user opens). Files the background
   * analysis has parsed stand in by their index too; once it has built this revision's model, the open files
   * are checked on that model instead.
   *
   * `elsewhere`: files of the workspace the host holds no text of yet, by their index (`scanAccountHeader` of the
   * text on disk), standing in as stubs too: the language server looks at a file opened at its start before it
   * has read the other files' texts into the host (it indexed them; server/files.ts `indexUris`). A file the
   * host holds is taken from the host.
   */
  firstLook(uris: readonly string[], keep = true, elsewhere?: ReadonlyMap<string, AccountHeader>): Analysis {
    if (!elsewhere && keep && this.provisional?.revision === this.revision && uris.every((u) => this.provisional!.findings.has(u) || !this.files.has(u))) return this.provisional;
    const started = performance.now();
    const errors: string[] = [];
    const open = new Set(uris.filter((u) => this.files.has(u)));
    let workspace: Workspace | undefined;
    // The model of this revision is built already (the background analysis is at its rules): the open files are
    // checked on it, nothing is parsed or resolved again.
    if (this.current?.revision === this.revision && [...open].every((u) => this.current!.workspace.file(u))) workspace = this.current.workspace;
    if (!workspace) {
      const files: AccountFile[] = [];
      for (const entry of this.files.values()) {
        // Every other file stands in by its index, parsed or not (a whole model would only cost its ARN table).
        if (!open.has(entry.uri)) {
          if (entry.header === undefined) entry.header = safeScan(entry.text, errors) ?? null;
          if (entry.header) {
            files.push(stubFile(entry.uri, entry.text, entry.header));
            continue;
          }
        }
        this.parseEntry(entry, errors);
        applyQuotaDefaults(entry, this.quotas);
        files.push(entry.parsed!);
      }
      if (elsewhere) for (const [uri, header] of elsewhere) if (!this.files.has(uri)) files.push(stubFile(uri, '', header));
      try {
        // Files the background analysis parsed and resolved keep their resolution (read, not consumed: the
        // snapshot takes it).
        workspace = new Workspace(files, { ...this.workspaceOptions, resolved: this.resolved });
      } catch (e) {
        errors.push(`resolve: ${describe(e)}`);
        workspace = new Workspace([], {});
      }
    }
    const millis = performance.now() - started;
    const t = performance.now();
    const findings = new Map<string, Finding[]>();
    for (const uri of open) findings.set(uri, []);
    const add = (f: Finding) => findings.get(f.uri)?.push(f);
    try {
      for (const uri of open) for (const f of workspace.findingsFor(uri)) add(f);
    } catch (e) {
      errors.push(`findings: ${describe(e)}`);
    }
    if (this.rules && open.size) {
      try {
        for (const f of this.rules(workspace, { files: [...open], workspaceRules: false })) add(f);
      } catch (e) {
        errors.push(`rules: ${describe(e)}`);
      }
    }
    const look: Analysis = { revision: this.revision, workspace, errors, millis, findings, findingsMillis: performance.now() - t, partial: true };
    if (keep) this.provisional = look;
    return look;
  }

  /**
   * The full analysis (what `snapshot()` and its findings give) one step at a time, for a caller that answers
   * other requests between steps: each file not parsed yet (the files of `first` first), the resolution, then
   * each step of the rules (one file's policy and file rules, or one workspace rule). Returns the analysis,
   * findings included, or undefined when the host changed meanwhile (start again).
   */
  *analyseInSteps(first: readonly string[] = []): Generator<AnalysisStep, Analysis | undefined> {
    const revision = this.revision;
    if (!this.current) {
      const order = [...first.map((u) => this.files.get(u)).filter((e) => !!e), ...this.files.values()];
      const pending = [...new Set(order)].filter((e) => !e.parsed);
      const errors: string[] = [];
      for (let i = 0; i < pending.length; i++) {
        this.parseEntry(pending[i], errors);
        // Resolution never looks across files: each file parsed whole is resolved in its own step too.
        const e = pending[i];
        if (e.parsed && e.fresh && !e.fresh.edit) {
          try {
            this.resolved.set(e.parsed, resolveFile(e.parsed, this.workspaceOptions.policies));
          } catch (x) {
            errors.push(`resolve ${e.uri}: ${describe(x)}`);
          }
        }
        yield { phase: 'parse', done: i + 1, total: pending.length, uri: pending[i].uri };
        if (this.revision !== revision) return undefined;
      }
      const analysis = this.snapshot();
      for (const e of errors) analysis.errors.push(e);
      yield { phase: 'resolve', done: 1, total: 1 };
      if (this.revision !== revision) return undefined;
    }
    const analysis = this.current!;
    const fill = fillers.get(analysis);
    if (!fill) return analysis;
    const t = performance.now();
    const uris = [...this.files.keys()];
    const steps = collectFindingsInSteps(analysis.workspace, uris, this.rules, analysis.errors);
    for (;;) {
      const r = steps.next();
      if (r.done) {
        fill(r.value, performance.now() - t);
        fillers.delete(analysis);
        return analysis;
      }
      yield { phase: 'rules', ...r.value, uri: r.value.file };
      if (this.revision !== revision) {
        steps.return(new Map());
        return undefined;
      }
    }
  }

  /** Gives the entry a model of its current text (the edited entity alone when it can), unless it has one. */
  private parseEntry(entry: FileEntry, errors: string[]): void {
    if (entry.parsed) return;
    try {
      const previous = entry.previous;
      const change = entry.change;
      entry.previous = undefined;
      entry.change = undefined;
      const inc = previous ? safeIncremental(previous.parsed, entry.text, errors, change) : undefined;
      if (inc) {
        const { file, ...change } = inc;
        entry.parsed = file;
        entry.ownQuotas = previous!.ownQuotas;
        entry.how = 'incremental';
        entry.fresh = { edit: { uri: entry.uri, ...change } };
      } else {
        entry.parsed = parseAccountFile(entry.uri, entry.text);
        entry.how = 'full';
        entry.prepared = false;
        entry.fresh = {};
      }
    } catch (e) {
      errors.push(`parse ${entry.uri}: ${describe(e)}`);
      entry.parsed = parseAccountFile(entry.uri, '');
      entry.fresh = {};
    }
    applyQuotaDefaults(entry, this.quotas);
  }
}

function sameHeader(a: AccountHeader, b: AccountHeader): boolean {
  if (!a.id || !b.id) return !a.id && !b.id;
  return a.id.value === b.id.value && a.id.span.start === b.id.span.start && a.id.span.end === b.id.span.end;
}

function safeScan(text: string, errors: string[]): AccountHeader | undefined {
  try {
    return scanAccountHeader(text);
  } catch (e) {
    errors.push(`index: ${describe(e)}`);
    return undefined;
  }
}

function safeIncremental(previous: AccountFile, text: string, errors: string[], change?: TextChange): IncrementalParse | undefined {
  try {
    return reparseIncrementally(previous, text, INCREMENTAL_MIN_BYTES, change);
  } catch (e) {
    errors.push(`incremental parse: ${describe(e)}`);
    return undefined;
  }
}

function collectFindings(workspace: Workspace, uris: string[], rules: RuleRunner | undefined, errors: string[]): Map<string, Finding[]> {
  const steps = collectFindingsInSteps(workspace, uris, rules, errors, false);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** collectFindings one rule step at a time (the rules' own steps when the runner has them, else one step). */
function* collectFindingsInSteps(workspace: Workspace, uris: string[], rules: RuleRunner | undefined, errors: string[], stepwise = true): Generator<RuleStep, Map<string, Finding[]>> {
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
      let made: Finding[];
      if (stepwise && rules.steps) {
        const steps = rules.steps(workspace);
        try {
          for (;;) {
            const r = steps.next();
            if (r.done) {
              made = r.value;
              break;
            }
            yield r.value;
          }
        } finally {
          steps.return([]);
        }
      } else made = rules(workspace);
      for (const f of made) add(f);
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
