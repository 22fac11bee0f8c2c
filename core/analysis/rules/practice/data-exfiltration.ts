import { docFacts } from '../support/facts';
import type { PolicyDocument } from '../../../policy/types';
import { documentRisks, allDataReads, awsManagedAttachments, dataReads, dataReadsOf, exposedBy, onEveryResource, perDocument, sensitiveIn, shortList } from '../support/exposure';
import { isFullAdminDocument } from '../support/admin';
import { defineRule } from '../types';

/** The data reads a document allows on every resource without conditions (AWS managed policies, once per document: no memo per pattern). */
const exposedIn = perDocument((doc: PolicyDocument): string[] => {
  const found = new Set<string>();
  for (const st of doc.statements) { if (onEveryResource(st) && !st.conditions.length) for (const id of exposedBy(st, dataReadsOf, allDataReads)) { found.add(id); } }
  return [...found];
});

/** An AWS managed policy that allows data reads on every resource and is not full administrator access (the administrator rules speak of that). */
function exposesData(doc: PolicyDocument): boolean {
  return exposedIn(doc).length > 0 && !isFullAdminDocument(doc);
}

export default defineRule({
  id: 'practice/data-exfiltration',
  kinds: ['identity'],
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'Reads of data or secrets allowed on every resource (or on a resource the workspace marks sensitive).',
  doc: `\`s3:GetObject\`, \`ssm:GetParameter*\`, \`secretsmanager:GetSecretValue\` and \`kms:Decrypt\` read the data
itself: every object of every bucket, every parameter and secret, every encrypted value. On \`"Resource": "*"\`
a leaked key of this principal leaks them all (Cloudsplaining's "data exfiltration" category). List the
resources you consider sensitive in \`iam-workbench.json\` (\`"sensitiveResources": ["arn:aws:s3:::payroll-*",
"arn:aws:secretsmanager:*:*:secret:prod/*"]\`) and a read naming one of them is reported as well, whoever
holds it. Attached AWS managed policies are checked too, once per attachment (as information), except full administrator ones (the administrator rules speak):
\`ReadOnlyAccess\` reads every object and parameter; \`ViewOnlyAccess\` reads metadata only.
**Fix:** name the buckets, parameters, secrets and keys the principal needs.`,
  policy({ target, report, config }) {
    if (target.kind !== 'identity') return;
    const sensitive = config.sensitiveResources ?? [];
    if (!sensitive.length && !docFacts(target.doc, target.file.text).everyResource) return;
    const risks = documentRisks(target.doc);
    for (const st of target.doc.statements) {
      if (st.action && !risks?.[st.index]?.data.length) continue;
      const every = onEveryResource(st);
      const marked = every ? [] : sensitiveIn(st, sensitive);
      if (!every && !marked.length) continue;
      const ids = exposedBy(st, dataReads, allDataReads);
      if (!ids.length) continue;
      const span = st.action?.span ?? st.notAction!.span;
      const where = every ? 'every resource' : `${marked.join(', ')} (marked sensitive)`;
      report(span, `${shortList(ids)} allowed on ${where}${st.conditions.length ? ' (under conditions)' : ''}: the holder can read ${every ? 'all of that data' : 'that data'}.`, {
        severity: st.conditions.length && every ? 'info' : undefined,
      });
    }
  },
  file({ file, report }) {
    for (const a of awsManagedAttachments(file, exposesData)) {
      const ids = exposedIn(a.document);
      report(a.ref.span, `AWS managed policy ${a.name}, attached to ${a.owner}, allows ${shortList(ids)} on every resource.`, { severity: 'info' });
    }
  },
});
