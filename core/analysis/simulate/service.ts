/**
 * The simulator panel's requests as pure functions, for the language server to route:
 * `iamWorkbench/simulate` → `simulateQuestion`, `iamWorkbench/simulatorOptions` → `simulatorOptions`,
 * `iamWorkbench/simulatorComplete` → `simulatorComplete`. Never throw on what the panel sends.
 */
import { getManagedPolicy, managedPolicyText } from '../../data/managed-policies';
import type { Workspace } from '../../model';
import { appendScenario } from '../scenarios/write';
import type { ExpectedDecision } from '../scenarios/types';
import {
  actionCompletions,
  contextKeyCompletions,
  resourceSkeletons,
  serviceList,
  type ActionItem,
  type ContextKeyItem,
  type ResourceSkeleton,
  type ServiceItem,
} from './catalog';
import { simulateQuestion, type SimulateOptions } from './index';
import type { SimContextKey, SimulationAnswer, SimulationQuestion } from './types';

/** A caller or chain step the panel offers (`SimPrincipalChoice` on the wire). */
export interface PrincipalChoice {
  /** What goes into `SimulationQuestion.principal` (an ARN, an account id or a service principal). */
  value: string;
  kind: 'user' | 'role' | 'identityProvider' | 'account' | 'service';
  label: string;
  account: string;
}

/** The result of `iamWorkbench/simulatorOptions` (`SimulatorOptions` on the wire). */
export interface SimulatorOptionsData {
  principals: PrincipalChoice[];
  /** Roles that can be steps of a chain (ARNs). */
  roles: PrincipalChoice[];
  services: ServiceItem[];
  accessLevels: string[];
}

const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'];

/** Everything the panel can pick as a caller or a chain step. */
export function simulatorOptions(ws: Workspace): SimulatorOptionsData {
  const principals: PrincipalChoice[] = [];
  const roles: PrincipalChoice[] = [];
  for (const f of ws.files) {
    const account = f.accountId;
    const alias = f.account.alias?.value;
    const suffix = alias ? ` (${alias})` : ` (${account})`;
    for (const u of f.users.values()) principals.push({ value: u.arn, kind: 'user', label: `user ${u.name}${suffix}`, account });
    for (const r of f.roles.values()) {
      const choice: PrincipalChoice = { value: r.arn, kind: 'role', label: `role ${r.name}${suffix}`, account };
      principals.push(choice);
      roles.push(choice);
    }
    for (const p of f.identityProviders.values()) {
      principals.push({ value: p.arn, kind: 'identityProvider', label: `${p.type === 'saml' ? 'SAML' : 'OIDC'} provider ${p.name}${suffix}`, account });
    }
    principals.push({ value: account, kind: 'account', label: `account ${account}${alias ? ` ${alias}` : ''} (root)`, account });
  }
  for (const s of SERVICES) principals.push({ value: s, kind: 'service', label: `service ${s}`, account: '' });
  return { principals, roles, services: serviceList(), accessLevels: ['List', 'Read', 'Write', 'Tagging', 'Permissions management'] };
}

/** The params of `iamWorkbench/simulatorComplete` (`SimCompletionQuery` on the wire). */
export type CompletionQuery =
  | { kind: 'actions'; text: string; service?: string; accessLevel?: string; limit?: number }
  | { kind: 'resources'; actions: string[]; account?: string }
  | { kind: 'contextKeys'; actions: string[]; text?: string }
  /** The keys AWS fills in for the question's caller (shown pre-filled before the first answer). */
  | { kind: 'filledContext'; question: SimulationQuestion };

/** The result of `iamWorkbench/simulatorComplete` (`SimCompletions` on the wire). */
export interface Completions {
  actions?: ActionItem[];
  resources?: ResourceSkeleton[];
  contextKeys?: ContextKeyItem[];
  filledContext?: SimContextKey[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * `iamWorkbench/simulatorComplete`. `filledContext` needs the workspace (the caller's keys); the
 * catalogue kinds do not.
 */
export function simulatorComplete(query: unknown, ws?: Workspace): Completions {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  try {
    switch (q.kind) {
      case 'actions':
        return { actions: actionCompletions({ text: str(q.text), service: str(q.service), accessLevel: str(q.accessLevel), limit: typeof q.limit === 'number' ? q.limit : undefined }) };
      case 'resources':
        return { resources: resourceSkeletons(strings(q.actions), { account: str(q.account) }) };
      case 'contextKeys':
        return { contextKeys: contextKeyCompletions(strings(q.actions), str(q.text) ?? '') };
      case 'filledContext': {
        if (!ws) return {};
        const question = { ...sanitizeQuestion(q.question), actions: [] };
        return { filledContext: simulateQuestion(ws, question).context.filter((k) => k.source === 'aws') };
      }
      default:
        return {};
    }
  } catch {
    return {};
  }
}

/** The question as the panel sent it, made safe: wrong types dropped rather than trusted. */
export function sanitizeQuestion(value: unknown): SimulationQuestion {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const context = (c: unknown) => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return undefined;
    const out: Record<string, string | number | boolean | string[]> = {};
    for (const [k, x] of Object.entries(c as Record<string, unknown>)) {
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = x;
      else if (Array.isArray(x)) out[k] = x.map(String);
    }
    return out;
  };
  const policy = (p: unknown) => (typeof p === 'string' || (p && typeof p === 'object') ? (p as string | object) : undefined);
  const chain = Array.isArray(v.chain)
    ? v.chain
        .map((h) => (typeof h === 'string' ? { role: h } : h && typeof h === 'object' ? (h as Record<string, unknown>) : undefined))
        .filter((h): h is Record<string, unknown> => !!h && typeof h.role === 'string' && !!h.role)
        .map((h) => ({ role: h.role as string, context: context(h.context), sessionName: str(h.sessionName), sessionPolicy: policy(h.sessionPolicy) }))
    : undefined;
  return {
    principal: str(v.principal) ?? '',
    account: str(v.account) || undefined,
    sourceAccount: str(v.sourceAccount) || undefined,
    chain: chain?.length ? chain : undefined,
    sessionPolicy: policy(v.sessionPolicy),
    actions: strings(v.actions),
    resources: strings(v.resources),
    context: context(v.context),
  };
}

/** `iamWorkbench/simulate`: never throws; an internal error comes back as a problem. */
export function simulateRequest(ws: Workspace, params: unknown, opts?: SimulateOptions): SimulationAnswer {
  try {
    return simulateQuestion(ws, sanitizeQuestion(params), opts);
  } catch (e) {
    return {
      principal: { arn: '', kind: 'unknown', label: '' },
      hops: [],
      chainAllowed: false,
      context: [],
      rows: [],
      problems: [`The simulator failed: ${e instanceof Error ? e.message : String(e)}`],
    };
  }
}

const EXPECTS = new Set(['allowed', 'denied', 'explicitDeny', 'implicitDeny']);

/** The result of `iamWorkbench/scenarioText`: the new text, or why the scenario could not be added. */
export interface ScenarioTextResult {
  text?: string;
  error?: string;
}

/** `iamWorkbench/scenarioText`: the scenario file's new text with the panel's question appended. */
export function scenarioTextRequest(params: unknown): ScenarioTextResult {
  const p = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  const name = str(p.name)?.trim();
  if (!name) return { error: 'The scenario needs a name.' };
  const expect = str(p.expect);
  if (!expect || !EXPECTS.has(expect)) return { error: 'The expected decision must be allowed, denied, explicitDeny or implicitDeny.' };
  try {
    const text = appendScenario(str(p.text), { name, question: sanitizeQuestion(p.question), expect: expect as ExpectedDecision });
    return text === undefined ? { error: 'The scenario file is not a JSON object with a "scenarios" array; fix it first.' } : { text };
  } catch (e) {
    return { error: `Could not add the scenario: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** `iamWorkbench/policyText`: the text behind an `aws-managed-policy:NAME` location (positions match the answers'). */
export function policyTextRequest(params: unknown): { text?: string } {
  const uri = str((params as { uri?: unknown } | undefined)?.uri);
  if (!uri?.startsWith('aws-managed-policy:')) return {};
  try {
    const policy = getManagedPolicy(uri.slice('aws-managed-policy:'.length));
    return policy ? { text: managedPolicyText(policy) } : {};
  } catch {
    return {};
  }
}
