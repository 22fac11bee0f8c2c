import { expandActions } from '../../core/analysis/simulate/catalog';
import { actionProblem } from '../../core/data/action-problem';
import { simulate, type Simulation, type SimulationInput } from '../../core/engine';
import { UsageError, type CliIO } from '../io';
import { asItemError, SimulationApiError, type SimulationItem, type SimulationItems } from './input';
import { formatTable } from './table';
import { IndentedJsonWriter } from '../format/indented-json';
import { showHidden } from '../../core/text/escape';

/**
 * Expands wildcard action names (`s3:Get*`) through the catalogue (the simulator's expansion); names
 * without wildcards stay as written, since AWS echoes them in EvalActionName.
 */
function expandWildcards(actions: string[]): string[] {
  if (!actions.some((a) => a.includes('*') || a.includes('?'))) return actions;
  const out: string[] = [];
  for (const a of actions) {
    if (!/[*?]/.test(a)) {
      out.push(a);
      continue;
    }
    const { actions: found, problems } = expandActions([a], Number.MAX_SAFE_INTEGER);
    if (!found.length || found.some((f) => /[*?]/.test(f))) {
      throw new SimulationApiError('InvalidInput', problems[0] ?? `action pattern '${a}' matches no known action`);
    }
    out.push(...found);
  }
  return out;
}

/** Fills in what the data catalogue knows: wildcard actions expanded (the engine reads the RCP services itself). */
export function prepareInput(input: SimulationInput): SimulationInput {
  const actions = expandWildcards(input.actions);
  return actions === input.actions ? input : { ...input, actions };
}

/**
 * Warnings about actions the catalogue does not have (`s3:DeleteBuckets`, `s4:GetObject`): AWS answers
 * them (implicitDeny, as for any action no statement names) without a word, so a typo reads as "denied".
 * Each goes into its EvaluationResult's `Warnings` (an extension of AWS's shape) and to standard error.
 */
export function actionWarnings(sim: Simulation): string[] {
  const out: string[] = [];
  for (const r of sim.output.EvaluationResults) {
    const w = actionWarning(r.EvalActionName);
    if (w === undefined) continue;
    r.Warnings = [w];
    out.push(w);
  }
  return out;
}

/** The catalogue is fixed for the process: a batch asks about the same few action names many times. */
const warningsByAction = new Map<string, string | undefined>();

function actionWarning(action: string): string | undefined {
  if (warningsByAction.has(action)) return warningsByAction.get(action);
  const p = actionProblem(action);
  const w = p ? `${action}: ${p.message}` : undefined;
  if (warningsByAction.size > 10000) warningsByAction.clear();
  warningsByAction.set(action, w);
  return w;
}

/** What one item of a run came to: the simulation, or the API error that refused it. */
export type SimulationAnswer = Simulation | SimulationApiError;

export function printOutputs(sims: SimulationAnswer[], batch: boolean, format: string, io: CliIO): void {
  if (format === 'table') {
    io.out(sims.map((s, i) => (s instanceof SimulationApiError ? `input ${i + 1}: ${s.message}\n` : formatTable(s))).join('\n'));
    return;
  }
  io.out(JSON.stringify(batch ? sims.map(answerJson) : answerJson(sims[0]), null, 4) + '\n');
}

/** One answer as printed: AWS's response, or the item's error. */
function answerJson(s: SimulationAnswer): unknown {
  return s instanceof SimulationApiError ? { Error: { Code: s.code, Message: s.detail } } : s.output;
}

/** Items answered and printed together in a batch: enough for JSON.stringify's speed, few enough to die young. */
const SLICE = 20;

/**
 * Answers `count` items (`answer(i)`) and prints them, exactly as `printOutputs` would print the list of all
 * answers, but a slice of items at a time: each slice is stringified compactly and laid out as JSON.stringify's
 * indent of 4 lays out the items of the whole array (`IndentedJsonWriter`), in bytes written about 1 MB at a time.
 * No answer outlives its slice, so a batch of 10,000 never holds 10,000 responses (nor one 30 MB string).
 * Returns whether an item failed.
 */
export function printAnswers(count: number, answer: (i: number) => SimulationAnswer, batch: boolean, format: string, io: CliIO): boolean {
  if (!batch || format === 'table') {
    const all = Array.from({ length: count }, (_, i) => answer(i));
    printOutputs(all, batch, format, io);
    return all.some((o) => o instanceof SimulationApiError);
  }
  if (count === 0) {
    io.out('[]\n');
    return false;
  }
  let failed = false;
  const writer = new IndentedJsonWriter((bytes) => (io.outBytes ? io.outBytes(bytes) : io.out(bytes.toString('utf8'))));
  const slice: unknown[] = [];
  for (let from = 0; from < count; from += SLICE) {
    slice.length = 0;
    for (let i = from; i < Math.min(count, from + SLICE); i++) {
      const a = answer(i);
      if (a instanceof SimulationApiError) failed = true;
      slice.push(answerJson(a));
    }
    // Compact JSON (escaped as `io.out` would escape it: only inside strings, which the layout leaves alone),
    // laid out as the items of the whole array: "[\n    {...},\n    {...}\n]".
    const compact = Buffer.from(showHidden(JSON.stringify(slice)), 'utf8');
    writer.ascii(from === 0 ? '[\n    ' : ',\n    ');
    writer.members(compact, 1, compact.length - 1, 1);
  }
  writer.ascii('\n]\n');
  writer.end();
  return failed;
}

/**
 * Runs one item of a run (`answer` does the simulation) and turns its error into the item's answer in a
 * batch; a single input's error is thrown (usage error, exit 2). Warnings go to standard error.
 */
export function answerItem(item: SimulationItem, i: number, batch: boolean, command: string, io: CliIO, answer: (input: SimulationInput & { policySourceArn?: string }) => Simulation): SimulationAnswer {
  try {
    if (item instanceof SimulationApiError) throw item;
    const sim = answer(item);
    for (const w of actionWarnings(sim)) io.err(`iam-workbench ${command}: warning: ${batch ? `input ${i + 1}: ` : ''}${w}\n`);
    return sim;
  } catch (e) {
    if (!batch) throw e;
    return asItemError(e);
  }
}

/**
 * Runs every simulation and prints the outputs (an array in batch mode). In a batch, an item that fails
 * holds `{"Error": {"Code", "Message"}}` in its place, the others are answered, and the exit status is 1.
 */
export async function runSimulations(items: SimulationItems, batch: boolean, format: string, io: CliIO): Promise<number> {
  const failed = printAnswers(
    items.count,
    (i) =>
      answerItem(items.item(i), i, batch, 'simulate-custom-policy', io, (input) => {
        const sim = simulate(prepareInput(input));
        if ('error' in sim) throw new SimulationApiError(sim.code, sim.error.slice(sim.code.length + 2));
        return sim;
      }),
    batch,
    format,
    io,
  );
  return failed ? 1 : 0;
}
