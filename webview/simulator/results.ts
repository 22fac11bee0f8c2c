import type { SimAnswer, SimDecision, SimHop, SimLayer, SimLocation, SimRow, SimStatementOut, SimStatementRef } from '../../protocol';
import { button, clear, el } from './dom';

export type Reveal = (location: SimLocation) => void;
export type Highlight = (location: SimLocation | undefined) => void;

let highlight: Highlight = () => undefined;

/** Where hovering a statement link reports to (the host highlights it in the editor). */
export function onHighlight(h: Highlight): void {
  highlight = h;
}

const DECISION_TEXT: Record<SimDecision, string> = { allowed: 'Allowed', explicitDeny: 'Explicit deny', implicitDeny: 'Implicit deny' };
export const LAYER_TEXT: Record<SimLayer, string> = {
  scp: 'SCP',
  rcp: 'RCP',
  resource: 'Resource policy',
  identity: 'Identity',
  boundary: 'Boundary',
  session: 'Session',
  endpoint: 'VPC endpoint',
};

function decisionBadge(d: SimDecision): HTMLElement {
  return el('span', { class: `decision-badge decision-${d}`, 'data-decision': d }, DECISION_TEXT[d] ?? String(d));
}

function layerBadge(layer: SimLayer | undefined): HTMLElement | undefined {
  if (!layer) return undefined;
  return el('span', { class: `layer-badge layer-${layer}`, 'data-layer': layer, title: `Decided by: ${LAYER_TEXT[layer] ?? layer}` }, LAYER_TEXT[layer] ?? String(layer));
}

function where(location: SimLocation): string {
  const file = location.uri.replace(/^.*[/\\]/, '');
  return location.range ? `${file}:${location.range.start.line + 1}` : file;
}

/**
 * A policy as people name it: "AdministratorAccess", not its ARN (the ARN stays in the tooltip). An AWS managed
 * SCP or RCP (`arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess`) is named as AWS
 * names it, "FullAWSAccess"; the organization's own keep their policy id (`p-…`).
 */
export function policyName(id: string): string {
  return id
    .replace(/arn:[\w-]+:iam::(?:aws|\d{12}):policy\/(?:[^\s]*\/)?([^\s/]+)/g, '$1')
    .replace(/arn:[\w-]+:organizations::aws:policy\/[\w-]+\/p-([^\s/]+)/g, '$1')
    .replace(/arn:[\w-]+:organizations::\d{12}:policy\/[^\s]*\/(p-[^\s/]+)/g, '$1');
}

/** The SCP/RCP every organization starts with: allows everything, worth one line, not a block per level. */
const isBoilerplate = (p: { policyId: string; statements: { effect: string }[] }) =>
  /^(RCP)?FullAWSAccess\b/.test(policyName(p.policyId)) && p.statements.every((s) => s.effect === 'Allow');

/** A statement as a link: the click asks the host to open it in the editor. */
function statementLink(s: SimStatementRef, reveal: Reveal): HTMLButtonElement {
  const label = `${s.effect} ${s.sid ? `"${s.sid}"` : `statement ${s.index + 1}`} in ${policyName(s.policyId)}`;
  const b = button(label, { class: `statement-link effect-${s.effect}`, 'data-policy': s.policyId, 'data-index': String(s.index), title: `Open ${where(s.location)} (${s.policyId})` }, () => reveal(s.location));
  b.append(el('span', { class: 'where' }, where(s.location)));
  b.addEventListener('mouseenter', () => highlight(s.location));
  b.addEventListener('focus', () => highlight(s.location));
  b.addEventListener('mouseleave', () => highlight(undefined));
  b.addEventListener('blur', () => highlight(undefined));
  return b;
}

function statementDetail(s: SimStatementOut, reveal: Reveal): HTMLElement {
  const state = s.matched ? 'applies' : !s.resourceMatched ? 'resource does not match' : s.principalMatched === false ? 'principal does not match' : 'conditions fail';
  const item = el('li', { class: `statement ${s.matched ? 'matched' : 'unmatched'}` }, statementLink(s, reveal), el('span', { class: 'statement-state' }, state));
  if (s.conditions.length) {
    const list = el('ul', { class: 'conditions' });
    for (const c of s.conditions) {
      list.append(
        el('li', { class: `condition ${c.held ? 'held' : 'failed'}`, 'data-key': c.key },
          el('span', { class: 'condition-mark' }, c.held ? '✓' : '✗'),
          el('code', {}, `${c.operator} ${c.key}`),
          el('span', { class: 'condition-why' }, c.why)),
      );
    }
    item.append(list);
  }
  return item;
}

function policies(row: Pick<SimRow, 'policies'>, reveal: Reveal): HTMLElement {
  const box = el('div', { class: 'policies' });
  const considered = row.policies.filter((p) => p.statements.length);
  if (!considered.length) return box;
  box.append(el('div', { class: 'section-title' }, 'Statements about this action'));
  const boilerplate = considered.filter(isBoilerplate);
  if (boilerplate.length) {
    // FullAWSAccess at every level of the organization: one line.
    const names = [...new Set(boilerplate.map((p) => policyName(p.policyId).replace(/\s*\(.*\)$/, '')))].join(', ');
    const levels = boilerplate.map((p) => /\(([^)]*)\)/.exec(p.policyId)?.[1]).filter(Boolean);
    box.append(el('div', { class: 'policy boilerplate', title: boilerplate.map((p) => p.policyId).join('\n') }, layerBadge(boilerplate[0].layer)!, el('span', {}, `${names}${levels.length ? ` at ${levels.length} level${levels.length === 1 ? '' : 's'}` : ''}: allows every action`)));
  }
  for (const p of considered) {
    if (isBoilerplate(p)) continue;
    const list = el('ul', { class: 'statements' });
    for (const s of p.statements) list.append(statementDetail(s, reveal));
    box.append(el('div', { class: 'policy' }, el('div', { class: 'policy-title', title: p.policyId }, layerBadge(p.layer)!, el('span', {}, policyName(p.policyId))), list));
  }
  return box;
}

function matchedBlock(matched: SimStatementRef[], reveal: Reveal): HTMLElement | undefined {
  if (!matched.length) return undefined;
  const box = el('div', { class: 'matched' }, el('div', { class: 'section-title' }, 'Decided by'));
  for (const m of matched) box.append(statementLink(m, reveal));
  return box;
}

function missing(keys: string[]): HTMLElement | undefined {
  if (!keys.length) return undefined;
  return el('div', { class: 'missing' }, el('span', { class: 'section-title' }, 'Missing context keys: '), el('span', { class: 'missing-keys' }, keys.join(', ')));
}

function rowView(row: SimRow, reveal: Reveal): HTMLElement {
  const layers = el('div', { class: 'layers' });
  for (const l of row.layers.filter((x) => x.applies || x.decision === 'explicitDeny')) {
    layers.append(el('span', { class: `layer-chip layer-${l.layer} decision-${l.decision}`, title: DECISION_TEXT[l.decision] }, `${LAYER_TEXT[l.layer]}: ${DECISION_TEXT[l.decision]}`));
  }
  const summary = el(
    'summary',
    { class: 'row-summary' },
    decisionBadge(row.decision),
    layerBadge(row.decidedBy) ?? '',
    el('code', { class: 'row-action' }, row.action),
    el('span', { class: 'row-resource' }, row.resource),
    row.crossAccount ? el('span', { class: 'cross-account' }, 'cross-account') : '',
    // The reason in one line, readable with the row folded.
    el('span', { class: 'row-reason', title: row.reason }, policyName(firstSentence(row.reason))),
  );
  return el(
    'details',
    { class: 'result-row', 'data-decision': row.decision, 'data-action': row.action, 'data-resource': row.resource },
    summary,
    el('div', { class: 'reason' }, policyName(row.reason)),
    matchedBlock(row.matched, reveal),
    missing(row.missingContextKeys),
    layers,
    policies(row, reveal),
  );
}

function firstSentence(text: string): string {
  const m = /^(.*?[.;])(\s|$)/.exec(text);
  return m ? m[1] : text;
}

/** An IAM user's GetFederationToken call, made before its federated-user session is asked (not a role assumed). */
const isFederation = (hop: SimHop) => hop.step === 'federation-token';

function hopView(hop: SimHop, reveal: Reveal): HTMLElement {
  const role = hop.role.replace(/^.*:role\//, 'role/');
  const head = el('div', { class: 'hop-head' }, decisionBadge(hop.decision), el('span', {}, `${hop.from} → ${hop.action} → ${role}`));
  if (hop.location) head.append(button(isFederation(hop) ? 'open user' : 'open role', { class: 'link hop-open' }, () => reveal(hop.location!)));
  return el('div', { class: 'hop-result', 'data-decision': hop.decision }, head, el('div', { class: 'reason' }, hop.reason), matchedBlock(hop.matched, reveal), missing(hop.missingContextKeys), policies(hop, reveal));
}

const rowKey = (action: string | null, resource: string | null) => `${action ?? ''}\u0000${resource ?? ''}`;

/** Renders an answer into `root` (replacing what was there; rows that were open stay open). */
export function renderAnswer(root: HTMLElement, answer: SimAnswer, reveal: Reveal): void {
  const wasOpen = new Set(
    [...root.querySelectorAll('details.result-row[open]')].map((d) => rowKey(d.getAttribute('data-action'), d.getAttribute('data-resource'))),
  );
  clear(root);
  const who = el('div', { class: 'principal-line' }, el('span', { class: 'section-title' }, 'As '), el('span', { class: 'principal-label' }, answer.principal.label || answer.principal.arn));
  if (answer.principal.location) who.append(button('open', { class: 'link principal-open' }, () => reveal(answer.principal.location!)));
  root.append(who);
  if (answer.problems.length) {
    const list = el('ul', { class: 'problems', role: 'alert' });
    for (const p of answer.problems) list.append(el('li', {}, p));
    root.append(list);
  }
  const federation = answer.hops.some(isFederation);
  if (answer.hops.length) {
    const chain = el('div', { class: 'chain' }, el('div', { class: 'section-title' }, federation ? 'Federated-user session' : 'Role chain'));
    for (const h of answer.hops) chain.append(hopView(h, reveal));
    root.append(chain);
  }
  if (!answer.chainAllowed && answer.hops.length) {
    const why = federation ? 'GetFederationToken is refused, so there is no federated-user session: the actions were not asked.' : 'The chain stops here: the actions were not asked.';
    root.append(el('div', { class: 'chain-broken' }, why));
  }
  if (answer.rows.length) {
    const counts = { allowed: 0, explicitDeny: 0, implicitDeny: 0 } as Record<SimDecision, number>;
    for (const r of answer.rows) counts[r.decision]++;
    root.append(el('div', { class: 'summary', id: 'result-summary' }, `${answer.rows.length} result${answer.rows.length === 1 ? '' : 's'}: ${counts.allowed} allowed, ${counts.explicitDeny} explicitly denied, ${counts.implicitDeny} implicitly denied${answer.truncated ? ' (cut)' : ''}`));
    const list = el('div', { class: 'rows', id: 'result-rows' });
    for (const r of answer.rows) {
      const view = rowView(r, reveal);
      if (wasOpen.has(rowKey(r.action, r.resource))) view.setAttribute('open', '');
      list.append(view);
    }
    root.append(list);
    // A single answer is opened right away.
    if (answer.rows.length === 1) (list.firstElementChild as HTMLDetailsElement).open = true;
  }
}
