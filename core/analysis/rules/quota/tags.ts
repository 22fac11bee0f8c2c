import type { Role, User } from '../../../model/types';
import { quota } from '../support/quotas';
import { defineRule } from '../types';

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The ASCII characters TAG_CHARS allows: letters, digits, space and _ . : / = + - @. */
const ASCII_OK = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _.:/=+-@') ASCII_OK[c.charCodeAt(0)] = 1;

/** TAG_CHARS.test(s), without the Unicode regular expression for plain ASCII text (nearly every tag). */
function tagChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return TAG_CHARS.test(s);
    if (ASCII_OK[c] === 0) return false;
  }
  return true;
}

/** /^aws:/i.test(key) */
function reserved(key: string): boolean {
  return key.length >= 4 && (key.charCodeAt(0) | 32) === 97 && (key.charCodeAt(1) | 32) === 119 && (key.charCodeAt(2) | 32) === 115 && key.charCodeAt(3) === 58;
}

export default defineRule({
  id: 'quota/tags',
  scope: 'entity',
  severity: 'error',
  message: 'Tag limits: 50 tags per entity, keys up to 128 characters, values up to 256.',
  doc: `Each user or role may carry 50 tags. Keys are 1–128 characters, values 0–256, made of letters, digits,
spaces and \`_ . : / = + - @\`; keys may not start with \`aws:\`. **Fix:** shorten or drop tags.`,
  file({ file, report }) {
    const limit = quota(file, 'tagsPerEntity');
    const check = (e: User | Role) => {
      const tags = e.tags;
      if (tags.length === 0) return;
      if (tags.length > limit) report(tags[limit].keySpan, `${e.kind === 'user' ? 'User' : 'Role'} "${e.name}" has ${tags.length} tags; IAM allows ${limit}.`);
      for (let i = 0; i < tags.length; i++) {
        const t = tags[i];
        if (t.key.length === 0 || t.key.length > 128) report(t.keySpan, `Tag keys are 1 to 128 characters long; this one has ${t.key.length}.`);
        else if (reserved(t.key)) report(t.keySpan, 'Tag keys starting with "aws:" are reserved for AWS.');
        else if (!tagChars(t.key)) report(t.keySpan, `The tag key "${t.key}" has characters tags do not allow (letters, digits, spaces and _ . : / = + - @).`);
        if (t.value.length > 256) report(t.valueSpan, `Tag values are at most 256 characters long; this one has ${t.value.length}.`);
        else if (!tagChars(t.value)) report(t.valueSpan, `The tag value has characters tags do not allow (letters, digits, spaces and _ . : / = + - @).`);
      }
    };
    for (const u of file.users.values()) check(u);
    for (const r of file.roles.values()) check(r);
  },
});
