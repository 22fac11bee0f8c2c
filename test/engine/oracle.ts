/**
 * Runs a random case through our engine and through @cloud-copilot/iam-simulate (AGPL: used only as
 * a black-box oracle from a dev dependency, through the `runSimulation` API its README documents).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { evaluate, type Decision, type PolicySet, type PolicySource } from '../../core/engine';
import { parsePolicyText } from '../../core/policy/parse';
import type { PolicyKind } from '../../core/policy/types';
import type { Case } from './random';

/** Keys AWS fills in from the principal; the oracle does not, so both are given them explicitly. */
export function fullContext(c: Case): Record<string, string | string[]> {
  const session = c.principal.includes(':assumed-role/');
  const principalArn = session ? c.principal.replace(':sts:', ':iam:').replace(/assumed-role\/([^/]+)\/.*$/, 'role/$1') : c.principal;
  return {
    ...(session ? {} : { 'aws:username': c.principal.split('/').pop()! }),
    'aws:PrincipalArn': principalArn,
    'aws:PrincipalAccount': c.principal.split(':')[4],
    'aws:CurrentTime': '2025-06-01T00:00:00Z',
    ...c.context,
  };
}

let n = 0;
function source(doc: object, kind: PolicyKind): PolicySource {
  const id = `p${++n}`;
  return { doc: parsePolicyText(JSON.stringify(doc), `mem://${id}`, kind), id };
}

export function policySet(c: Case): PolicySet {
  return {
    identity: c.identity.map((d) => source(d, 'identity')),
    resource: c.resourcePolicy ? source(c.resourcePolicy, 'resource') : undefined,
    scpLevels: c.scps?.map((l) => l.map((d) => source(d, 'scp'))),
    rcpLevels: c.rcps?.map((l) => l.map((d) => source(d, 'rcp'))),
  };
}

export function ours(c: Case, set = policySet(c)): Decision {
  return evaluate({ principal: c.principal, action: c.action, resource: c.resource, resourceAccount: c.resourceAccount, context: fullContext(c) }, set)
    .decision;
}

const THEIRS: Record<string, Decision> = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };

export function theirsSimulation(c: Case): unknown {
  return {
    identityPolicies: c.identity.map((policy, i) => ({ name: `identity${i + 1}`, policy })),
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({
      orgIdentifier: i === 0 ? 'r-root' : `ou-level${i}`,
      policies: level.map((policy, j) => ({ name: `scp${i}-${j}`, policy })),
    })),
    resourceControlPolicies: (c.rcps ?? []).map((level, i) => ({
      orgIdentifier: i === 0 ? 'r-root' : `ou-level${i}`,
      policies: level.map((policy, j) => ({ name: `rcp${i}-${j}`, policy })),
    })),
    resourcePolicy: c.resourcePolicy,
    request: {
      action: c.action,
      principal: c.principal,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: fullContext(c),
    },
  };
}

/** The oracle's decision, or undefined when it rejects the input. */
export async function theirs(c: Case, simulation = theirsSimulation(c)): Promise<Decision | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const r: any = await runSimulation(simulation as any, {});
  if (r.resultType === 'error') return undefined;
  return THEIRS[r.overallResult];
}

/**
 * Disagreements documented in docs/engine-notes.md, recognised by re-deciding the case with the
 * oracle's reading: if that reproduces the oracle's answer, the case differs only on that point.
 */
export function documentedDifference(c: Case, expected: Decision): string | undefined {
  // RCPs apply only to services that support them (Organizations User Guide, "Resource control policies").
  if (c.rcps) {
    const set = { ...policySet(c), rcpServices: new Set([c.action.split(':')[0].toLowerCase()]) };
    if (ours(c, set) === expected) return 'rcp-unsupported-service';
  }
  // Policy variables are not substituted in Version 2008-10-17 documents (IAM User Guide, "Policy variables").
  const json = JSON.stringify(c);
  if (json.includes('"Version":"2008-10-17"') && json.includes('${')) {
    const upgraded = JSON.parse(json.replaceAll('"Version":"2008-10-17"', '"Version":"2012-10-17"')) as Case;
    if (ours(upgraded) === expected) return '2008-variables';
    if (c.rcps) {
      const set = { ...policySet(upgraded), rcpServices: new Set([c.action.split(':')[0].toLowerCase()]) };
      if (ours(upgraded, set) === expected) return '2008-variables+rcp-unsupported-service';
    }
  }
  return undefined;
}
