import type { Finding } from '../findings';
import type { AccountFile, AccountOrganization, Entity, EntitySection, Group, OrgAccount, OrganizationTree, Principal, Role, User } from './types';
import { orgNodes } from './parse-organization';
import { resolveFile, resolveReplaced, type PolicyResolver, type ResolutionFindings } from './resolve';
import { arnEntityName, arnEntityType, parseArn } from './arn';

export interface WorkspaceOptions {
  /** Looks up AWS managed policies by ARN; defaults to the bundled data (core/model/aws-policies.ts). */
  policies?: PolicyResolver;
  /**
   * Files already resolved, with their findings (`resolveFile` with the same `policies`, on this very file object,
   * not edited since): the language server resolves each file right after parsing it, a step at a time.
   */
  resolved?: WeakMap<AccountFile, ResolutionFindings>;
  /**
   * Accounts described by files this workspace was not given: a part of a larger workspace (one account's file
   * in a CLI worker, `cli/jobs/`) still knows which accounts the whole describes (`describesAccount`).
   */
  otherAccounts?: Iterable<string>;
}

/** One entity of one file replaced by an edit inside its value (same name, new object) or its key's string (renamed). */
export interface WorkspaceEdit {
  uri: string;
  section: EntitySection;
  before: Entity;
  after: Entity;
  /** Where the edit ended in the previous text (offsets from here on moved by `delta`). */
  at: number;
  /** Where the edit started (the same in both texts), when known. */
  start?: number;
  delta: number;
  /** The edit was inside the entity's key: `after` has a new name (references to either name resolve anew). */
  renamed?: boolean;
}

/**
 * Every account file of a workspace, with references resolved across them. Built from parsed files
 * (cheap: parsing is per file and cached by the caller; resolution is map look-ups).
 */
export class Workspace {
  readonly files: AccountFile[];
  private readonly byUri = new Map<string, AccountFile>();
  private readonly byAccount = new Map<string, AccountFile>();
  private byArn = new Map<string, Entity>();
  /** Duplicate-account findings. */
  private readonly accountFindings: Finding[] = [];
  /** Resolution findings per file uri, by owner (see resolveFile). */
  private resolution = new Map<string, ResolutionFindings>();
  private flat?: Finding[];
  /** Organization files' trees, and each account's entry in them (by account id). */
  private readonly trees: OrganizationTree[] = [];
  private readonly orgAccounts = new Map<string, { tree: OrganizationTree; account: OrgAccount }>();
  private readonly orgCache = new Map<AccountFile, AccountOrganization | null>();
  /** WorkspaceOptions.otherAccounts. */
  private readonly otherAccounts: ReadonlySet<string>;
  /**
   * The workspace this one was made from (files not parsed again are the same objects) and, when it was
   * made by an edit inside one entity, that edit: for analyses that update their own results (the
   * rules). Only the latest link is kept.
   */
  derived?: { from: Workspace; edit?: WorkspaceEdit };

  constructor(files: Iterable<AccountFile>, options: WorkspaceOptions = {}, reuse?: { from: Workspace; edit?: WorkspaceEdit }) {
    this.files = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    this.otherAccounts = new Set(options.otherAccounts ?? []);
    for (const file of this.files) {
      this.byUri.set(file.uri, file);
      if (file.organization) {
        this.trees.push(file.organization);
        continue;
      }
      const other = this.byAccount.get(file.accountId);
      if (other && file.account.id) {
        this.accountFindings.push({
          code: 'ref/duplicate-account',
          severity: 'warning',
          message: `Account ${file.accountId} is also described by ${other.uri}; each account belongs in one file.`,
          uri: file.uri,
          span: file.account.id.span,
          related: other.account.id ? [{ uri: other.uri, span: other.account.id.span, message: 'the other file' }] : [],
        });
      } else if (!other) this.byAccount.set(file.accountId, file);
    }
    this.placeAccounts();
    if (reuse) {
      // Only the latest link is kept: the previous workspace forgets where it came from.
      const edited = reuse.edit && this.reuse(reuse.from, reuse.edit, options);
      reuse.from.derived = undefined;
      this.derived = { from: reuse.from, edit: edited ? reuse.edit : undefined };
      if (edited) return;
    }
    this.resolution = new Map();
    this.byArn = new Map();
    for (const file of this.files) {
      // A file the previous workspace already resolved (the same object: not parsed again) keeps its
      // resolution; resolution never looks across files.
      const known = reuse && reuse.from.byUri.get(file.uri) === file ? reuse.from.resolution.get(file.uri) : undefined;
      this.resolution.set(file.uri, known ?? options.resolved?.get(file) ?? resolveFile(file, options.policies));
      for (const e of entitiesOf(file)) this.byArn.set(e.arn.toLowerCase(), e);
    }
  }

  /**
   * The workspace after an edit inside one entity of one file (an incremental re-parse): the other
   * files and the rest of that file keep their resolution; only the replaced entity and the links to
   * it are resolved again. `from` is consumed (its look-up tables become this workspace's). Without an
   * edit (files parsed whole, added or removed), the files `from` already resolved keep their resolution.
   */
  static afterEdit(from: Workspace, files: Iterable<AccountFile>, edit: WorkspaceEdit | undefined, options: WorkspaceOptions = {}): Workspace {
    return new Workspace(files, options, { from, edit });
  }

  private reuse(from: Workspace, edit: WorkspaceEdit, options: WorkspaceOptions): boolean {
    const file = this.byUri.get(edit.uri);
    const findings = from.resolution.get(edit.uri);
    if (!file || !findings || from.files.length !== this.files.length) return false;
    for (const f of this.files) if (f.uri !== edit.uri && from.byUri.get(f.uri) !== f) return false;
    resolveReplaced(file, edit.section, edit.before, edit.after, findings, options.policies);
    this.resolution = from.resolution;
    this.byArn = from.byArn;
    if (this.byArn.get(edit.before.arn.toLowerCase()) === edit.before) this.byArn.delete(edit.before.arn.toLowerCase());
    this.byArn.set(edit.after.arn.toLowerCase(), edit.after);
    return true;
  }

  /** Indexes the accounts of every organization tree; an account in two trees (or twice in one) is reported. */
  private placeAccounts(): void {
    for (const tree of this.trees) {
      for (const node of orgNodes(tree.root)) {
        for (const account of node.accounts) {
          const seen = this.orgAccounts.get(account.id.value);
          if (seen) {
            this.accountFindings.push({
              code: 'ref/duplicate-org-account',
              severity: 'error',
              message: `Account ${account.id.value} is already placed in ${seen.account.parent.kind === 'root' ? 'the root' : `OU "${seen.account.parent.name}"`}${seen.tree === tree ? '' : ` of ${seen.tree.uri}`}; an account belongs to one organization, under one parent.`,
              uri: tree.uri,
              span: account.id.span,
              related: [{ uri: seen.tree.uri, span: seen.account.id.span, message: 'the other place' }],
            });
          } else this.orgAccounts.set(account.id.value, { tree, account });
        }
      }
    }
  }

  /** The organization files' trees (files with a top-level `"organization"`). */
  organizations(): readonly OrganizationTree[] {
    return this.trees;
  }

  /**
   * The accounts in an organization the workspace describes: every account of every organization
   * tree, with its id, name, the organization's id and its parent's name; `file` when an account file
   * of the workspace describes it.
   */
  organizationAccounts(): { id: string; name?: string; organizationId?: string; parent: string; management: boolean; file?: AccountFile }[] {
    return [...this.orgAccounts.values()].map(({ tree, account }) => ({
      id: account.id.value,
      name: account.name?.value,
      organizationId: tree.id?.value,
      parent: account.parent.name,
      management: tree.managementAccount?.value === account.id.value,
      file: this.byAccount.get(account.id.value),
    }));
  }

  /**
   * The SCP and RCP levels that apply to an account (root first, down to the account): from its place
   * in an organization tree, or else from the account file's own `account.organization` (the earlier
   * form). Undefined when the account is in no organization the workspace describes.
   */
  organizationOf(file: AccountFile | undefined): AccountOrganization | undefined {
    if (!file || file.organization) return undefined;
    const known = this.orgCache.get(file);
    if (known !== undefined) return known ?? undefined;
    let out: AccountOrganization | undefined;
    const placed = file.account.id ? this.orgAccounts.get(file.accountId) : undefined;
    if (placed) {
      const { tree, account } = placed;
      const path = [];
      for (let n: typeof account.parent | undefined = account.parent; n; n = n.parent) path.unshift(n);
      const levels = [...path.map((n) => n.policies), account.policies];
      const enabled = (t: string) => !tree.policyTypes || tree.policyTypes.some((p) => p.value === t);
      const ofType = (t: string) => (enabled(t) ? levels.map((l) => l.filter((r) => typeOfRef(r) === t)) : []);
      out = {
        source: 'tree',
        scp: ofType('SERVICE_CONTROL_POLICY'),
        rcp: ofType('RESOURCE_CONTROL_POLICY'),
        managementAccount: tree.managementAccount?.value === file.accountId,
        tree,
        account,
      };
      // RCPFullAWSAccess is always attached and only allows: levels without an RCP of your own say nothing.
      if (!out.rcp.some((l) => l.some((r) => !(r.target?.kind === 'builtin')))) out.rcp = [];
    } else if (file.account.organization) {
      const org = file.account.organization;
      out = { source: 'legacy', scp: org.serviceControlPolicies, rcp: org.resourceControlPolicies, managementAccount: !!org.managementAccount?.value };
    }
    this.orgCache.set(file, out ?? null);
    return out;
  }

  /** Reference findings (dangling names, foreign policies, duplicate accounts). */
  get findings(): Finding[] {
    if (!this.flat) {
      const out = [...this.accountFindings];
      for (const file of this.files) for (const list of this.resolution.get(file.uri)?.values() ?? []) for (const x of list) out.push(x);
      this.flat = out;
    }
    return this.flat;
  }

  file(uri: string): AccountFile | undefined {
    return this.byUri.get(uri);
  }

  fileForAccount(accountId: string): AccountFile | undefined {
    return this.byAccount.get(accountId);
  }

  /**
   * Whether a file of the workspace describes the account: one of its files, or one of the files of the
   * larger workspace this one is a part of (`WorkspaceOptions.otherAccounts`).
   */
  describesAccount(accountId: string): boolean {
    return this.byAccount.has(accountId) || this.otherAccounts.has(accountId);
  }

  /** Parse/schema findings of every file followed by the reference findings. */
  allFindings(): Finding[] {
    return [...this.files.flatMap((f) => f.findings), ...this.findings];
  }

  /** Findings for one file (parse, schema and reference). */
  findingsFor(uri: string): Finding[] {
    return [...(this.byUri.get(uri)?.findings ?? []), ...this.findings.filter((f) => f.uri === uri)];
  }

  /**
   * The entity an ARN names, in any file of the workspace. IAM ARNs match ignoring case of the
   * name; a user/role ARN written without its path still finds the entity.
   */
  entityByArn(arn: string): Entity | undefined {
    const exact = this.byArn.get(arn.toLowerCase());
    if (exact) return exact;
    const parsed = parseArn(arn);
    const file = parsed && this.byAccount.get(parsed.account);
    const name = arnEntityName(arn);
    if (!file || !name) return undefined;
    switch (arnEntityType(arn)) {
      case 'user': return file.users.get(name);
      case 'role': return file.roles.get(name);
      case 'group': return file.groups.get(name);
      case 'policy': return file.policies.get(name);
      default: return undefined;
    }
  }

  *principals(): Iterable<Principal> {
    for (const f of this.files) {
      yield* f.users.values();
      yield* f.groups.values();
      yield* f.roles.values();
    }
  }

  users(): User[] {
    return this.files.flatMap((f) => [...f.users.values()]);
  }

  groups(): Group[] {
    return this.files.flatMap((f) => [...f.groups.values()]);
  }

  roles(): Role[] {
    return this.files.flatMap((f) => [...f.roles.values()]);
  }
}

/** The Organizations policy type a resolved attachment names (undefined when it doesn't resolve). */
function typeOfRef(ref: { target?: import('./types').ResolvedPolicy }): string | undefined {
  const t = ref.target;
  if (t?.kind === 'organization') return t.policy.type;
  if (t?.kind === 'builtin') return t.type;
  return undefined;
}

export function entitiesOf(file: AccountFile): Entity[] {
  return [
    ...file.users.values(),
    ...file.groups.values(),
    ...file.roles.values(),
    ...file.policies.values(),
    ...file.identityProviders.values(),
  ];
}

/** An entity's range in its file, from its key to the end of its value. */
export function entityExtent(e: Entity): { start: number; end: number } {
  return { start: Math.min(e.nameSpan.start, e.span.start), end: Math.max(e.nameSpan.end, e.span.end) };
}
