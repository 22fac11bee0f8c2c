import type { Finding, Severity } from '../findings';
import { describeType, nodeSpan, parseJson, properties } from '../json/tree';
import { safeRegexProblem } from '../text/regex';

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
  /** Access a team pins: what must never be granted, never public, never reachable from outside (rules `access/*`). */
  accessChecks?: AccessChecks;
}

/**
 * The offline counterparts of Access Analyzer's CheckAccessNotGranted / CheckNoPublicAccess, for the whole
 * workspace. Patterns use `*` and `?` as IAM does; actions may be wildcards (expanded through the catalogue).
 */
export interface AccessChecks {
  /** Accesses no user or role may have (through any policy), except the principals listed. */
  neverGranted?: NeverGranted[];
  /** Resource or role ARN patterns that must never be public. */
  neverPublic?: string[];
  /** Resource or role ARN patterns that no principal outside their account may use or assume. */
  neverExternal?: string[];
}

export interface NeverGranted {
  actions: string[];
  /** Resource ARN patterns (default `*`: anywhere). */
  resources: string[];
  /** Principal ARN patterns allowed to have it anyway. */
  except: string[];
}

export type NamingKind = 'user' | 'group' | 'role' | 'policy';

export const CONFIG_FILE_NAME = 'iam-workbench.json';

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];
const KEYS = ['$schema', 'rules', 'naming', 'adminLimit', 'maxCredentialAgeDays', 'accessChecks', 'sensitiveResources'];

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
        const problem = pattern === undefined ? 'must be a string' : safeRegexProblem(pattern);
        if (problem) report(nodeSpan(n.value ?? n.node), `The ${n.key} naming pattern ${problem}.`);
        else config.naming[n.key as NamingKind] = pattern;
      }
    } else if (p.key === 'accessChecks') {
      const checks = readAccessChecks(v, p.node, report);
      if (checks) config.accessChecks = checks;
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

type JsonNode = NonNullable<ReturnType<typeof parseJson>['root']>;
type Report = (span: { start: number; end: number }, message: string, severity?: Severity) => void;

/** A list of strings (a lone string is taken as a list of one), or undefined after reporting why not. */
function stringList(v: JsonNode | undefined, at: JsonNode, what: string, report: Report): string[] | undefined {
  if (v?.type === 'string') return [v.value as string];
  if (v?.type === 'array' && (v.children ?? []).every((c) => c.type === 'string' && c.value !== '')) return (v.children ?? []).map((c) => c.value as string);
  report(nodeSpan(v ?? at), `${what} must be a list of non-empty strings, not ${describeType(v)}.`);
  return undefined;
}

const ACCESS_CHECK_KEYS = ['neverGranted', 'neverPublic', 'neverExternal'];
const NEVER_GRANTED_KEYS = ['actions', 'resources', 'except'];

/** `accessChecks`: see AccessChecks. */
function readAccessChecks(v: JsonNode | undefined, at: JsonNode, report: Report): AccessChecks | undefined {
  if (v?.type !== 'object') {
    report(nodeSpan(v ?? at), `"accessChecks" must be an object with neverGranted, neverPublic and/or neverExternal, not ${describeType(v)}.`);
    return undefined;
  }
  const out: AccessChecks = {};
  for (const c of properties(v)) {
    if (!ACCESS_CHECK_KEYS.includes(c.key)) {
      report(nodeSpan(c.keyNode), `Unknown access check "${c.key}"; expected one of ${ACCESS_CHECK_KEYS.join(', ')}.`, 'warning');
      continue;
    }
    if (c.key === 'neverPublic' || c.key === 'neverExternal') {
      const list = stringList(c.value, c.node, `"${c.key}"`, report);
      if (list) out[c.key] = list;
      continue;
    }
    if (c.value?.type !== 'array') {
      report(nodeSpan(c.value ?? c.node), `"neverGranted" must be a list of {"actions", "resources", "except"} objects, not ${describeType(c.value)}.`);
      continue;
    }
    out.neverGranted = [];
    for (const item of c.value.children ?? []) {
      if (item.type !== 'object') {
        report(nodeSpan(item), `Each "neverGranted" entry must be an object with "actions" (and optionally "resources", "except"), not ${describeType(item)}.`);
        continue;
      }
      const entry: NeverGranted = { actions: [], resources: ['*'], except: [] };
      let ok = true;
      for (const e of properties(item)) {
        if (!NEVER_GRANTED_KEYS.includes(e.key)) {
          report(nodeSpan(e.keyNode), `Unknown key "${e.key}" in a neverGranted entry; expected ${NEVER_GRANTED_KEYS.join(', ')}.`, 'warning');
          continue;
        }
        const list = stringList(e.value, e.node, `"${e.key}"`, report);
        if (!list) ok = false;
        else entry[e.key as keyof NeverGranted] = list;
      }
      for (const a of entry.actions) {
        if (a !== '*' && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(a)) {
          report(nodeSpan(item), `"${a}" is not an action (service:Action, wildcards allowed).`);
          ok = false;
        }
      }
      if (!entry.actions.length) {
        report(nodeSpan(item), 'A neverGranted entry needs "actions".');
        ok = false;
      }
      if (ok) out.neverGranted.push(entry);
    }
  }
  return out;
}
