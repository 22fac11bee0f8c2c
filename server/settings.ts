import type { AccessChecks, RulesConfig } from '../core/analysis/config';
import type { SeverityOverride } from '../core/ide/diagnostics';
import { safeRegexProblem } from '../core/text/regex';

/**
 * The `iamWorkbench.*` settings the server reads (see package.json `contributes.configuration`).
 * `rules`, `naming`, `adminLimit` and `maxCredentialAgeDays` mean what they mean in
 * `iam-workbench.json` (core/analysis/config.ts).
 */
export interface Settings {
  rules: Record<string, SeverityOverride>;
  naming: Partial<Record<'user' | 'group' | 'role' | 'policy', string>>;
  adminLimit?: number;
  maxCredentialAgeDays?: number;
  /** Raised quota limits applied to accounts whose file does not set them (`account.quotas` wins). */
  quotas: Record<string, number>;
  codeLens: { enabled: boolean };
  /** From `iam-workbench.json` only (no editor setting): the pinned access checks and sensitive resources. */
  accessChecks?: AccessChecks;
  sensitiveResources?: string[];
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, naming: {}, quotas: {}, codeLens: { enabled: true } };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Reads whatever the client sent, keeping only well-typed values (never throws). */
export function readSettings(raw: unknown): Settings {
  const s: Settings = { rules: {}, naming: {}, quotas: {}, codeLens: { enabled: true } };
  if (!raw || typeof raw !== 'object') return s;
  const r = raw as Record<string, any>;
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules)) if (typeof v === 'string' && SEVERITIES.has(v)) s.rules[k] = v as SeverityOverride;
  }
  for (const k of ['user', 'group', 'role', 'policy'] as const) {
    const v = r.naming?.[k];
    if (typeof v === 'string' && v !== '' && validRegex(v)) s.naming[k] = v;
  }
  for (const k of ['adminLimit', 'maxCredentialAgeDays'] as const) {
    if (Number.isInteger(r[k]) && r[k] >= 0) s[k] = r[k];
  }
  if (r.quotas && typeof r.quotas === 'object') {
    for (const [k, v] of Object.entries(r.quotas)) if (typeof v === 'number' && Number.isFinite(v)) s.quotas[k] = v;
  }
  if (typeof r.codeLens?.enabled === 'boolean') s.codeLens.enabled = r.codeLens.enabled;
  return s;
}

/** A naming pattern the rules can use (core/text/regex.ts: linear-time, no backreferences or lookaround). */
function validRegex(p: string): boolean {
  return safeRegexProblem(p) === undefined;
}

/**
 * The settings the rules run with: the workspace's `iam-workbench.json` (the team's, shared with the CLI)
 * under the editor's `iamWorkbench.*` settings. Per rule and per naming kind the editor's value wins (a
 * person's override); `adminLimit` and `maxCredentialAgeDays` come from the file when it sets them, since
 * the editor always sends its defaults. `accessChecks` and `sensitiveResources` exist only in the file.
 */
export function withConfigFile(editor: Settings, file: RulesConfig | undefined): Settings {
  if (!file) return editor;
  return {
    ...editor,
    rules: { ...(file.rules ?? {}), ...editor.rules },
    naming: { ...(file.naming ?? {}), ...editor.naming },
    adminLimit: file.adminLimit ?? editor.adminLimit,
    maxCredentialAgeDays: file.maxCredentialAgeDays ?? editor.maxCredentialAgeDays,
    accessChecks: file.accessChecks,
    sensitiveResources: file.sensitiveResources,
  };
}
