import { effectivePermissions } from '../analysis/effective';
import type { Principal } from '../model/types';
import type { Workspace } from '../model/workspace';
import { permissionsTable } from './hover';
import { locate } from './locate';
import { entityOf } from './navigation';

/**
 * The "Show Effective Permissions" page of one principal. Declared here only: `protocol/index.ts` imports
 * it as a type and re-exports it as the result of `iamWorkbench/effectivePermissions`.
 */
export interface EffectivePermissionsResult {
  arn: string;
  title: string;
  markdown: string;
}

/** A principal's effective permissions as a Markdown page (the "Show Effective Permissions" command). */
export function effectivePermissionsMarkdown(
  ws: Workspace,
  uri: string,
  offset: number | undefined,
  arn?: string,
): EffectivePermissionsResult | null {
  let principal: Principal | undefined;
  if (arn) {
    const e = ws.entityByArn(arn);
    if (e && (e.kind === 'user' || e.kind === 'group' || e.kind === 'role')) principal = e;
  } else if (offset !== undefined) {
    const file = ws.file(uri);
    if (file) {
      const direct = entityOf(ws, file, locate(file, offset));
      const around = [...file.users.values(), ...file.groups.values(), ...file.roles.values()].find(
        (e) => offset >= e.nameSpan.start && offset <= e.span.end,
      );
      const e = direct && (direct.kind === 'user' || direct.kind === 'group' || direct.kind === 'role') ? direct : around;
      principal = e;
    }
  }
  if (!principal) return null;
  const p = effectivePermissions(ws, principal);
  const title = `Effective permissions of ${principal.kind} ${principal.name}`;
  const lines = [`# ${title}`, '', `\`${principal.arn}\``, '', `Policies: ${p.policies.join('; ') || 'none'}`, '', permissionsTable(p, true, 2000)];
  return { arn: principal.arn, title, markdown: lines.join('\n') };
}
