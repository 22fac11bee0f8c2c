import type { AccountFile } from '../model/types';
import type { Span } from '../text/span';

export interface CodeLens {
  span: Span;
  title: string;
  command: string;
  arguments: unknown[];
}

/** What the "Simulate…" lens hands to the simulator command. */
export interface PrincipalArgument {
  uri: string;
  kind: 'user' | 'group' | 'role';
  name: string;
  arn: string;
  accountId: string;
}

/** The graph node id of an entity (protocol/index.ts: `<kind>:<accountId>:<name>`). */
export function graphNodeId(kind: string, accountId: string, name: string): string {
  return `${kind}:${accountId}:${name}`;
}

/** "Simulate…" and "Show in graph" above every user, group and role. */
export function codeLenses(file: AccountFile): CodeLens[] {
  const out: CodeLens[] = [];
  for (const e of [...file.users.values(), ...file.groups.values(), ...file.roles.values()]) {
    const arg: PrincipalArgument = { uri: file.uri, kind: e.kind, name: e.name, arn: e.arn, accountId: file.accountId };
    if (e.kind !== 'group') out.push({ span: e.nameSpan, title: 'Simulate…', command: 'iamWorkbench.simulate', arguments: [arg] });
    out.push({ span: e.nameSpan, title: 'Show in graph', command: 'iamWorkbench.showInGraph', arguments: [graphNodeId(e.kind, file.accountId, e.name)] });
  }
  return out;
}
