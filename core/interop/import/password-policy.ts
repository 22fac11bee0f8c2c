import type { PasswordPolicyValues } from '../../model/types';
import type { JsonInput } from './input';

/** The iam.json `account.passwordPolicy` fields (written in the order of FIELDS below). */
export type ImportedPasswordPolicy = PasswordPolicyValues;

const FIELDS: [aws: string, ours: keyof ImportedPasswordPolicy, type: 'number' | 'boolean'][] = [
  ['MinimumPasswordLength', 'minimumLength', 'number'],
  ['RequireUppercaseCharacters', 'requireUppercase', 'boolean'],
  ['RequireLowercaseCharacters', 'requireLowercase', 'boolean'],
  ['RequireNumbers', 'requireNumbers', 'boolean'],
  ['RequireSymbols', 'requireSymbols', 'boolean'],
  ['MaxPasswordAge', 'maxAgeDays', 'number'],
  ['PasswordReusePrevention', 'reusePrevention', 'number'],
  ['AllowUsersToChangePassword', 'allowUsersToChange', 'boolean'],
  ['HardExpiry', 'hardExpiry', 'boolean'],
];

/** Reads `aws iam get-account-password-policy` output (`{"PasswordPolicy": {...}}`, or the inner object). */
export function readPasswordPolicy(input: JsonInput): ImportedPasswordPolicy | undefined {
  const root = input.root;
  if (!root) return undefined;
  if (root.type !== 'object') {
    input.error(root, 'expected the output of "aws iam get-account-password-policy" (an object with "PasswordPolicy")');
    return undefined;
  }
  const top = input.object(root, 'the password policy output', undefined)!;
  const inner = top.get('PasswordPolicy') ?? (top.has('MinimumPasswordLength') ? root : undefined);
  if (!inner) {
    input.error(root, 'this is not the output of "aws iam get-account-password-policy": it has no "PasswordPolicy"');
    return undefined;
  }
  if (inner !== root) input.object(root, 'the password policy output', ['PasswordPolicy', 'ResponseMetadata'], 'password policy');
  const known = [...FIELDS.map((f) => f[0]), 'ExpirePasswords'];
  const f = input.object(inner, '"PasswordPolicy"', known, 'password policy');
  if (!f) return undefined;
  const out: ImportedPasswordPolicy = {};
  for (const [aws, ours, type] of FIELDS) {
    const node = f.get(aws);
    if (type === 'number') {
      const n = input.number(node, `"${aws}"`);
      if (n !== undefined) (out as Record<string, unknown>)[ours] = n;
    } else {
      const b = input.boolean(node, `"${aws}"`);
      if (b !== undefined) (out as Record<string, unknown>)[ours] = b;
    }
  }
  // ExpirePasswords is derived by AWS from MaxPasswordAge: nothing to keep.
  input.boolean(f.get('ExpirePasswords'), '"ExpirePasswords"');
  return out;
}
