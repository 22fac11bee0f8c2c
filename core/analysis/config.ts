import type { Finding, Severity } from '../findings';
import { describeType, nodeSpan, parseJson, properties } from '../json/tree';

/**
 * Per-workspace settings of the rule catalogue. Read from `iam-workbench.json` at the workspace's
 * root (the CLI and the language server look for it), or handed over by an editor's settings:
 *
 * ```jsonc
 * {
 *   "rules": { "practice/policy-on-user": "off", "quota/groups-per-user": "warning" },
 *   "naming": { "user": "^[a-z][a-z0-9.-]*$", "role": "^[A-Z][A-Za-z0-9-]+$" },
 *   "adminLimit": 3
 * }
 * ```
 * Quota limits are raised in the account file itself (`account.quotas`), not here.
 */
export interface RulesConfig {
  /** Severity per rule id, or "off". An `area/*` key sets a whole area. */
  rules?: Record<string, Severity | 'off'>;
  /** Regular expressions (JavaScript syntax) names of each entity kind must match. */
  naming?: Partial<Record<NamingKind, string>>;
  /** How many administrators an account may have before `practice/too-many-admins` speaks (default 3). */
  adminLimit?: number;
  /** Days after which keys and passwords count as old or unused (default 90). */
  maxCredentialAgeDays?: number;
  /**
   * ARN patterns (wildcards allowed) of resources the workspace treats as sensitive: reads that name them
   * are reported by `practice/data-exfiltration` whatever else the policy says.
   */
  sensitiveResources?: string[];
  /** "Today" for age checks when the account file has no `asOf` (tests; default: the current date). */
  today?: string;
}

export type NamingKind = 'user' | 'group' | 'role' | 'policy';

export const CONFIG_FILE_NAME = 'iam-workbench.json';

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];
const KEYS = ['$schema', 'rules', 'naming', 'adminLimit', 'maxCredentialAgeDays', 'sensitiveResources'];

/** The severity a rule runs with: the configured one (rule id first, then `area/*`), else its default. */
export function configuredSeverity(config: RulesConfig | undefined, id: string, fallback: Severity): Severity | 'off' {
  const rules = config?.rules;
  if (!rules) return fallback;
  return rules[id] ?? rules[`${id.slice(0, id.indexOf('/'))}/*`] ?? fallback;
}

/**
 * Reads `iam-workbench.json`. Never throws: problems become findings (`config/...`) with spans, and
 * whatever is valid is kept. `knownRules` lets it flag misspelt rule ids.
 */
export function parseRulesConfig(text: string, uri: string, knownRules: readonly string[] = []): { config: RulesConfig; findings: Finding[] } {
  const { root, findings } = parseJson(text, uri);
  const config: RulesConfig = {};
  const report = (span: { start: number; end: number }, message: string, severity: Severity = 'error') =>
    findings.push({ code: 'config/invalid', severity, message, uri, span });
  if (!root) return { config, findings };
  if (root.type !== 'object') {
    report(nodeSpan(root), `${CONFIG_FILE_NAME} must hold an object, not ${describeType(root)}.`);
    return { config, findings };
  }
  const known = new Set(knownRules);
  const areas = new Set(knownRules.map((r) => r.slice(0, r.indexOf('/'))));
  for (const p of properties(root)) {
    const v = p.value;
    if (!KEYS.includes(p.key)) {
      report(nodeSpan(p.keyNode), `Unknown setting "${p.key}"; expected one of ${KEYS.slice(1).join(', ')}.`, 'warning');
      continue;
    }
    if (p.key === 'rules') {
      if (v?.type !== 'object') {
        report(nodeSpan(v ?? p.node), `"rules" must be an object of rule ids and severities, not ${describeType(v)}.`);
        continue;
      }
      config.rules = {};
      for (const r of properties(v)) {
        const sev = r.value?.type === 'string' ? r.value.value : undefined;
        if (!sev || !SEVERITIES.includes(sev)) {
          report(nodeSpan(r.value ?? r.node), `The severity of ${r.key} must be one of ${SEVERITIES.join(', ')}.`);
          continue;
        }
        const isArea = r.key.endsWith('/*') && areas.has(r.key.slice(0, -2));
        if (knownRules.length && !known.has(r.key) && !isArea) {
          report(nodeSpan(r.keyNode), `Unknown rule "${r.key}".`, 'warning');
        }
        config.rules[r.key] = sev as Severity | 'off';
      }
    } else if (p.key === 'naming') {
      if (v?.type !== 'object') {
        report(nodeSpan(v ?? p.node), `"naming" must be an object of patterns per entity kind, not ${describeType(v)}.`);
        continue;
      }
      config.naming = {};
      for (const n of properties(v)) {
        if (!['user', 'group', 'role', 'policy'].includes(n.key)) {
          report(nodeSpan(n.keyNode), `Naming patterns exist for user, group, role and policy, not "${n.key}".`, 'warning');
          continue;
        }
        const pattern = n.value?.type === 'string' ? n.value.value : undefined;
        const problem = pattern === undefined ? 'must be a string' : regexProblem(pattern);
        if (problem) report(nodeSpan(n.value ?? n.node), `The ${n.key} naming pattern ${problem}.`);
        else config.naming[n.key as NamingKind] = pattern;
      }
    } else if (p.key === 'sensitiveResources') {
      const items = v?.type === 'array' ? (v.children ?? []) : undefined;
      if (!items) {
        report(nodeSpan(v ?? p.node), `"sensitiveResources" must be an array of ARN patterns, not ${describeType(v)}.`);
        continue;
      }
      config.sensitiveResources = [];
      for (const item of items) {
        if (item.type === 'string' && /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+/.test(item.value as string)) config.sensitiveResources.push(item.value as string);
        else report(nodeSpan(item), `Each sensitive resource is an ARN pattern such as "arn:aws:s3:::payroll-*", not ${item.type === 'string' ? JSON.stringify(item.value) : describeType(item)}.`);
      }
    } else if (p.key === 'adminLimit' || p.key === 'maxCredentialAgeDays') {
      if (v?.type === 'number' && Number.isInteger(v.value) && v.value >= 0) config[p.key] = v.value;
      else report(nodeSpan(v ?? p.node), `"${p.key}" must be a whole number, not ${describeType(v)}.`);
    }
  }
  return { config, findings };
}

/** Undefined when the pattern compiles; otherwise what is wrong with it. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message})`;
  }
}
