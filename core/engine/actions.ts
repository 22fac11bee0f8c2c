/**
 * The matcher of a statement's Action or NotAction list. IAM compares actions case-insensitively, with `*` and
 * `?` wildcards. Long lists (the AWS managed ReadOnlyAccess has thousands of `"svc:Get*"` patterns) are indexed
 * by service prefix: an action is tested only against the patterns of its own service, plus the patterns whose
 * service part has a wildcard itself (`"*:Get*"`, `"s3*:List*"`), which can match any service.
 */
import { ALWAYS, anyMatcher, globMatcher, parsePattern, type Matcher } from './pattern';

/**
 * The lower-cased service of a pattern that starts with a fixed `service:`, or undefined. Only plain ASCII
 * services are indexed: the matcher's case-insensitive comparison and `toLowerCase` agree on ASCII letters,
 * and no other character matches one, so an action the pattern matches always has this same key.
 */
function fixedService(pattern: string): string | undefined {
  const colon = pattern.indexOf(':');
  if (colon < 0) return undefined;
  const service = pattern.slice(0, colon);
  return /^[\x00-\x7f]*$/.test(service) && !/[*?]/.test(service) ? service.toLowerCase() : undefined;
}

/** The key an action is looked up by: the text before its first colon, lower-cased. */
function serviceOf(lowerAction: string): string {
  const colon = lowerAction.indexOf(':');
  return colon < 0 ? lowerAction : lowerAction.slice(0, colon);
}

/**
 * The action lower-cased, remembered for the next call: a request's action is matched against every statement of
 * every policy in turn, and lower-casing it anew for each (a new string each time) was a tenth of a batch's time.
 */
let lastAction = '';
let lastLower = '';
function lowerCased(a: string): string {
  if (a !== lastAction) {
    lastAction = a;
    lastLower = a.toLowerCase();
  }
  return lastLower;
}

/** Whether an action is one of the list's: exact names, wildcard patterns, or `"*"`. */
export function actionMatcher(patterns: readonly string[]): Matcher {
  const exact = new Set<string>();
  const byService = new Map<string, Matcher[]>();
  const anyService: Matcher[] = [];
  for (const text of patterns) {
    if (text === '*') return ALWAYS;
    if (!/[*?]/.test(text)) {
      exact.add(text.toLowerCase());
      continue;
    }
    const m = globMatcher(parsePattern(text, false), true);
    const service = fixedService(text);
    if (service === undefined) anyService.push(m);
    else {
      const list = byService.get(service);
      if (list) list.push(m);
      else byService.set(service, [m]);
    }
  }
  const other = anyMatcher(anyService);
  if (exact.size === 0 && byService.size === 0) return other;
  const own = new Map<string, Matcher>();
  for (const [service, list] of byService) own.set(service, anyMatcher(list));
  return (a) => {
    const lower = lowerCased(a);
    if (exact.has(lower)) return true;
    const m = own.get(serviceOf(lower));
    return (m !== undefined && m(a)) || other(a);
  };
}
