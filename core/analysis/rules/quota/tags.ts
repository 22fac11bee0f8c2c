import { quota } from '../support/quotas';
import { defineRule } from '../types';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export default defineRule({
  id: 'quota/tags',
  severity: 'error',
  message: 'Tag limits: 50 tags per entity, keys up to 128 characters, values up to 256.',
  doc: `Each user or role may carry 50 tags. Keys are 1–128 characters, values 0–256, made of letters, digits,
spaces and \`_ . : / = + - @\`; keys may not start with \`aws:\`. **Fix:** shorten or drop tags.`,
  file({ file, report }) {
    const limit = quota(file, 'tagsPerEntity');
    for (const e of [...file.users.values(), ...file.roles.values()]) {
      if (e.tags.length > limit) report(e.tags[limit].keySpan, `${e.kind === 'user' ? 'User' : 'Role'} "${e.name}" has ${e.tags.length} tags; IAM allows ${limit}.`);
      for (const t of e.tags) {
        if (t.key.length === 0 || t.key.length > 128) report(t.keySpan, `Tag keys are 1 to 128 characters long; this one has ${t.key.length}.`);
        else if (/^aws:/i.test(t.key)) report(t.keySpan, 'Tag keys starting with "aws:" are reserved for AWS.');
        else if (!TAG_CHARS.test(t.key)) report(t.keySpan, `The tag key "${t.key}" has characters tags do not allow (letters, digits, spaces and _ . : / = + - @).`);
        if (t.value.length > 256) report(t.valueSpan, `Tag values are at most 256 characters long; this one has ${t.value.length}.`);
        else if (!TAG_CHARS.test(t.value)) report(t.valueSpan, `The tag value has characters tags do not allow (letters, digits, spaces and _ . : / = + - @).`);
      }
    }
  },
});
