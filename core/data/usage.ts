import { listManagedPolicies, type ManagedPolicy } from './managed-policies';

/**
 * How often AWS's own managed policies name each service and each action: the measure of "common" that
 * completion ranks by (s3 and ec2 before a2c; s3:GetObject before s3:GetAccelerateConfiguration). Counted
 * once, on first use, over the latest version of every AWS managed policy: a service counts once per policy
 * whose Allow or Deny statements name it (in `Action` or `NotAction`, with or without wildcards); an
 * action counts once per policy that names it exactly (a wildcard such as `s3:Get*` says nothing about which
 * of the actions it covers are used). Keys are lower case.
 */
export interface Usage {
  services: Map<string, number>;
  actions: Map<string, number>;
}

let cached: Usage | undefined;
let partial: { usage: Usage; policies: ManagedPolicy[]; next: number } | undefined;

export function managedPolicyUsage(): Usage {
  while (!cached) countSome(Infinity);
  return cached;
}

/**
 * Counts the next `n` policies (for a warm-up in slices: the whole count parses every AWS managed policy
 * document, ~0.5 s); true once every policy is counted.
 */
export function countSome(n = 100): boolean {
  if (cached) return true;
  if (!partial) {
    let policies: ManagedPolicy[] = [];
    try {
      policies = listManagedPolicies();
    } catch {
      // no bundled data: nothing is common, completion stays alphabetical
    }
    partial = { usage: { services: new Map(), actions: new Map() }, policies, next: 0 };
  }
  const { usage, policies } = partial;
  const end = Math.min(policies.length, partial.next + n);
  for (; partial.next < end; partial.next++) {
    const services = new Set<string>();
    const actions = new Set<string>();
    for (const value of actionValues(policies[partial.next].document)) {
      const colon = value.indexOf(':');
      if (colon <= 0) continue;
      const lower = value.toLowerCase();
      services.add(lower.slice(0, colon));
      if (!/[*?]/.test(lower)) actions.add(lower);
    }
    for (const s of services) usage.services.set(s, (usage.services.get(s) ?? 0) + 1);
    for (const a of actions) usage.actions.set(a, (usage.actions.get(a) ?? 0) + 1);
  }
  if (partial.next >= policies.length) {
    cached = usage;
    partial = undefined;
  }
  return !!cached;
}

function actionValues(doc: unknown): string[] {
  const out: string[] = [];
  const statements = (doc as { Statement?: unknown } | undefined)?.Statement;
  for (const st of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    for (const key of ['Action', 'NotAction']) {
      const v = (st as Record<string, unknown> | null)?.[key];
      for (const a of Array.isArray(v) ? v : [v]) if (typeof a === 'string') out.push(a);
    }
  }
  return out;
}

/**
 * A sort key that puts the most used first and keeps the alphabetical order among equals: the count,
 * inverted and zero-padded, then the name.
 */
export function usageSortText(count: number, name: string): string {
  return String(999999 - Math.min(count, 999999)).padStart(6, '0') + name;
}
