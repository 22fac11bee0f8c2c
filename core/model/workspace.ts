import type { Finding } from '../findings';
import type { AccountFile, Entity, Group, Principal, Role, User } from './types';
import { resolveFile, type PolicyResolver } from './resolve';
import { arnEntityName, arnEntityType, parseArn } from './arn';

export interface WorkspaceOptions {
  /** Looks up AWS managed policies by ARN; defaults to the bundled data (core/model/aws-policies.ts). */
  policies?: PolicyResolver;
}

/**
 * Every account file of a workspace, with references resolved across them. Built from parsed files
 * (cheap: parsing is per file and cached by the caller; resolution is map look-ups).
 */
export class Workspace {
  readonly files: AccountFile[];
  /** Reference findings (dangling names, foreign policies, duplicate accounts). */
  readonly findings: Finding[] = [];
  private readonly byUri = new Map<string, AccountFile>();
  private readonly byAccount = new Map<string, AccountFile>();
  private readonly byArn = new Map<string, Entity>();

  constructor(files: Iterable<AccountFile>, options: WorkspaceOptions = {}) {
    this.files = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    for (const file of this.files) {
      this.byUri.set(file.uri, file);
      const other = this.byAccount.get(file.accountId);
      if (other && file.account.id) {
        this.findings.push({
          code: 'ref/duplicate-account',
          severity: 'warning',
          message: `Account ${file.accountId} is also described by ${other.uri}; each account belongs in one file.`,
          uri: file.uri,
          span: file.account.id.span,
          related: other.account.id ? [{ uri: other.uri, span: other.account.id.span, message: 'the other file' }] : [],
        });
      } else if (!other) this.byAccount.set(file.accountId, file);
    }
    for (const file of this.files) {
      this.findings.push(...resolveFile(file, options.policies));
      for (const e of entitiesOf(file)) this.byArn.set(e.arn.toLowerCase(), e);
    }
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
