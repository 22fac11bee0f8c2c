import { isAllow, values } from '../support/policy';
import { defineRule } from '../types';

const SENSITIVE = new Set(['iam', 'sts', 'organizations', 'kms', 'account', 'sso', 'identitystore']);

export default defineRule({
  id: 'practice/service-wildcard',
  kinds: ['identity'],
  severity: 'warning',
  message: 'A whole-service wildcard ("service:*") grants every action of the service, today\'s and future ones.',
  doc: `\`"s3:*"\` includes deleting buckets, changing bucket policies and every action AWS adds later. Least
privilege means listing the actions needed (wildcards within a family, like \`s3:Get*\`, are easier to
review). For \`iam:*\`, \`sts:*\`, \`kms:*\`, \`organizations:*\` it amounts to administrator access.
**Fix:** replace it with the actions the holder needs; IAM Access Analyzer can generate them from
CloudTrail.`,
  policy({ target, report }) {
    if (target.kind !== 'identity') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      if (!isAllow(st)) continue;
      for (let j = 0, list = values(st.action); j < list.length; j++) {
        const a = list[j];
        if (!a.value.endsWith(':*')) continue;
        const m = /^([a-z0-9-]+):\*$/i.exec(a.value);
        if (!m) continue;
        const service = m[1].toLowerCase();
        report(a.span, SENSITIVE.has(service) ? `"${a.value}" grants every ${service} action: close to administrator access.` : `"${a.value}" grants every ${service} action, including future ones; list the actions needed.`, {
          severity: SENSITIVE.has(service) ? 'warning' : 'info',
        });
      }
    }
  },
});
