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
    for (let i1_ = 0, l1_ = doc.statements; i1_ < l1_.length; i1_++) { const st = l1_[i1_];
      const strings = [...values(st.resource), ...values(st.notResource)];
      for (let i2_ = 0, l2_ = st.conditions; i2_ < l2_.length; i2_++) { const c = l2_[i2_]; for (let i3_ = 0, l3_ = c.values; i3_ < l3_.length; i3_++) { const v = l3_[i3_]; if (typeof v.value === 'string') strings.push(v as { value: string; span: typeof v.span }); } }
      for (let i4_ = 0, l4_ = strings; i4_ < l4_.length; i4_++) { const s = l4_[i4_]; if (variablesIn(s.value).length) report(s.span); }
    }
  },
});
