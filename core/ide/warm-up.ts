/**
 * Work the language server moves out of a user's way: steps, each a few milliseconds, that fill the caches a first
 * look, a hover or a completion would otherwise fill while the user waits. A step returns true when it has more
 * to do (it is then run again). The server runs them between requests; what they compute is what the analyses
 * compute anyway, only earlier.
 */
import { fullAccessTemplate } from '../analysis/effective';
import { getCatalog } from '../data/catalog';
import { getManagedPolicy, listManagedPolicies } from '../data/managed-policies';
import { parseAccountFile } from '../model/parse';
import { countSome } from '../data/usage';
import type { Analysis, AnalysisHost } from './host';
import { warmUpSampleText } from './warm-up-sample';

export type WarmUpStep = () => boolean | void;

/** Characters of account-file text in the host outside the files `except`. */
export function textOutside(host: AnalysisHost, except: readonly string[]): number {
  return host.uris().reduce((n, u) => n + (except.includes(u) ? 0 : (host.text(u)?.length ?? 0)), 0);
}

/** The AWS catalogue's per-service indexes, 20 services a step, then the list of every action. */
function catalogueSteps(): WarmUpStep[] {
  let at = 0;
  return [
    () => {
      const catalog = getCatalog();
      const prefixes = catalog.prefixes();
      for (const p of prefixes.slice(at, (at += 20))) catalog.actionsOf(p);
      return at < prefixes.length;
    },
    () => void getCatalog().allActions(),
  ];
}

/**
 * After the first diagnostics: the whole catalogue, the administrator template and the managed policies, so the
 * first hover on an administrator or the first completion of a policy ARN doesn't pay for them; then
 * completion's ranking (core/data/usage.ts), the managed policies counted 100 at a time.
 */
export function afterFirstDiagnosticsSteps(): WarmUpStep[] {
  return [...catalogueSteps(), () => void fullAccessTemplate(), () => void listManagedPolicies(), () => !countSome(100)];
}

export interface FirstLookWarmUpOptions {
  /** The text outside the biggest file from which a first look can happen (below it, nothing is queued). */
  minText: number;
  /** One step's share of the account-id index, in milliseconds. */
  sliceMs: number;
  /** The biggest file the first look is rehearsed on. */
  maxRehearsalText: number;
  /** True when a file is open: the rehearsal is then skipped (the user's own first look is on its way). */
  fileOpen(): boolean;
  /** What a face does with the rehearsal's result to warm its own tables (not send it). */
  rehearsed?(look: Analysis, uri: string): void;
}

/**
 * Before the background analysis of a big workspace: what no file's first look should pay. The index of the files'
 * account ids (staged.ts), the managed policies' data, the catalogue's indexes, and one first look at a middling
 * file, thrown away (the rules' code compiled, their caches of the catalogue and the managed policies filled).
 * Empty where a first look can't happen (too little text outside the biggest file).
 */
export function firstLookWarmUpSteps(host: AnalysisHost, o: FirstLookWarmUpOptions): WarmUpStep[] {
  const uris = host.uris();
  if (!uris.length) return [];
  const biggest = uris.reduce((best, u) => ((host.text(u)?.length ?? 0) > (host.text(best)?.length ?? 0) ? u : best), uris[0]);
  if (textOutside(host, [biggest]) < o.minText) return [];
  return [
    () => !host.indexForFirstLook(performance.now() + o.sliceMs),
    () => void listManagedPolicies(),
    ...catalogueSteps(),
    () => {
      if (o.fileOpen()) return;
      const sizes = host.uris().map((uri) => ({ uri, size: host.text(uri)!.length })).sort((a, b) => a.size - b.size);
      const middle = sizes[Math.floor(sizes.length / 2)];
      if (middle.size > o.maxRehearsalText) return;
      o.rehearsed?.(host.firstLook([middle.uri], false), middle.uri);
    },
  ];
}

export interface BeforeFirstOpenOptions {
  /** True once a document is open: the sample's reading is then skipped (the document's first look has begun). */
  fileOpen(): boolean;
}

/**
 * Right after start, while the editor sends its first document (a 5 MB file's didOpen takes the client ~100 ms to
 * write and the server ~70 ms to read; the server is idle until it is whole): the catalogue's and the managed
 * policies' data read, and the direct reader's code run on a small sample (warm-up-sample.ts) four times, each a
 * step of a few milliseconds, so a big file's first look reads its text with code compiled and fed back (~70 ms
 * less of the main thread's CPU in the max-quota account's first look). Nothing computed here is kept but the
 * data, which every first look reads. The rules are not rehearsed here: a first look on the sample is one block
 * of ~140 ms, longer than the wait it would fill.
 */
export function beforeFirstOpenSteps(o: BeforeFirstOpenOptions): WarmUpStep[] {
  let sample: string | undefined;
  const text = () => (sample ??= warmUpSampleText());
  const parse: WarmUpStep = () => void (o.fileOpen() || parseAccountFile('untitled:warm-up.iam.json', text()));
  return [() => void getCatalog(), () => void getManagedPolicy('AdministratorAccess'), parse, parse, parse, parse];
}
