import type { PolicyDocument } from '../../../policy/types';
import { awsManagedAttachments, delegatingActionsOf, documentRisks, perDocument, shortList } from '../support/exposure';
import { isAllow } from '../support/policy';
import { defineRule } from '../types';

const BOUNDARY_KEY = /^iam:permissionsboundary$/i;

/**
 * The delegating actions an AWS managed policy allows in statements without an iam:PermissionsBoundary condition:
 * once per document, asking of each action value only its delegating actions (not `documentRisks`, whose memoised
 * look-ups an AWS managed policy's thousands of patterns, each met once, would only fill).
 */
const unboundedDelegation = perDocument((doc: PolicyDocument): string[] => {
  const found = new Set<string>();
  for (let i = 0, statements = doc.statements; i < statements.length; i++) {
    const st = statements[i];
    if (!isAllow(st) || !st.action || st.conditions.some((c) => BOUNDARY_KEY.test(c.key.value))) continue;
    for (let j = 0, values = st.action.values; j < values.length; j++) {
      const a = values[j];
      for (let k = 0, list = delegatingActionsOf(a.value); k < list.length; k++) {
        const id = list[k];
        found.add(id);
      }
    }
  }
  return [...found];
});

export default defineRule({
  id: 'practice/delegation-without-boundary',
  kinds: ['identity'],
  // The file part reads attachments only (no description, no tag): a description or tag typed keeps its findings.
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Creating roles or users, or attaching policies to them, without requiring a permissions boundary.',
  doc: `Letting developers create roles (\`iam:CreateRole\`) and give them policies (\`iam:AttachRolePolicy\`,
\`iam:PutRolePolicy\`) is how teams ship without waiting for an administrator, but unbounded it lets them create a
role with \`AdministratorAccess\` and use it. AWS's pattern for delegated administration is a condition
\`"StringEquals": {"iam:PermissionsBoundary": "arn:aws:iam::ACCOUNT:policy/DeveloperBoundary"}\` on those
actions, so that every role they create or change stays inside the boundary
([permissions boundaries: delegating responsibility](https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate)).
The same holds for users. Attached AWS managed policies are checked too (\`IAMFullAccess\` allows all six actions
unbounded), once per attachment, as information: their statements can't be changed, so the fix there is a customer
managed policy with the condition in their place. **Fix:** add the \`iam:PermissionsBoundary\` condition to the statement, and deny
\`iam:DeleteRolePermissionsBoundary\` / \`iam:PutRolePermissionsBoundary\` on other boundaries.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    const risks = documentRisks(target.doc);
    if (!risks) return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      const risk = risks[st.index];
      if (!risk?.delegating.length || !st.action || st.conditions.some((c) => BOUNDARY_KEY.test(c.key.value))) continue;
      const found = [...new Set(risk.delegating)];
      report(st.action.span, `${found.join(', ')} without an iam:PermissionsBoundary condition: the holder can create or empower a principal beyond their own permissions.`);
    }
  },
  file({ file, report }) {
    for (let i = 0, list = awsManagedAttachments(file, (doc) => unboundedDelegation(doc).length > 0); i < list.length; i++) {
      const a = list[i];
      const found = unboundedDelegation(a.document);
      report(a.ref.span, `AWS managed policy ${a.name}, attached to ${a.owner}, allows ${shortList(found)} without an iam:PermissionsBoundary condition: the holder can create or empower a principal beyond their own permissions.`, { severity: 'info' });
    }
  },
});
