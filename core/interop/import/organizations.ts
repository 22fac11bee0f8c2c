/**
 * Import of an AWS Organization from the AWS CLI's Organizations output into an organization file
 * (`{ "organization": { id, managementAccount, policyTypes, policies, root } }`, docs/iam-json.md).
 *
 * Inputs, told apart by their top-level key (shapes from the AWS Organizations API Reference):
 * - `aws organizations list-roots` → `Roots[]` { Id, Arn, Name, PolicyTypes[] { Type, Status } }
 * - `list-organizational-units-for-parent --parent-id P` → `OrganizationalUnits[]` { Id, Arn, Name }
 * - `list-accounts-for-parent --parent-id P` → `Accounts[]` { Id, Arn, Email, Name, Status, State, JoinedMethod, JoinedTimestamp }
 * - `list-policies --filter TYPE` → `Policies[]` (PolicySummary: Id, Arn, Name, Description, Type, AwsManaged)
 * - `describe-policy --policy-id P` → `Policy` { PolicySummary, Content (the document as a JSON string) }
 * - `list-targets-for-policy --policy-id P` → `Targets[]` { TargetId, Arn, Name, Type: ROOT | ORGANIZATIONAL_UNIT | ACCOUNT }
 * - `describe-organization` → `Organization` { Id, Arn, MasterAccountId, ... } (optional)
 * The parent of a `...-for-parent` output and the policy of a `list-targets-for-policy` output are not
 * in the output itself: they are read from the file's name, which must hold the id (`r-...`, `ou-...`,
 * `p-...`), e.g. `list-accounts-for-parent.ou-ab12-11111111.json` (docs/import-export.md).
 */
import type { Node } from 'jsonc-parser';
import { JsonInput, Notes } from './input';
import type { ImportError, ImportNote, ImportSource } from './types';

export interface OrganizationsImportResult {
  text?: string;
  errors: ImportError[];
  notes: ImportNote[];
  summary: { accounts: number; organizationalUnits: number; policies: number };
}

const MODELLED = new Set(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);
const BUILTIN: Record<string, string> = { 'p-FullAWSAccess': 'FullAWSAccess', 'p-RCPFullAWSAccess': 'RCPFullAWSAccess' };

interface Ou { id: string; name: string; parent?: string }
interface Acct { id: string; name?: string; email?: string; parent?: string; status?: string }
interface Pol { id: string; name: string; type: string; description?: string; awsManaged: boolean; document?: unknown }

/** The id a file name holds: `r-...`, `ou-...` or `p-...` (AWS's id patterns). */
function idInName(name: string, kind: 'parent' | 'policy'): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  // The id is a part of the name between dots or underscores ("list-accounts-for-parent.ou-ab12-11111111.json"):
  // matching anywhere would take "r-parent" out of "for-parent".
  const re = kind === 'parent' ? /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/ : /^(p-[0-9a-zA-Z_]{8,128})$/;
  return base.replace(/\.json$/i, '').split(/[.\s]+|__/).find((part) => re.test(part));
}

/** `arn:aws:organizations::MANAGEMENT:kind/o-ORG/...` → management account and organization id. */
function fromArn(arn: string | undefined): { management?: string; org?: string; partition?: string } {
  const m = arn && /^arn:([^:]+):organizations::(\d{12}):[a-z_]+\/(o-[a-z0-9]{10,32})\//.exec(arn);
  return m ? { partition: m[1], management: m[2], org: m[3] } : {};
}

export function importOrganizations(sources: ImportSource[]): OrganizationsImportResult {
  const errors: ImportError[] = [];
  const notes = new Notes();
  let orgId: string | undefined;
  let management: string | undefined;
  let partition: string | undefined;
  let root: { id: string; types: string[] } | undefined;
  const ous = new Map<string, Ou>();
  const accounts = new Map<string, Acct>();
  const policies = new Map<string, Pol>();
  const targets = new Map<string, Set<string>>(); // policy id → target ids
  const arn = (a: string | undefined) => {
    const f = fromArn(a);
    orgId ??= f.org;
    management ??= f.management;
    partition ??= f.partition;
  };

  if (!sources.length) errors.push({ file: '(command line)', line: 1, column: 1, message: 'no Organizations output given' });
  for (const source of sources) {
    const input = new JsonInput(source.name, source.text, errors, notes);
    if (!input.root) continue;
    const top = input.object(input.root, `${source.name}`);
    if (!top) continue;
    const kind = ['Roots', 'OrganizationalUnits', 'Accounts', 'Policies', 'Policy', 'Targets', 'Organization'].find((k) => top.has(k));
    if (!kind) {
      input.error(input.root, 'this is not output of aws organizations list-roots, list-organizational-units-for-parent, list-accounts-for-parent, list-policies, describe-policy, list-targets-for-policy or describe-organization (none of Roots, OrganizationalUnits, Accounts, Policies, Policy, Targets, Organization)');
      continue;
    }
    const fields = (n: Node, what: string, known: string[]) => input.object(n, what, known, what) ?? new Map<string, Node>();
    switch (kind) {
      case 'Organization': {
        const o = fields(top.get(kind)!, 'Organization', ['Id', 'Arn', 'FeatureSet', 'MasterAccountArn', 'MasterAccountId', 'MasterAccountEmail', 'AvailablePolicyTypes']);
        orgId ??= input.string(o.get('Id'), 'Organization.Id');
        management ??= input.string(o.get('MasterAccountId'), 'Organization.MasterAccountId');
        arn(input.string(o.get('Arn'), 'Organization.Arn'));
        break;
      }
      case 'Roots':
        for (const r of input.array(top.get(kind), 'Roots')) {
          const f = fields(r, 'a root', ['Id', 'Arn', 'Name', 'PolicyTypes']);
          const id = input.required(f, 'Id', r, 'a root');
          arn(input.string(f.get('Arn'), 'the root\'s Arn'));
          const types: string[] = [];
          for (const t of input.array(f.get('PolicyTypes'), 'PolicyTypes')) {
            const tf = fields(t, 'a policy type', ['Type', 'Status']);
            const type = input.string(tf.get('Type'), 'PolicyTypes[].Type');
            const status = input.string(tf.get('Status'), 'PolicyTypes[].Status');
            if (type && status === 'ENABLED') {
              if (MODELLED.has(type)) types.push(type);
              else notes.add('organization', `policy type ${type} is enabled; only SCPs and RCPs are modelled`);
            } else if (type && status) notes.add('organization', `policy type ${type} is ${status}; treated as not enabled`);
          }
          if (id && root && root.id !== id) input.error(r, `a second root "${id}" (an organization has one root, "${root.id}")`);
          else if (id) root = { id, types };
        }
        break;
      case 'OrganizationalUnits': {
        const parent = idInName(source.name, 'parent');
        if (!parent) {
          input.error(input.root, 'list-organizational-units-for-parent output does not say its parent: name the file after it, e.g. list-organizational-units-for-parent.r-ab12.json');
          break;
        }
        for (const o of input.array(top.get(kind), 'OrganizationalUnits')) {
          const f = fields(o, 'an OU', ['Id', 'Arn', 'Name', 'Path']);
          const id = input.required(f, 'Id', o, 'an OU');
          const name = input.required(f, 'Name', o, 'an OU');
          arn(input.string(f.get('Arn'), 'the OU\'s Arn'));
          if (id && name) ous.set(id, { id, name, parent });
        }
        break;
      }
      case 'Accounts': {
        const parent = idInName(source.name, 'parent');
        if (!parent) notes.add('accounts', `${source.name} names no parent (r-... or ou-...) in its file name: its accounts are listed, but placed only if another output places them (list-accounts-for-parent.PARENT.json)`);
        for (const a of input.array(top.get(kind), 'Accounts')) {
          const f = fields(a, 'an account', ['Id', 'Arn', 'Email', 'Name', 'Status', 'State', 'JoinedMethod', 'JoinedTimestamp', 'Paths']);
          const id = input.required(f, 'Id', a, 'an account');
          arn(input.string(f.get('Arn'), 'the account\'s Arn'));
          if (!id) continue;
          const known = accounts.get(id);
          const acct: Acct = { id, name: input.string(f.get('Name'), 'Name'), email: input.string(f.get('Email'), 'Email'), parent: parent ?? known?.parent, status: input.string(f.get('State'), 'State') ?? input.string(f.get('Status'), 'Status') };
          accounts.set(id, acct);
          if (acct.status && acct.status !== 'ACTIVE') notes.add(`account ${id}`, `its state is ${acct.status}; imported as a member`);
        }
        if (top.has('Accounts')) notes.add('accounts', 'JoinedMethod and JoinedTimestamp are not kept');
        break;
      }
      case 'Policies':
      case 'Policy': {
        const items = kind === 'Policies' ? input.array(top.get(kind), 'Policies') : [top.get(kind)!];
        for (const item of items) {
          let summary = item;
          let content: Node | undefined;
          if (kind === 'Policy') {
            const pf = fields(item, 'Policy', ['PolicySummary', 'Content']);
            summary = pf.get('PolicySummary') ?? item;
            content = pf.get('Content');
            if (!pf.get('PolicySummary')) input.error(item, 'Policy has no "PolicySummary"');
          }
          const f = fields(summary, 'a policy summary', ['Id', 'Arn', 'Name', 'Description', 'Type', 'AwsManaged']);
          const id = input.required(f, 'Id', summary, 'a policy');
          const name = input.required(f, 'Name', summary, 'a policy');
          const type = input.required(f, 'Type', summary, 'a policy');
          const awsManaged = input.boolean(f.get('AwsManaged'), 'AwsManaged') ?? false;
          if (!awsManaged) arn(input.string(f.get('Arn'), 'the policy\'s Arn'));
          if (!id || !name || !type) continue;
          const p = policies.get(id) ?? { id, name, type, awsManaged, description: input.string(f.get('Description'), 'Description') || undefined };
          if (content) p.document = input.document(content, `the Content of policy ${name}`);
          policies.set(id, p);
        }
        break;
      }
      case 'Targets': {
        const policy = idInName(source.name, 'policy');
        if (!policy) {
          input.error(input.root, 'list-targets-for-policy output does not say its policy: name the file after it, e.g. list-targets-for-policy.p-examplepolicyid111.json');
          break;
        }
        const set = targets.get(policy) ?? new Set<string>();
        targets.set(policy, set);
        for (const t of input.array(top.get(kind), 'Targets')) {
          const f = fields(t, 'a target', ['TargetId', 'Arn', 'Name', 'Type']);
          const id = input.required(f, 'TargetId', t, 'a target');
          const type = input.string(f.get('Type'), 'Type');
          if (type && !['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'].includes(type)) input.error(f.get('Type')!, `Type should be ROOT, ORGANIZATIONAL_UNIT or ACCOUNT, not "${type}"`);
          if (id) set.add(id);
        }
        break;
      }
    }
    for (const key of top.keys()) if (key !== kind && key !== 'NextToken') notes.add(source.name, `field "${key}" is not part of the output this tool knows; not imported`);
    if (top.get('NextToken') && top.get('NextToken')!.type === 'string') notes.add(source.name, 'holds a NextToken: more pages exist; pass every page (or let the AWS CLI paginate)');
  }
  const empty = { accounts: 0, organizationalUnits: 0, policies: 0 };
  if (!root && !errors.length) errors.push({ file: '(command line)', line: 1, column: 1, message: 'no list-roots output given: the tree needs its root (aws organizations list-roots)' });
  if (errors.length || !root) return { errors, notes: notes.list, summary: empty };

  // Policies: SCPs and RCPs are modelled; other types are listed. AWS managed ones are the built-ins.
  const nameOf = new Map<string, string>();
  const written: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const p of [...policies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!MODELLED.has(p.type)) {
      notes.add(`policy "${p.name}"`, `a ${p.type}; only SCPs and RCPs are modelled; not imported`);
      continue;
    }
    if (p.awsManaged || BUILTIN[p.id]) {
      nameOf.set(p.id, BUILTIN[p.id] ?? p.name);
      continue;
    }
    let name = p.name;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${p.name}-${i}`;
    if (name !== p.name) notes.add(`policy "${p.name}"`, `another policy has the same name; written as "${name}"`);
    used.add(name.toLowerCase());
    nameOf.set(p.id, name);
    if (p.document === undefined) notes.add(`policy "${p.name}"`, `no describe-policy output (aws organizations describe-policy --policy-id ${p.id}): its document is empty here, so it denies nothing`);
    written[name] = { type: p.type, id: p.id, ...(p.description ? { description: p.description } : {}), document: p.document ?? { Version: '2012-10-17', Statement: [] } };
  }
  // Attachments: per target id, the names of the policies whose targets list it.
  const attached = new Map<string, string[]>();
  for (const [policyId, set] of targets) {
    const name = nameOf.get(policyId) ?? BUILTIN[policyId];
    if (!name) {
      const p = policies.get(policyId);
      if (!p) notes.add('attachments', `list-targets-for-policy for ${policyId}, a policy no list-policies or describe-policy output names; its attachments are not imported`);
      continue;
    }
    for (const t of set) attached.set(t, [...(attached.get(t) ?? []), name]);
  }
  const fullKnown = targets.has('p-FullAWSAccess');
  if (!fullKnown) notes.add('attachments', 'no list-targets-for-policy output for FullAWSAccess (p-FullAWSAccess): every root, OU and account is written with FullAWSAccess, AWS\'s default');
  for (const p of policies.values()) {
    if (MODELLED.has(p.type) && !p.awsManaged && !targets.has(p.id)) notes.add(`policy "${p.name}"`, `no list-targets-for-policy output (aws organizations list-targets-for-policy --policy-id ${p.id}): attached nowhere here`);
  }
  const attachmentsOf = (id: string): string[] => {
    const list = [...(attached.get(id) ?? [])];
    if (!fullKnown && !list.includes('FullAWSAccess')) list.unshift('FullAWSAccess');
    return list.sort((a, b) => (a === 'FullAWSAccess' ? -1 : b === 'FullAWSAccess' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  };

  // The tree.
  const children = new Map<string, Ou[]>();
  for (const ou of ous.values()) children.set(ou.parent!, [...(children.get(ou.parent!) ?? []), ou]);
  const accountsOf = new Map<string, Acct[]>();
  for (const a of accounts.values()) {
    if (!a.parent) continue;
    accountsOf.set(a.parent, [...(accountsOf.get(a.parent) ?? []), a]);
  }
  const placed = new Set<string>();
  let ouCount = 0;
  const node = (id: string, seen: Set<string>): Record<string, unknown> => {
    const out: Record<string, unknown> = { id, policies: attachmentsOf(id) };
    const accts = (accountsOf.get(id) ?? []).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (accts.length) {
      out.accounts = Object.fromEntries(accts.map((a) => {
        placed.add(a.id);
        return [a.id, { ...(a.name ? { name: a.name } : {}), ...(a.email ? { email: a.email } : {}), policies: attachmentsOf(a.id) }];
      }));
    }
    const kids = (children.get(id) ?? []).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (kids.length) {
      const map: Record<string, unknown> = {};
      for (const k of kids) {
        if (seen.has(k.id)) continue;
        ouCount++;
        let key = k.name;
        for (let i = 2; key in map; i++) key = `${k.name} (${i})`;
        if (key !== k.name) notes.add(`OU "${k.name}"`, `another OU of the same parent has the same name; written as "${key}"`);
        map[key] = node(k.id, new Set([...seen, k.id]));
      }
      out.organizationalUnits = map;
    }
    return out;
  };
  const tree = node(root.id, new Set([root.id]));
  for (const ou of ous.values()) {
    if (ou.parent !== root.id && !ous.has(ou.parent!)) notes.add(`OU "${ou.name}"`, `its parent ${ou.parent} is in no list-organizational-units-for-parent output; not placed`);
  }
  for (const a of accounts.values()) {
    if (!placed.has(a.id)) notes.add(`account ${a.id}`, a.parent ? `its parent ${a.parent} is not in the tree; not placed` : 'no list-accounts-for-parent output places it; not placed');
  }
  for (const t of attached.keys()) {
    if (t !== root.id && !ous.has(t) && !placed.has(t)) notes.add('attachments', `a policy is attached to ${t}, which is not in the tree; left out`);
  }
  if (!management) notes.add('organization', 'the management account is not known (no ARN or describe-organization output names it)');
  const organization = {
    ...(orgId ? { id: orgId } : {}),
    ...(management ? { managementAccount: management } : {}),
    ...(partition && partition !== 'aws' ? { partition } : {}),
    policyTypes: root.types.sort(),
    policies: written,
    root: tree,
  };
  const text = JSON.stringify({ organization }, null, 2) + '\n';
  return { text, errors, notes: notes.list, summary: { accounts: placed.size, organizationalUnits: ouCount, policies: Object.keys(written).length } };
}
