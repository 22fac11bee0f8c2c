import type { PathField } from '../../../model/types';
import { PATH_MAX, pathFormatOk } from '../support/quotas';
import { defineRule } from '../types';

export default defineRule({
  id: 'quota/paths',
  scope: 'entity',
  severity: 'error',
  message: 'A path is "/" or starts and ends with "/", with printable ASCII between (at most 512 characters).',
  doc: `IAM paths organise entities (\`/engineering/\`). A path must begin and end with a slash, hold only printable
ASCII characters without spaces, and be at most 512 characters long. **Fix:** write e.g. \`"/teams/data/"\`.`,
  file({ file, report }) {
    const check = (e: PathField) => {
      if (!e.pathSpan) return;
      if (e.path.length > PATH_MAX) report(e.pathSpan, `The path is ${e.path.length} characters long; IAM allows ${PATH_MAX}.`);
      else if (!pathFormatOk(e.path)) report(e.pathSpan, `"${e.path}" is not a valid path: it must start and end with "/" and hold only printable ASCII, no spaces.`);
    };
    for (const e of file.users.values()) check(e);
    for (const e of file.groups.values()) check(e);
    for (const e of file.roles.values()) check(e);
    for (const e of file.policies.values()) check(e);
  },
});
