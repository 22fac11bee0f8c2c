import { removeArrayItemFix } from '../support/edits';
import { defineRule } from '../types';
import type { Fix } from '../../../findings';

export default defineRule({
  id: 'trust/redundant-principal',
  kinds: ['trust'],
  severity: 'info',
  message: 'An assumed-role session listed next to its own role.',
  doc: `A trust policy that names a role (\`arn:aws:iam::111122223333:role/ci\`) already trusts every session of it;
naming one of its sessions as well (\`arn:aws:sts::111122223333:assumed-role/ci/build\`) adds nothing. IAM Access
Analyzer's suggestion "Redundant principal in role trust policy"
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** remove the session (a quick fix).`,
  policy({ target, report }) {
    if (target.kind !== 'trust') return;
    for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
      const st = statements[i];
      for (let j = 0, list = st.principal?.entries ?? []; j < list.length; j++) {
        const e = list[j];
        if (e.type.value !== 'AWS' || e.values.length < 2) continue;
        const roles = new Set(e.values.map((v) => v.value.toLowerCase()));
        for (let k = 0, values = e.values; k < values.length; k++) {
          const v = values[k];
          const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(v.value);
          if (!m) continue;
          // A role with a path is named with it; the session ARN has no path, so match any path.
          const prefix = `arn:${m[1]}:iam::${m[2]}:role/`.toLowerCase();
          const name = m[3].toLowerCase();
          const role = [...roles].find((r) => {
            const lower = r.toLowerCase();
            if (!lower.startsWith(prefix)) return false;
            const rest = lower.slice(prefix.length);
            return rest === name || rest.endsWith(`/${name}`);
          });
          if (!role) continue;
          const f = target.pinned ? undefined : removeArrayItemFix(`Remove "${v.value}"`, target.doc.uri, target.file.text, v.span);
          report(v.span, `"${v.value}" is a session of ${role}, which the statement already trusts.`, { fixes: f ? [f as Fix] : [] });
        }
      }
    }
  },
});
