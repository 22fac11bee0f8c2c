import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { tooDeep } from '../../json/depth';
import type { AccountFile } from '../../model/types';

/**
 * Fields the format accepts but the model does not keep (it has no use for them in analysis):
 * the tags of policies and identity providers, a SAML provider's metadata document. An export
 * must not drop them, so they are read from the file's text.
 */
export interface FileExtras {
  policyTags: Map<string, [string, string][]>;
  providerTags: Map<string, [string, string][]>;
  samlMetadata: Map<string, string>;
}

export function readExtras(file: AccountFile): FileExtras {
  const extras: FileExtras = { policyTags: new Map(), providerTags: new Map(), samlMetadata: new Map() };
  // A text nested too deep for parseTree's recursion was refused by the model's parse (parse/too-deep).
  const root = tooDeep(file.text) < 0 ? parseTree(file.text, [], { allowTrailingComma: true, disallowComments: false }) : undefined;
  if (!root) return extras;
  const tags = (path: (string | number)[]): [string, string][] => {
    const node = findNodeAtLocation(root, path);
    const value: unknown = node ? getNodeValue(node) : undefined;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  };
  for (const name of file.policies.keys()) {
    const t = tags(['policies', name, 'tags']);
    if (t.length) extras.policyTags.set(name, t);
  }
  for (const name of file.identityProviders.keys()) {
    const t = tags(['identityProviders', name, 'tags']);
    if (t.length) extras.providerTags.set(name, t);
    const metadata = findNodeAtLocation(root, ['identityProviders', name, 'metadataDocument']);
    if (metadata?.type === 'string' && metadata.value) extras.samlMetadata.set(name, metadata.value as string);
  }
  return extras;
}
