import { getCatalog } from '../../../data/catalog';
import { principalValues, values } from '../support/policy';
import { SPECIAL_VARIABLES, variablesIn } from '../support/values';
import { defineRule } from '../types';
import type { Located } from '../../../text/span';

export default defineRule({
  id: 'grammar/policy-variable',
  severity: 'error',
  message: 'Invalid policy variable.',
  doc: `A policy variable is \`\${key}\` where key is a request context key (\`\${aws:username}\`,
\`\${aws:PrincipalTag/team}\`), optionally with a default (\`\${aws:username, 'none'}\`), or one of \`\${*}\`,
\`\${?}\`, \`\${$}\`. Variables work in \`Resource\` and in condition values; in \`Action\` or \`Principal\` they
are plain text. An unknown key is replaced by nothing, so the statement never matches. A default is
written after a comma in single quotes (\`\${aws:PrincipalTag/team, 'none'}\`); a key holds no spaces. IAM
Access Analyzer's errors "Missing brace in variable", "Missing quote in variable", "Unsupported space in
variable" and "Empty variable" are these
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** spell the key as the catalogue does, quote the default, and close the brace.`,
  policy({ target, report }) {
    // A value holds "${" only if the document's text does, or has an escape (a backslash) that makes one:
    // one scan of the text instead of a look at every value.
    const { doc } = target;
    const text = target.file.text.slice(doc.span.start, doc.span.end);
    if (!text.includes('${') && !text.includes('\\')) return;
    const catalog = getCatalog();
    const check = (s: Located<string>) => {
      if (!s.value.includes('${')) return;
      for (const use of variablesIn(s.value)) {
        if (use.unclosed) report(s.span, `"${use.text}" opens a policy variable that is never closed with "}".`);
        else if (!use.key) report(s.span, 'An empty policy variable "${}".');
        else if (/\s/.test(use.text.slice(2, -1).split(',')[0])) report(s.span, `"${use.text}": a policy variable may not hold spaces in its key; write \${${use.key.replace(/\s+/g, '')}}.`);
        else if (use.text.includes(',') && !/^'[^']*'$/.test(use.text.slice(use.text.indexOf(',') + 1, -1).trim())) {
          report(s.span, `"${use.text}": the default value must be in single quotes, e.g. \${${use.key}, 'none'}.`);
        }
        else if (!SPECIAL_VARIABLES.has(use.key) && !catalog.conditionKey(use.key)) {
          const hint = catalog.suggest(use.key, 'conditionKey', 1)[0];
          report(s.span, `Unknown policy variable "${use.text}"${hint ? `; did you mean \${${hint}}?` : ''}.`);
        }
      }
    };
    for (const st of target.doc.statements) {
      for (const r of values(st.resource)) { check(r); }
      for (const r of values(st.notResource)) { check(r); }
      for (const c of st.conditions) { for (const v of c.values) { if (typeof v.value === 'string') check(v as Located<string>); } }
      if (!st.principal && !st.notPrincipal) continue;
      for (const p of [...principalValues(st.principal), ...principalValues(st.notPrincipal)]) {
        if (p.value.value.includes('${')) report(p.value.span, 'Policy variables are not substituted in Principal.');
      }
    }
  },
});
