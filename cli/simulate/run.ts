import { simulate, type Simulation, type SimulationInput } from '../../core/engine';
import { UsageError, type CliIO } from '../io';
import { formatTable } from './table';

/** Expands wildcard action names (`s3:Get*`) into the catalogue's actions, when it is available. */
async function expandActions(actions: string[]): Promise<string[]> {
  if (!actions.some((a) => /[*?]/.test(a))) return actions;
  let catalog: { actionsMatching(p: string): { id: string }[] } | undefined;
  try {
    catalog = (await import('../../core/data/catalog')).getCatalog();
  } catch {
    throw new UsageError('wildcard action names need the AWS data catalogue (run `npm run build`)');
  }
  const out: string[] = [];
  for (const a of actions) {
    if (!/[*?]/.test(a)) out.push(a);
    else {
      const found = catalog.actionsMatching(a).map((x) => x.id);
      if (!found.length) throw new UsageError(`action pattern '${a}' matches no known action`);
      out.push(...found);
    }
  }
  return out;
}

/** Fills in what the data catalogue knows: wildcard actions expanded (the engine reads the RCP services itself). */
export async function prepareInput(input: SimulationInput): Promise<SimulationInput> {
  return { ...input, actions: await expandActions(input.actions) };
}

export function printOutputs(sims: Simulation[], batch: boolean, format: string, io: CliIO): void {
  if (format === 'table') io.out(sims.map(formatTable).join('\n'));
  else io.out(JSON.stringify(batch ? sims.map((s) => s.output) : sims[0].output, null, 4) + '\n');
}

/** Runs every simulation and prints the outputs (an array in batch mode). */
export async function runSimulations(inputs: SimulationInput[], batch: boolean, format: string, io: CliIO): Promise<number> {
  const outputs: Simulation[] = [];
  for (const [i, input] of inputs.entries()) {
    const sim = simulate(await prepareInput(input));
    if ('error' in sim) throw new UsageError(batch ? `input ${i + 1}: ${sim.error}` : sim.error);
    outputs.push(sim);
  }
  printOutputs(outputs, batch, format, io);
  return 0;
}
