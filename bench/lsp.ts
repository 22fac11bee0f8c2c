/**
 * Language server benchmark: spawns the bundled server (dist/server.js --stdio; `--transport ipc`: over Node's IPC
 * channel, as VS Code starts it), opens the generated
 * max-quota account (bench/out/large/iam.json; `npm run gen:large`), and measures the first diagnostics (a big
 * file's first look publishes them before the workspace rules) and the initial analysis,
 * the re-analysis after a one-character edit (one that moves no diagnostic, so none are sent, and one
 * that adds or removes a diagnostic; and the first edits when typing starts after a pause), hover and
 * completion latency (p50/p95) and the
 * server's resident memory (after opening, peak, and at rest once V8 has collected the edits' garbage:
 * ~20 s more; `--quick` skips that), and beside them, for the initial analysis, what parsing the same file
 * costs natively, with jsonc-parser, and in VS Code's JSON language service (bench/peers.ts), with our first
 * diagnostics as a ratio to that peer: medians of `--first-runs N` rounds (default 5; bench/support/first-rounds.ts),
 * each a fresh server of ours, a fresh peer server over LSP (bench/support/json-peer-server.ts, the same client and
 * transport) and the peer in process, giving two ratios: against the peer in process (issue 20's definition: the
 * peer pays no transport) and against the peer over LSP (both pay it); then the generated organization
 * (bench/org.ts: the opened file's diagnostics against the floor, every file's, RSS; `--org-runs N`, default 3, 0 to
 * skip). Prints Markdown tables; `--json` prints JSON.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/harness';
import { measurePeers, peersTable } from './peers';
import { measureOrg, orgRows } from './org';
import { mkdirSync, writeFileSync } from 'node:fs';
import { editKinds, withEveryoneGroup } from './edit-kinds';
import { openAndTime } from './support/open';
import { firstRounds, firstRoundsTable, transport } from './support/first-rounds';
import { cpuMs, positionAt, rssMb } from './support/proc';
import { descriptionPosition, descriptionRound, typeRounds } from './support/typing';

const ROOT = join(import.meta.dirname, '..');
// `--transport ipc`: every server over Node's IPC channel, as the VS Code client starts ours (test/lsp/harness.ts).
if (process.argv.includes('--transport')) process.env.IAM_WORKBENCH_TRANSPORT = process.argv[process.argv.indexOf('--transport') + 1];
const FILE = process.argv.find((a) => a.endsWith('.json') && !a.startsWith('--')) ?? join(ROOT, 'bench', 'out', 'large', 'iam.json');
const SAMPLES = 200;
const EDIT_ROUNDS = 60;
/** Edits that add or remove a diagnostic (so the server sends the file's diagnostics again). */
const CHANGING_EDITS = 40;
/** Users, groups and roles hovered apart (per kind). */
const PRINCIPALS_PER_KIND = 40;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * Memory once the editor goes quiet: V8 gives the heap's garbage (each keystroke leaves the old text
 * of the document, 5 MB here) back in a full collection its memory reducer starts some seconds after
 * allocation stops. Samples every half second for up to `seconds`; the lowest value and when it came.
 */
async function rssAtRest(pid: number, seconds: number): Promise<{ mb: number; afterS: number }> {
  let best = { mb: rssMb(pid), afterS: 0 };
  for (let k = 1; k <= seconds * 2; k++) {
    await new Promise((r) => setTimeout(r, 500));
    const mb = rssMb(pid);
    if (mb < best.mb - 1) best = { mb, afterS: k / 2 };
  }
  return best;
}

/**
 * The other way a file reaches the server: it reads the workspace folder's account files from disk when
 * it starts (no 5 MB didOpen message to send and decode). Initialized → the file's first diagnostics.
 */
async function workspaceLoad(file: string): Promise<{ wall: number; cpu: number }> {
  const folder = pathToFileURL(join(file, '..')).toString();
  const c = await LspClient.start(folder);
  try {
    const cpu0 = cpuMs(c.proc.pid!);
    const started = performance.now();
    await c.waitForDiagnostics(pathToFileURL(file).toString());
    return { wall: Math.round(performance.now() - started), cpu: cpuMs(c.proc.pid!) - cpu0 };
  } finally {
    await c.stop();
  }
}

/** Accounts between a team's and the quota's (scripts/gen-large.mjs --scale), made on first use. */
const SCALES = [0.1, 0.2, 0.4];

function scaledAccount(scale: number): string {
  const file = join(ROOT, 'bench', 'out', `scale-${scale}`, 'iam.json');
  if (!existsSync(file)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-large.mjs'), join(file, '..'), '--scale', String(scale)]);
  return file;
}

/** Open → first diagnostics in a fresh server (cold, as for the file itself); the median of `runs` servers. */
async function initialIn(file: string, runs = 3): Promise<{ sizeMb: number; ms: number }> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = await LspClient.start(null);
    try {
      const t = performance.now();
      c.open(uri, text);
      await c.diagnosticsAt(uri, 1);
      times.push(performance.now() - t);
    } finally {
      await c.stop();
    }
  }
  return { sizeMb: +(text.length / 1048576).toFixed(1), ms: Math.round(percentile(times, 50)) };
}

/**
 * The first keystrokes as someone types after reading for a moment: a fresh server opens the file, the
 * bench waits `pauseMs` (the server warms its edit path then: server/edit-rehearsal.ts), then types 10
 * rounds like the main protocol. p50 and max of the 10.
 */
async function firstEditsAfterPause(file: string, pauseMs: number): Promise<{ p50: number; max: number }> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const c = await LspClient.start(null);
  try {
    c.open(uri, text);
    await c.diagnosticsAt(uri, 1);
    await new Promise((r) => setTimeout(r, pauseMs));
    const pos = descriptionPosition(text);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push(await descriptionRound(c, uri, pos, i));
    return { p50: +percentile(times, 50).toFixed(1), max: +Math.max(...times).toFixed(1) };
  } finally {
    await c.stop();
  }
}

/** A key every ~120 ms: a fast typist's pace (bench/support/typing.ts), on a fresh server (its own RSS peak). */
const PACE_MS = 120;

/**
 * The description rounds typed at PACE_MS on a fresh server (open, first hover, then EDIT_ROUNDS rounds): the server
 * has a pause between keystrokes, in which it may collect (server/idle-collector.ts). p50 / p95, server CPU a round,
 * RSS peak after opening and the typing, the idle collections it logged.
 */
async function pacedTyping(file: string): Promise<{ p50: number; p95: number; cpuPerRound: number; rssPeak: number; collections: number }> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const c = await LspClient.start(null);
  try {
    const pid = c.proc.pid!;
    c.open(uri, text);
    await c.diagnosticsAt(uri, 1);
    await c.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('"s3:GetObject"') + 3) });
    const cpu0 = cpuMs(pid);
    const logs0 = c.logs.length;
    const times = await typeRounds(c, uri, descriptionPosition(text), EDIT_ROUNDS, PACE_MS);
    return {
      p50: +percentile(times, 50).toFixed(1),
      p95: +percentile(times, 95).toFixed(1),
      cpuPerRound: Math.round((cpuMs(pid) - cpu0) / EDIT_ROUNDS),
      rssPeak: Math.round(rssMb(pid, 'VmHWM')),
      collections: c.logs.slice(logs0).filter((l) => l.startsWith('idle collection')).length,
    };
  } finally {
    await c.stop();
  }
}

/** Rounds of the reference-breaking edit (each a rename and its undo, each waited for). */
const RENAME_ROUNDS = 5;

/**
 * The edit that breaks thousands of references: the max-quota account with a group every user is in
 * (bench/edit-kinds.ts `withEveryoneGroup`: 5,000 references), the group's name typed into (one character at the
 * end of its key, so 5,000 `ref/` errors appear) and deleted again, each change → the diagnostics of that version,
 * in a fresh server. Wall times, and the server's CPU per edit.
 */
async function referenceBreakingEdits(file: string): Promise<{ p50: number; max: number; cpuPerEdit: number; samples: number; diagnostics: number[] }> {
  const variant = join(ROOT, 'bench', 'out', 'large-everyone', 'iam.json');
  const text = withEveryoneGroup(readFileSync(file, 'utf8'));
  mkdirSync(join(variant, '..'), { recursive: true });
  writeFileSync(variant, text);
  const uri = pathToFileURL(variant).toString();
  const rename = editKinds(text).find((k) => k.name === 'rename')!;
  const r = rename.range(text);
  const at = positionAt(text, r.start);
  const c = await LspClient.start(null);
  try {
    c.open(uri, text);
    await c.diagnosticsAt(uri, 1);
    const times: number[] = [];
    const counts: number[] = [];
    const cpu0 = cpuMs(c.proc.pid!);
    for (let i = 0; i < RENAME_ROUNDS * 2; i++) {
      const t = performance.now();
      const v = i % 2 === 0 ? c.edit(uri, { start: at, end: at }, r.insert) : c.edit(uri, { start: at, end: { line: at.line, character: at.character + r.insert.length } }, '');
      const diagnostics = await c.diagnosticsAt(uri, v);
      times.push(performance.now() - t);
      if (i < 2) counts.push(diagnostics.length);
    }
    const cpuPerEdit = Math.round((cpuMs(c.proc.pid!) - cpu0) / times.length);
    return { p50: Math.round(percentile(times, 50)), max: Math.round(Math.max(...times)), cpuPerEdit, samples: times.length, diagnostics: counts };
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run "npm run gen:large" first.`);
  const text = readFileSync(FILE, 'utf8');
  const uri = pathToFileURL(FILE).toString();
  // The floor and the peer for the initial analysis, each in a fresh process (bench/peers.ts).
  const peers = measurePeers(FILE);
  const firstAt = process.argv.indexOf('--first-runs');
  const firstVsPeers = await firstRounds(FILE, firstAt >= 0 ? Number(process.argv[firstAt + 1]) : 5);
  const fromDisk = await workspaceLoad(FILE);
  const smaller: { scale: number; sizeMb: number; ms: number }[] = [];
  for (const scale of SCALES) smaller.push({ scale, ...(await initialIn(scaledAccount(scale))) });
  const afterPause = await firstEditsAfterPause(FILE, 3000);
  const breaking = await referenceBreakingEdits(FILE);
  const paced = await pacedTyping(FILE);
  const c = await LspClient.start(null);
  try {
    const pid = c.proc.pid!;
    // Initial analysis: open → the first diagnostics published, then → the full analysis.
    const opened = await openAndTime(c, uri, text);
    const { first: published, firstMs: firstPublished, firstCpuMs: firstPublishedCpu, full: first } = opened;
    const { fullMs: initial, fullCpuMs: initialCpu } = opened;
    let t: number;
    const rssOpen = rssMb(pid);

    // Warm the catalogue once (first hover loads it), not counted.
    const actionAt = text.indexOf('"s3:GetObject"');
    await c.request('textDocument/hover', { textDocument: { uri }, position: positionAt(text, actionAt + 3) });

    // One-character edits inside a description: change → diagnostics of that version.
    const edits: number[] = [];
    const editCpu0 = cpuMs(pid);
    const editLogs0 = c.logs.length;
    const pos = descriptionPosition(text);
    // 60 rounds, as someone typing: the first few carry the JIT's warm-up of the edit path.
    const firstEdits: number[] = [];
    for (let i = 0; i < EDIT_ROUNDS; i++) {
      edits.push(await descriptionRound(c, uri, pos, i));
      if (i < 10) firstEdits.push(edits[i]);
    }

    const editCpu = (cpuMs(pid) - editCpu0) / edits.length; // per round: one edit, or an insert + delete coalesced
    // Collections in pauses (server/idle-collector.ts): back to back, the server has none to speak of.
    const editCollections = c.logs.slice(editLogs0).filter((l) => l.startsWith('idle collection')).length;
    const rssTyping = rssMb(pid, 'VmHWM');

    // Edits that change the diagnostics, so they are sent: a character typed at the end of an action name
    // (an unknown action is reported) and deleted again, each waited for.
    const actionPos = positionAt(text, text.indexOf('"s3:GetObject"') + '"s3:GetObject'.length);
    const changing: number[] = [];
    for (let i = 0; i < CHANGING_EDITS; i++) {
      t = performance.now();
      const v =
        i % 2 === 0
          ? c.edit(uri, { start: actionPos, end: actionPos }, 'x')
          : c.edit(uri, { start: actionPos, end: { line: actionPos.line, character: actionPos.character + 1 } }, '');
      await c.diagnosticsAt(uri, v);
      changing.push(performance.now() - t);
      if (c.diagnostics.get(uri)?.version !== v) throw new Error(`edit ${i} of the action name published no diagnostics`);
    }
    // Hover and completion at many places: entity names, actions, references.
    const targets: number[] = [];
    /** Per target, the group it was picked from (the needle, or the entity names), for --verbose. */
    const groups: string[] = [];
    for (const needle of ['"groups": [', '"s3:', '"Action": ', '"policies": [', '"trustPolicy"']) {
      let i = 0;
      while (targets.length < SAMPLES && (i = text.indexOf(needle, i + 1)) > 0) {
        targets.push(i + needle.length + 2);
        groups.push(needle);
        if (targets.length % 40 === 0) break;
      }
    }
    const userNames = [...text.matchAll(/\n {4}"([\w.@+=,-]+)": \{/g)].slice(0, 60).map((m) => m.index! + 6);
    targets.push(...userNames);
    groups.push(...userNames.map(() => 'entity names'));
    // Positions are computed before timing: positionAt splits the text up to the offset, which near
    // the end of a 5 MB file costs the client more than the server spends answering.
    const positions = targets.map((o) => positionAt(text, o));
    const hoverCpu0 = cpuMs(pid);
    const hovers: number[] = [];
    const slowest: [number, string][] = [];
    for (const [k, o] of targets.entries()) {
      t = performance.now();
      const h = (await c.request('textDocument/hover', { textDocument: { uri }, position: positions[k] })) as { contents?: { value?: string } } | null;
      hovers.push(performance.now() - t);
      const head = h?.contents?.value?.split('\n')[0].slice(0, 40) ?? 'no hover';
      slowest.push([hovers[hovers.length - 1], `${groups[k]} @ ${JSON.stringify(text.slice(o - 8, o + 16).replace(/\s+/g, ' '))}: ${head}`]);
    }
    if (process.argv.includes('--verbose')) {
      // Per group of targets (p50 / max), then the slowest hovers with what they showed.
      for (const g of [...new Set(groups)]) {
        const ms = hovers.filter((_, k) => groups[k] === g);
        console.error(`hover ${g}: ${ms.length} requests, p50 ${percentile(ms, 50).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
      }
      for (const [ms, what] of [...slowest].sort((a, b) => b[0] - a[0]).slice(0, 8)) console.error(`  ${ms.toFixed(1)} ms  ${what}`);
    }
    const hoverCpu = (cpuMs(pid) - hoverCpu0) / hovers.length;

    // Hovers on principals (users, groups, roles spread over the file), the ones that compute
    // effective permissions and who can assume a role: reported apart, the targets above hit none.
    const principalTargets: [string, number][] = [];
    for (const section of ['groups', 'users', 'roles']) {
      const from = text.indexOf(`\n  "${section}": {`);
      if (from < 0) continue;
      const to = text.indexOf('\n  }', from);
      const names = [...text.slice(from, to).matchAll(/\n {4}"[^"]+": \{/g)].map((m) => from + m.index! + 6);
      const step = Math.max(1, Math.floor(names.length / PRINCIPALS_PER_KIND));
      for (let k = 0; k < names.length && k / step < PRINCIPALS_PER_KIND; k += step) principalTargets.push([section, names[k]]);
    }
    const principalPositions = principalTargets.map(([, o]) => positionAt(text, o));
    const principalHovers: number[] = [];
    for (const position of principalPositions) {
      t = performance.now();
      await c.request('textDocument/hover', { textDocument: { uri }, position });
      principalHovers.push(performance.now() - t);
    }
    if (process.argv.includes('--verbose')) {
      for (const section of ['groups', 'users', 'roles']) {
        const ms = principalHovers.filter((_, k) => principalTargets[k][0] === section);
        if (ms.length) console.error(`hover on ${section} (first hover of each): ${ms.length} requests, p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
      }
    }
    const completionCpu0 = cpuMs(pid);
    const completions: number[] = [];
    for (const position of positions) {
      t = performance.now();
      await c.request('textDocument/completion', { textDocument: { uri }, position });
      completions.push(performance.now() - t);
    }
    const completionCpu = (cpuMs(pid) - completionCpu0) / completions.length;
    const rss = rssMb(pid);
    const rssPeak = rssMb(pid, 'VmHWM');
    const rest = process.argv.includes('--quick') ? undefined : await rssAtRest(pid, 20);
    // The server logs where the time of each slow analysis went: model (parse + resolve) and findings (rules).
    const splits = c.logs.map((l) => /model (\d+) ms, findings (\d+) ms/.exec(l)).filter((m): m is RegExpExecArray => !!m);
    // The peer: VS Code's JSON language service parsing the file and validating it against our schema, fresh process.
    const peer = peers.find((p) => p.kind === 'json-languageservice')!;
    const at = process.argv.indexOf('--org-runs');
    const orgRuns = at >= 0 ? Number(process.argv[at + 1]) : 3;
    const org = orgRuns > 0 ? await measureOrg(orgRuns) : undefined;
    const result = {
      file: FILE.replace(ROOT + '/', ''),
      sizeMb: +(text.length / 1048576).toFixed(1),
      diagnostics: first.length,
      initialMs: Math.round(initial),
      firstPublished: { ms: Math.round(firstPublished), cpuMs: firstPublishedCpu, diagnostics: published.diagnostics.length },
      workspaceLoadMs: fromDisk,
      editMs: { p50: +percentile(edits, 50).toFixed(1), p95: +percentile(edits, 95).toFixed(1) },
      changingEditMs: { p50: +percentile(changing, 50).toFixed(1), p95: +percentile(changing, 95).toFixed(1), samples: changing.length },
      hoverMs: { p50: +percentile(hovers, 50).toFixed(1), p95: +percentile(hovers, 95).toFixed(1), samples: hovers.length },
      principalHoverMs: principalHovers.length
        ? { p50: +percentile(principalHovers, 50).toFixed(1), p95: +percentile(principalHovers, 95).toFixed(1), samples: principalHovers.length }
        : undefined,
      completionMs: { p50: +percentile(completions, 50).toFixed(1), p95: +percentile(completions, 95).toFixed(1), samples: completions.length },
      rssMb: Math.round(rss),
      rssAfterOpenMb: Math.round(rssOpen),
      rssPeakMb: Math.round(rssPeak),
      rssPeakWhileTypingMb: Math.round(rssTyping),
      idleCollectionsWhileTyping: editCollections,
      rssAtRest: rest && { mb: Math.round(rest.mb), afterS: rest.afterS },
      cpuMs: { initial: initialCpu, perEdit: Math.round(editCpu), perHover: +hoverCpu.toFixed(1), perCompletion: +completionCpu.toFixed(1) },
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
      initialSplitMs: splits[0] ? { model: +splits[0][1], findings: +splits[0][2] } : undefined,
      firstEditsMs: { p50: +percentile(firstEdits, 50).toFixed(1), max: +Math.max(...firstEdits).toFixed(1) },
      peers,
      firstVsPeers,
      peerRatio: {
        peerMs: peer.coldMs,
        wall: firstVsPeers.ratioInProcess,
        overLsp: firstVsPeers.ratioLsp,
        fullWall: +(initial / peer.coldMs).toFixed(2),
        workspaceLoadCpu: +(fromDisk.cpu / peer.coldMs).toFixed(2),
      },
      organization: org,
      smallerAccountsInitialMs: smaller,
      firstEditsAfterPauseMs: afterPause,
      referenceBreakingEditMs: breaking,
      pacedTyping: { paceMs: PACE_MS, ...paced },
    };
    if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`load average ${result.load}\n`);
      console.log(`| measure | wall time | server CPU time | goal |\n| --- | --- | --- | --- |`);
      console.log(`| first diagnostics (open → first publishDiagnostics, ${result.sizeMb} MB, ${result.firstPublished.diagnostics} diagnostics) | ${result.firstPublished.ms} ms | ${result.firstPublished.cpuMs} ms | ≤ 1.0× the peer |`);
      console.log(`| the same, median of ${firstVsPeers.rounds.length} fresh servers (the peer's rounds below) | ${firstVsPeers.oursMs} ms | ${firstVsPeers.oursCpuMs} ms | ≤ 1.0× the peer |`);
      // Goals are issue 20's: the absolute ones of the latency issue before it (the full analysis < 300 ms, RSS after the
      // run < 200 MB) were replaced by the peer's ratio and RSS while typing; those rows are kept as figures.
      console.log(`| initial analysis (open → the full analysis, ${result.diagnostics} diagnostics) | ${result.initialMs} ms | ${result.cpuMs.initial} ms | — |`);
      console.log(`| the same file read by the server from its workspace folder at start (initialized → diagnostics) | ${result.workspaceLoadMs.wall} ms | ${result.workspaceLoadMs.cpu} ms | |`);
      for (const s of smaller) {
        console.log(`| initial analysis of a smaller account (--scale ${s.scale}: ${s.sizeMb} MB; median of 3 fresh servers) | ${s.ms} ms | | — |`);
      }
      console.log(`| re-analysis after a one-character edit in a description (no diagnostic moves: none sent; p50 / p95, ${EDIT_ROUNDS} rounds) | ${result.editMs.p50} / ${result.editMs.p95} ms | ${result.cpuMs.perEdit} ms per round | < 30 ms |`);
      console.log(`| the first 10 of those edits (p50 / max) | ${result.firstEditsMs.p50} / ${result.firstEditsMs.max} ms | | |`);
      console.log(`| the first 10 edits when typing starts 3 s after opening (fresh server; p50 / max) | ${afterPause.p50} / ${afterPause.max} ms | | |`);
      console.log(`| the description edits typed at a key every ${PACE_MS} ms (fresh server; p50 / p95; RSS peak after opening and the typing: ${paced.rssPeak} MB, ${paced.collections} idle collections) | ${paced.p50} / ${paced.p95} ms | ${paced.cpuPerRound} ms per round | < 30 ms, < 300 MB |`);
      console.log(`| an edit that adds or removes a diagnostic (typed into an action name; p50 / p95, ${result.changingEditMs.samples} edits) | ${result.changingEditMs.p50} / ${result.changingEditMs.p95} ms | | |`);
      console.log(`| an edit that breaks ${breaking.diagnostics[0] - breaking.diagnostics[1]} references (a group every user is in renamed, and back; p50 / max, ${breaking.samples} edits; fresh server) | ${breaking.p50} / ${breaking.max} ms | ${breaking.cpuPerEdit} ms per edit | < 300 ms |`);
      console.log(`| hover (p50 / p95, ${result.hoverMs.samples} requests) | ${result.hoverMs.p50} / ${result.hoverMs.p95} ms | ${result.cpuMs.perHover} ms mean | < 10 ms p95 |`);
      if (result.principalHoverMs) {
        console.log(`| hover on users, groups, roles (p50 / p95, ${result.principalHoverMs.samples} requests, first of each) | ${result.principalHoverMs.p50} / ${result.principalHoverMs.p95} ms | | |`);
      }
      console.log(`| completion (p50 / p95, ${result.completionMs.samples} requests) | ${result.completionMs.p50} / ${result.completionMs.p95} ms | ${result.cpuMs.perCompletion} ms mean | < 20 ms p95 |`);
      console.log(`| server RSS after the run | ${result.rssMb} MB | | — |`);
      console.log(`| server RSS: peak after opening and the 60 rounds of typing (back to back, ${result.idleCollectionsWhileTyping} idle collections; before hovers and completions) | ${result.rssPeakWhileTypingMb} MB | | < 300 MB |`);
      console.log(`| server RSS: after opening the file / peak / at rest (lowest within 20 s after the run) | ${result.rssAfterOpenMb} / ${result.rssPeakMb} / ${result.rssAtRest ? `${result.rssAtRest.mb} MB (after ${result.rssAtRest.afterS} s)` : 'not measured (--quick)'} | | |`);
      if (result.initialSplitMs) console.log(`\nwhere the time goes (server log): initial model ${result.initialSplitMs.model} ms + findings ${result.initialSplitMs.findings} ms`);
      console.log(`\n${peersTable(peers)}`);
      console.log(`\nmax-quota account, first diagnostics against the peer, ${firstVsPeers.rounds.length} rounds (each a fresh process; bench/support/first-rounds.ts)\n`);
      console.log(firstRoundsTable(firstVsPeers));
      console.log(
        `\nmax-quota account, first diagnostics against the peer (${peer.label}): open → first diagnostics over LSP (${transport()}), median ${firstVsPeers.oursMs} ms ` +
          `(server CPU ${firstVsPeers.oursCpuMs} ms) = **${firstVsPeers.ratioInProcess}×** the peer in process (median cold run ${firstVsPeers.peerInProcessMs} ms: no transport; issue 20's ratio), ` +
          `**${firstVsPeers.ratioLsp}×** the peer over LSP (median ${firstVsPeers.peerLspMs} ms, server CPU ${firstVsPeers.peerLspCpuMs} ms: the same client and transport); ` +
          `the single run above ${result.firstPublished.ms} ms; → the full analysis ${result.initialMs} ms = ${result.peerRatio.fullWall}× the peer's run in the table; read from the workspace folder, server CPU ${fromDisk.cpu} ms = ${result.peerRatio.workspaceLoadCpu}× (goal ≤ 1.0×)`,
      );
      if (org) {
        console.log(`\norganization workspace (bench/org.ts; median of ${org.runs} fresh servers, the middle file opened)\n`);
        console.log('| measure | median | range | ratio to the floor |\n| --- | --- | --- | --- |');
        for (const row of orgRows(org)) console.log(row);
      }
    }
  } finally {
    await c.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
