import { test } from 'node:test';
import assert from 'node:assert/strict';
import { showHidden } from '../../core/text/escape';

/** The characters core/text/escape.ts documents as shown escaped, written out here independently. */
function documentedHidden(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || [0x061c, 0x200e, 0x200f, 0xfeff, 0xfffe, 0xffff].includes(c) ||
    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

test('showHidden: every UTF-16 code unit, alone between letters, with the default keep and with none', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    const lone = c >= 0xd800 && c <= 0xdfff;
    const escaped = `a\\u${c.toString(16).padStart(4, '0')}b`;
    assert.equal(showHidden(`a${ch}b`), (documentedHidden(c) && c !== 10) || lone ? escaped : `a${ch}b`, `U+${c.toString(16)}`);
    assert.equal(showHidden(`a${ch}b`, ''), documentedHidden(c) || lone ? escaped : `a${ch}b`, `U+${c.toString(16)} (keep nothing)`);
  }
});

test('showHidden: pairs kept, unpaired halves escaped, long clean text returned as it is', () => {
  assert.equal(showHidden('x😀y\n'), 'x😀y\n');
  assert.equal(showHidden('\ud83d\ude00\ud83d'), '\ud83d\ude00\\ud83d');
  assert.equal(showHidden('\ude00\ud83d\ude00'), '\\ude00\ud83d\ude00');
  const clean = '{\n    "EvalDecision": "allowed"\n}\n'.repeat(50000);
  assert.equal(showHidden(clean), clean);
  assert.equal(showHidden(clean + '\u202e'), clean + '\\u202e');
  assert.equal(showHidden('a\tb\nc', '\t\n'), 'a\tb\nc');
  assert.equal(showHidden('a\tb\nc'), 'a\\u0009b\nc');
});
