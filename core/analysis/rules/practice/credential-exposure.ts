import { docFacts, FACT } from '../support/facts';
import type { PolicyDocument } from '../../../policy/types';
import { documentRisks, setsCredentials, allCredentialActions, awsManagedAttachments, credentialActions, credentialActionsOf, exposedBy, onEveryResource, perDocument, shortList } from '../support/exposure';
import { isFullAdminDocument } from '../support/admin';
import { values } from '../support/policy';
import { defineRule } from '../types';

/** The credential actions a document allows on every resource (for AWS managed policies, once per document: no memo per pattern). */
const exposedIn = perDocument((doc: PolicyDocument): string[] => {
  const found = new Set<string>();
  for (const st of doc.statements) { if (onEveryResource(st)) for (const id of exposedBy(st, credentialActionsOf, allCredentialActions)) { found.add(id); } }
  // AWS's read-only job-function policies include Read-level credential reads by design: only what makes or resets one.
  return [...found].filter(setsCredentials);
});

/** An AWS managed policy that allows credential actions on every resource and is not full administrator access (the administrator rules speak of that). */
function exposesCredentials(doc: PolicyDocument): boolean {
  return exposedIn(doc).length > 0 && !isFullAdminDocument(doc);
}

export default defineRule({
  id: 'practice/credential-exposure',
  kinds: ['identity'],
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Actions that return or set credentials are allowed on every resource.',
  doc: `Some actions hand out a credential: a new access key for any user (\`iam:CreateAccessKey\`), a console password
(\`iam:CreateLoginProfile\`, \`iam:UpdateLoginProfile\`), temporary credentials (\`sts:GetFederationToken\`,
\`redshift:GetClusterCredentials\`), a registry token (\`ecr:GetAuthorizationToken\`), an instance's
Windows password (\`ec2:GetPasswordData\`). Allowed on \`"Resource": "*"\` they let the holder act as other users
or reach systems outside IAM's view: Cloudsplaining's "credentials exposure" category. The actions come from the
catalogue (names that return or set credentials, keys, tokens or passwords), so new services are covered;
\`sts:GetSessionToken\` (the caller's own permissions) is not counted. Attached AWS managed policies are checked
too, for the actions that make or reset a credential (access level Write), once per attachment (as information), except full administrator ones (the administrator rules speak).
Granted only through a whole-service wildcard (\`lambda:*\`), the finding is information: \`practice/service-wildcard\` warns. **Fix:** name the users, roles or resources the actions may touch
(\`arn:aws:iam::ACCOUNT:user/\${aws:username}\` for a user's own keys), or add conditions.`,
  facts: FACT.everyResource,
  policy({ target, report }) {
    if (target.kind !== 'identity' || !docFacts(target.doc, target.file.text).everyResource) return;
    const risks = documentRisks(target.doc);
    for (const st of target.doc.statements) {
      if (!onEveryResource(st) || (st.action && !risks?.[st.index]?.credentials.length)) continue;
      const ids = exposedBy(st, credentialActions, allCredentialActions);
      if (!ids.length) continue;
      const span = st.action?.span ?? st.notAction!.span;
      // Granted only through whole-service wildcards ("lambda:*"): practice/service-wildcard speaks; information here.
      const onlyServiceWide = !!st.action && values(st.action).every((a) => !credentialActions(a.value).length || /^[^:]+:\*$/.test(a.value));
      report(span, `${shortList(ids)} ${ids.length === 1 ? 'returns or sets a credential' : 'return or set credentials'} and ${ids.length === 1 ? 'is' : 'are'} allowed on every resource${st.conditions.length ? ' (under conditions)' : ''}; name the resources.`, {
        severity: st.conditions.length || onlyServiceWide ? 'info' : undefined,
      });
    }
  },
  file({ file, report }) {
    for (const a of awsManagedAttachments(file, exposesCredentials)) {
      const ids = exposedIn(a.document);
      report(a.ref.span, `AWS managed policy ${a.name}, attached to ${a.owner}, allows ${shortList(ids)} on every resource: ${ids.length === 1 ? 'an action that returns or sets credentials' : 'actions that return or set credentials'}.`, { severity: 'info' });
    }
  },
});
