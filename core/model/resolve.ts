import type { Finding } from '../findings';
import type { PolicyDocument } from '../policy/types';
import { parseArn } from './arn';
import { awsPolicyHint, bundledAwsPolicy } from './aws-policies';
import { builtinOrganizationPolicy } from './builtin-policies';
import { closest } from './reader';
import type { AccountFile, Entity, EntitySection, Group, ManagedPolicy, OrganizationTree, PolicyRef, ResolvedPolicy, Role, User } from './types';
import { orgNodes } from './parse-organization';

/** Looks up an AWS managed policy by ARN: its name and parsed document, or undefined if AWS has none. */
export type PolicyResolver = (arn: string) => { name: string; document: PolicyDocument } | undefined;

/** Resolution findings of one file, by what they belong to: `section:name` of an entity, or `organization`. */
export type ResolutionFindings = Map<string, Finding[]>;

/** The key of an entity's resolution findings. */
function resolutionKey(section: EntitySection, name: string): string {
  return `${section}:${name}`;
}

/** The document a resolved policy reference leads to (a customer, AWS managed or built-in policy); undefined when dangling. */
export function referencedDocument(ref: PolicyRef): PolicyDocument | undefined {
  const t = ref.target;
  if (!t) return undefined;
  return t.kind === 'customer' || t.kind === 'organization' ? t.policy.document : t.document;
}

/**
 * Resolves one file's references: policies of users, groups and roles, permissions boundaries,
 * group memberships, organization policies. Fills `target` / `members` / `memberOf`; returns findings
 * for what does not resolve, by owner. Idempotent: running it again after an edit starts from a
 * clean state.
 */
export function resolveFile(file: AccountFile, awsPolicies: PolicyResolver = bundledAwsPolicy): ResolutionFindings {
  const r = new FileResolver(file, awsPolicies);
  const out: ResolutionFindings = new Map();
  if (file.organization) {
    out.set('organization', r.organizationTree(file.organization));
    return out;
  }
  for (const group of file.groups.values()) group.members = [];
  for (const group of file.groups.values()) out.set(resolutionKey('groups', group.name), r.group(group));
  for (const user of file.users.values()) out.set(resolutionKey('users', user.name), r.user(user));
  for (const role of file.roles.values()) out.set(resolutionKey('roles', role.name), r.role(role));
  out.set('organization', r.organization());
  return out;
}

/**
 * Resolves again after one entity of the file was replaced by an edit inside its value (same name,
 * new object): the new entity's own references, and every link that pointed at the old object.
 * Names don't change in such an edit, so nothing else resolves differently. Updates `findings`.
 * A rename (`after.name !== before.name`, an edit inside the key) changes which references resolve and
 * the "did you mean" hints of those that don't: the file is resolved again whole (map look-ups, each
 * distinct name looked up once: ~10–20 ms for 5,000 users naming one group).
 */
export function resolveReplaced(
  file: AccountFile,
  section: EntitySection,
  before: Entity,
  after: Entity,
  findings: ResolutionFindings,
  awsPolicies: PolicyResolver = bundledAwsPolicy,
): void {
  if (after.name !== before.name) {
    const all = resolveFile(file, awsPolicies);
    findings.clear();
    for (const [k, v] of all) findings.set(k, v);
    return;
  }
  const r = new FileResolver(file, awsPolicies);
  const key = resolutionKey(section, after.name);
  if (after.kind === 'policy') {
    const repoint = (ref: PolicyRef) => {
      if (ref.target?.kind === 'customer' && ref.target.policy === before) ref.target = { kind: 'customer', policy: after };
    };
    for (let i = 0, list = [...file.users.values(), ...file.groups.values(), ...file.roles.values()]; i < list.length; i++) {
      const p = list[i];
      p.policies.forEach(repoint);
      if (p.kind !== 'group' && p.permissionsBoundary) repoint(p.permissionsBoundary);
    }
    const org = file.account.organization;
    for (let j = 0, items = [...(org?.serviceControlPolicies ?? []), ...(org?.resourceControlPolicies ?? [])]; j < items.length; j++) {
      const level = items[j];
      level.forEach(repoint);
    }
  } else if (after.kind === 'group' && before.kind === 'group') {
    after.members = before.members;
    for (let n = 0, members = after.members; n < members.length; n++) {
      const user = members[n];
      user.memberOf = user.memberOf.map((g) => (g === before ? after : g));
    }
    findings.set(key, r.group(after));
  } else if (after.kind === 'user' && before.kind === 'user') {
    for (let m = 0, memberOf = before.memberOf; m < memberOf.length; m++) {
      const g = memberOf[m];
      g.members = g.members.filter((u) => u !== before);
    }
    findings.set(key, r.user(after));
    // Full resolution lists members in the file's order: keep it.
    for (let q = 0, memberOf2 = after.memberOf; q < memberOf2.length; q++) {
      const g = memberOf2[q];
      g.members.sort((a, b) => a.span.start - b.span.start);
    }
  } else if (after.kind === 'role') findings.set(key, r.role(after));
}

class FileResolver {
  private policyNames?: string[];
  private groupNames?: string[];
  /** Per name looked up: its case-insensitive match and "did you mean" hint (many references name the same one). */
  private readonly groupLookups = new Map<string, { group?: Group; hint?: string }>();
  private readonly policyLookups = new Map<string, { policy?: ManagedPolicy; hint?: string }>();

  constructor(
    private readonly file: AccountFile,
    private readonly awsPolicies: PolicyResolver,
  ) {}

  group(group: Group): Finding[] {
    const out: Finding[] = [];
    // Indexed loops here: the first resolution of a big file runs them per entity before V8 optimises them, and a
    // `for...of` makes an iterator and a result object per element.
    const refs = group.policies;
    for (let i = 0; i < refs.length; i++) this.policy(refs[i], `group "${group.name}"`, out);
    return out;
  }

  user(user: User): Finding[] {
    const out: Finding[] = [];
    const file = this.file;
    const refs = user.policies;
    for (let i = 0; i < refs.length; i++) this.policy(refs[i], `user "${user.name}"`, out);
    if (user.permissionsBoundary) this.policy(user.permissionsBoundary, 'a permissions boundary', out);
    user.memberOf = [];
    const groups = user.groups;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      let group = file.groups.get(g.name);
      let hint: string | undefined;
      if (!group) {
        let known = this.groupLookups.get(g.name);
        if (!known) {
          const found = caseInsensitive(file.groups, g.name);
          known = found ? { group: found } : { hint: closest(g.name, (this.groupNames ??= [...file.groups.keys()])) };
          this.groupLookups.set(g.name, known);
        }
        group = known.group;
        hint = known.hint;
      }
      if (group) {
        if (!user.memberOf.includes(group)) {
          user.memberOf.push(group);
          group.members.push(user);
        }
      } else {
        out.push(this.problem('ref/unknown-group', g.span, `No group named "${g.name}" in "groups"${hint ? `; did you mean "${hint}"?` : '.'}`));
      }
    }
    return out;
  }

  role(role: Role): Finding[] {
    const out: Finding[] = [];
    const refs = role.policies;
    for (let i = 0; i < refs.length; i++) this.policy(refs[i], `role "${role.name}"`, out);
    if (role.permissionsBoundary) this.policy(role.permissionsBoundary, 'a permissions boundary', out);
    return out;
  }

  organization(): Finding[] {
    const out: Finding[] = [];
    const org = this.file.account.organization;
    if (!org) return out;
    for (let i = 0, list = [
      [org.serviceControlPolicies, 'scp'],
      [org.resourceControlPolicies, 'rcp'],
    ] as const; i < list.length; i++) {
      const [levels, kind] = list[i];
      for (let j = 0; j < levels.length; j++) {
        const level = levels[j];
        for (let k = 0; k < level.length; k++) {
          const ref = level[k];
          ref.target = undefined;
          const builtin = builtinOrganizationPolicy(ref.ref, kind);
          const policy = this.file.policies.get(ref.ref);
          if (builtin) ref.target = builtin;
          else if (policy) ref.target = { kind: 'customer', policy } satisfies ResolvedPolicy;
          else {
            const known = kind === 'scp' ? 'FullAWSAccess' : 'RCPFullAWSAccess';
            out.push(this.problem(`ref/unknown-${kind}`, ref.span, `No policy named "${ref.ref}" in "policies" (nor the AWS-provided ${known}).`));
          }
        }
      }
    }
    return out;
  }

  /** An organization file: each attachment names a policy of the file's `policies` or FullAWSAccess / RCPFullAWSAccess. */
  organizationTree(tree: OrganizationTree): Finding[] {
    const out: Finding[] = [];
    let names: string[] | undefined;
    for (const node of orgNodes(tree.root)) {
      for (let i = 0, list = [node.policies, ...node.accounts.map((a) => a.policies)]; i < list.length; i++) {
        const refs = list[i];
        for (let j = 0; j < refs.length; j++) {
          const ref = refs[j];
          ref.target = builtinOrganizationPolicy(ref.ref, 'scp') ?? builtinOrganizationPolicy(ref.ref, 'rcp');
          if (ref.target) continue;
          const policy = tree.policies.get(ref.ref);
          if (policy) {
            ref.target = { kind: 'organization', policy };
            continue;
          }
          const hint = closest(ref.ref, (names ??= [...tree.policies.keys(), 'FullAWSAccess', 'RCPFullAWSAccess']));
          out.push(this.problem('ref/unknown-org-policy', ref.span, `No policy named "${ref.ref}" in the organization's "policies" (nor the AWS-provided FullAWSAccess or RCPFullAWSAccess)${hint ? `; did you mean "${hint}"?` : '.'}`));
        }
      }
    }
    return out;
  }

  private problem(code: string, span: PolicyRef['span'], message: string, severity: Finding['severity'] = 'error'): Finding {
    return { code, severity, message, uri: this.file.uri, span };
  }

  private policy(ref: PolicyRef, usage: string, out: Finding[]): void {
    const file = this.file;
    ref.target = undefined;
    const value = ref.ref;
    if (value.startsWith('arn:')) {
      const arn = parseArn(value);
      if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('policy/')) {
        out.push(this.problem('ref/policy-arn', ref.span, `"${value}" is not a policy ARN (arn:aws:iam::ACCOUNT:policy/NAME).`));
        return;
      }
      if (arn.account === 'aws') {
        const found = this.awsPolicies(value);
        // The document is read when someone asks (hover, the evaluator), not to resolve the name.
        if (found) ref.target = { kind: 'aws', arn: value, name: found.name, get document() { return found.document; } };
        else out.push(this.problem('ref/unknown-aws-policy', ref.span, `AWS has no managed policy ${value}.${awsPolicyHint(value)}`));
        return;
      }
      if (arn.account !== file.accountId) {
        out.push(
          this.problem(
            'ref/foreign-policy',
            ref.span,
            `Policy ${value} belongs to account ${arn.account}; ${usage} can use only this account's policies and AWS managed policies.`,
          ),
        );
        return;
      }
      const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
      const policy = file.policies.get(name);
      if (policy) ref.target = { kind: 'customer', policy };
      else out.push(this.problem('ref/unknown-policy', ref.span, `No policy named "${name}" in this account's "policies".`));
      return;
    }
    let policy = file.policies.get(value);
    let hint: string | undefined;
    if (!policy) {
      let known = this.policyLookups.get(value);
      if (!known) {
        const found = caseInsensitive(file.policies, value);
        known = found ? { policy: found } : { hint: closest(value, (this.policyNames ??= [...file.policies.keys()])) };
        this.policyLookups.set(value, known);
      }
      policy = known.policy;
      hint = known.hint;
    }
    if (policy) {
      ref.target = { kind: 'customer', policy };
      if (policy.name !== value) {
        out.push(this.problem('ref/case', ref.span, `The policy is named "${policy.name}"; write the name as it is declared.`, 'warning'));
      }
      return;
    }
    out.push(
      this.problem(
        'ref/unknown-policy',
        ref.span,
        `No policy named "${value}" in "policies"${hint ? `; did you mean "${hint}"?` : '. Name a customer policy or write an AWS managed policy ARN.'}`,
      ),
    );
  }
}

function caseInsensitive<T>(map: Map<string, T>, name: string): T | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}
