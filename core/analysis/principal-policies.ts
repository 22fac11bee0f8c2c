/**
 * The policies a workspace principal brings to a request, as `simulate-principal-policy` gathers
 * them: a user's own and its groups' policies, boundary and SCPs; a role's policies, boundary and
 * SCPs (as a session of the role); a group's policies alone. Built on the simulator's principal
 * resolution (simulate/principal.ts) so both answer alike.
 */
import type { ResourceSide } from '../engine/simulate';
import type { PolicySet, PrincipalInput } from '../engine/types';
import type { Group, Workspace } from '../model';
import type { Span } from '../text/span';
import { refSources, roleSession, scpLevelsOf, userSession } from './simulate/principal';
import { resourceSide } from './simulate/resource';

export interface PrincipalPolicies {
  kind: 'user' | 'group' | 'role';
  /** The caller the requests are made as. For a group: an unnamed member of its account. */
  principal: PrincipalInput;
  policies: PolicySet;
  where: { uri: string; span: Span };
}

function groupPolicies(ws: Workspace, group: Group): PrincipalPolicies {
  const file = ws.file(group.uri);
  const account = file?.accountId ?? '000000000000';
  return {
    kind: 'group',
    principal: { arn: `arn:${file?.account.partition ?? 'aws'}:iam::${account}:user/`, unnamed: true },
    policies: {
      identity: [
        ...refSources(group.policies),
        ...group.inlinePolicies.map((p) => ({ doc: p.document, id: `group/${group.name}/inline/${p.name}`, sourceType: 'group' })),
      ],
      scpLevels: scpLevelsOf(ws, file),
    },
    where: { uri: group.uri, span: group.nameSpan },
  };
}

/** The policies of the user, group or role an ARN names; a message when the workspace has none. */
export function principalPolicies(ws: Workspace, arn: string): PrincipalPolicies | { problem: string } {
  const e = ws.entityByArn(arn.trim());
  if (!e) return { problem: `no user, group or role with ARN ${arn} in the workspace (${ws.files.length} account file(s) read)` };
  switch (e.kind) {
    case 'user': {
      const s = userSession(ws, e);
      return { kind: 'user', principal: s.principal, policies: s.policies, where: { uri: e.uri, span: e.nameSpan } };
    }
    case 'role': {
      const s = roleSession(ws, e);
      return { kind: 'role', principal: s.principal, policies: s.policies, where: { uri: e.uri, span: e.nameSpan } };
    }
    case 'group':
      return groupPolicies(ws, e);
    default:
      return { problem: `${arn} names a ${e.kind === 'policy' ? 'managed policy' : 'identity provider'}; --policy-source-arn takes a user, group or role` };
  }
}

/** The resource side the workspace knows for a request: resource-based policy, its kind, the owner's RCPs. */
export function workspaceResourceSide(ws: Workspace, action: string, resource: string): ResourceSide {
  const side = resourceSide(ws, action, resource);
  return { policies: { resource: side.policy, resourceKind: side.kind, rcpLevels: side.rcpLevels }, account: side.account };
}

/**
 * The principal's own policies with what SimulatePrincipalPolicy lets a request add: extra identity
 * policies (added), a boundary, session policies or SCP levels (replacing the principal's), RCP levels,
 * VPC endpoint policies and a resource policy (the workspace's resource side is used otherwise).
 */
export function mergePolicySets(own: PolicySet, extra: PolicySet): PolicySet {
  return {
    ...own,
    identity: [...(own.identity ?? []), ...(extra.identity ?? [])],
    boundary: extra.boundary ?? own.boundary,
    session: extra.session ?? own.session,
    scpLevels: extra.scpLevels ?? own.scpLevels,
    rcpLevels: extra.rcpLevels,
    endpoint: extra.endpoint,
    resource: extra.resource,
    rcpServices: extra.rcpServices,
  };
}
