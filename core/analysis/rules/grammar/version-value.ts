import { replaceValueFix } from '../support/edits';
import { STANDARD_VERSION } from '../support/policy';
import { variablesIn } from '../support/values';
import type { PolicyDocument } from '../../../policy/types';
import { defineRule } from '../types';

/**
 * A policy AWS writes itself with the old version: the default access policy Amazon SNS gives every new
 * topic (`"Id": "__default_policy_ID"`, statement `"Sid": "__default_statement_ID"`; Amazon SNS Developer
 * Guide and the AWS CLI's `sns get-topic-attributes` example), and the statements the console adds to it
 * (`__console_pub_0`, ...). Their owners didn't choose the version.
 */
function writtenByAws(doc: PolicyDocument): boolean {
  const id = (doc.json as { Id?: unknown } | undefined)?.Id;
  return id === '__default_policy_ID' || doc.statements.some((s) => s.sid?.value === '__default_statement_ID');
}

/** True when the document uses a policy variable anywhere (then the old version changes what it means). */
function usesVariables(doc: PolicyDocument): boolean {
  return variablesIn(JSON.stringify(doc.json ?? {})).length > 0;
}

export default defineRule({
  id: 'grammar/version-value',
  severity: 'warning',
  message: 'Use "Version": "2012-10-17".',
  doc: `IAM knows two policy language versions: \`2012-10-17\` (current) and \`2008-10-17\` (old: no policy
variables). Any other value is rejected (an error). The old version is only a difference where the document uses a
policy variable (\`grammar/variables-old-version\` reports those, as errors); elsewhere it is a note (information),
and AWS's own default SNS topic policy, which AWS writes with \`2008-10-17\`, gets a note that says so.
**Fix:** write \`"2012-10-17"\`.`,
  policy({ target, report }) {
    const v = target.doc.version;
    if (!v || v.value === STANDARD_VERSION) return;
    const old = v.value === '2008-10-17';
    const fixes = target.pinned ? [] : [replaceValueFix(`Change to "${STANDARD_VERSION}"`, target.doc.uri, v.span, STANDARD_VERSION)];
    if (!old) {
      report(v.span, `"${v.value}" is not a policy language version; IAM accepts only "2012-10-17" (and the old "2008-10-17").`, { severity: 'error', fixes });
      return;
    }
    if (writtenByAws(target.doc)) {
      report(v.span, 'AWS writes this default SNS topic policy itself with the old version 2008-10-17; it uses no policy variables, so it means the same under "2012-10-17". Nothing to do unless you edit it.', { severity: 'info', fixes });
      return;
    }
    report(
      v.span,
      usesVariables(target.doc)
        ? 'Version 2008-10-17 is the old policy language: policy variables such as ${aws:username} are read as plain text. Use "2012-10-17".'
        : 'Version 2008-10-17 is the old policy language (no policy variables); this document uses none, so it means the same under "2012-10-17", the current version.',
      { severity: usesVariables(target.doc) ? 'warning' : 'info', fixes },
    );
  },
});
