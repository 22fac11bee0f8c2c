import { docFacts, FACT } from '../support/facts';
import { parseOperator } from '../support/operators';
import { defineRule } from '../types';

/** RFC 1918 private IPv4 blocks and IPv6 unique local addresses, which never reach AWS as a source IP. */
const PRIVATE_V4: [number, number][] = [
  [0x0a000000, 8], // 10.0.0.0/8
  [0xac100000, 12], // 172.16.0.0/12
  [0xc0a80000, 16], // 192.168.0.0/16
];

/** The value (an IPv4 address or CIDR block, or an IPv6 one) lies wholly inside a private range. */
export function isPrivateRange(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value);
  if (v4) {
    const addr = ((+v4[1] << 24) | (+v4[2] << 16) | (+v4[3] << 8) | +v4[4]) >>> 0;
    const bits = v4[5] === undefined ? 32 : +v4[5];
    return PRIVATE_V4.some(([base, len]) => bits >= len && (addr >>> (32 - len)) === (base >>> (32 - len)));
  }
  const v6 = /^([0-9a-f]{1,4}):[0-9a-f:]*(?:\/(\d{1,3}))?$/i.exec(value);
  if (v6) {
    const bits = v6[2] === undefined ? 128 : +v6[2];
    return bits >= 7 && (parseInt(v6[1].padStart(4, '0').slice(0, 2), 16) & 0xfe) === 0xfc;
  }
  return false;
}

export default defineRule({
  id: 'grammar/source-ip-private',
  severity: 'error',
  message: 'aws:SourceIp never holds a private address.',
  doc: `\`aws:SourceIp\` is the public address a request comes from; requests through a VPC endpoint carry the
private address in \`aws:VpcSourceIp\` instead. A private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,
fc00::/7) in \`aws:SourceIp\` therefore never matches: an \`IpAddress\` allow-list of private ranges lets nobody
in, and a \`NotIpAddress\` Deny with only private ranges denies every request. IAM Access Analyzer: "Private IP
address" and "Private NotIpAddress" (errors, all values private), "Private IP address subset" and "Private
NotIpAddress subset" (suggestions, a mix)
([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** use \`aws:VpcSourceIp\` with \`aws:SourceVpc\` or \`aws:SourceVpce\` for private addresses, and public
addresses in \`aws:SourceIp\`.`,
  facts: FACT.sourceIp,
  policy({ target, report }) {
    if (!docFacts(target.doc, target.file.text).keys.has('aws:sourceip')) return;
    for (const st of target.doc.statements) {
      for (const c of st.conditions) {
        if (!/^aws:sourceip$/i.test(c.key.value)) continue;
        const op = parseOperator(c.operator.value);
        if (!op || op.family !== 'IpAddress') continue;
        const priv = c.values.filter((v) => typeof v.value === 'string' && isPrivateRange(v.value));
        if (!priv.length) continue;
        if (priv.length === c.values.length) {
          report(c.valuesSpan, `Every value of aws:SourceIp here is a private range: ${op.negated ? `${op.text} then holds for every request` : 'the condition never matches'}. Use aws:VpcSourceIp for private addresses.`);
        } else {
          for (const v of priv) { report(v.span, `"${v.value}" is a private range: aws:SourceIp never holds it (use aws:VpcSourceIp for requests through a VPC endpoint).`, { severity: 'info' }); }
        }
      }
    }
  },
});
