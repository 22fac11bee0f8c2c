import type { SimulatorHostMessage, SimulatorWebviewMessage } from '../../protocol';
import { apiHost, vscodeApi, type PageHost } from '../shared/host';

/** What the page needs from VS Code: messages both ways and a little saved state. */
export type Host = PageHost<SimulatorWebviewMessage, SimulatorHostMessage>;

const TYPES = new Set(['options', 'question', 'answer', 'completions', 'saved', 'error']);

/** Only well-formed messages get through; the rest is ignored (never trusted, never rendered as markup). */
export function isHostMessage(value: unknown): value is SimulatorHostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return false;
  switch (m.type) {
    case 'options': {
      const o = m.options as Record<string, unknown> | undefined;
      return !!o && Array.isArray(o.principals) && Array.isArray(o.roles) && Array.isArray(o.services);
    }
    case 'question':
      return typeof m.question === 'object' && m.question !== null;
    case 'answer': {
      const a = m.answer as Record<string, unknown> | undefined;
      return !!a && Array.isArray(a.rows) && Array.isArray(a.hops) && Array.isArray(a.problems) && Array.isArray(a.context);
    }
    case 'completions':
      return typeof m.id === 'number' && typeof m.completions === 'object' && m.completions !== null;
    case 'saved':
      return typeof m.uri === 'string' && typeof m.name === 'string';
    default:
      return typeof m.message === 'string';
  }
}

export function connectHost(): Host {
  // Outside VS Code (nothing hosts the page) messages go nowhere and nothing is saved.
  const api = vscodeApi() ?? { postMessage: () => undefined, getState: () => undefined, setState: () => undefined };
  return apiHost<SimulatorWebviewMessage, SimulatorHostMessage>(api, isHostMessage);
}
