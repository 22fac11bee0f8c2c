import type { JSONPath } from 'jsonc-parser';
import { modifyFormatted, modifyWithin } from '../json/modify';
import { CONFIG_FILE_NAME } from '../analysis/config';
import { ruleById } from '../analysis/rules';
import { tooDeep } from '../json/depth';
import { indentOf } from '../analysis/rules/support/edits';
import { SUPPRESS_NEXT_LINE } from '../analysis/rules/support/suppress';
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
  /** A file the edits need created first (an `iam-workbench.json` that doesn't exist yet). */
  createFile?: string;
  /** A command the editor runs (instead of, or after, the edits). */
  command?: { title: string; command: string; arguments: unknown[] };
}

/** The workspace's `iam-workbench.json`: where it is (or would be), and its text when it exists. */
export interface ConfigFileRef {
  uri: string;
  text?: string;
}

export interface CodeActionOptions {
  /** Offers "Disable <rule> in iam-workbench.json" when given. */
  config?: ConfigFileRef;
}

/** The command "Show rule documentation" runs (registered by the VS Code client), with the rule id. */
export const SHOW_RULE_DOC_COMMAND = 'iamWorkbench.showRuleDocumentation';

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
export function codeActions(ws: Workspace, findings: Finding[], uri: string, range: Span, options: CodeActionOptions = {}): CodeAction[] {
  const out: CodeAction[] = [];
  const titles = new Set<string>();
  const push = (a: CodeAction) => {
    if (titles.has(a.title) || (!a.edits.length && !a.command)) return;
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
  // Last, as ESLint lists them: silence the rule here or everywhere, or read about it.
  const seen = new Set<string>();
  for (const f of findings) {
    if (f.uri !== uri || !overlaps(f.span, range) || seen.has(f.code) || !ruleById(f.code)) continue;
    seen.add(f.code);
    for (const a of ruleActions(file, f, options.config)) push(a);
  }
  return out;
}

/** "Disable <rule> for this line", "Disable <rule> in iam-workbench.json", "Show documentation for <rule>". */
export function ruleActions(file: AccountFile, f: Finding, config?: ConfigFileRef): CodeAction[] {
  const out: CodeAction[] = [];
  const fixes = [{ code: f.code, span: f.span }];
  out.push({ title: `Disable ${f.code} for this line`, kind: 'quickfix', edits: [suppressLine(file, f.span.start, f.code)], fixes });
  if (config) {
    const action: CodeAction = { title: `Disable ${f.code} in ${CONFIG_FILE_NAME}`, kind: 'quickfix', edits: [], fixes };
    if (config.text === undefined) {
      action.createFile = config.uri;
      action.edits = [{ uri: config.uri, span: { start: 0, end: 0 }, newText: `{\n  "rules": {\n    ${JSON.stringify(f.code)}: "off"\n  }\n}\n` }];
    } else if (tooDeep(config.text, 64) >= 0) {
      // a configuration nested too deep to edit safely: the action is not offered (jsonc-parser recurses)
    } else {
      const { insertSpaces, tabSize, eol } = indentOf(config.text);
      try {
        const edits = modifyFormatted(config.text, ['rules', f.code], 'off', { formattingOptions: { insertSpaces, tabSize, eol } });
        action.edits = edits.map((e) => ({ uri: config.uri, span: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
      } catch {
        // a configuration that isn't an object: the action is not offered
      }
    }
    if (action.edits.length) out.push(action);
  }
  out.push({
    title: `Show documentation for ${f.code}`,
    kind: 'quickfix',
    edits: [],
    fixes,
    command: { title: `Show documentation for ${f.code}`, command: SHOW_RULE_DOC_COMMAND, arguments: [f.code] },
  });
  return out;
}

/**
 * The edit that silences `code` for findings starting on the line of `offset`: a
 * `// iam-workbench-disable-next-line <code>` comment above it, indented like it, or the code added to
 * such a comment already there.
 */
export function suppressLine(file: AccountFile, offset: number, code: string): TextEdit {
  const text = file.text;
  const line = file.lines.positionAt(offset).line;
  const start = file.lines.offsetAt({ line, character: 0 });
  if (line > 0) {
    const prevStart = file.lines.offsetAt({ line: line - 1, character: 0 });
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = /^(\s*\/\/\s*iam-workbench-disable-next-line\b)([^\n]*?)(\s+--\s.*)?$/.exec(prev);
    // (A comment that names no rule silences them all: adding one would narrow it, so a new line goes in.)
    if (m && m[2].trim()) {
      const at = prevStart + m[1].length + m[2].trimEnd().length;
      return { uri: file.uri, span: { start: at, end: at }, newText: `, ${code}` };
    }
  }
  const indent = /^[ \t]*/.exec(text.slice(start, Math.min(text.length, start + 200)))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { uri: file.uri, span: { start, end: start }, newText: `${indent}// ${SUPPRESS_NEXT_LINE} ${code}${eol}` };
}

/**
 * Applies JSON modifications one after the other and returns a single edit from the first to the last change.
 * `within`: one change inside the value at `span` whose path is `depth` keys long, made on that value's text alone
 * when that gives the same edit (`modifyWithin`), so a fix in a 5 MB file doesn't parse the whole file.
 */
function modificationsOf(file: AccountFile, changes: { path: JSONPath; value: unknown; arrayInsert?: boolean }[], within?: { span: Span; depth: number }): TextEdit[] {
  if (cannotEdit(file)) return [];
  const { insertSpaces, tabSize, eol } = indentOf(file.text);
  if (within && changes.length === 1) {
    const c = changes[0];
    const edits = modifyWithin(file.text, within.span, c.path.slice(within.depth), c.value, { formattingOptions: { insertSpaces, tabSize, eol }, isArrayInsertion: c.arrayInsert });
    if (edits?.length === 1) return trimmed(file.uri, file.text, edits[0]);
  }
  let text = file.text;
  for (const c of changes) {
    const edits = modifyFormatted(text, c.path, c.value, { formattingOptions: { insertSpaces, tabSize, eol }, isArrayInsertion: c.arrayInsert });
    const sorted = [...edits].sort((a, b) => b.offset - a.offset);
    for (const e of sorted) text = text.slice(0, e.offset) + e.content + text.slice(e.offset + e.length);
  }
  return diff(file.uri, file.text, text);
}

const uneditable = new WeakMap<AccountFile, boolean>();

/**
 * No refactoring in a file nested deeper than 64 levels (a real one nests ~12): jsonc-parser's `modify`
 * re-formats with work that grows with the depth times the edits (seconds at 512 levels, found by the fuzzer).
 * Nor in a file with syntax errors: `modify` reads the whole text again for every change, and in a broken text
 * it records every error (a 2 MB text of garbage: seconds per change, found by the fuzzer), and the tree it reads
 * there may not be where the user sees the value. The rules' own quick fixes stay.
 */
function cannotEdit(file: AccountFile): boolean {
  let no = uneditable.get(file);
  if (no === undefined) {
    no = file.findings.some((f) => f.code === 'parse/syntax' || f.code === 'parse/too-deep') || tooDeep(file.text, 64) >= 0;
    uneditable.set(file, no);
  }
  return no;
}

/** The edit without the characters it leaves as they are at its two ends. */
function trimmed(uri: string, text: string, e: { offset: number; length: number; content: string }): TextEdit[] {
  let start = e.offset;
  let end = e.offset + e.length;
  let a = 0;
  let b = e.content.length;
  while (start < end && a < b && text.charCodeAt(start) === e.content.charCodeAt(a)) {
    start++;
    a++;
  }
  while (end > start && b > a && text.charCodeAt(end - 1) === e.content.charCodeAt(b - 1)) {
    end--;
    b--;
  }
  return start === end && a === b ? [] : [{ uri, span: { start, end }, newText: e.content.slice(a, b) }];
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
    out.push({ title: `Move policy "${ref.ref}" from user "${user.name}" to group "${g.name}"`, kind: 'quickfix', edits: modificationsOf(file, changes), fixes: [] });
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
    edits: modificationsOf(file, [{ path: ['groups', name], value: { policies: [ref.ref] } }, addToUser, remove]),
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
  // Every change here is inside the statement's document: made on the document's text alone when that is the same.
  const base = sitePath(site)!;
  const within = site.doc.uri === file.uri ? { span: site.doc.span, depth: base.length } : undefined;
  const modifications = (f: AccountFile, changes: { path: JSONPath; value: unknown }[]) => modificationsOf(f, changes, within);
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
