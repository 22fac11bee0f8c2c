import { docFacts, FACT } from '../support/facts';
import { memo } from '../support/memo';
import { forEachActionValue } from '../support/policy';
import { defineRule } from '../types';

const SERVICE = /^[a-z0-9][a-z0-9-]*$/i;
const ACTION = /^[A-Za-z0-9*?_-]+$/;

export default defineRule({
  id: 'grammar/action-format',
  severity: 'error',
  message: 'Actions are written "service:Action" (e.g. "s3:GetObject"), or "*".',
  doc: `An action is a service prefix, a colon and an action name; \`*\` and \`?\` may stand for part of the action
name. IAM does not match wildcards in the service prefix (\`"s*:GetObject"\`), and policy variables are not
substituted in actions. **Fix:** write the service prefix in full, e.g. \`"s3:Get*"\`.`,
  facts: FACT.notPlainActions,
  policy({ target, report }) {
    // Only "*" and known actions written in full: nothing to report (see DocFacts.plainActions).
    if (docFacts(target.doc, target.file.text).plainActions) return;
    forEachActionValue(target.doc, (a) => {
      const p = actionProblem(a.value);
      if (p) report(a.span, p);
    });
  },
});

const actionProblem = memo((v: string): string | undefined => {
  if (v === '*') return undefined;
  const colon = v.indexOf(':');
  if (v.includes('${')) return `Policy variables are not allowed in actions: "${v}".`;
  if (colon < 0) return `"${v}" is not an action; write "service:Action", e.g. "s3:GetObject".`;
  const service = v.slice(0, colon);
  const name = v.slice(colon + 1);
  if (/[*?]/.test(service)) return `"${v}": wildcards are not allowed in the service prefix; name the service.`;
  if (!SERVICE.test(service)) return `"${service}" is not a service prefix.`;
  if (!name) return `"${v}" has no action name after the colon; write "${service}:*" for every action.`;
  if (!ACTION.test(name)) return `"${name}" is not an action name (letters, digits, * and ?).`;
  return undefined;
});
