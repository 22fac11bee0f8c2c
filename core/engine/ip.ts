/** IPv4 and IPv6 addresses and CIDR blocks, for IpAddress / NotIpAddress. */

export interface IpValue {
  v6: boolean;
  bits: bigint;
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  mask: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  for (const g of [...head, ...rest]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - total).fill('0'), ...rest];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const ipCache = new Map<string, IpValue | undefined>();

/** Parses an address (cached: request contexts repeat the same few addresses). */
export function parseIp(s: string): IpValue | undefined {
  if (ipCache.has(s)) return ipCache.get(s);
  if (ipCache.size > 4096) ipCache.clear();
  const v = parseIpUncached(s);
  ipCache.set(s, v);
  return v;
}

function parseIpUncached(s: string): IpValue | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const bits = parseV6(t);
    return bits === undefined ? undefined : { v6: true, bits };
  }
  const bits = parseV4(t);
  return bits === undefined ? undefined : { v6: false, bits };
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const width = ip.v6 ? 128 : 32;
  const n = len === undefined ? width : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(n >= 0 && n <= width)) return undefined;
  const all = (1n << BigInt(width)) - 1n;
  const mask = n === 0 ? 0n : (all << BigInt(width - n)) & all;
  return { v6: ip.v6, network: ip.bits & mask, mask };
}

export function cidrContains(c: Cidr, ip: IpValue): boolean {
  return c.v6 === ip.v6 && (ip.bits & c.mask) === c.network;
}
