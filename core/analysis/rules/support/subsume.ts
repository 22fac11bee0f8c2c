import type { PrincipalBlock, Statement } from '../../../policy/types';
import { wildcardRegex } from '../../../data/catalog';

/** Every string `inner` matches is matched by `outer` (IAM wildcards; a sufficient test, ignoring case). */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  const star = outer.indexOf('*');
  const q = outer.indexOf('?');
  if (star < 0 && q < 0) return outer.toLowerCase() === inner.toLowerCase() && !inner.includes('*') && !inner.includes('?');
  if (star === outer.length - 1 && q < 0) return inner.toLowerCase().startsWith(outer.slice(0, -1).toLowerCase());
  return wildcardRegex(outer).test(inner);
}

function list(l: { values: { value: string }[] }): string[] {
  return l.values.map((x) => x.value.toLowerCase());
}

function listCovers(outer: string[], inner: string[]): boolean {
  return inner.every((i) => outer.some((o) => patternCovers(o, i)));
}

/** Principal blocks as comparable text (undefined: none). */
export function principalKey(p: PrincipalBlock | undefined): string | undefined {
  if (!p) return undefined;
  if (p.wildcard) return '*';
  return p.entries
    .map((e) => `${e.type.value}=${e.values.map((v) => v.value).sort().join(',')}`)
    .sort()
    .join(';');
}

/**
 * The statement `outer` applies to every request `inner` applies to: same principal, and `outer`'s
 * actions and resources cover `inner`'s. `outer` must have no conditions; both must use Action and
 * Resource (not the Not* forms) — a sufficient, not a complete, test.
 */
export function statementCovers(outer: Statement, inner: Statement): boolean {
  if (outer.conditions.length || !outer.action || !inner.action || outer.notAction || inner.notAction) return false;
  if (outer.notResource || inner.notResource || outer.notPrincipal || inner.notPrincipal) return false;
  const op = principalKey(outer.principal);
  if (op !== '*' && op !== principalKey(inner.principal)) return false;
  if (!listCovers(list(outer.action), list(inner.action))) return false;
  if (!outer.resource && !inner.resource) return true;
  if (!outer.resource || !inner.resource) return false;
  return listCovers(list(outer.resource), list(inner.resource));
}

/** A canonical text of a statement without its Sid (for duplicates). */
export function statementKey(st: Statement): string {
  const list = (l: { values: { value: string }[] } | undefined) => (l ? l.values.map((v) => v.value).sort().join(',') : '-');
  const conds = st.conditions.map((c) => `${c.operator.value}|${c.key.value.toLowerCase()}|${c.values.map((v) => String(v.value)).sort().join(',')}`).sort().join(';');
  return [st.effect?.value, list(st.action), list(st.notAction), list(st.resource), list(st.notResource), principalKey(st.principal) ?? '-', principalKey(st.notPrincipal) ?? '-', conds].join('\n');
}
