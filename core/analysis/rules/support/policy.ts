import type { PolicyDocument, PolicyKind, PrincipalBlock, Statement, StringList } from '../../../policy/types';
import type { Located, Span } from '../../../text/span';

/** The first character of a value (its `{` or `"`): where findings about something missing point. */
export function head(span: Span): Span {
  return { start: span.start, end: Math.min(span.end, span.start + 1) };
}

const NONE: Located<string>[] = [];
Object.freeze(NONE);

/** The values of a list (a shared empty array when there is none: callers only read it). */
export function values(list: StringList | undefined): Located<string>[] {
  return list ? list.values : NONE;
}

/**
 * Calls `fn` with every Action and NotAction value of the document's statements, in the text's order. Indexed loops:
 * the rules that read every action value run for every document before V8 optimises them (no list or iterator made).
 */
export function forEachActionValue(doc: PolicyDocument, fn: (value: Located<string>) => void): void {
  const statements = doc.statements;
  for (let s = 0; s < statements.length; s++) {
    const st = statements[s];
    for (let l = 0; l < 2; l++) {
      const list = values(l === 0 ? st.action : st.notAction);
      for (let i = 0; i < list.length; i++) fn(list[i]);
    }
  }
}

/** Calls `fn` with every Resource and NotResource value of the document's statements, in the text's order (as `forEachActionValue`). */
export function forEachResourceValue(doc: PolicyDocument, fn: (value: Located<string>) => void): void {
  const statements = doc.statements;
  for (let s = 0; s < statements.length; s++) {
    const st = statements[s];
    for (let l = 0; l < 2; l++) {
      const list = values(l === 0 ? st.resource : st.notResource);
      for (let i = 0; i < list.length; i++) fn(list[i]);
    }
  }
}

/** Kinds whose statements need a Principal (or NotPrincipal). */
export const NEEDS_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['trust', 'resource', 'rcp']);
/** Kinds in which a Principal is not allowed. */
export const NO_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'scp', 'session']);

export function isAllow(st: Statement): boolean {
  return st.effect?.value === 'Allow';
}

export function isDeny(st: Statement): boolean {
  return st.effect?.value === 'Deny';
}

/** `"*"` among the values. */
export function hasStar(list: StringList | undefined): boolean {
  return values(list).some((v) => v.value === '*');
}

/** Every value of every entry of a principal block. */
export function principalValues(block: PrincipalBlock | undefined): { type: string; value: Located<string> }[] {
  if (!block) return [];
  return block.entries.flatMap((e) => e.values.map((value) => ({ type: e.type.value, value })));
}

/** The principal block allows anyone: `"*"` or `{"AWS": "*"}`. */
export function principalIsAnyone(block: PrincipalBlock | undefined): Span | undefined {
  if (!block) return undefined;
  if (block.wildcard) return block.span;
  for (let i = 0, entries = block.entries; i < entries.length; i++) {
    const e = entries[i];
    if (e.type.value === 'AWS') for (let j = 0, values = e.values; j < values.length; j++) {
      const v = values[j];
      if (v.value === '*') return v.span;
    }
  }
  return undefined;
}

/** The statement's condition keys (lower-case) for quick tests. */
export function conditionKeys(st: Statement): Set<string> {
  return new Set(st.conditions.map((c) => c.key.value.toLowerCase()));
}

export const STANDARD_VERSION = '2012-10-17';

/** How many keys sit under the same condition operator (the operator's text is shared by all of them). */
export function keysUnderOperator(st: Statement, operatorStart: number): number {
  let n = 0;
  for (let i = 0, conditions = st.conditions; i < conditions.length; i++) {
    const c = conditions[i];
    if (c.operator.span.start === operatorStart) n++;
  }
  return n;
}

/** The text with its first letter in upper case (for messages that start with a `where`). */
export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether an action pattern can match no action of the given services (upper-case prefixes, e.g. "IAM"): its
 * service part (before the first colon) has no wildcard and is none of them, or it has neither colon nor wildcard.
 * Lets a question about a few services skip compiling a matcher for each of a big policy's patterns (ReadOnlyAccess
 * names ~300 services). Compared in upper case as the case-insensitive matcher does (`ı`, `ſ` fold to `I`, `S`); a
 * pattern that may match is compiled and tested as before.
 */
export function outsideServices(pattern: string, services: ReadonlySet<string>): boolean {
  const colon = pattern.indexOf(':');
  const service = colon < 0 ? pattern : pattern.slice(0, colon);
  if (service.includes('*') || service.includes('?')) return false;
  return colon < 0 || !services.has(service.toUpperCase());
}
