import type { AccountFile, Entity } from '../model/types';
import type { PolicyDocument } from '../policy/types';
import type { Span } from '../text/span';

export type SymbolKind = 'account' | 'section' | 'user' | 'group' | 'role' | 'policy' | 'identityProvider' | 'resource' | 'inlinePolicy' | 'statement';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selectionSpan: Span;
  children: DocumentSymbol[];
}

function statements(doc: PolicyDocument | undefined): DocumentSymbol[] {
  if (!doc) return [];
  return doc.statements.map((st) => {
    const effect = st.effect?.value ?? '?';
    const actions = (st.action ?? st.notAction)?.values.map((v) => v.value) ?? [];
    const shown = actions.length > 3 ? `${actions.slice(0, 3).join(', ')}, …` : actions.join(', ');
    return {
      name: st.sid?.value || `Statement ${st.index + 1}`,
      detail: `${effect}${st.notAction ? ' NotAction' : ''} ${shown}`.trim(),
      kind: 'statement' as const,
      span: st.span,
      selectionSpan: st.sid?.span ?? st.span,
      children: [],
    };
  });
}

function entitySymbol(e: Entity): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  if (e.kind === 'policy') for (const x of statements(e.document)) children.push(x);
  if (e.kind === 'user' || e.kind === 'group' || e.kind === 'role') {
    for (const ip of e.inlinePolicies) {
      children.push({
        name: ip.name,
        detail: 'inline policy',
        kind: 'inlinePolicy',
        span: { start: ip.nameSpan.start, end: Math.max(ip.nameSpan.end, ip.document.span.end) },
        selectionSpan: ip.nameSpan,
        children: statements(ip.document),
      });
    }
  }
  if (e.kind === 'role' && e.trustPolicy) {
    children.unshift({
      name: 'trustPolicy',
      detail: 'who can assume the role',
      kind: 'inlinePolicy',
      span: { start: Math.min(e.trustPolicyKeySpan?.start ?? e.trustPolicy.span.start, e.trustPolicy.span.start), end: e.trustPolicy.span.end },
      selectionSpan: e.trustPolicyKeySpan ?? e.trustPolicy.span,
      children: statements(e.trustPolicy),
    });
  }
  return {
    name: e.name,
    detail: e.arn,
    kind: e.kind,
    span: { start: e.nameSpan.start, end: Math.max(e.nameSpan.end, e.span.end) },
    selectionSpan: e.nameSpan,
    children,
  };
}

/** Skips whitespace, commas and comments (JSON with comments) from `i`; one pass, no backtracking. */
function skipGap(text: string, i: number, end = text.length): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c) i++;
    else if (c === 0x2f && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i + 2);
      i = nl < 0 || nl > end ? end : nl;
    } else if (c === 0x2f && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return i;
      i = close + 2;
    } else return i;
  }
  return i;
}

/**
 * A section's symbol: from its key (`"users": {`) to its closing brace, so that sticky scroll and the
 * outline show the section's own line. The key is the nearest `"name"` before the first entity with
 * nothing but `: {` and comments between; when the text doesn't read so (a file the parser recovered
 * from), the span falls back to the entities'.
 */
function section(text: string, name: string, items: DocumentSymbol[]): DocumentSymbol[] {
  if (!items.length) return [];
  let start = Infinity;
  let end = -Infinity;
  for (const i of items) {
    if (i.span.start < start) start = i.span.start;
    if (i.span.end > end) end = i.span.end;
  }
  let selection = { start, end: start };
  const key = text.lastIndexOf(JSON.stringify(name), start);
  if (key >= 0 && start - key < 10_000 && keyOpensAt(text, key + name.length + 2, start)) {
    selection = { start: key, end: key + name.length + 2 };
    const close = skipGap(text, end);
    start = key;
    if (text[close] === '}' || text[close] === ']') end = close + 1;
  }
  return [{ name, detail: `${items.length}`, kind: 'section', span: { start, end }, selectionSpan: selection, children: items }];
}

/** Whether only `: {` (or `: [`), with gaps, stands between `from` and `to`. */
function keyOpensAt(text: string, from: number, to: number): boolean {
  let i = skipGap(text, from, to);
  if (text[i] !== ':') return false;
  i = skipGap(text, i + 1, to);
  if (text[i] !== '{' && text[i] !== '[') return false;
  return skipGap(text, i + 1, to) === to;
}

/** The outline of an account file: the account, then each section's entities with their statements. */
export function documentSymbols(file: AccountFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const acct = file.account;
  if (acct.span) {
    out.push({
      name: acct.alias?.value ? `${acct.alias.value} (${file.accountId})` : `account ${file.accountId}`,
      kind: 'account',
      span: acct.span,
      selectionSpan: acct.id?.span ?? acct.span,
      children: [],
    });
  }
  for (const x of section(file.text, 'policies', [...file.policies.values()].map(entitySymbol))) out.push(x);
  for (const x of section(file.text, 'groups', [...file.groups.values()].map(entitySymbol))) out.push(x);
  for (const x of section(file.text, 'users', [...file.users.values()].map(entitySymbol))) out.push(x);
  for (const x of section(file.text, 'roles', [...file.roles.values()].map(entitySymbol))) out.push(x);
  for (const x of section(file.text, 'identityProviders', [...file.identityProviders.values()].map(entitySymbol))) out.push(x);
  out.push(
    ...section(
      file.text,
      'resources',
      file.resources.map((r) => ({
        name: r.arn,
        kind: 'resource' as const,
        span: { start: r.arnSpan.start, end: Math.max(r.arnSpan.end, r.span.end) },
        selectionSpan: r.arnSpan,
        children: statements(r.policy),
      })),
    ),
  );
  return out;
}
