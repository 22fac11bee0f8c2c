/**
 * What the simulator panel accepts from its webview and from command arguments, checked without
 * trusting either. No vscode import, so tests run it directly.
 */
import type { SimQuestion, SimulatorWebviewMessage } from '../protocol';

/** Documents the page may ask to open or highlight: the workspace's files and AWS managed policies, nothing else. */
const OPENABLE = /^(file|untitled|aws-managed-policy|vscode-remote|vscode-vfs):/;

function location(l: unknown): boolean {
  if (typeof l !== 'object' || l === null) return false;
  const x = l as Record<string, unknown>;
  const span = x.span as Record<string, unknown> | undefined;
  return typeof x.uri === 'string' && OPENABLE.test(x.uri) && !!span && typeof span.start === 'number' && typeof span.end === 'number';
}

export function isWebviewMessage(m: unknown): m is SimulatorWebviewMessage {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as Record<string, unknown>;
  switch (x.type) {
    case 'ready':
      return true;
    case 'simulate':
      return typeof x.question === 'object' && x.question !== null;
    case 'complete':
      return typeof x.id === 'number' && typeof x.query === 'object' && x.query !== null;
    case 'reveal':
      return location(x.location);
    case 'saveScenario':
      return typeof x.name === 'string' && typeof x.question === 'object' && typeof x.expect === 'string';
    case 'highlight':
      return x.location === undefined || location(x.location);
    default:
      return false;
  }
}

/** The question a command argument asks: a principal ARN or name, a CodeLens principal, or a whole question. */
export function questionFrom(arg: unknown): { question: SimQuestion; run: boolean } | undefined {
  if (typeof arg === 'string' && arg.trim()) return { question: { principal: arg.trim(), actions: [] }, run: false };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a.question === 'object' && a.question !== null) return { question: a.question as SimQuestion, run: a.run === true };
  if (typeof a.arn === 'string') return { question: { principal: a.arn, actions: [] }, run: false };
  if (typeof a.principal === 'string') return { question: { ...(a as unknown as SimQuestion), actions: Array.isArray(a.actions) ? (a.actions as string[]) : [] }, run: false };
  return undefined;
}
