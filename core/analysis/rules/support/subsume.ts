import type { PrincipalBlock, Statement } from '../../../policy/types';
import { wildcardMatcher } from '../../../data/catalog';

/** Every string `inner` matches is matched by `outer` (IAM wildcards; a sufficient test, ignoring case). */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  const star = outer.indexOf('*');
  const q = outer.indexOf('?');
  if (star < 0 && q < 0) return outer.toLowerCase() === inner.toLowerCase() && !inner.includes('*') && !inner.includes('?');
  if (star === outer.length - 1 && q < 0) return inner.toLowerCase().startsWith(outer.slice(0, -1).toLowerCase());
  return wildcardMatcher(outer)(inner);
}

function list(l: { values: { value: string }[] }): string[] {
  return l.values.map((x) => x.value.toLowerCase());
}

function listCovers(outer: string[], inner: string[]): boolean {
  for (let j = 0; j < inner.length; j++) {
    const i = inner[j];
    let covered = false;
    for (let k = 0; k < outer.length; k++) {
      const o = outer[k];
      if (patternCovers(o, i)) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  return true;
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
 * A statement with what the coverage and duplicate tests read worked out once (a policy's statements
 * are compared pairwise): lower-case action and resource lists, the principal key, the canonical key.
 */
export class PreparedStatement {
  private _actions?: string[];
  private _resources?: string[];
  private _principal?: string | null;
  private _key?: string;
  constructor(readonly st: Statement) {}
  get actions(): string[] {
    return (this._actions ??= list(this.st.action!));
  }
  get resources(): string[] {
    return (this._resources ??= list(this.st.resource!));
  }
  /** principalKey of the Principal (null for none). */
  get principal(): string | null {
    if (this._principal === undefined) this._principal = principalKey(this.st.principal) ?? null;
    return this._principal;
  }
  get key(): string {
    return (this._key ??= statementKey(this.st));
  }
}

/**
 * The statement `po` applies to every request `pi` applies to: same principal, and its actions and
 * resources cover `pi`'s. `po` must have no conditions; both must use Action and Resource (not the
 * Not* forms) — a sufficient, not a complete, test.
 */
export function preparedCovers(po: PreparedStatement, pi: PreparedStatement): boolean {
  const outer = po.st;
  const inner = pi.st;
  if (outer.conditions.length || !outer.action || !inner.action || outer.notAction || inner.notAction) return false;
  if (outer.notResource || inner.notResource || outer.notPrincipal || inner.notPrincipal) return false;
  const op = po.principal;
  if (op !== '*' && op !== pi.principal) return false;
  if (!listCovers(po.actions, pi.actions)) return false;
  if (!outer.resource && !inner.resource) return true;
  if (!outer.resource || !inner.resource) return false;
  return listCovers(po.resources, pi.resources);
}

/** A canonical text of a statement without its Sid (for duplicates). */
export function statementKey(st: Statement): string {
  const list = (l: { values: { value: string }[] } | undefined) => (l ? l.values.map((v) => v.value).sort().join(',') : '-');
  const conds = st.conditions.map((c) => `${c.operator.value}|${c.key.value.toLowerCase()}|${c.values.map((v) => String(v.value)).sort().join(',')}`).sort().join(';');
  return [st.effect?.value, list(st.action), list(st.notAction), list(st.resource), list(st.notResource), principalKey(st.principal) ?? '-', principalKey(st.notPrincipal) ?? '-', conds].join('\n');
}
