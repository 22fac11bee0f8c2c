import {
  CodeLensRefreshRequest,
  type Diagnostic,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { TextDocuments } from 'vscode-languageserver';
import { ScenarioHost } from '../core/analysis/scenarios/host';
import { isScenarioFileName } from '../core/analysis/scenarios';
import { diagnosticsFor, toDiagnostics } from '../core/ide/diagnostics';
import { AnalysisHost, describe, type Analysis, type AnalysisStep } from '../core/ide/host';
import type { TextChange } from '../core/ide/incremental';
import { scanAccountHeader, type AccountHeader } from '../core/ide/staged';
import { afterFirstDiagnosticsSteps, beforeFirstOpenSteps, firstLookWarmUpSteps, textOutside, type WarmUpStep } from '../core/ide/warm-up';
import { isAccountFileName } from '../core/model';
import { AnalyzedNotificationMethod, type AnalyzedParams } from '../protocol';
import { Positions, sameFindingsPublished, samePublished, toLspDiagnostic } from './convert';
import { registerFeatures } from './features';
import { useShippedDocs } from './docs';
import { findAccountFiles, indexUris, readUri, readUris } from './files';
import { EditRehearsal } from './edit-rehearsal';
import { afterWrites } from './after-writes';
import { EditedDocument } from './text-document';
import { fullCollection, IdleCollector, idleSettings, watchInput } from './idle-collector';
import { releaseYoungGeneration } from '../core/runtime/young-generation';
import { ruleRunner } from './rules';
import { DEFAULT_SETTINGS, readSettings, withConfigFile, type Settings } from './settings';
import { CONFIG_FILE_NAME, parseRulesConfig, type RulesConfig } from '../core/analysis/config';
import { RULES } from '../core/analysis/rules';
import type { ConfigFileRef } from '../core/ide/code-actions';

/** Text without a model (besides the open files, or an open file never analysed) from which the open files get a first look of their own. */
const FIRST_LOOK_MIN_TEXT = 256 * 1024;
/** How many files the start reads at a time between two looks at the clock (see onInitialized). */
const READ_RUN = 8;
/** The biggest file a first look is rehearsed on at start (see warmEarly): a block of ~50–100 ms, not more. */
const REHEARSAL_MAX_TEXT = 128 * 1024;
/** The full analysis runs in slices of about this many milliseconds, one turn of the event loop each. */
const SLICE_MS = 8;
/** How long the analysis after a first look waits at most for the look's diagnostics to be written (see publish). */
const WRITE_WAIT_MS = 1000;

/** Everything a feature handler needs: the analysis host, open documents, positions, settings, logging. */
export interface ServerContext {
  connection: Connection;
  host: AnalysisHost;
  /** Scenario files (`*.iam-tests.json`): saved simulator questions run against the workspace. */
  scenarios: ScenarioHost;
  documents: TextDocuments<EditedDocument>;
  positions: Positions;
  settings(): Settings;
  /** The workspace's `iam-workbench.json`: where it is (first folder) and its text when it exists. */
  configFile(): ConfigFileRef | undefined;
  /** Runs `fn`; on an exception logs it and returns `fallback` (the server never dies on a request). */
  guard<T>(name: string, fallback: T, fn: () => T): T;
  log(message: string): void;
}

export function startServer(connection: Connection): ServerContext {
  // Documentation links open the docs shipped with the extension (no network).
  useShippedDocs();
  // Each change builds the new text without copying it (text-document.ts) and records where it changed the text,
  // so the host needn't compare the whole texts to find the edit (setFile's `change`).
  const documents = new TextDocuments<EditedDocument>({
    create: (uri, languageId, version, content) => new EditedDocument(uri, languageId, version, content),
    update(doc, changes, version) {
      doc.update(changes, version);
      return doc;
    },
  });
  /** The editor's settings, and those merged with the workspace's iam-workbench.json (what rules run with). */
  let editorSettings: Settings = DEFAULT_SETTINGS;
  let config: ConfigFileRef | undefined;
  let settings: Settings = DEFAULT_SETTINGS;
  const host = new AnalysisHost({ rules: ruleRunner(settings) });
  const scenarios = new ScenarioHost();
  const scenarioTexts = new Map<string, string>();
  const positions = new Positions(
    // A file only indexed yet (see indexFolders) is placed on its text on disk, which the host will hold.
    (uri) => host.text(uri) ?? scenarioTexts.get(uri) ?? (unread?.has(uri) ? readUri(uri) : undefined),
    (uri) => host.lines(uri),
  );
  /** Routes a file's text to the account-file host or the scenario host. */
  const setText = (uri: string, text: string, version = 0, change?: TextChange) => {
    if (isScenarioFileName(uri)) {
      scenarioTexts.set(uri, text);
      scenarios.setFile(uri, text);
    } else host.setFile(uri, text, version, change);
  };
  const removeText = (uri: string) => {
    if (isScenarioFileName(uri)) {
      scenarioTexts.delete(uri);
      scenarios.removeFile(uri);
    } else host.removeFile(uri);
  };
  /** What the editor last got per file: sent again only when it would see a difference. */
  const published = new Map<string, Diagnostic[]>();
  let folders: string[] = [];
  let configurationPull = false;
  let workspaceFolderEvents = false;
  let codeLensRefresh = false;
  let lensRevision = -1;

  const log = (m: string) => connection.console.log(m);
  // Memory back in pauses between keystrokes: see idle-collector.ts. Every request and analysis runs in guard(), and
  // incoming input counts as activity too; nothing is collected while an analysis waits or runs.
  const gc = fullCollection();
  const idle = idleSettings();
  const collector =
    gc && idle
      ? new IdleCollector(gc, {
          ...idle,
          pending: () => busy(),
          collected: (before, after, ms) =>
            log(`idle collection: ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MB in ${ms.toFixed(0)} ms (documents at versions ${documents.all().map((d) => d.version).join(', ') || 'none'})`),
        })
      : undefined;
  if (collector) watchInput(() => collector.activity());
  // The first keystrokes in a big file, rehearsed in quiet moments (edit-rehearsal.ts): any open account
  // file the host can rehearse on, once no analysis is waiting.
  const rehearsal = new EditRehearsal(
    () =>
      !busy() &&
      guard('rehearse an edit', false, () => documents.all().some((d) => host.hasFile(d.uri) && host.rehearseEdit(d.uri))),
    (count, ms) => log(`edit path warmed up in quiet moments: ${count} keystrokes and their undo, ${ms.toFixed(0)} ms`),
  );
  const guard = <T>(name: string, fallback: T, fn: () => T): T => {
    collector?.activity();
    rehearsal.activity();
    try {
      return fn();
    } catch (e) {
      connection.console.error(`${name} failed: ${describe(e)}`);
      return fallback;
    } finally {
      collector?.activity(); // the pause is measured from the end of the work
    }
  };
  const ctx: ServerContext = { connection, host, scenarios, documents, positions, settings: () => settings, configFile: () => config, guard, log };

  /** Reads the first folder's iam-workbench.json (problems in it are logged) and applies the settings. */
  const applySettings = (editor: Settings = editorSettings) => {
    editorSettings = editor;
    let fileConfig: RulesConfig | undefined;
    config = folders[0] ? { uri: `${folders[0].replace(/\/$/, '')}/${CONFIG_FILE_NAME}` } : undefined;
    if (config) {
      const text = readUri(config.uri);
      if (text !== undefined) {
        config.text = text;
        const parsed = parseRulesConfig(text, config.uri, RULES.map((r) => r.id));
        for (const f of parsed.findings) log(`${CONFIG_FILE_NAME}: ${f.message}`);
        fileConfig = parsed.config;
      }
    }
    settings = withConfigFile(editorSettings, fileConfig);
    host.setRules(ruleRunner(settings));
    host.setQuotas(settings.quotas);
  };

  // --- analysis and diagnostics ---
  let scheduled = false;
  /** The workspace folders' files are read (onInitialized). */
  let loaded = false;
  /**
   * Until then (onInitialized), the account files indexed and not read into the host yet (indexFolders), with
   * their size: a file opened meanwhile gets a first look on that index (indexLook).
   */
  let unread: Map<string, AccountHeader> | undefined;
  let unreadText = 0;
  /** The host's revision of the last look on that index. */
  let looked: number | undefined;
  /** The last first look whose diagnostics were sent. */
  let lastLook: Analysis | undefined;
  /**
   * The writes of a look's diagnostics just handed to the connection (firstLook), until what comes next waits for them:
   * the analysis after the look (publish) or the reading of the workspace's texts (onInitialized).
   */
  let lookWrites: Promise<void>[] | undefined;
  /** The analysis running in slices (publish) of the host's revision `revision`, cancelled by the next one. */
  let job: { cancelled: boolean; revision: number } | undefined;
  /** An analysis is waiting or running: idle work (warm-up, rehearsal) gives way. */
  const busy = () => scheduled || !!job;
  /** The first analysis's progress (see onInitialized), ended once its diagnostics are out. */
  let startup: WorkDoneProgressReporter | undefined;
  /**
   * Sends a file's diagnostics when the editor would see a difference: the write (done once the message is all in
   * the pipe or socket to the client), or undefined when nothing was sent.
   */
  const send = (uri: string, list: ReturnType<typeof diagnosticsFor>): Promise<void> | undefined => {
    const version = documents.get(uri)?.version;
    const before = published.get(uri);
    if (before && samePublished(before, uri, list, positions)) return undefined;
    const diagnostics = list.map((d) => toLspDiagnostic(uri, d, positions));
    published.set(uri, diagnostics);
    return connection.sendDiagnostics({ uri, version, diagnostics });
  };
  /**
   * Analyses the workspace and publishes diagnostics. When much of the workspace has no model yet (the server
   * starts on a folder, files were added), the open files come first: a first look (core/ide/host.ts
   * `firstLook`: the open files parsed, the others indexed) publishes their diagnostics from the rules that need
   * nothing more. Then the full analysis runs in slices of a few milliseconds, one turn of the event loop each,
   * so requests are answered in between (hover, completion: on the first look's model until it ends), with
   * `$/progress`; at its end every file's diagnostics go out (the open files' again only if they changed).
   */
  const publish = () => {
    scheduled = false;
    // Until the workspace folders are read (onInitialized), an open file would be checked without the files it
    // refers to (trusted accounts unknown...): its diagnostics wait for them, or for their index (indexLook).
    if (!loaded) {
      if (unread) guard('first look', undefined, indexLook);
      return;
    }
    const open = documents.all().map((d) => d.uri).filter((u) => host.hasFile(u));
    // Files the editor has no diagnostics of yet (just opened, or new).
    // A first look pays off when the rest of the workspace is big (else the full analysis is as quick).
    const unseen = open.filter((u) => !published.has(u));
    const unseenWaits = unseen.length > 0 && textOutside(host, unseen) >= FIRST_LOOK_MIN_TEXT;
    if (job && !job.cancelled && job.revision === host.currentRevision()) {
      // Nothing the running analysis reads has changed (a file opened with the text it has on disk, a scenario
      // file): it goes on, and a file opened meanwhile gets a first look of its own rather than waiting for it.
      // (All the open files: quick requests answer from the latest look, which has only its files whole.)
      if (unseenWaits) guard('first look', undefined, () => firstLook(open));
      return;
    }
    if (job) job.cancelled = true;
    const me: { cancelled: boolean; revision: number } = (job = { cancelled: false, revision: host.currentRevision() });
    let progress = startup;
    let lookedNow = false;
    guard('first look', undefined, () => {
      if (!open.length) return;
      // Much of the workspace has no model yet, or a big file is opened for the first time (its own rules first,
      // the workspace rules — escalation paths, external access: account-wide — in the background), or a file the
      // editor has nothing for yet waits for a big workspace. The look covers every open file, so that hover on
      // any of them answers from it.
      const big = host.pendingText(open) >= FIRST_LOOK_MIN_TEXT || host.unmodelledText(open) >= FIRST_LOOK_MIN_TEXT;
      if (!big && !unseenWaits) return;
      firstLook(open);
      lookedNow = true;
      if (!progress) {
        void connection.window.createWorkDoneProgress().then((p) => {
          if (job !== me) return p.done(); // cancelled, or already done
          progress = p;
          p.begin('IAM Workbench', 0, 'checking the workspace', false);
        }, () => undefined);
      }
    });
    const steps = host.analyseInSteps(open);
    const started = performance.now();
    let reported = 0;
    const slice = () => {
      // A change since this analysis began, with a publish queued for it: that publish cancels this analysis (the
      // revision differs), so it stops now rather than run a slice on the changed host first (a file opened between
      // two slices would otherwise be analysed whole, skipping its first look).
      if (scheduled && me.revision !== host.currentRevision()) me.cancelled = true;
      if (me.cancelled) {
        // The next analysis reports its own progress (the startup's carries on into it).
        if (progress && progress !== startup) progress.done();
        steps.return(undefined);
        return;
      }
      const until = performance.now() + SLICE_MS;
      // What any file's first look needs, ready before the rest of the workspace is analysed (see warmEarly).
      if (early.length) {
        warmSome(until);
        setImmediate(slice);
        return;
      }
      let r: IteratorResult<AnalysisStep, Analysis | undefined>;
      for (;;) {
        const t = performance.now();
        r = guard('analysis', { done: true, value: undefined }, () => steps.next());
        const ms = performance.now() - t;
        // A step that keeps requests waiting is worth knowing about (the log names it).
        if (ms > 200) log(`analysis step took ${ms.toFixed(0)} ms: ${r.done ? 'the last one' : `${r.value.phase} ${r.value.rule ?? r.value.uri ?? ''}`}`);
        if (r.done || performance.now() >= until) break;
      }
      if (!r.done) {
        if (progress && performance.now() - reported > 150) {
          reported = performance.now();
          const { phase, done, total } = r.value;
          const share = phase === 'parse' ? (done / total) * 40 : phase === 'resolve' ? 45 : 50 + (done / total) * 50;
          progress.report(Math.floor(share), phase === 'parse' ? `reading ${done} of ${total} files` : phase === 'resolve' ? 'resolving references' : `checking: ${done} of ${total} steps`);
        }
        setImmediate(slice);
        return;
      }
      job = undefined;
      if (!r.value) return; // the workspace changed meanwhile: the change scheduled a new analysis
      guard('diagnostics', undefined, () => finish(r.value!, performance.now() - started));
      if (progress) {
        progress.done();
        if (progress === startup) startup = undefined;
      }
    };
    // The first look's diagnostics go out before the analysis starts. The connection writes them in the next turn of
    // the event loop, and a big file's message (~650 KB for 2,000 diagnostics) passes the pipe to the client ~64 KB
    // at a time, each turn of the loop writing what the client has read meanwhile: with the analysis's slices (and
    // its first step, 20–60 ms) in between, the client got the last bytes ~100 ms after they were made (~40 ms when
    // nothing runs in between: docs/benchmarks.md, h25d). So the analysis waits for the writes to be done (or
    // WRITE_WAIT_MS, should the client not read). Over IPC the connection's write is done at once (Node's channel
    // writes on its own): there the analysis starts in the next turn, as before.
    if (lookedNow) {
      const writes = lookWrites ?? [];
      lookWrites = undefined;
      afterWrites(writes, () => setImmediate(slice), WRITE_WAIT_MS);
    }
    else slice();
  };
  /**
   * A first look at the open files before the workspace folders' texts are read, on their index (the server
   * was started with the file open: VS Code sends its didOpen right after initialized): what the first look
   * after reading them would find, sooner (see indexFolders). Only for open files the editor has no
   * diagnostics of, when the files only indexed are big (else reading them is as quick).
   */
  const indexLook = () => {
    if (!unread || unreadText < FIRST_LOOK_MIN_TEXT) return;
    const open = documents.all().map((d) => d.uri).filter((u) => host.hasFile(u));
    if (!open.some((u) => !published.has(u))) return;
    firstLook(open, unread);
    looked = host.currentRevision();
  };
  /** A first look at `uris` (core/ide/host.ts `firstLook`), their diagnostics sent (the writes in `lookWrites`). */
  const firstLook = (uris: string[], elsewhere?: ReadonlyMap<string, AccountHeader>): void => {
    const look = host.firstLook(uris, true, elsewhere);
    const kept = look === lastLook; // the same look, kept (renewLook): sent again only if the editor lacks them
    lastLook = look;
    if (!kept) for (const e of look.errors) connection.console.error(e);
    const writes: Promise<void>[] = [];
    for (const uri of uris) {
      const w = send(uri, diagnosticsFor(look, uri, { severities: settings.rules }));
      if (w) writes.push(w);
    }
    lookWrites = writes;
    releaseYoungGeneration(); // the first look is out: the young generation may grow for what follows (young-generation.ts)
    const index = elsewhere ? ` on the index of ${[...elsewhere.keys()].filter((u) => !host.hasFile(u)).length} files not read yet` : '';
    if (!kept) log(`first look at ${uris.length} open file${uris.length === 1 ? '' : 's'}${index}: model ${look.millis.toFixed(0)} ms, findings ${(look.findingsMillis ?? 0).toFixed(0)} ms; the rest of the workspace follows`);
  };
  /**
   * Work no file's first look should pay, queued at start before the background analysis (which runs it first,
   * a slice at a time, so a file opened meanwhile is looked at between two slices): the index of the files'
   * account ids (staged.ts), the AWS catalogue's per-service indexes and the managed policies' data. A step
   * returns true when it has more to do.
   */
  const early: WarmUpStep[] = [];
  const warmEarly = () => {
    early.push(
      ...firstLookWarmUpSteps(host, {
        minText: FIRST_LOOK_MIN_TEXT,
        sliceMs: SLICE_MS,
        maxRehearsalText: REHEARSAL_MAX_TEXT,
        fileOpen: () => documents.all().some((d) => host.hasFile(d.uri)),
        // Its diagnostics made as if to be sent (not sent): the documentation links' tables are built then.
        rehearsed: (look, uri) => {
          for (const d of diagnosticsFor(look, uri, { severities: settings.rules })) toLspDiagnostic(uri, d, positions);
        },
      }),
    );
    // No account file yet (no folder, or none in it): the wait for the first document warms what its first look
    // reads (warm-up.ts). Files read from the folders warm the same code in their own analysis.
    if (!early.length && !documents.all().length && !host.uris().length) {
      early.push(...beforeFirstOpenSteps({ fileOpen: () => documents.all().length > 0 }));
      earlyWhat = 'catalogue and managed policies loaded, the reader warmed';
    }
  };
  let earlyWhat = 'account ids indexed, catalogue and managed policies loaded, rules warmed';
  let earlyMs = 0;
  const warmSome = (until: number) => {
    const t = performance.now();
    while (early.length && performance.now() < until) if (!guard('warm-up', false, early[0])) early.shift();
    earlyMs += performance.now() - t;
    if (!early.length) log(`ready for a first look: ${earlyWhat} (${earlyMs.toFixed(0)} ms)`);
  };
  const finish = (analysis: Analysis, wall: number) => {
      const findings = analysis.findings;
      for (const e of analysis.errors) connection.console.error(e);
      if (analysis.millis + (analysis.findingsMillis ?? 0) > 100) {
        connection.console.log(
          `analysis ${analysis.revision}: model ${analysis.millis.toFixed(0)} ms, findings ${(analysis.findingsMillis ?? 0).toFixed(0)} ms, ${findings.size} files (${wall.toFixed(0)} ms in slices)`,
        );
      }
      const scenarioDiagnostics = (uri: string) =>
        guard('scenario diagnostics', [], () => toDiagnostics(scenarios.findings(analysis.workspace, uri), { severities: settings.rules }));
      const analyzed: AnalyzedParams = { documents: [] };
      for (const uri of [...host.uris(), ...scenarios.uris()]) {
        analyzed.documents.push({ uri, version: documents.get(uri)?.version });
        // An account file whose diagnostics the editor has already (most keystrokes): compared off the findings.
        const before = published.get(uri);
        if (before && host.hasFile(uri) && sameFindingsPublished(before, uri, findings.get(uri) ?? [], { severities: settings.rules }, positions)) continue;
        const list = host.hasFile(uri) ? diagnosticsFor(analysis, uri, { severities: settings.rules }) : scenarioDiagnostics(uri);
        send(uri, list);
      }
      for (const uri of [...published.keys()]) {
        if (host.hasFile(uri) || scenarios.hasFile(uri)) continue;
        published.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      void connection.sendNotification(AnalyzedNotificationMethod, analyzed);
      // A small file's first analysis, or the workspace's without a first look, is out (an empty one, at start, is not): young-generation.ts.
      if (analyzed.documents.length) releaseYoungGeneration();
      // Scenario results follow the account files: ask the editor to fetch their lenses again.
      if (codeLensRefresh && scenarios.uris().length && lensRevision !== analysis.revision) {
        lensRevision = analysis.revision;
        void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }
      warm();
      // In idle time, ready a file parsed whole for cheap edits (its first keystroke doesn't pay for it),
      // and the open documents' line tables, which the document manager builds on the first edit (~25 ms
      // for 5 MB) to place it.
      setImmediate(() =>
        guard('prepare edits', undefined, () => {
          host.prepareEdits();
          for (const d of documents.all()) d.offsetAt({ line: 0, character: 0 });
        }),
      );
  };
  // After the first diagnostics of an account file, index the whole AWS catalogue and the managed
  // policies, so the first hover on an administrator or the first completion of a policy ARN doesn't pay
  // for it. In slices, one per turn of the event loop, each after any analysis that is waiting: a file
  // opened while the server warms up is analysed first (a warm-up of ~200 ms at start used to delay it).
  let warmed = false;
  const warm = () => {
    if (warmed || !host.uris().length) return;
    warmed = true;
    const steps = afterFirstDiagnosticsSteps();
    const next = () => {
      const step = steps.shift();
      if (!step) return;
      // A step with more to do (or put off while an analysis waits) stays first.
      if (busy() || guard('warm-up', false, step)) steps.unshift(step);
      setImmediate(next);
    };
    setImmediate(next);
  };

  /** Coalesces a burst of changes into one analysis, run once the pending messages are read. */
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(publish);
  };

  /**
   * The first part of reading the workspace folders at start: every account file indexed (staged.ts
   * `scanAccountHeader`, server/files.ts `indexUris`: read and scanned, the text not kept) into `unread`;
   * scenario files and files the index can't tell (organization files...) read into the host whole. The texts
   * follow (onInitialized) a moment later, read in slices, so that a file opened with the server's start gets
   * its first look on the index before the workspace's texts are made (~50–130 ms for 13 MB).
   */
  const indexFolders = () => {
    unread = new Map();
    unreadText = 0;
    for (const folder of folders) {
      const all = findAccountFiles(folder).filter((uri) => !documents.get(uri));
      const accounts = all.filter((uri) => !isScenarioFileName(uri));
      const indexed = indexUris(accounts, scanAccountHeader);
      for (let i = 0; i < accounts.length; i++) {
        const it = indexed[i];
        if (!it) continue;
        if (it.text !== undefined) setText(accounts[i], it.text);
        else {
          unread.set(accounts[i], it.header);
          unreadText += it.size;
        }
      }
      for (const uri of all) {
        if (!isScenarioFileName(uri)) continue;
        const text = readUri(uri);
        if (text !== undefined) setText(uri, text);
      }
    }
  };

  /** Reads the workspace folders' files into the host. */
  const loadFolders = () => {
    for (const folder of folders) {
      const uris = findAccountFiles(folder).filter((uri) => !documents.get(uri));
      const texts = readUris(uris);
      for (let i = 0; i < uris.length; i++) {
        const text = texts[i];
        if (text !== undefined) setText(uris[i], text);
      }
    }
  };

  const reloadSettings = async () => {
    if (!configurationPull) return;
    try {
      const raw = await connection.workspace.getConfiguration('iamWorkbench');
      editorSettings = readSettings(raw);
    } catch (e) {
      connection.console.error(`settings: ${describe(e)}`);
    }
    guard('settings', undefined, () => applySettings());
    published.clear();
    schedule();
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    configurationPull = !!params.capabilities.workspace?.configuration;
    workspaceFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders = [params.rootUri];
    guard('settings', undefined, () => applySettings(readSettings(params.initializationOptions?.settings)));
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental, ...registerFeatures(ctx) };
    if (workspaceFolderEvents) capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    return { capabilities, serverInfo: { name: 'iam-workbench', version: '0.1.0' } };
  });

  connection.onInitialized(async () => {
    // $/progress while the workspace is read and checked the first time (window/workDoneProgress; a
    // client without it gets a reporter that sends nothing). publish() ends it.
    startup = await connection.window.createWorkDoneProgress().catch(() => undefined);
    startup?.begin('IAM Workbench', 0, 'reading the workspace', false);
    // The files indexed first, their texts read a moment later (indexFolders): a file opened with the start,
    // whose didOpen is read meanwhile, gets a first look on the index (indexLook) before the texts are made.
    const indexed = guard('index workspace', false, () => (indexFolders(), true));
    if (!indexed) unread = undefined; // an index of part of the files: no look on it
    schedule();
    // Two timers: the first fires at once (its start is the loop's time before the indexing), the second after a
    // millisecond in which the messages already sent are read (a didOpen gets its look in onDidOpen).
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    const only = indexed ? unread : undefined;
    if (only) {
      // The indexed files' texts, a few files at a time in slices of the event loop (requests meanwhile answer from
      // a look on the index), then into the host at once. A file opened or changed on disk meanwhile keeps the text
      // it got then.
      const uris = [...only.keys()];
      const texts: (string | undefined)[] = [];
      let until = performance.now() + SLICE_MS;
      for (let i = 0; i < uris.length; i += READ_RUN) {
        // The connection writes a message in a later callback of the event loop's turn (vscode-jsonrpc's writer
        // waits for setImmediate): after a look on the index, its diagnostics go out before the next slice of reading,
        // as the analysis waits for them in publish.
        while (lookWrites) {
          const writes = lookWrites;
          lookWrites = undefined;
          await new Promise<void>((resolve) => afterWrites(writes, () => setImmediate(resolve), WRITE_WAIT_MS));
          until = performance.now() + SLICE_MS;
        }
        const run = uris.slice(i, i + READ_RUN);
        texts.push(...guard('load workspace', run.map(() => undefined), () => readUris(run)));
        if (performance.now() >= until) {
          await new Promise((resolve) => setImmediate(resolve));
          until = performance.now() + SLICE_MS;
        }
      }
      const before = host.currentRevision();
      guard('load workspace', undefined, () => {
        for (let i = 0; i < uris.length; i++) {
          const text = texts[i];
          if (text !== undefined && !documents.get(uris[i]) && !host.hasFile(uris[i])) setText(uris[i], text);
        }
      });
      // A first look on the index stays this revision's when the texts read are the ones indexed (their account
      // ids where the index saw them): quick requests answer from it, and it is not made again.
      if (only.size && looked === before) guard('first look', undefined, () => host.renewLook(only, before));
    } else guard('load workspace', undefined, () => loadFolders());
    unread = undefined;
    loaded = true;
    warmEarly();
    const count = host.uris().length + scenarios.uris().length;
    startup?.report(`checking ${count} file${count === 1 ? '' : 's'}`);
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = folders.filter((f) => !e.removed.some((r) => r.uri === f)).concat(e.added.map((a) => a.uri));
        guard('settings', undefined, () => applySettings());
        guard('load workspace', undefined, () => loadFolders());
        schedule();
      });
    }
    if (configurationPull) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'iamWorkbench' }).catch(() => undefined);
      void reloadSettings();
    }
    schedule();
  });

  connection.onDidChangeConfiguration((change) => {
    if (configurationPull) void reloadSettings();
    else {
      guard('settings', undefined, () => applySettings(readSettings((change.settings as any)?.iamWorkbench)));
      published.clear();
      schedule();
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    guard('watched files', undefined, () => {
      for (const change of params.changes) {
        if (config && change.uri === config.uri) {
          applySettings();
          published.clear();
          continue;
        }
        if ((!isAccountFileName(change.uri) && !isScenarioFileName(change.uri)) || documents.get(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) removeText(change.uri);
        else {
          const text = readUri(change.uri);
          if (text === undefined) removeText(change.uri);
          else setText(change.uri, text);
        }
      }
    });
    schedule();
  });

  documents.onDidOpen((e) => {
    setText(e.document.uri, e.document.getText(), e.document.version);
    // Opened while the workspace's texts wait to be read (onInitialized): its first look now, on their index.
    if (!loaded && unread) guard('first look', undefined, indexLook);
    schedule();
  });
  documents.onDidChangeContent((e) => {
    // No change at all (an empty edit): an empty range, so the host sees the same text without comparing it.
    const change = e.document.lastChange === undefined ? { start: 0, oldEnd: 0, newEnd: 0 } : (e.document.lastChange ?? undefined);
    setText(e.document.uri, e.document.getText(), e.document.version, change);
    schedule();
  });
  documents.onDidClose((e) => {
    // The file stays part of the workspace with its text on disk (or goes when it no longer exists).
    const text = e.document.uri.startsWith('file:') ? readUri(e.document.uri) : undefined;
    if (text === undefined) removeText(e.document.uri);
    else setText(e.document.uri, text);
    schedule();
  });

  documents.listen(connection);
  return ctx;
}
