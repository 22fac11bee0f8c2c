import { wildcardMatcher } from '../../../data/catalog';
import { memo } from '../support/memo';
import { isAllow, values } from '../support/policy';
import { defineRule } from '../types';

/** Actions that create a principal or give a role permissions: safe to delegate only with a permissions boundary. */
const DELEGATING = ['iam:CreateRole', 'iam:CreateUser', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:AttachUserPolicy', 'iam:PutUserPolicy'];

const delegating = memo((pattern: string): string[] => {
  if (pattern.includes('$')) return [];
  const re = wildcardMatcher(pattern);
  return DELEGATING.filter((a) => re(a));
});

export default defineRule({
  id: 'practice/delegation-without-boundary',
  severity: 'warning',
  message: 'Creating roles or users, or attaching policies to them, without requiring a permissions boundary.',
  doc: `Letting developers create roles (\`iam:CreateRole\`) and give them policies (\`iam:AttachRolePolicy\`,
\`iam:PutRolePolicy\`) is how teams ship without waiting for an administrator, but unbounded it lets them create a
role with \`AdministratorAccess\` and use it. AWS's pattern for delegated administration is a condition
\`"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::ACCOUNT:policy/DeveloperBoundary"}\` on those
actions, so that every role they create or change stays inside the boundary
([permissions boundaries: delegating responsibility](https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate)).
The same holds for users. **Fix:** add the \`iam:PermissionsBoundary\` condition to the statement, and deny
\`iam:DeleteRolePermissionsBoundary\` / \`iam:PutRolePermissionsBoundary\` on other boundaries.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (const st of target.doc.statements) {
      if (!isAllow(st) || !st.action) continue;
      let found: Set<string> | undefined;
      for (const a of values(st.action)) if (a.value !== '*') for (const id of delegating(a.value)) (found ??= new Set()).add(id);
      if (!found || st.conditions.some((c) => /^iam:permissionsboundary$/i.test(c.key.value))) continue;
      report(st.action.span, `${[...found].join(', ')} without an iam:PermissionsBoundary condition: the holder can create or empower a principal beyond their own permissions.`);
    }
  },
});
