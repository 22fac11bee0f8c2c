import { modify, type JSONPath } from 'jsonc-parser';
import { tooDeep } from '../json/depth';
import { indentOf } from '../analysis/rules/support/edits';
import type { Finding, TextEdit } from '../findings';
import type { AccountFile, PolicyRef, User } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { Statement } from '../policy/types';
import type { Span } from '../text/span';
import { itemAt } from './entity-index';
import { inside, locate, siteAt, type DocumentSite } from './locate';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
  /** Codes of the diagnostics the action fixes. */
  fixes: { code: string; span: Span }[];
  preferred?: boolean;
}

/** Which rule findings each of our own quick fixes answers (by title). */
const RELATED_CODES: [RegExp, string[]][] = [
  [/^Move policy/, ['practice/policy-on-user']],
  [/sts:ExternalId/, ['trust/external-id']],
  [/iam:PassRole/, ['practice/passrole-wildcard']],
  [/MFA condition/, ['practice/mfa-condition']],
];

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Quick fixes from the findings under the range, then the refactorings that fit the cursor. */
export function codeActions(ws: Workspace, findings: Finding[], uri: string, range: Span): CodeAction[] {
  const out: CodeAction[] = [];
  const titles = new Set<string>();
  const push = (a: CodeAction) => {
    if (titles.has(a.title) || !a.edits.length) return;
    titles.add(a.title);
    out.push(a);
  };
  for (const f of findings) {
    if (f.uri !== uri || !overlaps(f.span, range)) continue;
    f.fixes?.forEach((fix, i) => push({ title: fix.title, kind: 'quickfix', edits: fix.edits, fixes: [{ code: f.code, span: f.span }], preferred: i === 0 && f.fixes!.length === 1 }));
  }
  const file = ws.file(uri);
  if (!file) return out;
  try {
    for (const a of refactorings(file, range)) {
      // Tie the action to the rule findings it answers, so the editor lists it under them.
      const codes = RELATED_CODES.filter(([re]) => re.test(a.title)).flatMap(([, c]) => c);
      a.fixes = findings.filter((f) => f.uri === uri && codes.includes(f.code) && overlaps(f.span, range)).map((f) => ({ code: f.code, span: f.span }));
      push(a);
    }
  } catch {
    // a refactoring that can't be computed is simply not offered
  }
  return out;
}

/** Applies JSON modifications one after the other and returns a single edit from the first to the last change. */
function modifications(file: AccountFile, changes: { path: JSONPath; value: unknown; arrayInsert?: boolean }[]): TextEdit[] {
  if (tooDeepToEdit(file)) return [];
  const { insertSpaces, tabSize, eol } = indentOf(file.text);
  let text = file.text;
  for (const c of changes) {
    const edits = modify(text, c.path, c.value, { formattingOptions: { insertSpaces, tabSize, eol }, isArrayInsertion: c.arrayInsert });
    const sorted = [...edits].sort((a, b) => b.offset - a.offset);
    for (const e of sorted) text = text.slice(0, e.offset) + e.content + text.slice(e.offset + e.length);
  }
  return diff(file.uri, file.text, text);
}

const deepFiles = new WeakMap<AccountFile, boolean>();

/**
 * No refactoring in a file nested deeper than 64 levels (a real one nests ~12): jsonc-parser's `modify`
 * re-formats with work that grows with the depth times the edits (seconds at 512 levels, found by the fuzzer).
 */
function tooDeepToEdit(file: AccountFile): boolean {
  let deep = deepFiles.get(file);
  if (deep === undefined) deepFiles.set(file, (deep = tooDeep(file.text, 64) >= 0));
  return deep;
}

/** One minimal edit turning `a` into `b` (common prefix and suffix kept). */
export function diff(uri: string, a: string, b: string): TextEdit[] {
  if (a === b) return [];
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return [{ uri, span: { start, end: endA }, newText: b.slice(start, endB) }];
}

function sitePath(site: DocumentSite): JSONPath | undefined {
  const o = site.owner;
  if (site.resource) return ['resources', site.resource.arn, 'policy'];
  if (!o) return undefined;
  if (o.kind === 'policy') return ['policies', o.name, 'document'];
  if (o.kind === 'role' && o.trustPolicy === site.doc) return ['roles', o.name, 'trustPolicy'];
  if (o.kind === 'user' || o.kind === 'group' || o.kind === 'role') {
    const ip = o.inlinePolicies.find((p) => p.document === site.doc);
    if (ip) return [`${o.kind}s`, o.name, 'inlinePolicies', ip.name];
  }
  return undefined;
}

function statementPath(site: DocumentSite, st: Statement): JSONPath | undefined {
  const base = sitePath(site);
  if (!base) return undefined;
  const json = site.doc.json as { Statement?: unknown } | undefined;
  return Array.isArray(json?.Statement) ? [...base, 'Statement', st.index] : [...base, 'Statement'];
}

function refactorings(file: AccountFile, range: Span): CodeAction[] {
  const out: CodeAction[] = [];
  const offset = range.start;
  const target = locate(file, offset);
  if (target?.kind === 'policyRef' && target.usage === 'policy' && target.owner?.kind === 'user') {
    out.push(...movePolicyToGroup(file, target.owner, target.ref));
  } else {
    // A range over a user's "policies" (a diagnostic on the whole list): every policy in it.
    const item = itemAt(file, offset);
    const user = item?.entity?.kind === 'user' ? item.entity : undefined;
    for (const ref of user?.policies ?? []) if (overlaps(ref.span, range)) out.push(...movePolicyToGroup(file, user!, ref));
  }
  const site = siteAt(file, offset);
  const st = site?.doc.statements.find((s) => inside(s.span, offset));
  if (site && st) {
    const path = statementPath(site, st);
    if (path) out.push(...statementFixes(file, site, st, path));
  }
  return out;
}

/** "Move policy X to group G" for each group of the user, and "… to a new group". */
export function movePolicyToGroup(file: AccountFile, user: User, ref: PolicyRef): CodeAction[] {
  const out: CodeAction[] = [];
  const index = user.policies.indexOf(ref);
  if (index < 0) return out;
  type Change = { path: JSONPath; value: unknown; arrayInsert?: boolean };
  const remove: Change = { path: ['users', user.name, 'policies', index], value: undefined };
  for (const g of user.memberOf) {
    const has = g.policies.some((p) => p.ref === ref.ref);
    const changes: Change[] = has ? [remove] : [remove, { path: ['groups', g.name, 'policies', -1], value: ref.ref, arrayInsert: true }];
    if (!has && !g.policiesSpan) changes[1] = { path: ['groups', g.name, 'policies'], value: [ref.ref], arrayInsert: false };
    out.push({ title: `Move policy "${ref.ref}" from user "${user.name}" to group "${g.name}"`, kind: 'quickfix', edits: modifications(file, changes), fixes: [] });
  }
  const base = (ref.ref.split('/').pop() ?? 'Policy').replace(/[^\w+=,.@-]/g, '');
  let name = `${base}Users`;
  for (let i = 2; file.groups.has(name); i++) name = `${base}Users${i}`;
  const addToUser = user.groupsSpan
    ? { path: ['users', user.name, 'groups', -1], value: name, arrayInsert: true }
    : { path: ['users', user.name, 'groups'], value: [name], arrayInsert: false };
  out.push({
    title: `Move policy "${ref.ref}" from user "${user.name}" to a new group "${name}"`,
    kind: 'quickfix',
    edits: modifications(file, [{ path: ['groups', name], value: { policies: [ref.ref] } }, addToUser, remove]),
    fixes: [],
  });
  return out;
}

function actionValues(st: Statement): string[] {
  return (st.action?.values ?? []).map((v) => v.value.toLowerCase());
}

function hasKey(st: Statement, key: string): boolean {
  return st.conditions.some((c) => c.key.value.toLowerCase() === key.toLowerCase());
}

function statementFixes(file: AccountFile, site: DocumentSite, st: Statement, path: JSONPath): CodeAction[] {
  const out: CodeAction[] = [];
  const allow = st.effect?.value === 'Allow';
  const isTrust = site.owner?.kind === 'role' && site.owner.trustPolicy === site.doc;
  const cond = (op: string, key: string, value: unknown) => ({ path: [...path, 'Condition', op, key], value });

  if (isTrust && allow && !hasKey(st, 'sts:ExternalId')) {
    const foreign = st.principal?.entries.some(
      (e) => e.type.value === 'AWS' && e.values.some((v) => {
        const acct = /^\d{12}$/.test(v.value) ? v.value : v.value.split(':')[4];
        return v.value === '*' || (!!acct && acct !== file.accountId);
      }),
    );
    if (foreign) {
      out.push({
        title: 'Add an sts:ExternalId condition',
        kind: 'quickfix',
        edits: modifications(file, [cond('StringEquals', 'sts:ExternalId', 'REPLACE-WITH-EXTERNAL-ID')]),
        fixes: [],
      });
    }
  }
  if (!isTrust && !site.resource && allow) {
    const acts = actionValues(st);
    const passRoleOnly = acts.length > 0 && acts.every((a) => a === 'iam:passrole');
    const wildcardResource = !st.resource || st.resource.values.some((v) => v.value === '*');
    if (passRoleOnly && wildcardResource) {
      for (const r of [...file.roles.values()].slice(0, 5)) {
        out.push({
          title: `Restrict iam:PassRole to role "${r.name}"`,
          kind: 'quickfix',
          edits: modifications(file, [{ path: [...path, 'Resource'], value: r.arn }]),
          fixes: [],
        });
      }
    }
    if (passRoleOnly && !hasKey(st, 'iam:PassedToService')) {
      out.push({
        title: 'Restrict iam:PassRole with an iam:PassedToService condition',
        kind: 'quickfix',
        edits: modifications(file, [cond('StringEquals', 'iam:PassedToService', 'ec2.amazonaws.com')]),
        fixes: [],
      });
    }
    if (!hasKey(st, 'aws:MultiFactorAuthPresent')) {
      out.push({
        title: 'Add an MFA condition (aws:MultiFactorAuthPresent)',
        kind: 'refactor',
        edits: modifications(file, [cond('Bool', 'aws:MultiFactorAuthPresent', 'true')]),
        fixes: [],
      });
    }
  }
  return out;
}
