/**
 * The resource side of a request: the resource-based policy the workspace holds for an ARN (a
 * bucket policy, a role's trust policy, a key policy...), the account that owns the resource and
 * that account's resource control policies.
 */
import { resourcePolicyKind } from '../../engine';
import type { PolicySource, ResourcePolicyKind } from '../../engine/types';
import type { AccountFile, Workspace } from '../../model';
import { rcpLevelsOf } from './principal';

export interface ResourceSide {
  policy?: PolicySource;
  kind?: ResourcePolicyKind;
  /** The owning account when known (the ARN's, else the file that holds the resource). */
  account?: string;
  rcpLevels?: PolicySource[][];
}

/** The resource-based policy that governs `arn` for `action`, and the owning account. */
export function resourceSide(ws: Workspace, action: string, arn: string): ResourceSide {
  const arnAccount = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
  let owner: AccountFile | undefined = arnAccount ? ws.fileForAccount(arnAccount) : undefined;
  let policy: PolicySource | undefined;
  let kind: ResourcePolicyKind | undefined;

  // Which kind of resource policy governs the request is the evaluator's call (trust, key, other).
  const governing = resourcePolicyKind(action, arn);
  const role = governing === 'trust' ? ws.entityByArn(arn) : undefined;
  if (role?.kind === 'role') {
    kind = 'trust';
    policy = role.trustPolicy
      ? { doc: role.trustPolicy, id: `role/${role.name}/trust`, sourceType: 'role' }
      : { doc: { statements: [], span: role.nameSpan, uri: role.uri, kind: 'trust', json: {}, findings: [] }, id: `role/${role.name}/trust`, sourceType: 'role' };
  } else if (arn !== '*') {
    const entry = findEntry(ws, arn);
    if (entry) {
      owner ??= entry.file;
      if (entry.policy) policy = { doc: entry.policy, id: entry.arn, sourceType: 'resource' };
      if (governing === 'kms-key') kind = 'kms-key';
    }
  }
  return { policy, kind, account: arnAccount ?? owner?.accountId, rcpLevels: rcpLevelsOf(ws, owner) };
}

interface Entry {
  file: AccountFile;
  arn: string;
  policy?: PolicySource['doc'];
}

/** The `resources` entry for an ARN: exact (ignoring case), or the bucket of an S3 object. */
function findEntry(ws: Workspace, arn: string): Entry | undefined {
  const lower = arn.toLowerCase();
  const bucket = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn)?.[1]?.toLowerCase();
  let fallback: Entry | undefined;
  for (const file of ws.files) {
    for (const r of file.resources) {
      const key = r.arn.toLowerCase();
      if (key === lower) return { file, arn: r.arn, policy: r.policy };
      if (bucket && key === bucket) fallback ??= { file, arn: r.arn, policy: r.policy };
    }
  }
  return fallback;
}
