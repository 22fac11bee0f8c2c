import { scenarioRenameEdits, type ScenarioText } from '../analysis/scenarios/rename';
import type { TextEdit } from '../findings';
import type { AccountFile, Entity, PolicyRef } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { Span } from '../text/span';
import { documentSites, locate, type Target } from './locate';

/** A place in a file. */
export interface Location {
  uri: string;
  span: Span;
}

/** One use of an entity's name: `nameSpan` covers exactly the characters of the name (no quotes, no ARN prefix). */
export interface Use extends Location {
  nameSpan: Span;
  /** 'declaration' for the entity's own key. */
  role: 'declaration' | 'reference';
}

/** The entity a target names (its declaration, or what a reference resolves to). */
export function entityOf(ws: Workspace, file: AccountFile, target: Target | undefined): Entity | undefined {
  if (!target) return undefined;
  switch (target.kind) {
    case 'entity':
      return target.entity;
    case 'policyRef':
      return target.ref.target?.kind === 'customer' ? target.ref.target.policy : undefined;
    case 'groupRef':
    case 'nestedGroupRef':
      return byName(file.groups, target.ref.name);
    case 'principal':
    case 'resource':
      return entityForArn(ws, target.value.value);
    case 'conditionValue':
      return typeof target.value.value === 'string' ? entityForArn(ws, target.value.value) : undefined;
    default:
      return undefined;
  }
}

/** The entity an ARN (or, for principals, a bare account id) names, identity providers included. */
export function entityForArn(ws: Workspace, value: string): Entity | undefined {
  if (!value.startsWith('arn:') || /[*?]/.test(value)) return undefined;
  const hit = ws.entityByArn(value);
  if (hit) return hit;
  if (/:(oidc|saml)-provider\//.test(value)) {
    const lower = value.toLowerCase();
    for (const f of ws.files) for (const idp of f.identityProviders.values()) if (idp.arn.toLowerCase() === lower) return idp;
  }
  return undefined;
}

function byName<T>(map: Map<string, T>, name: string): T | undefined {
  const exact = map.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Go to definition: where the thing at `offset` is declared. */
export function definition(ws: Workspace, uri: string, offset: number): Location[] {
  const file = ws.file(uri);
  if (!file) return [];
  const target = locate(file, offset);
  const entity = entityOf(ws, file, target);
  if (entity) return [{ uri: entity.uri, span: entity.nameSpan }];
  if (!target) return [];
  // An attachment in an organization file: the SCP or RCP it names.
  if (target.kind === 'policyRef' && target.ref.target?.kind === 'organization') {
    const p = target.ref.target.policy;
    return [{ uri: p.uri, span: p.nameSpan }];
  }
  // An account id or account root ARN in a principal: the account's file.
  if (target.kind === 'principal' || target.kind === 'resource') {
    const account = accountOf(target.value.value);
    const other = account ? ws.fileForAccount(account) : undefined;
    if (other?.account.id) return [{ uri: other.uri, span: other.account.id.span }];
    for (const f of ws.files) {
      const entry = f.resources.find((r) => r.arn === target.value.value);
      if (entry) return [{ uri: f.uri, span: entry.arnSpan }];
    }
  }
  return [];
}

function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value);
  return m?.[1];
}

/** The span of the name inside a string token: bare names lose their quotes, ARNs keep only the last segment. */
function nameInside(span: Span, text: string): Span {
  const raw = text.slice(span.start, span.end);
  const quoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2;
  const start = span.start + (quoted ? 1 : 0);
  const end = span.end - (quoted ? 1 : 0);
  const inner = text.slice(start, end);
  const slash = inner.lastIndexOf('/');
  return inner.startsWith('arn:') && slash >= 0 ? { start: start + slash + 1, end } : { start, end };
}

/** Every use of an entity across the workspace: its declaration, references by name and by ARN. */
export function usesOf(ws: Workspace, entity: Entity): Use[] {
  const out: Use[] = [];
  const home = ws.file(entity.uri);
  if (!home) return out;
  const add = (file: AccountFile, span: Span, role: Use['role']) =>
    out.push({ uri: file.uri, span, nameSpan: nameInside(span, file.text), role });
  add(home, entity.nameSpan, 'declaration');
  if (entity.kind === 'policy') {
    const refs = [
      ...[...home.users.values(), ...home.groups.values(), ...home.roles.values()].flatMap((e) => e.policies),
      ...[...home.users.values(), ...home.roles.values()].flatMap((e) => (e.permissionsBoundary ? [e.permissionsBoundary] : [])),
      ...(home.account.organization?.serviceControlPolicies.flat() ?? []),
      ...(home.account.organization?.resourceControlPolicies.flat() ?? []),
    ];
    for (const r of refs) if (r.target?.kind === 'customer' && r.target.policy === entity) add(home, r.span, 'reference');
  }
  if (entity.kind === 'group') {
    const lower = entity.name.toLowerCase();
    for (const u of home.users.values()) for (const g of u.groups) if (g.name.toLowerCase() === lower) add(home, g.span, 'reference');
    for (const g of home.groups.values()) for (const n of g.nestedGroups ?? []) if (n.name.toLowerCase() === lower) add(home, n.span, 'reference');
  }
  // ARNs in policy documents of every file (principals, resources, condition values).
  const arnLower = entity.arn.toLowerCase();
  const tail = '/' + entity.name.toLowerCase();
  for (const file of ws.files) {
    for (const site of documentSites(file)) {
      for (const st of site.doc.statements) {
        const values = [
          ...(st.resource?.values ?? []),
          ...(st.notResource?.values ?? []),
          ...[st.principal, st.notPrincipal].flatMap((b) => b?.entries.flatMap((e) => e.values) ?? []),
          ...st.conditions.flatMap((c) => c.values.filter((v): v is { value: string; span: Span } => typeof v.value === 'string')),
        ];
        for (const v of values) {
          const lower = v.value.toLowerCase();
          if (!lower.startsWith('arn:') || !lower.endsWith(tail)) continue;
          if (lower === arnLower || entityForArn(ws, v.value) === entity) add(file, v.span, 'reference');
        }
      }
    }
  }
  return out;
}

/** Find references: every use of what is at `offset` (declaration included when asked). */
export function references(ws: Workspace, uri: string, offset: number, includeDeclaration = true): Location[] {
  const file = ws.file(uri);
  if (!file) return [];
  const entity = entityOf(ws, file, locate(file, offset));
  if (!entity) return [];
  return usesOf(ws, entity)
    .filter((u) => includeDeclaration || u.role !== 'declaration')
    .map(({ uri, span }) => ({ uri, span }));
}

export const NAME_PATTERN = /^[\w+=,.@-]+$/;

export interface RenameTarget {
  /** The name's characters at the cursor (what the editor pre-fills). */
  span: Span;
  placeholder: string;
}

/** Whether the thing at `offset` can be renamed: policies, groups, users and roles. */
export function prepareRename(ws: Workspace, uri: string, offset: number): RenameTarget | undefined {
  const file = ws.file(uri);
  if (!file) return undefined;
  const target = locate(file, offset);
  const entity = entityOf(ws, file, target);
  if (!target || !entity || entity.kind === 'identityProvider') return undefined;
  const span = nameInside(target.span, file.text);
  const placeholder = file.text.slice(span.start, span.end);
  if (placeholder.toLowerCase() !== entity.name.toLowerCase()) return undefined;
  return { span, placeholder };
}

/**
 * `edits` in account files; `scenarioEdits` in scenario files that name the entity (shown for
 * confirmation in the editor's refactor preview).
 */
export type RenameResult = { edits: TextEdit[]; scenarioEdits: TextEdit[] } | { error: string };

/**
 * Renames a policy, group, user or role everywhere: the declaration's key, references by name and
 * ARNs that name it, and the scenario files (`scenarios`) that name it. Minimal edits: only the name's
 * characters change.
 */
export function rename(ws: Workspace, uri: string, offset: number, newName: string, scenarios: readonly ScenarioText[] = []): RenameResult {
  const file = ws.file(uri);
  if (!file) return { error: 'This file is not part of the IAM workspace.' };
  const entity = entityOf(ws, file, locate(file, offset));
  if (!entity || entity.kind === 'identityProvider') return { error: 'Only policies, groups, users and roles can be renamed.' };
  if (!NAME_PATTERN.test(newName)) return { error: `"${newName}" is not a valid IAM name (letters, digits and +=,.@_- only).` };
  const home = ws.file(entity.uri)!;
  const map = entity.kind === 'policy' ? home.policies : entity.kind === 'group' ? home.groups : entity.kind === 'user' ? home.users : home.roles;
  for (const k of map.keys()) {
    if (k !== entity.name && k.toLowerCase() === newName.toLowerCase()) return { error: `A ${entity.kind} named "${k}" already exists (IAM names are unique ignoring case).` };
  }
  const escaped = JSON.stringify(newName).slice(1, -1);
  const seen = new Set<string>();
  const edits: TextEdit[] = [];
  for (const u of usesOf(ws, entity)) {
    const key = `${u.uri}#${u.nameSpan.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edits.push({ uri: u.uri, span: u.nameSpan, newText: escaped });
  }
  return { edits, scenarioEdits: scenarioRenameEdits(ws, entity, newName, scenarios) };
}

const attachmentCache = new WeakMap<Workspace, Map<Entity, number>>();

/** How many times each customer policy is attached (policies, boundaries, SCP/RCP levels); once per snapshot. */
export function attachmentCounts(ws: Workspace): Map<Entity, number> {
  let counts = attachmentCache.get(ws);
  if (counts) return counts;
  counts = new Map();
  const add = (ref: PolicyRef | undefined) => {
    const p = ref?.target?.kind === 'customer' ? ref.target.policy : undefined;
    if (p) counts!.set(p, (counts!.get(p) ?? 0) + 1);
  };
  for (const f of ws.files) {
    for (const e of [...f.users.values(), ...f.groups.values(), ...f.roles.values()]) {
      e.policies.forEach(add);
      if (e.kind !== 'group') add(e.permissionsBoundary);
    }
    const org = f.account.organization;
    org?.serviceControlPolicies.flat().forEach(add);
    org?.resourceControlPolicies.flat().forEach(add);
  }
  attachmentCache.set(ws, counts);
  return counts;
}
