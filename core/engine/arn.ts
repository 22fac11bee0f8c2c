/** The 12-digit account an ARN names (its fifth field), without splitting the string. */
export function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let i = 3;
  for (let n = 0; n < 3; n++) {
    i = arn.indexOf(':', i + 1);
    if (i < 0) return undefined;
  }
  const j = arn.indexOf(':', i + 1);
  if (j - i !== 13) return undefined;
  const a = arn.slice(i + 1, j);
  return /^\d{12}$/.test(a) ? a : undefined;
}

/** An account id given as itself or as any ARN of the account (`arn:aws:iam::123456789012:root`). */
export function accountOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^\d{12}$/.test(text)) return text;
  return arnAccount(text);
}
