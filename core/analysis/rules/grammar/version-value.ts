import { replaceValueFix } from '../support/edits';
import { STANDARD_VERSION } from '../support/policy';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/version-value',
  severity: 'warning',
  message: 'Use "Version": "2012-10-17".',
  doc: `IAM knows two policy language versions: \`2012-10-17\` (current) and \`2008-10-17\` (old: no policy
variables). Any other value is rejected. **Fix:** write \`"2012-10-17"\`.`,
  policy({ target, report }) {
    const v = target.doc.version;
    if (!v || v.value === STANDARD_VERSION) return;
    const old = v.value === '2008-10-17';
    report(
      v.span,
      old
        ? 'Version 2008-10-17 is the old policy language: policy variables such as ${aws:username} are read as plain text. Use "2012-10-17".'
        : `"${v.value}" is not a policy language version; IAM accepts only "2012-10-17" (and the old "2008-10-17").`,
      {
        severity: old ? 'warning' : 'error',
        fixes: target.pinned ? [] : [replaceValueFix(`Change to "${STANDARD_VERSION}"`, target.doc.uri, v.span, STANDARD_VERSION)],
      },
    );
  },
});
