import type { Finding } from '../findings';
import type { PolicyDocument } from '../policy/types';
import { parseArn } from './arn';
import { awsPolicyHint, bundledAwsPolicy } from './aws-policies';
import { builtinOrganizationPolicy } from './builtin-policies';
import { closest } from './reader';
import type { AccountFile, PolicyRef, ResolvedPolicy } from './types';

/** Looks up an AWS managed policy by ARN: its name and parsed document, or undefined if AWS has none. */
export type PolicyResolver = (arn: string) => { name: string; document: PolicyDocument } | undefined;

/**
 * Resolves one file's references: policies of users, groups and roles, permissions boundaries,
 * group memberships, organization policies. Fills `target` / `members`; returns findings for what
 * does not resolve. Idempotent: running it again after an edit starts from a clean state.
 */
export function resolveFile(file: AccountFile, awsPolicies: PolicyResolver = bundledAwsPolicy): Finding[] {
  const findings: Finding[] = [];
  const problem = (code: string, span: PolicyRef['span'], message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ code, severity, message, uri: file.uri, span });

  const policyNames = [...file.policies.keys()];
  const resolvePolicy = (ref: PolicyRef, usage: string): void => {
    ref.target = undefined;
    const value = ref.ref;
    if (value.startsWith('arn:')) {
      const arn = parseArn(value);
      if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('policy/')) {
        problem('ref/policy-arn', ref.span, `"${value}" is not a policy ARN (arn:aws:iam::ACCOUNT:policy/NAME).`);
        return;
      }
      if (arn.account === 'aws') {
        const found = awsPolicies(value);
        if (found) ref.target = { kind: 'aws', arn: value, name: found.name, document: found.document };
        else problem('ref/unknown-aws-policy', ref.span, `AWS has no managed policy ${value}.${awsPolicyHint(value)}`);
        return;
      }
      if (arn.account !== file.accountId) {
        problem(
          'ref/foreign-policy',
          ref.span,
          `Policy ${value} belongs to account ${arn.account}; ${usage} can use only this account's policies and AWS managed policies.`,
        );
        return;
      }
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
      const policy = file.policies.get(name);
      if (policy) ref.target = { kind: 'customer', policy };
      else problem('ref/unknown-policy', ref.span, `No policy named "${name}" in this account's "policies".`);
      return;
    }
    const policy = file.policies.get(value) ?? caseInsensitive(file.policies, value);
    if (policy) {
      ref.target = { kind: 'customer', policy };
      if (policy.name !== value) {
        problem('ref/case', ref.span, `The policy is named "${policy.name}"; write the name as it is declared.`, 'warning');
      }
      return;
    }
    const hint = closest(value, policyNames);
    problem(
      'ref/unknown-policy',
      ref.span,
      `No policy named "${value}" in "policies"${hint ? `; did you mean "${hint}"?` : '. Name a customer policy or write an AWS managed policy ARN.'}`,
    );
  };

  const groupNames = [...file.groups.keys()];
  for (const group of file.groups.values()) {
    group.members = [];
    for (const ref of group.policies) resolvePolicy(ref, `group "${group.name}"`);
  }
  for (const user of file.users.values()) {
    for (const ref of user.policies) resolvePolicy(ref, `user "${user.name}"`);
    if (user.permissionsBoundary) resolvePolicy(user.permissionsBoundary, 'a permissions boundary');
    user.memberOf = [];
    for (const g of user.groups) {
      const group = file.groups.get(g.name) ?? caseInsensitive(file.groups, g.name);
      if (group) {
        if (!user.memberOf.includes(group)) {
          user.memberOf.push(group);
          group.members.push(user);
        }
      }
      else {
        const hint = closest(g.name, groupNames);
        problem('ref/unknown-group', g.span, `No group named "${g.name}" in "groups"${hint ? `; did you mean "${hint}"?` : '.'}`);
      }
    }
  }
  for (const role of file.roles.values()) {
    for (const ref of role.policies) resolvePolicy(ref, `role "${role.name}"`);
    if (role.permissionsBoundary) resolvePolicy(role.permissionsBoundary, 'a permissions boundary');
  }

  const org = file.account.organization;
  if (org) {
    for (const [levels, kind] of [
      [org.serviceControlPolicies, 'scp'],
      [org.resourceControlPolicies, 'rcp'],
    ] as const) {
      for (const level of levels) {
        for (const ref of level) {
          ref.target = undefined;
          const builtin = builtinOrganizationPolicy(ref.ref, kind);
          const policy = file.policies.get(ref.ref);
          if (builtin) ref.target = builtin;
          else if (policy) ref.target = { kind: 'customer', policy } satisfies ResolvedPolicy;
          else {
            const known = kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
            problem(
              `ref/unknown-${kind}`,
              ref.span,
              `No policy named "${ref.ref}" in "policies" (nor the AWS-provided ${known}).`,
            );
          }
        }
      }
    }
  }
  return findings;
}

function caseInsensitive<T>(map: Map<string, T>, name: string): T | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}
