import { AssumeResolver } from '../analysis/graph/assume';
import type { Role } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { Statement } from '../policy/types';
import { entityForArn } from './navigation';

/** One way in: a principal (or set of principals) a role's trust policy lets assume it. */
export interface Assumer {
  /** Who, in words: `user "alice" (111111111111)`, `any principal of account 222222222222`, `the service ec2.amazonaws.com`. */
  who: string;
  /** sts:AssumeRole, sts:AssumeRoleWithWebIdentity, ... */
  actions: string[];
  /** Conditions of the statement, as `StringEquals sts:ExternalId = "x"`. */
  conditions: string[];
  /** For an account: the principals of that account (in the workspace) whose own policies allow sts:AssumeRole on the role. */
  members?: string[];
  /** The statement lets anyone in (`"AWS": "*"`) without conditions. */
  open?: boolean;
}

const ASSUME = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|\*|Assume\*)$/i;

function assumeActions(st: Statement): string[] {
  if (st.notAction) return ['sts:AssumeRole (NotAction)'];
  return (st.action?.values ?? []).map((v) => v.value).filter((a) => a === '*' || ASSUME.test(a));
}

export function conditionText(st: Statement): string[] {
  return st.conditions.map((c) => `${c.operator.value} ${c.key.value} = ${c.values.map((v) => JSON.stringify(v.value)).join(', ')}`);
}

/** Who can assume a role, read from its trust policy and, for trusted accounts, their principals' policies. */
export function whoCanAssume(ws: Workspace, role: Role): Assumer[] {
  const trust = role.trustPolicy;
  if (!trust) return [];
  const out: Assumer[] = [];
  for (const st of trust.statements) {
    if (st.effect?.value !== 'Allow' || !st.principal) continue;
    const actions = assumeActions(st);
    if (!actions.length) continue;
    const conditions = conditionText(st);
    if (st.principal.wildcard) {
      out.push({ who: 'anyone (every AWS principal)', actions, conditions, open: conditions.length === 0 });
      continue;
    }
    for (const entry of st.principal.entries) {
      for (const v of entry.values) {
        const value = v.value;
        const type = entry.type.value;
        if (type === 'Service') out.push({ who: `the service ${value}`, actions, conditions });
        else if (type === 'Federated') {
          const idp = entityForArn(ws, value);
          out.push({ who: idp ? `users of identity provider "${idp.name}" (${value})` : `users federated by ${value}`, actions, conditions });
        } else if (type === 'AWS') {
          if (value === '*') {
            out.push({ who: 'anyone (every AWS principal)', actions, conditions, open: conditions.length === 0 });
            continue;
          }
          const account = /^\d{12}$/.test(value) ? value : /^arn:[\w-]+:iam::(\d{12}):root$/.exec(value)?.[1];
          if (account) {
            const file = ws.fileForAccount(account);
            const alias = file?.account.alias?.value;
            out.push({
              who: `any principal of account ${account}${alias ? ` (${alias})` : ''} its own policies allow to assume the role`,
              actions,
              conditions,
              members: file ? membersAllowed(ws, account, role) : undefined,
            });
            continue;
          }
          const e = entityForArn(ws, value);
          out.push({ who: e ? `${e.kind} "${e.name}" (${value.split(':')[4]})` : value, actions, conditions });
        } else out.push({ who: `${type} ${value}`, actions, conditions });
      }
    }
  }
  return out;
}

/** One resolver per workspace (a workspace is rebuilt after every edit): each principal's session is prepared once, not per role. */
const resolvers = new WeakMap<Workspace, AssumeResolver>();
function resolverOf(ws: Workspace): AssumeResolver {
  let r = resolvers.get(ws);
  if (!r) resolvers.set(ws, (r = new AssumeResolver(ws)));
  return r;
}

/**
 * Users and roles of an account that may assume the role: the graph's can-assume answer (the
 * evaluator, with each principal's own policies and the trust policy), so hover and graph agree.
 */
function membersAllowed(ws: Workspace, account: string, role: Role): string[] {
  return resolverOf(ws)
    .assumersOf(role)
    .filter((a) => (a.kind === 'user' || a.kind === 'role') && a.entity && ws.file(a.entity.uri)?.accountId === account)
    .map((a) => `${a.entity!.kind} "${a.entity!.name}"${a.conditional ? ` (if ${a.conditionKeys.join(', ')} holds)` : ''}`);
}
