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

function section(name: string, items: DocumentSymbol[]): DocumentSymbol[] {
  if (!items.length) return [];
  const start = Math.min(...items.map((i) => i.span.start));
  const end = Math.max(...items.map((i) => i.span.end));
  return [{ name, detail: `${items.length}`, kind: 'section', span: { start, end }, selectionSpan: { start, end: start }, children: items }];
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
  for (const x of section('policies', [...file.policies.values()].map(entitySymbol))) out.push(x);
  for (const x of section('groups', [...file.groups.values()].map(entitySymbol))) out.push(x);
  for (const x of section('users', [...file.users.values()].map(entitySymbol))) out.push(x);
  for (const x of section('roles', [...file.roles.values()].map(entitySymbol))) out.push(x);
  for (const x of section('identityProviders', [...file.identityProviders.values()].map(entitySymbol))) out.push(x);
  out.push(
    ...section(
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
