import { replaceFix } from '../support/edits';
import { cap, head } from '../support/policy';
import { compactJson } from '../support/quotas';
import { defineRule } from '../types';

const BAD = /[^\t\n\r\u0020-\u00FF]/;

/** Plain replacements for what word processors put in (as JSON string text). */
const PLAIN: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201C': '\\"', '\u201D': '\\"', '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u200B': '',
};

export default defineRule({
  id: 'quota/document-characters',
  severity: 'error',
  message: 'Policy documents may hold only tab, line breaks and characters U+0020 to U+00FF.',
  doc: `IAM rejects policy documents with characters outside tab, LF, CR and U+0020–U+00FF: typographic quotes and
dashes pasted from a word processor, emoji, non-Latin letters. **Fix:** replace them with plain ASCII
(\`"\` for “ ”, \`-\` for –).`,
  policy({ target, report }) {
    const { doc } = target;
    // JSON.stringify keeps non-ASCII characters as they are: one test finds documents worth a closer look.
    const compact = compactJson(doc.json);
    // `\u000x` or `\u001x`: JSON.stringify's escapes of control characters (two searches, no regular expression run).
    if (!BAD.test(compact) && !compact.includes('\\u000') && !compact.includes('\\u001')) return;
    const bad = findBad(doc.json);
    if (!bad) return;
    const text = target.file.text.slice(doc.span.start, doc.span.end);
    const at = text.indexOf(bad);
    const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    const found = at >= 0 && !target.pinned;
    const span = found ? { start: doc.span.start + at, end: doc.span.start + at + bad.length } : head(doc.span);
    const ascii = PLAIN[bad];
    report(span, `${cap(target.where)} holds "${bad}" (U+${code}); IAM accepts only tab, line breaks and U+0020 to U+00FF in policy documents.`, {
      fixes: found && ascii !== undefined ? [replaceFix(`Replace with ${ascii}`, doc.uri, span, ascii)] : [],
    });
  },
});

function findBad(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const m = BAD.exec(v);
    return m ? String.fromCodePoint(v.codePointAt(m.index)!) : undefined;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const b = findBad(x);
      if (b) return b;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const b = findBad(k) ?? findBad(x);
      if (b) return b;
    }
  }
  return undefined;
}
