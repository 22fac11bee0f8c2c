import { docFacts, FAMILY, FACT } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

/** The network address of an IPv4 CIDR block whose address has bits set past the mask, or undefined. */
export function canonicalCidr(value: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (bits > 32 || octets.some((o) => o > 255)) return undefined;
  const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (addr & mask) >>> 0;
  if (net === addr) return undefined;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${bits}`;
}

export default defineRule({
  id: 'grammar/ip-range-host-bits',
  severity: 'info',
  message: 'The CIDR block has bits set after its mask: they are ignored.',
  doc: `In \`203.0.113.5/24\` the last octet is past the 24-bit mask and is ignored: the block is \`203.0.113.0/24\`,
the whole range, which may be more than the single address that was meant. IAM Access Analyzer's suggestion
"Improve IP range" ([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** write the network address (a quick fix), or \`/32\` for one address.`,
  facts: FACT.ipAddress,
  policy({ target, report }) {
    if (!(docFacts(target.doc, target.file.text).families & FAMILY.IpAddress)) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'IpAddress') continue;
        for (const v of c.values) {
          if (typeof v.value !== 'string') continue;
          const net = canonicalCidr(v.value);
          if (net) report(v.span, `"${v.value}" means ${net}: the bits after the /${net.split('/')[1]} mask are ignored. Write ${net}, or ${v.value.split('/')[0]}/32 for the one address.`, {
            fixes: target.pinned ? [] : [replaceValueFix(`Change to "${net}"`, target.doc.uri, v.span, net)],
          });
        }
      }
    }
  },
});
