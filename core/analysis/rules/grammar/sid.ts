import { defineRule } from '../types';

const IAM_SID = /^[A-Za-z0-9]*$/;

export default defineRule({
  id: 'grammar/sid',
  severity: 'error',
  message: 'Statement ids must be unique within a policy and, in IAM policies, only letters and digits.',
  doc: `\`Sid\` is optional, but IAM requires it to be unique within the document and, for identity, trust, boundary
and organization policies, made of ASCII letters and digits only (resource policies of other services allow
more). **Fix:** rename the statement, e.g. \`AllowReadLogs\`.`,
  policy({ target, report }) {
    const seen = new Map<string, { start: number; end: number }>();
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      const sid = st.sid;
      if (!sid) continue;
      if (target.kind !== 'resource' && !IAM_SID.test(sid.value)) {
        report(sid.span, `Sid "${sid.value}" may hold only letters (A-Z, a-z) and digits (0-9).`);
      }
      const first = seen.get(sid.value);
      if (first && sid.value !== '') {
        report(sid.span, `Sid "${sid.value}" is used twice in ${target.where}.`, {
          related: [{ uri: target.doc.uri, span: first, message: 'first use' }],
        });
      } else seen.set(sid.value, sid.span);
    }
  },
});
