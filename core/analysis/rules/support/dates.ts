import type { AccountFile } from '../../../model/types';
import type { RulesConfig } from '../../config';

const DAY = 86_400_000;

/** "Today" for age checks: the file's `account.asOf`, else the configured date, else the clock. */
export function today(file: AccountFile, config: RulesConfig): number {
  const asOf = file.account.asOf ? Date.parse(file.account.asOf.value) : NaN;
  if (!Number.isNaN(asOf)) return asOf;
  const configured = config.today ? Date.parse(config.today) : NaN;
  return Number.isNaN(configured) ? Date.now() : configured;
}

/** Date.parse per text: an account repeats the same few hundred dates in thousands of keys. */
const parsed = new Map<string, number>();

/** Whole days from a date (as written in the file) to `now`; undefined when the date does not parse. */
export function daysSince(date: string | undefined, now: number): number | undefined {
  if (!date) return undefined;
  let t = parsed.get(date);
  if (t === undefined) {
    t = Date.parse(date);
    if (parsed.size >= 20000) parsed.clear();
    parsed.set(date, t);
  }
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / DAY);
}

export function maxAge(config: RulesConfig): number {
  return config.maxCredentialAgeDays ?? 90;
}
