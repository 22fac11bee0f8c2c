import { expandActions } from '../../core/analysis/simulate-catalog';
import { simulate, type Simulation, type SimulationInput } from '../../core/engine';
import { UsageError, type CliIO } from '../io';
import { formatTable } from './table';

/**
 * Expands wildcard action names (`s3:Get*`) through the catalogue (the simulator's expansion); names
 * without wildcards stay as written, since AWS echoes them in EvalActionName.
 */
function expandWildcards(actions: string[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    if (!/[*?]/.test(a)) {
      out.push(a);
      continue;
    }
    const { actions: found, problems } = expandActions([a], Number.MAX_SAFE_INTEGER);
    if (!found.length || found.some((f) => /[*?]/.test(f))) {
      throw new UsageError(problems[0] ?? `action pattern '${a}' matches no known action`);
    }
    out.push(...found);
  }
  return out;
}

/** Fills in what the data catalogue knows: wildcard actions expanded (the engine reads the RCP services itself). */
export function prepareInput(input: SimulationInput): SimulationInput {
  return { ...input, actions: expandWildcards(input.actions) };
}

export function printOutputs(sims: Simulation[], batch: boolean, format: string, io: CliIO): void {
  if (format === 'table') io.out(sims.map(formatTable).join('\n'));
  else io.out(JSON.stringify(batch ? sims.map((s) => s.output) : sims[0].output, null, 4) + '\n');
}

/** Runs every simulation and prints the outputs (an array in batch mode). */
export async function runSimulations(inputs: SimulationInput[], batch: boolean, format: string, io: CliIO): Promise<number> {
  const outputs: Simulation[] = [];
  for (const [i, input] of inputs.entries()) {
    const sim = simulate(prepareInput(input));
    if ('error' in sim) throw new UsageError(batch ? `input ${i + 1}: ${sim.error}` : sim.error);
    outputs.push(sim);
  }
  printOutputs(outputs, batch, format, io);
  return 0;
}
