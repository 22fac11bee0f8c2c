import type { Finding } from '../findings';
import type { AccountFile, Entity, EntitySection, Group, Principal, Role, User } from './types';
import { resolveFile, resolveReplaced, type PolicyResolver, type ResolutionFindings } from './resolve';
import { arnEntityName, arnEntityType, parseArn } from './arn';

export interface WorkspaceOptions {
  /** Looks up AWS managed policies by ARN; defaults to the bundled data (core/model/aws-policies.ts). */
  policies?: PolicyResolver;
}

/** One entity of one file replaced by an edit inside its value (same name, new object). */
export interface WorkspaceEdit {
  uri: string;
  section: EntitySection;
  before: Entity;
  after: Entity;
  /** Where the edit ended in the previous text (offsets from here on moved by `delta`). */
  at: number;
  delta: number;
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
  /**
   * The workspace this one was made from (files not parsed again are the same objects) and, when it was
   * made by an edit inside one entity, that edit: for analyses that update their own results (the
   * rules). Only the latest link is kept.
   */
  derived?: { from: Workspace; edit?: WorkspaceEdit };

  constructor(files: Iterable<AccountFile>, options: WorkspaceOptions = {}, reuse?: { from: Workspace; edit?: WorkspaceEdit }) {
    this.files = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    for (const file of this.files) {
      this.byUri.set(file.uri, file);
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
      this.resolution.set(file.uri, known ?? resolveFile(file, options.policies));
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
