/**
 * The access diff as Markdown for a pull-request comment (and the editor's page): the summary first,
 * then a table per kind with the details folded in `<details>`. Every value from the files is escaped:
 * no raw control characters, no HTML, no Markdown that names could inject.
 */
import type { DiffReport, ReportAssumer, ReportGrant, ReportResourceAccess, ReportSource } from './report';

/** Rows shown per table before "and N more" (a GitHub comment holds at most 65,536 characters). */
export const MAX_ROWS = 50;

/** Control characters shown as `\u{..}` (for plain text too). */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Text safe inside a Markdown table cell: control characters made visible, HTML and Markdown punctuation escaped. */
export function md(text: string): string {
  return visible(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const SCOPE_WORDS: Record<string, string> = {
  account: 'same account',
  organization: 'another account of the organization',
  'outside-organization': 'outside the organization',
  public: 'anyone (public)',
  service: 'AWS service',
  federated: 'federated identities',
};

function where(s: ReportSource): string {
  const at = s.Line ? `${s.File}:${s.Line}` : s.File;
  return `${md(s.Policy)}${s.Sid ? ` (${md(s.Sid)})` : ''} — ${md(at)}`;
}

function conditions(list?: string[]): string {
  return list?.length ? list.map(md).join('<br>') : '';
}

function table(header: string[], rows: string[][]): string[] {
  const out = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows.slice(0, MAX_ROWS)) { out.push(`| ${r.join(' | ')} |`); }
  if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more (run \`iam-workbench diff --output json\` for all).`);
  return out;
}

function grantRows(list: ReportGrant[]): string[][] {
  return list.map((g) => [md(g.Action), md(g.Resource), [conditions(g.Conditions), g.RestrictedBy?.length ? `restricted by ${g.RestrictedBy.map(md).join(', ')}` : ''].filter(Boolean).join('<br>'), where(g.Source)]);
}

function assumerRows(list: ReportAssumer[]): string[][] {
  return list.map((a) => [md(a.Principal), md(a.Kind), md(SCOPE_WORDS[a.Scope] ?? a.Scope), [a.Conditions?.length ? `if ${a.Conditions.map(md).join(', ')}` : '', a.Note ? md(a.Note) : ''].filter(Boolean).join('<br>')]);
}

function accessRows(list: ReportResourceAccess[]): string[][] {
  return list.map((a) => [md(a.Principal), md(SCOPE_WORDS[a.Scope] ?? a.Scope), md(a.Action), md(a.Resource), a.Conditions?.length ? `if ${a.Conditions.map(md).join(', ')}` : '', where(a.Source)]);
}

/** One line saying what the change does. */
export function diffHeadline(r: DiffReport): string {
  const s = r.Summary;
  const parts: string[] = [];
  if (s.PrincipalsGaining) parts.push(`**${plural(s.PrincipalsGaining, 'principal')} gain access** (${plural(s.GrantsGained, 'grant')})`);
  if (s.PrincipalsLosing) parts.push(`${plural(s.PrincipalsLosing, 'principal')} lose access (${plural(s.GrantsLost, 'grant')})`);
  if (s.RolesWithNewAssumers) parts.push(`**${plural(s.RolesWithNewAssumers, 'role')} can be assumed by new principals**${s.NewExternalAssumers ? ` (${s.NewExternalAssumers} from outside the account)` : ''}`);
  if (s.RolesWithLostAssumers) parts.push(`${plural(s.RolesWithLostAssumers, 'role')} lose assumers`);
  if (s.ResourcesNewlyExternal) parts.push(`**${plural(s.ResourcesNewlyExternal, 'resource')} newly reachable from outside the account**`);
  if (s.NewlyPublic) parts.push(`**${s.NewlyPublic} newly public**`);
  if (!parts.length && !r.Resources.length) return 'No change in effective access.';
  if (!parts.length) return 'Resource policies changed without new or lost access from outside their accounts.';
  return `${parts.join(' · ')}.`;
}

/** The whole Markdown page. */
export function diffMarkdown(r: DiffReport, title = 'IAM access diff'): string {
  const out: string[] = [`### ${md(title)}`, '', diffHeadline(r), ''];
  if (r.Principals.length) {
    out.push('#### Principals', '');
    out.push(...table(['Principal', 'Gained', 'Lost'], r.Principals.map((p) => [`${p.Kind} ${md(p.PrincipalArn)}${p.Status !== 'changed' ? ` (${p.Status})` : ''}`, String(p.Gained.length), String(p.Lost.length)])));
    out.push('');
    for (const p of r.Principals) {
      out.push(`<details><summary>${p.Kind} ${md(p.PrincipalArn)}: ${p.Gained.length} gained, ${p.Lost.length} lost</summary>`, '');
      if (p.Gained.length) out.push('**Gained**', '', ...table(['Action', 'Resource', 'Conditions', 'Granted by'], grantRows(p.Gained)), '');
      if (p.Lost.length) out.push('**Lost**', '', ...table(['Action', 'Resource', 'Conditions', 'Was granted by'], grantRows(p.Lost)), '');
      out.push('</details>', '');
    }
  }
  if (r.Roles.length) {
    out.push('#### Who can assume roles', '');
    for (const role of r.Roles) {
      out.push(`<details${role.GainedAssumers.some((a) => a.Scope !== 'account' && a.Scope !== 'service') ? ' open' : ''}><summary>role ${md(role.RoleArn)}: ${role.GainedAssumers.length} new, ${role.LostAssumers.length} gone</summary>`, '');
      if (role.GainedAssumers.length) out.push('**Can now assume it**', '', ...table(['Principal', 'Kind', 'From', 'Only if'], assumerRows(role.GainedAssumers)), '');
      if (role.LostAssumers.length) out.push('**Can no longer assume it**', '', ...table(['Principal', 'Kind', 'From', 'Only if'], assumerRows(role.LostAssumers)), '');
      out.push('</details>', '');
    }
  }
  if (r.Resources.length) {
    out.push('#### Resource policies', '');
    out.push(...table(['Resource', 'Reach before', 'Reach after'], r.Resources.map((x) => [md(x.ResourceArn), md(SCOPE_WORDS[x.Before] ?? x.Before), md(SCOPE_WORDS[x.After] ?? x.After)])));
    out.push('');
    for (const x of r.Resources) {
      if (!x.GainedAccess.length && !x.LostAccess.length) continue;
      out.push(`<details><summary>${md(x.ResourceArn)}: ${x.GainedAccess.length} new, ${x.LostAccess.length} gone</summary>`, '');
      if (x.GainedAccess.length) out.push('**New access from outside the account**', '', ...table(['Principal', 'From', 'Action', 'Resource', 'Only if', 'Statement'], accessRows(x.GainedAccess)), '');
      if (x.LostAccess.length) out.push('**Access removed**', '', ...table(['Principal', 'From', 'Action', 'Resource', 'Only if', 'Statement'], accessRows(x.LostAccess)), '');
      out.push('</details>', '');
    }
  }
  return out.join('\n');
}
