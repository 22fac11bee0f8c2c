import { getManagedPolicy, managedPolicyText, suggestManagedPolicy } from '../data/managed-policies';
import { parsePolicyText } from '../policy/parse';
import type { PolicyDocument } from '../policy/types';

/** The uri of an AWS managed policy's document (spans point into its indented JSON text). */
export function awsPolicyUri(name: string): string {
  return `aws-managed-policy:${name}`;
}

const parsed = new Map<string, { name: string; document: PolicyDocument }>();

/**
 * Resolves an AWS managed policy ARN against the bundled data. The document is parsed on first use,
 * once: resolving a reference doesn't need it, and most accounts attach big ones (ReadOnlyAccess).
 */
export function bundledAwsPolicy(arn: string): { name: string; document: PolicyDocument } | undefined {
  const hit = parsed.get(arn);
  if (hit) return hit;
  const policy = getManagedPolicy(arn);
  if (!policy) return undefined;
  let document: PolicyDocument | undefined;
  const entry = {
    name: policy.name,
    get document(): PolicyDocument {
      return (document ??= parsePolicyText(managedPolicyText(policy), awsPolicyUri(policy.name), 'identity', Infinity));
    },
  };
  parsed.set(arn, entry);
  return entry;
}

/** Did-you-mean text for an AWS managed policy ARN that doesn't exist. */
export function awsPolicyHint(arn: string): string {
  const s = suggestManagedPolicy(arn, 1);
  return s.length ? ` Did you mean ${s[0]}?` : '';
}
