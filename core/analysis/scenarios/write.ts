/**
 * "Save as scenario": the panel's question and the expected decision written into a scenario file,
 * creating it or appending to its `scenarios` array with the smallest edit (comments and layout of
 * the rest of the file are kept).
 */
import { tooDeep } from '../../json/depth';
import { applyEdits, parseTree } from 'jsonc-parser';
import { modifyFormatted } from '../../json/modify';
import type { SimulationQuestion } from '../simulate/types';
import type { ExpectedDecision } from './types';

export interface ScenarioToSave {
  name: string;
  question: SimulationQuestion;
  expect: ExpectedDecision;
}

/** The scenario as the file format writes it (only the fields that say something). */
export function scenarioJson(s: ScenarioToSave): Record<string, unknown> {
  const q = s.question;
  const out: Record<string, unknown> = { name: s.name };
  if (q.principal) out.principal = q.principal;
  if (q.account) out.account = q.account;
  if (q.sourceAccount) out.sourceAccount = q.sourceAccount;
  if (q.chain?.length) {
    out.chain = q.chain.map((h) => {
      const hop: Record<string, unknown> = { role: h.role };
      if (h.context && Object.keys(h.context).length) hop.context = h.context;
      if (h.sessionName) hop.sessionName = h.sessionName;
      if (h.sessionPolicy !== undefined) hop.sessionPolicy = asObject(h.sessionPolicy);
      return Object.keys(hop).length === 1 ? h.role : hop;
    });
  }
  if (q.sessionPolicy !== undefined && asObject(q.sessionPolicy) !== undefined) out.sessionPolicy = asObject(q.sessionPolicy);
  const actions = q.actions.filter((a) => a.trim());
  out[actions.length === 1 ? 'action' : 'actions'] = actions.length === 1 ? actions[0] : actions;
  const resources = (q.resources ?? []).filter((r) => r.trim() && r !== '*');
  if (resources.length) out[resources.length === 1 ? 'resource' : 'resources'] = resources.length === 1 ? resources[0] : resources;
  if (q.context && Object.keys(q.context).length) out.context = q.context;
  out.expect = s.expect;
  return out;
}

function asObject(v: string | object): unknown {
  if (typeof v !== 'string') return v;
  if (!v.trim()) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const FORMAT = { insertSpaces: true, tabSize: 2, eol: '\n' };

/**
 * The new text of a scenario file with the scenario appended. `existing` undefined (or blank):
 * a new file. A file whose root is not an object with a `scenarios` array gets the array added; a
 * file that is not JSON at all is left alone (undefined) so nothing the user wrote is lost.
 */
export function appendScenario(existing: string | undefined, s: ScenarioToSave): string | undefined {
  const value = scenarioJson(s);
  if (!existing || !existing.trim()) {
    return `${JSON.stringify({ scenarios: [value] }, null, 2)}\n`;
  }
  if (tooDeep(existing) >= 0) return undefined; // parseTree would overflow the stack; the file is not JSON we can edit
  const errors: { error: number }[] = [];
  const root = parseTree(existing, errors as never, { allowTrailingComma: true });
  if (!root || root.type !== 'object' || errors.length) return undefined;
  const list = root.children?.find((p) => p.children?.[0]?.value === 'scenarios')?.children?.[1];
  const edits =
    list?.type === 'array'
      ? modifyFormatted(existing, ['scenarios', list.children?.length ?? 0], value, { formattingOptions: FORMAT, isArrayInsertion: true })
      : modifyFormatted(existing, ['scenarios'], [value], { formattingOptions: FORMAT });
  return applyEdits(existing, edits);
}
