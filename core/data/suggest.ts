/**
 * "Did you mean" helpers: optimal string alignment distance (Levenshtein plus transpositions),
 * case-insensitive.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/**
 * The candidates closest to `name`, best first: those within a distance that grows with the length
 * (1 for short names, up to a third of the length), plus candidates that contain the name or that
 * it contains when nothing is that close.
 */
export function closest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.min(4, Math.floor(name.length / 3)));
  const scored: { c: string; d: number }[] = [];
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(name, c, limit);
    if (d <= limit) scored.push({ c, d });
  }
  if (scored.length === 0 && lower.length >= 4) {
    for (const c of candidates) {
      const cl = c.toLowerCase();
      if (cl.startsWith(lower) || lower.startsWith(cl)) scored.push({ c, d: Math.abs(cl.length - lower.length) + limit });
    }
  }
  scored.sort((x, y) => x.d - y.d || x.c.length - y.c.length || x.c.localeCompare(y.c));
  return [...new Set(scored.map((s) => s.c))].slice(0, max);
}
