/**
 * What the simulator panel completes from the catalogue: actions (filtered by service and access
 * level), wildcards expanded to actions, ARN skeletons for the chosen actions' resource types, and
 * the condition keys those actions read, with their types.
 */
import { getCatalog, type ActionInfo, type ConditionKeyType } from '../../data/catalog';

/** Expanding `*` alone would ask about every AWS action; beyond this many the rows are cut. */
export const MAX_EXPANDED_ACTIONS = 300;

export interface ExpandedActions {
  actions: string[];
  problems: string[];
  truncated: boolean;
}

/**
 * Actions as the asker wrote them, wildcards expanded through the catalogue (in catalogue order,
 * duplicates dropped). An action the catalogue does not know is kept (the engine can still decide
 * it) and reported with a did-you-mean.
 */
export function expandActions(patterns: string[], limit = MAX_EXPANDED_ACTIONS): ExpandedActions {
  const out: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  let truncated = false;
  const add = (id: string) => {
    const k = id.toLowerCase();
    if (seen.has(k)) return;
    if (out.length >= limit) {
      truncated = true;
      return;
    }
    seen.add(k);
    out.push(id);
  };
  let catalog: ReturnType<typeof getCatalog> | undefined;
  try {
    catalog = getCatalog();
  } catch {
    problems.push('The AWS catalogue is not available: wildcards are not expanded.');
  }
  for (const raw of patterns) {
    const p = raw.trim();
    if (!p) continue;
    if (!/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$/.test(p) && p !== '*') {
      problems.push(`"${p}" is not an action (service:Action).`);
      continue;
    }
    if (!catalog) {
      add(p);
      continue;
    }
    if (/[*?]/.test(p)) {
      const found = catalog.actionsMatching(p);
      if (!found.length) problems.push(`"${p}" matches no action of the catalogue.`);
      for (const a of found) add(a.id);
      continue;
    }
    const a = catalog.action(p);
    if (a) add(a.id);
    else {
      const hint = catalog.suggest(p, 'action', 1);
      problems.push(`${p} is not in the AWS catalogue${hint.length ? `; did you mean ${hint[0]}?` : ''}. Simulated as written.`);
      add(p);
    }
  }
  if (truncated) problems.push(`The actions were cut at ${limit}; narrow the wildcard to see the rest.`);
  return { actions: out, problems, truncated };
}

export interface ActionItem {
  id: string;
  accessLevel: string;
  description: string;
}

export interface ActionQuery {
  /** What has been typed: `s3:Get`, `GetObj`, `iam`. */
  text?: string;
  service?: string;
  /** `List`, `Read`, `Write`, `Tagging`, `Permissions management`. */
  accessLevel?: string;
  limit?: number;
}

/** Action completions, best first: prefix matches of the full id, then of the action name. */
export function actionCompletions(q: ActionQuery): ActionItem[] {
  let catalog;
  try {
    catalog = getCatalog();
  } catch {
    return [];
  }
  const limit = Math.max(1, Math.min(q.limit ?? 50, 500));
  const text = (q.text ?? '').trim().toLowerCase();
  const service = q.service?.trim().toLowerCase();
  const colon = text.indexOf(':');
  const textService = colon > 0 ? text.slice(0, colon) : undefined;
  const pool: ActionInfo[] = service
    ? catalog.actionsOf(service)
    : textService && !/[*?]/.test(textService)
      ? catalog.actionsOf(textService)
      : catalog.allActions();
  const level = q.accessLevel?.trim().toLowerCase();
  const first: ActionItem[] = [];
  const second: ActionItem[] = [];
  for (const a of pool) {
    if (level && !a.accessLevels.some((l) => l.toLowerCase() === level)) continue;
    const id = a.id.toLowerCase();
    const item = { id: a.id, accessLevel: a.accessLevel, description: a.description };
    if (!text || id.startsWith(text)) first.push(item);
    else if (colon < 0 && (a.name.toLowerCase().startsWith(text) || id.includes(text))) second.push(item);
    if (first.length >= limit) break;
  }
  return [...first, ...second].slice(0, limit);
}

export interface ServiceItem {
  prefix: string;
  name: string;
}

export function serviceList(): ServiceItem[] {
  try {
    return getCatalog()
      .services()
      .map((s) => ({ prefix: s.prefix, name: s.name }))
      .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  } catch {
    return [];
  }
}

export interface ResourceSkeleton {
  action: string;
  resourceType: string;
  required: boolean;
  /** The ARN template with the partition, region and account filled in where known. */
  arn: string;
}

/**
 * ARN skeletons for the actions' resource types: `arn:aws:s3:::${BucketName}/${ObjectName}` with
 * `${Partition}`, `${Account}` and `${Region}` filled in. Actions that take only `*` give `*`.
 */
export function resourceSkeletons(actions: string[], fill: { partition?: string; account?: string; region?: string } = {}): ResourceSkeleton[] {
  let catalog;
  try {
    catalog = getCatalog();
  } catch {
    return [];
  }
  const out: ResourceSkeleton[] = [];
  const seen = new Set<string>();
  for (const id of actions.slice(0, 50)) {
    const a = catalog.action(id);
    if (!a) continue;
    if (!a.resourceTypes.length) {
      if (!seen.has(`${a.id}|*`)) out.push({ action: a.id, resourceType: '*', required: true, arn: '*' });
      seen.add(`${a.id}|*`);
      continue;
    }
    for (const r of a.resourceTypes) {
      const arn = (r.arn || '*')
        .replace(/\$\{Partition\}/g, fill.partition ?? 'aws')
        .replace(/\$\{Account\}/g, fill.account ?? '${Account}')
        .replace(/\$\{Region\}/g, fill.region ?? '${Region}');
      const key = `${a.id}|${arn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ action: a.id, resourceType: r.name, required: r.required, arn });
    }
  }
  return out;
}

/** How the panel offers a key's input: a text box, an IP/CIDR, a date, a switch, a number, or a list. */
export type ContextInputKind = 'string' | 'ip' | 'date' | 'bool' | 'number' | 'arn' | 'binary';

export interface ContextKeyItem {
  key: string;
  type: ConditionKeyType;
  input: ContextInputKind;
  multi: boolean;
  description: string;
  global: boolean;
}

export function inputKind(type: ConditionKeyType | string): { input: ContextInputKind; multi: boolean } {
  const multi = type.startsWith('ArrayOf');
  const base = multi ? type.slice('ArrayOf'.length) : type;
  const input: ContextInputKind =
    base === 'IPAddress' ? 'ip' : base === 'Date' ? 'date' : base === 'Bool' ? 'bool' : base === 'Numeric' ? 'number' : base === 'ARN' ? 'arn' : base === 'Binary' ? 'binary' : 'string';
  return { input, multi };
}

/** The type of a condition key as the catalogue knows it (String when unknown). */
export function contextKeyInfo(key: string): ContextKeyItem {
  try {
    const info = getCatalog().conditionKey(key);
    if (info) return { key, type: info.type, ...inputKind(info.type), description: info.description, global: info.global };
  } catch {
    // no catalogue: plain strings
  }
  return { key, type: 'String', input: 'string', multi: false, description: '', global: false };
}

/**
 * Condition keys to offer for the chosen actions: the actions' own keys and the global keys,
 * filtered by what has been typed. Templated keys keep their template (`aws:PrincipalTag/${TagKey}`).
 */
export function contextKeyCompletions(actions: string[], text = '', limit = 250): ContextKeyItem[] {
  let catalog;
  try {
    catalog = getCatalog();
  } catch {
    return [];
  }
  const t = text.trim().toLowerCase();
  const out: ContextKeyItem[] = [];
  const seen = new Set<string>();
  const push = (key: string) => {
    const k = key.toLowerCase();
    if (seen.has(k) || (t && !k.includes(t))) return;
    seen.add(k);
    out.push(contextKeyInfo(key));
  };
  for (const id of actions.slice(0, 50)) for (const k of catalog.conditionKeysFor(id)) push(k);
  for (const g of catalog.globalConditionKeys()) push(g.key);
  return out.slice(0, limit);
}
