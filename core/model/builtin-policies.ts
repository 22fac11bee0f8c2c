import { parsePolicyText } from '../policy/parse';
import type { ResolvedPolicy } from './types';

/**
 * The policies AWS Organizations attaches for you: FullAWSAccess (an SCP, attached to every root,
 * OU and account unless removed) and RCPFullAWSAccess (an RCP that can't be detached).
 */
const TEXTS = {
  FullAWSAccess: {
    kind: 'scp',
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "*", "Resource": "*" }\n  ]\n}\n',
  },
  RCPFullAWSAccess: {
    kind: 'rcp',
    text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" }\n  ]\n}\n',
  },
} as const;

const cache = new Map<string, ResolvedPolicy>();

export function builtinOrganizationPolicy(name: string, kind: 'scp' | 'rcp'): ResolvedPolicy | undefined {
  const entry = TEXTS[name as keyof typeof TEXTS];
  if (!entry || entry.kind !== kind) return undefined;
  let resolved = cache.get(name);
  if (!resolved) {
    const type = kind === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY';
    // AWS managed Organizations policies have ARNs in the `aws` account, without an organization id.
    const arn = `arn:aws:organizations::aws:policy/${kind === 'scp' ? 'service_control_policy' : 'resource_control_policy'}/p-${name}`;
    resolved = { kind: 'builtin', name, document: parsePolicyText(entry.text, `builtin:${name}`, kind), arn, type };
    cache.set(name, resolved);
  }
  return resolved;
}
