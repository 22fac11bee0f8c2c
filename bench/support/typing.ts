/** Typing rounds in a description, back to back or at a typist's pace, as bench/lsp.ts and bench/lsp-typing.ts do. */
import type { LspClient } from '../../test/lsp/harness';
import { positionAt } from './proc';

/** Where the rounds type: just inside the first description's string. */
export function descriptionPosition(text: string): { line: number; character: number } {
  return positionAt(text, text.indexOf('"description": "') + '"description": "'.length);
}

/**
 * One round of the edit protocol, in ms until the server has analysed it: even rounds type an "x",
 * odd rounds send an empty edit and delete the x again (two changes, one analysis).
 */
export async function descriptionRound(c: LspClient, uri: string, pos: { line: number; character: number }, i: number): Promise<number> {
  const t = performance.now();
  const v = c.edit(uri, { start: pos, end: pos }, i % 2 === 0 ? 'x' : '');
  if (i % 2 === 1) await c.diagnosticsAt(uri, c.edit(uri, { start: pos, end: { line: pos.line, character: pos.character + 1 } }, ''));
  else await c.diagnosticsAt(uri, v);
  return performance.now() - t;
}

/**
 * `rounds` rounds, each timed from its key to its version's diagnostics. `paceMs` 0: back to back (each key as soon
 * as the last one's diagnostics arrive: the server never has a pause). Otherwise round i's key is sent at
 * start + i × paceMs (a typist's pace; ~120 ms is a fast one), or as soon as the last round's diagnostics arrive
 * when the server is slower than that.
 */
export async function typeRounds(c: LspClient, uri: string, pos: { line: number; character: number }, rounds: number, paceMs = 0): Promise<number[]> {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const wait = start + i * paceMs - performance.now();
    if (paceMs > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
    times.push(await descriptionRound(c, uri, pos, i));
  }
  return times;
}
