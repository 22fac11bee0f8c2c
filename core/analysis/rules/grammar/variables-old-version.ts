import { values } from '../support/policy';
import { variablesIn } from '../support/values';
import { defineRule } from '../types';

export default defineRule({
  id: 'grammar/variables-old-version',
  severity: 'error',
  message: 'Policy variables need "Version": "2012-10-17"; under the old language this is matched as literal text.',
  doc: `Policy variables (\`\${aws:username}\`, \`\${aws:PrincipalTag/team}\`) are substituted only in documents with
\`"Version": "2012-10-17"\`. Without a Version, or with 2008-10-17, IAM compares the text \`\${aws:username}\`
itself, so the statement never matches what you meant. **Fix:** set \`"Version": "2012-10-17"\`.`,
  policy({ target, report }) {
    const { doc } = target;
    if (doc.version?.value === '2012-10-17') return;
    for (const st of doc.statements) {
      const strings = [...values(st.resource), ...values(st.notResource)];
      for (const c of st.conditions) { for (const v of c.values) { if (typeof v.value === 'string') strings.push(v as { value: string; span: typeof v.span }); } }
      for (const s of strings) { if (variablesIn(s.value).length) report(s.span); }
    }
  },
});
