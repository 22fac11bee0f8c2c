import { cap, head } from '../support/policy';
import { compactJson } from '../support/quotas';
import { defineRule } from '../types';

/**
 * AWS Organizations, "Quotas and service limits", maximum size of a policy document: SCPs and RCPs
 * 5,120 characters each. Whitespace counts, except that the console removes the whitespace between JSON
 * elements (outside quotes) when it saves a policy; the API, the CLI and SDKs store the text as sent.
 */
export const CONTROL_POLICY_SIZE = 5120;

export default defineRule({
  id: 'quota/control-policy-size',
  kinds: ['scp', 'rcp'],
  severity: 'error',
  message: 'The service or resource control policy is larger than 5,120 characters.',
  doc: `AWS Organizations limits a service control policy (SCP) and a resource control policy (RCP) to 5,120
characters each ([Organizations quotas](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html)).
Unlike IAM's policy sizes, whitespace counts: the console removes the spaces and line breaks between JSON
elements when it saves a policy, but the API, the CLI, SDKs and infrastructure tools store the text as sent.
IAM Access Analyzer reports this as "Policy size exceeds SCP quota" / "... RCP quota". An error when even
the minified document (no whitespace outside strings) is too large; a warning when only the text as written
is. **Fix:** split the policy into several (up to five SCPs or RCPs can be attached to each root, OU or
account), or minify it before deploying.`,
  policy({ target, report }) {
    if (target.kind !== 'scp' && target.kind !== 'rcp') return;
    const { doc } = target;
    const what = target.kind === 'scp' ? 'SCP' : 'RCP';
    const minified = compactJson(doc.json).length;
    if (minified > CONTROL_POLICY_SIZE) {
      report(head(doc.span), `${cap(target.where)} is used as an ${what} and holds ${minified} characters even minified; AWS Organizations allows ${CONTROL_POLICY_SIZE}.`);
      return;
    }
    if (target.pinned) return;
    const written = doc.span.end - doc.span.start > CONTROL_POLICY_SIZE ? withoutComments(target.file.text, doc.span.start, doc.span.end) : 0;
    if (written > CONTROL_POLICY_SIZE) {
      report(head(doc.span), `${cap(target.where)} is used as an ${what}: ${written} characters as written, ${minified} minified. AWS Organizations allows ${CONTROL_POLICY_SIZE} and counts whitespace unless the console saves the policy: minify it before deploying it with the API, CLI or an infrastructure tool.`, { severity: 'warning' });
    }
  },
});

/** Characters of text[start, end) outside comments (comments are the file's, not the deployed policy's). */
function withoutComments(text: string, start: number, end: number): number {
  let n = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        i++;
        n += 2;
        continue;
      }
      if (c === 34) inString = false;
      n++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
      i--;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 || close >= end ? end : close + 1;
    } else {
      if (c === 34) inString = true;
      n++;
    }
  }
  return n;
}
