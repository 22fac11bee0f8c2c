import { effectivePermissions, effectivePermissionsOf, type EffectivePermissions } from '../analysis/effective';
import { escalationSection } from './escalation-hover';
import { getCatalog, type ActionInfo } from '../data/catalog';
import { getManagedPolicy } from '../data/managed-policies';
import type { AccountFile, Entity, Principal, Role } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { PolicyDocument } from '../policy/types';
import type { Span } from '../text/span';
import { conditionText, whoCanAssume, type Assumer } from './assume';
import { locate, type Target } from './locate';
import { attachmentCounts, entityForArn, entityOf } from './navigation';
import { operatorDoc } from './operators';

export interface Hover {
  span: Span;
  /** Markdown. */
  markdown: string;
}

const MAX_ROWS = 20;

/** The hover at `offset`: entities, references, actions, condition keys and operators, ARNs. */
export function hover(ws: Workspace, uri: string, offset: number): Hover | undefined {
  const file = ws.file(uri);
  if (!file) return undefined;
  const target = locate(file, offset);
  if (!target) return undefined;
  const markdown = hoverText(ws, file, target);
  return markdown ? { span: target.span, markdown } : undefined;
}

function hoverText(ws: Workspace, file: AccountFile, t: Target): string | undefined {
  switch (t.kind) {
    case 'entity':
      return entityHover(ws, t.entity);
    case 'groupRef':
    case 'nestedGroupRef': {
      const e = entityOf(ws, file, t);
      return e ? entityHover(ws, e) : undefined;
    }
    case 'policyRef': {
      const target = t.ref.target;
      if (!target) return undefined;
      if (target.kind === 'customer') return entityHover(ws, target.policy);
      if (target.kind === 'aws') return awsPolicyHover(target.arn, target.name, target.document);
      if (target.kind === 'organization') return documentHover(`**${target.policy.name}** (${target.policy.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} \`${target.policy.arn}\`)`, target.policy.document, target.policy.name);
      return documentHover(`**${target.name}** (provided by AWS Organizations)`, target.document, target.name);
    }
    case 'action':
      return actionHover(t.value.value, t.not);
    case 'conditionKey':
      return conditionKeyHover(t.entry.key.value);
    case 'conditionOperator':
      return operatorDoc(t.entry.operator.value);
    case 'principal':
    case 'resource':
    case 'conditionValue': {
      const value = String(t.kind === 'conditionValue' ? t.value.value : t.value.value);
      const e = entityForArn(ws, value);
      if (e) return entityHover(ws, e);
      if (t.kind === 'principal') return principalValueHover(ws, t.type, value);
      if (t.kind === 'conditionValue') return conditionKeyHover(t.entry.key.value);
      return undefined;
    }
    case 'resourceEntry': {
      const doc = t.entry.policy;
      const lines = (doc?.statements ?? []).map((st) => {
        const who = st.principal?.wildcard ? 'everyone' : (st.principal?.entries ?? []).flatMap((e) => e.values.map((v) => `${e.type.value} ${v.value}`)).join(', ') || 'no principal';
        const what = (st.action ?? st.notAction)?.values.map((v) => v.value).join(', ') ?? 'no action';
        const cond = conditionText(st);
        return `- **${st.effect?.value ?? '?'}** ${cell(who)}: ${code(what)}${cond.length ? ` when ${cond.map(code).join(' and ')}` : ''}`;
      });
      return `**resource** ${code(t.entry.arn)}\n\n${lines.length ? `Resource-based policy:\n${lines.join('\n')}` : 'No resource-based policy.'}`;
    }
    case 'effect':
      return t.value.value === 'Deny'
        ? '**Deny**: an explicit deny; it overrides every Allow in every policy.'
        : '**Allow**: grants the actions unless a Deny, a permissions boundary, an SCP or a session policy says otherwise.';
    default:
      return undefined;
  }
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function entityHover(ws: Workspace, e: Entity): string {
  const head = `**${e.kind === 'identityProvider' ? 'identity provider' : e.kind} ${e.name}**  \n${code(e.arn)}`;
  const parts = [head];
  if (e.kind === 'policy') {
    if (e.description?.value) parts.push(e.description.value);
    const uses = attachmentCounts(ws).get(e) ?? 0;
    parts.push(uses ? `Attached ${uses} time${uses === 1 ? '' : 's'} (as a policy, a boundary or an SCP/RCP).` : 'Not attached to anything.');
    parts.push(permissionsList(grantsOf(e.arn, e.document, `policy "${e.name}"`), 12, 'Grants'));
    return parts.join('\n\n');
  }
  if (e.kind === 'identityProvider') {
    parts.push(`${e.type.toUpperCase()} provider${e.url ? ` for ${code(e.url.value)}` : ''}${e.clientIds.length ? `, audiences ${e.clientIds.map((c) => code(c.value)).join(', ')}` : ''}.`);
    return parts.join('\n\n');
  }
  return principalHover(ws, e as Principal);
}

/**
 * A section of a principal's hover below the summary: Markdown, or undefined to leave it out. Each
 * capability adds its own function here (in the order they should read), so the summary stays first.
 */
export type PrincipalHoverSection = (ws: Workspace, principal: Principal, permissions: EffectivePermissions) => string | undefined;

export const PRINCIPAL_HOVER_SECTIONS: PrincipalHoverSection[] = [
  (_ws, e) => code(e.arn),
  (_ws, e) => (e.kind === 'group' ? `Members: ${e.members.length ? e.members.map((m) => m.name).join(', ') : 'none'}.` : undefined),
  (ws, e) => (e.kind === 'role' ? assumeSection(ws, e) : undefined),
  (_ws, _e, p) => permissionsList(p),
  (ws, e) => (e.kind !== 'group' ? escalationSection(ws, e) : undefined),
];

/**
 * A user's, group's or role's hover: a summary of 3 to 5 short lines first (administrator or not and
 * why; the services; what a boundary, an SCP or a Deny takes away), the command links (full effective
 * permissions, simulate, show in graph), then the details, one section after another. Fits the
 * editor's hover box (~720×240 px) without scrolling to the summary and links.
 */
export function principalHover(ws: Workspace, e: Principal): string {
  const p = effectivePermissions(ws, e);
  const file = ws.file(e.uri);
  const parts = [principalSummary(file, e, p), commandLinks(e, file?.accountId ?? e.arn.split(':')[4])];
  for (const section of PRINCIPAL_HOVER_SECTIONS) {
    const text = section(ws, e, p);
    if (text) parts.push(text);
  }
  return parts.join('\n\n');
}

/** The command links of a principal's hover (the client trusts exactly these commands). */
export function commandLinks(e: Principal, accountId: string): string {
  const link = (title: string, command: string, arg: unknown) => `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
  const links = [link('Show full effective permissions', 'iamWorkbench.showEffectivePermissions', { arn: e.arn, uri: e.uri })];
  if (e.kind !== 'group') links.push(link('Simulate…', 'iamWorkbench.simulate', { uri: e.uri, kind: e.kind, name: e.name, arn: e.arn, accountId }));
  links.push(link('Show in graph', 'iamWorkbench.showInGraph', `${e.kind}:${accountId}:${e.name}`));
  return links.join(' · ');
}

const LEVEL_WORD: Record<string, string> = { 'Permissions management': 'permissions', Write: 'write', Tagging: 'tag', Read: 'read', List: 'list' };

/** The summary: head line, verdict, services, what is taken away (each one line). */
export function principalSummary(file: AccountFile | undefined, e: Principal, p: EffectivePermissions): string {
  const account = file?.account.alias?.value ?? file?.accountId ?? e.arn.split(':')[4];
  const memberships = e.kind === 'user' && e.groups.length ? ` · groups ${e.groups.map((g) => g.name).join(', ')}` : '';
  const lines = [`**${e.kind} ${e.name}** · ${account}${memberships}`];
  // The origin that grants the most actions: why the principal has what it has.
  const weight = new Map<string, number>();
  let allowed = 0;
  let total = 0;
  for (const svc of p.services) {
    allowed += svc.allowed;
    total += svc.total;
    for (const l of svc.levels) for (const o of l.origins) weight.set(o, (weight.get(o) ?? 0) + l.actions.length);
  }
  const main = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0];
  const catalogActions = catalogSize();
  // Conditions and Deny limits worth a word in the summary: those on most of what is allowed.
  const limitWeight = new Map<string, number>();
  for (const svc of p.services) for (const l of svc.levels) for (const x of l.limits) limitWeight.set(x, (limitWeight.get(x) ?? 0) + l.actions.length);
  const conditions = [...limitWeight].filter(([, w]) => w > allowed / 2).map(([x]) => x);
  const allConditional = p.services.length > 0 && p.services.every((s) => s.levels.every((l) => l.conditional));
  const caveat = allConditional ? ' — only under conditions' : conditions.length ? ` — ${conditions.slice(0, 2).join('; ')}${conditions.length > 2 ? ` (+${conditions.length - 2})` : ''}` : '';
  if (p.fullAccess || (catalogActions > 0 && allowed >= 0.98 * catalogActions)) {
    const missing = catalogActions - allowed;
    const scope = p.fullAccess ? 'every action on every resource' : `every action but ${missing} on every resource`;
    lines.push(`⚠️ **Administrator**: ${scope}${main ? `, from ${main}` : ''}${caveat}.`);
  } else if (!p.services.length) {
    lines.push(`**No permissions**: no policy allows anything${p.policies.length ? '' : ' (no policies)'}.`);
  } else {
    const manage = p.services.filter((s) => s.levels.some((l) => l.level === 'Permissions management')).map((s) => s.service);
    const writes = p.services.filter((s) => s.levels.some((l) => l.level === 'Write')).map((s) => s.service);
    const what = [manage.length ? `permissions management in ${listOf(manage, 3)}` : '', writes.length ? `writes in ${listOf(writes, 3)}` : 'read-only'].filter(Boolean).join('; ');
    lines.push(`**Not an administrator**: ${what}${caveat}.`);
  }
  const admin = lines[1].includes('**Administrator**');
  if (p.services.length && !p.fullAccess && p.services.length <= 40) {
    const ranked = [...p.services].sort((a, b) => topWeight(b) - topWeight(a) || b.allowed - a.allowed || a.service.localeCompare(b.service));
    const shown = ranked.slice(0, 6).map((s) => {
      const top = s.levels.reduce((a, b) => ((LEVEL_WEIGHT[b.level] ?? 0) > (LEVEL_WEIGHT[a.level] ?? 0) ? b : a));
      const few = top.actions.length <= 2 && top.actions.length < top.total ? `: ${top.actions.join(', ')}` : '';
      return `${s.service} (${LEVEL_WORD[top.level] ?? top.level}${few})`;
    });
    lines.push(`**Services** (${p.services.length}): ${shown.join(', ')}${ranked.length > 6 ? `, +${ranked.length - 6} more` : ''}.`);
  } else if (p.services.length > 40 && !admin) {
    lines.push(`**Services**: ${p.services.length} of ${getCatalog().services().length}${main ? `, mostly from ${main}` : ''}.`);
  }
  if (p.removed.length) {
    // Grouped by what takes them away: "43 actions in autoscaling, ec2, … outside the boundary "X"".
    const byReason = new Map<string, { count: number; services: string[] }>();
    for (const r of p.removed) {
      for (const reason of r.reasons) {
        let g = byReason.get(reason);
        if (!g) byReason.set(reason, (g = { count: 0, services: [] }));
        g.count += r.count;
        g.services.push(r.service);
      }
    }
    const reasons = [...byReason].sort((a, b) => b[1].count - a[1].count);
    const text = reasons
      .slice(0, 2)
      .map(([reason, g]) => `${g.count} action${g.count === 1 ? '' : 's'} in ${listOf(g.services, 3)} ${reason.replace(/^denied by /, 'by ')}`)
      .join('; ');
    lines.push(`**Taken away**: ${text}${reasons.length > 2 ? `; +${reasons.length - 2} more` : ''}.`);
  }
  return lines.join('  \n');
}

function listOf(items: string[], n: number): string {
  return items.length > n ? `${items.slice(0, n).join(', ')}, +${items.length - n}` : items.join(', ');
}

function topWeight(s: { levels: { level: string }[] }): number {
  return Math.max(...s.levels.map((l) => LEVEL_WEIGHT[l.level] ?? 0));
}

let catalogCount: number | undefined;
function catalogSize(): number {
  if (catalogCount === undefined) {
    try {
      catalogCount = getCatalog().allActions().length;
    } catch {
      catalogCount = 0;
    }
  }
  return catalogCount;
}

/** Rows of effective permissions that share one access level, resources, origins and notes, merged across services. */
interface PermissionRow { services: string[]; level: string; actions: number; names: string[]; total: number; res: string[]; from: string[]; notes: string[] }

/** Groups a principal's permissions into rows (see PermissionRow); `qualify` names the sample actions `service:Action`. */
function permissionRows(p: EffectivePermissions, qualify: boolean): Map<string, PermissionRow> {
  const groups = new Map<string, PermissionRow>();
  for (const s of p.services) {
    for (const l of s.levels) {
      const notes = [l.conditional ? 'conditional' : '', ...l.limits].filter(Boolean);
      const key = `${l.level}|${l.resources.join(',')}|${l.origins.join(',')}|${notes.join(',')}`;
      let row = groups.get(key);
      if (!row) groups.set(key, (row = { services: [], level: l.level, actions: 0, names: [], total: 0, res: l.resources, from: l.origins, notes }));
      row.services.push(s.service);
      row.actions += l.actions.length;
      row.total += l.total;
      if (row.names.length < 4) row.names.push(...l.actions.slice(0, 4 - row.names.length).map((a) => (qualify ? `${s.service}:${a}` : a)));
    }
  }
  return groups;
}

/**
 * The details under the summary: one bullet per group of grants (service, access level, actions,
 * resources), with what every row shares (where it comes from, its conditions) said once, not per row.
 */
export function permissionsList(p: EffectivePermissions, maxRows = 12, title = 'Details'): string {
  if (!p.services.length) return title === 'Details' ? '' : `**${title}:** nothing.`;
  const groups = permissionRows(p, false);
  const all = [...groups.values()].sort(
    (a, b) => (LEVEL_WEIGHT[b.level] ?? 0) - (LEVEL_WEIGHT[a.level] ?? 0) || a.services.length - b.services.length || a.services[0].localeCompare(b.services[0]),
  );
  const same = (f: (r: PermissionRow) => string[]) => all.every((r) => f(r).join('\n') === f(all[0]).join('\n'));
  const sharedFrom = same((r) => r.from);
  const sharedNotes = same((r) => r.notes);
  const out: string[] = [`**${title}**`];
  if (sharedFrom && all[0].from.length) out.push(`From ${all[0].from.join('; ')}.`);
  if (sharedNotes && all[0].notes.length) out.push(`All of it: _${all[0].notes.join('; ')}_.`);
  const rows = all.slice(0, maxRows).map((r) => {
    const who = r.services.length <= 3 ? r.services.join(', ') : `${r.services.length} services`;
    const actions = r.actions === r.total ? `all ${r.total}` : r.actions <= 3 ? r.names.join(', ') : `${r.actions} of ${r.total}`;
    const res = r.res.length === 1 && r.res[0] === '*' ? '' : ` on ${r.res.length > 2 ? `${r.res.slice(0, 2).map(code).join(', ')}, +${r.res.length - 2}` : r.res.map(code).join(', ')}`;
    const from = sharedFrom ? '' : ` — ${r.from.length > 2 ? `${r.from.slice(0, 2).join('; ')}; +${r.from.length - 2}` : r.from.join('; ')}`;
    const notes = sharedNotes || !r.notes.length ? '' : ` _(${r.notes.slice(0, 2).join('; ')})_`;
    return `- **${who}** ${r.level}: ${actions}${res}${from}${notes}`;
  });
  out.push(rows.join('\n'));
  if (all.length > maxRows) out.push(`… and ${all.length - maxRows} more (Show full effective permissions lists them all).`);
  if (p.removed.length) {
    const lines = p.removed.slice(0, 6).map((r) => `- ${r.service}: ${r.count} action${r.count === 1 ? '' : 's'} (${r.examples.slice(0, 3).join(', ')}${r.count > 3 ? ', …' : ''}) — ${r.reasons.join('; ')}`);
    if (p.removed.length > 6) lines.push(`- … and ${p.removed.length - 6} more services`);
    out.push(`**Taken away:**\n${lines.join('\n')}`);
  }
  if (p.unknownActions.length) out.push(`Unknown actions (not in the AWS catalogue): ${p.unknownActions.slice(0, 5).map(code).join(', ')}.`);
  return out.join('\n\n');
}

const assumeCache = new WeakMap<Workspace, Map<Role, Assumer[]>>();

function assumeSection(ws: Workspace, role: Role): string {
  let perWs = assumeCache.get(ws);
  if (!perWs) assumeCache.set(ws, (perWs = new Map()));
  let list = perWs.get(role);
  if (!list) perWs.set(role, (list = whoCanAssume(ws, role)));
  if (!role.trustPolicy) return '**Who can assume it:** nobody (no trust policy).';
  if (!list.length) return '**Who can assume it:** nobody (the trust policy allows no sts:AssumeRole).';
  const lines = list.map((a) => {
    let s = `- ${a.open ? '⚠️ ' : ''}${a.who} — ${a.actions.join(', ')}`;
    if (a.conditions.length) s += ` when ${a.conditions.map(code).join(' and ')}`;
    if (a.members) s += a.members.length ? `; in the workspace: ${a.members.slice(0, 10).join(', ')}${a.members.length > 10 ? `, … (${a.members.length})` : ''}` : '; in the workspace: no principal has such a policy';
    return s;
  });
  return `**Who can assume it:**\n${lines.join('\n')}`;
}

/** The effective-permissions table: per service and access level, with resources and origins. */
export function permissionsTable(p: EffectivePermissions, asPrincipal: boolean, maxRows = MAX_ROWS): string {
  const out: string[] = [];
  const verb = asPrincipal ? 'Effective permissions' : 'Grants';
  if (!p.services.length) out.push(`**${verb}:** none${asPrincipal ? ' (no policy allows anything)' : ''}.`);
  else if (p.fullAccess) out.push(`**${verb}:** full access — every action of every service on every resource.`);
  else {
    // Rows of the same access level, resources and origins are merged across services, so a broad
    // policy (ReadOnlyAccess) reads as one line and narrow grants stay visible one by one.
    const groups = permissionRows(p, true);
    const all = [...groups.values()].sort(
      (a, b) => (LEVEL_WEIGHT[b.level] ?? 0) - (LEVEL_WEIGHT[a.level] ?? 0) || a.services.length - b.services.length || a.services[0].localeCompare(b.services[0]),
    );
    const rows = all.slice(0, maxRows).map((r) => {
      const who = r.services.length === 1 ? r.services[0] : `${r.services.length} services (${r.services.slice(0, 3).join(', ')}${r.services.length > 3 ? ', …' : ''})`;
      const actions =
        r.actions === r.total ? `all ${r.total}` : r.actions <= 3 ? r.names.map((n) => n.slice(n.indexOf(':') + 1)).join(', ') : `${r.actions} of ${r.total}`;
      const res = r.res.length > 2 ? `${r.res.slice(0, 2).map(code).join(', ')}, … (${r.res.length})` : r.res.map(code).join(', ');
      const from = r.from.length > 2 ? `${r.from.slice(0, 2).join('; ')}; …` : r.from.join('; ');
      const notes = r.notes.slice(0, 2).join('; ');
      return `| ${cell(who)} | ${cell(r.level)} | ${cell(actions)} | ${cell(res)} | ${cell(from)}${notes ? ` — _${cell(notes)}_` : ''} |`;
    });
    out.push(`**${verb}** (${p.services.length} service${p.services.length === 1 ? '' : 's'}):\n\n| Service | Access | Actions | Resources | From |\n|---|---|---|---|---|\n${rows.join('\n')}`);
    if (all.length > maxRows) out.push(`… and ${all.length - maxRows} more rows (command "IAM Workbench: Show Effective Permissions" lists them all).`);
  }
  if (p.removed.length) {
    const lines = p.removed.slice(0, 8).map((r) => `- ${r.service}: ${r.count} action${r.count === 1 ? '' : 's'} (${r.examples.slice(0, 3).join(', ')}${r.count > 3 ? ', …' : ''}) — ${r.reasons.join('; ')}`);
    if (p.removed.length > 8) lines.push(`- … and ${p.removed.length - 8} more services`);
    out.push(`**Taken away:**\n${lines.join('\n')}`);
  }
  if (p.unknownActions.length) out.push(`Unknown actions (not in the AWS catalogue): ${p.unknownActions.slice(0, 5).map(code).join(', ')}.`);
  return out.join('\n\n');
}

const LEVEL_WEIGHT: Record<string, number> = { 'Permissions management': 5, Write: 4, Tagging: 2, Read: 1, List: 0 };

function awsPolicyHover(arn: string, name: string, doc: PolicyDocument): string {
  const info = getManagedPolicy(arn);
  const head = `**AWS managed policy ${name}**  \n${code(arn)}${info ? `  \nVersion ${info.versionId}${info.updated ? `, updated ${info.updated.slice(0, 10)}` : ''}` : ''}`;
  return documentHover(head, doc, `AWS managed ${name}`);
}

function documentHover(head: string, doc: PolicyDocument, origin: string): string {
  return `${head}\n\n${permissionsList(grantsOf(origin, doc, origin), 12, 'Grants')}`;
}

/**
 * What one policy document grants on its own, cached per document: a parsed document never
 * changes (an edit parses a new one), and the answer depends only on it and the two names.
 */
const grantsCache = new WeakMap<PolicyDocument, Map<string, EffectivePermissions>>();
function grantsOf(principal: string, doc: PolicyDocument, origin: string): EffectivePermissions {
  let perDoc = grantsCache.get(doc);
  if (!perDoc) grantsCache.set(doc, (perDoc = new Map()));
  const key = `${principal}\n${origin}`;
  let hit = perDoc.get(key);
  if (!hit) perDoc.set(key, (hit = effectivePermissionsOf(principal, 'group', { identity: [{ doc, origin }], scpLevels: [] })));
  return hit;
}

export function actionHover(value: string, not = false): string | undefined {
  const catalog = getCatalog();
  if (/[*?]/.test(value)) {
    const matched = catalog.actionsMatching(value);
    if (!matched.length) return `${code(value)} matches no known action.`;
    const byLevel = new Map<string, number>();
    for (const a of matched) byLevel.set(a.accessLevels[0] ?? 'Write', (byLevel.get(a.accessLevels[0] ?? 'Write') ?? 0) + 1);
    const levels = [...byLevel].map(([l, n]) => `${l} ${n}`).join(', ');
    const sample = matched.slice(0, 8).map((a) => code(a.id)).join(', ');
    return `${code(value)} ${not ? '(NotAction: everything except these) ' : ''}matches **${matched.length}** action${matched.length === 1 ? '' : 's'} (${levels}): ${sample}${matched.length > 8 ? ', …' : ''}`;
  }
  const a = catalog.action(value);
  if (!a) {
    const hint = catalog.suggest(value, 'action', 3);
    return `${code(value)} is not a known action.${hint.length ? ` Did you mean ${hint.map(code).join(', ')}?` : ''}`;
  }
  return actionDoc(a);
}

export function actionDoc(a: ActionInfo): string {
  const catalog = getCatalog();
  const parts = [`**${a.id}** — ${a.accessLevel}${a.wildcardOnly ? ' (Resource must be `*`)' : ''}`, a.description];
  if (a.resourceTypes.length) {
    parts.push(
      `Resource types:\n${a.resourceTypes
        .map((r) => `- ${r.name}${r.required ? ' (required)' : ''}${r.arn ? `: ${code(r.arn)}` : ''}`)
        .join('\n')}`,
    );
  }
  const keys = catalog.conditionKeysFor(a);
  if (keys.length) parts.push(`Condition keys: ${keys.slice(0, 15).map(code).join(', ')}${keys.length > 15 ? ', …' : ''}`);
  if (a.dependentActions.length) parts.push(`Also needs: ${a.dependentActions.map(code).join(', ')}`);
  const service = catalog.service(a.service);
  if (service) parts.push(`_${service.name}_`);
  return parts.join('\n\n');
}

export function conditionKeyHover(key: string): string | undefined {
  const info = getCatalog().conditionKey(key);
  if (!info) {
    const hint = getCatalog().suggest(key, 'conditionKey', 3);
    return `${code(key)} is not a known condition key.${hint.length ? ` Did you mean ${hint.map(code).join(', ')}?` : ''}`;
  }
  const scope = info.global ? `global condition key${info.category ? ` (${info.category})` : ''}` : info.webIdentityClaim ? 'web identity token claim' : `condition key of ${info.service}`;
  return `**${key}** — ${info.type}, ${scope}\n\n${info.description}`;
}

function principalValueHover(ws: Workspace, type: string, value: string): string | undefined {
  if (type === 'Service') return `The AWS service principal ${code(value)}: the service acts on your behalf.`;
  if (value === '*') return '**Everyone**: any AWS principal, in any account, and anonymous callers where the service allows. Restrict it with conditions.';
  const account = /^\d{12}$/.test(value) ? value : /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value)?.[1];
  if (account) {
    const f = ws.fileForAccount(account);
    return f
      ? `Account **${account}**${f.account.alias ? ` (${f.account.alias.value})` : ''}: any of its principals whose own policies allow it.`
      : `Account **${account}** (not in this workspace): any of its principals whose own policies allow it.`;
  }
  return undefined;
}
