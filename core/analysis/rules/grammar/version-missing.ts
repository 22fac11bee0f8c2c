import { insertPropertyFix } from '../support/edits';
import { head, STANDARD_VERSION } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/version-missing',
  severity: 'warning',
  message: 'The policy has no "Version": IAM reads it as the old 2008-10-17 language, in which policy variables are plain text.',
  doc: `Without \`"Version": "2012-10-17"\`, IAM evaluates a policy with the 2008-10-17 language: \`\${aws:username}\`
and other policy variables are matched literally, and some newer features are missing.
**Fix:** add \`"Version": "2012-10-17"\` as the document's first element (the quick fix does it).`,
  policy({ target, report }) {
    const { doc } = target;
    if (doc.version || doc.json === null || typeof doc.json !== 'object' || Array.isArray(doc.json)) return;
    if (doc.findings.some((f) => f.code === 'schema/policy-type' && f.span.start === doc.span.start)) return;
    const fix = target.pinned
      ? undefined
      : insertPropertyFix(`Add "Version": "${STANDARD_VERSION}"`, doc.uri, target.file.text, doc.span, 'Version', STANDARD_VERSION);
    report(head(doc.span), undefined, { fixes: fix ? [fix] : [] });
  },
});
