import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { TextEdit } from '../../findings';
import type { Entity } from '../../model/types';
import type { Workspace } from '../../model/workspace';
import { findPrincipal } from '../simulate/principal';
import { scopedWorkspace } from './host';

/** A scenario file's text, as the editor (or the disk) has it. */
export interface ScenarioText {
  uri: string;
  text: string;
}

/**
 * The edits a rename of `entity` to `newName` makes in scenario files (`*.iam-tests.json`), so that
 * their scenarios keep naming it: a scenario's `principal` and the `role` of its chain steps when they
 * name it (by name or ARN, resolved as the simulator resolves them in the part of the workspace the file
 * sees), and every string in the file (resources, session policies, context values) that is its ARN.
 * Minimal edits: only the name's characters change, comments and layout stay. A file that isn't JSON is
 * left alone.
 */
export function scenarioRenameEdits(ws: Workspace, entity: Entity, newName: string, files: readonly ScenarioText[]): TextEdit[] {
  if (entity.kind === 'identityProvider') return [];
  const edits: TextEdit[] = [];
  const arnLower = entity.arn.toLowerCase();
  for (const file of files) {
    if (!file.text.toLowerCase().includes(entity.name.toLowerCase())) continue;
    const root = parseTree(file.text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root || root.type !== 'object') continue;
    let scoped: Workspace | undefined;
    const sees = () => (scoped ??= scopedWorkspace(ws, file.uri));
    const seen = new Set<number>();
    const rename = (node: JsonNode) => {
      if (seen.has(node.offset)) return;
      const value = node.value as string;
      // The name is the value's end (a name, or an ARN's last segment): edit just those characters.
      const end = node.offset + node.length - 1;
      const start = end - entity.name.length;
      if (file.text.slice(start, end).toLowerCase() !== entity.name.toLowerCase() || !value.toLowerCase().endsWith(entity.name.toLowerCase())) return;
      seen.add(node.offset);
      edits.push({ uri: file.uri, span: { start, end }, newText: newName });
    };
    const names = (node: JsonNode | undefined, account: string | undefined, kinds: ('user' | 'role')[]) => {
      if (node?.type !== 'string' || (entity.kind !== 'user' && entity.kind !== 'role') || !kinds.includes(entity.kind)) return;
      const found = findPrincipal(sees(), node.value as string, account, kinds);
      if (found && 'entity' in found && found.entity === entity) rename(node);
    };
    const scenarios = child(root, 'scenarios');
    for (const s of scenarios?.type === 'array' ? (scenarios.children ?? []) : []) {
      if (s.type !== 'object') continue;
      const account = child(s, 'account');
      const accountId = account?.type === 'string' ? (account.value as string) : undefined;
      names(child(s, 'principal'), accountId, ['user', 'role']);
      const chain = child(s, 'chain');
      for (const hop of chain?.type === 'array' ? (chain.children ?? []) : []) names(hop.type === 'string' ? hop : child(hop, 'role'), undefined, ['role']);
    }
    // Its ARN wherever it is written.
    const walk = (n: JsonNode) => {
      if (n.type === 'string' && typeof n.value === 'string' && n.value.toLowerCase() === arnLower) rename(n);
      for (const c of n.children ?? []) walk(c);
    };
    walk(root);
  }
  return edits.sort((a, b) => (a.uri === b.uri ? a.span.start - b.span.start : a.uri < b.uri ? -1 : 1));
}

function child(obj: JsonNode | undefined, key: string): JsonNode | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}
