import type { DiffReport, ReportSource } from '../../core/analysis/diff/report';
import { diffHeadline, visible } from '../../core/analysis/diff/markdown';

/** Plain text for a terminal: control characters from the files shown as `\u{..}`. */
export function formatDiffText(r: DiffReport): string {
  const t = visible;
  const at = (s: ReportSource) => `${t(s.File)}${s.Line ? `:${s.Line}:${s.Column}` : ''} ${t(s.Policy)}${s.Sid ? ` (${t(s.Sid)})` : ''}`;
  const cond = (c?: string[], r2?: string[]) => [c?.length ? ` if ${c.map(t).join(' and ')}` : '', r2?.length ? ` (restricted by ${r2.map(t).join(', ')})` : ''].join('');
  const out: string[] = [diffHeadline(r).replace(/\*\*/g, '')];
  for (const p of r.Principals) {
    out.push('', `${p.Kind} ${t(p.PrincipalArn)}${p.Status !== 'changed' ? ` (${p.Status})` : ''}`);
    for (const g of p.Gained) out.push(`  + ${t(g.Action)} on ${t(g.Resource)}${cond(g.Conditions, g.RestrictedBy)}  [${at(g.Source)}]`);
    for (const g of p.Lost) out.push(`  - ${t(g.Action)} on ${t(g.Resource)}${cond(g.Conditions, g.RestrictedBy)}  [${at(g.Source)}]`);
  }
  const trust = (s: ReportSource) => `  [${t(s.File)}${s.Line ? `:${s.Line}:${s.Column}` : ''}]`;
  for (const role of r.Roles) {
    out.push('', `role ${t(role.RoleArn)}: who can assume it${role.Status !== 'changed' ? ` (${role.Status})` : ''}`);
    for (const a of role.GainedAssumers) out.push(`  + ${t(a.Principal)} (${a.Kind}, ${a.Scope})${a.Conditions?.length ? ` if ${a.Conditions.map(t).join(', ')}` : ''}${a.Note ? ` ${t(a.Note)}` : ''}${trust(a.Source)}`);
    for (const a of role.LostAssumers) out.push(`  - ${t(a.Principal)} (${a.Kind}, ${a.Scope})${a.Conditions?.length ? ` if ${a.Conditions.map(t).join(', ')}` : ''}${a.Note ? ` ${t(a.Note)}` : ''}${trust(a.Source)}`);
  }
  for (const x of r.Resources) {
    out.push('', `resource ${t(x.ResourceArn)}: reach ${x.Before} -> ${x.After}`);
    for (const a of x.GainedAccess) out.push(`  + ${t(a.Principal)} (${a.Scope}) ${t(a.Action)} on ${t(a.Resource)}${cond(a.Conditions)}  [${at(a.Source)}]`);
    for (const a of x.LostAccess) out.push(`  - ${t(a.Principal)} (${a.Scope}) ${t(a.Action)} on ${t(a.Resource)}${cond(a.Conditions)}  [${at(a.Source)}]`);
  }
  return out.join('\n') + '\n';
}

const RULES = [
  { id: 'diff/new-access', level: 'warning', text: 'A principal gains access it did not have.' },
  { id: 'diff/lost-access', level: 'note', text: 'A principal loses access it had.' },
  { id: 'diff/new-assumer', level: 'warning', text: 'A role can be assumed by a principal that could not assume it before.' },
  { id: 'diff/external-access', level: 'error', text: 'A role or resource becomes reachable from outside its account.' },
  { id: 'diff/public-access', level: 'error', text: 'A role or resource becomes public.' },
] as const;

/** SARIF 2.1.0: one result per gained (and lost) grant, new assumer and new outside access, at the statement that causes it. */
export function formatDiffSarif(r: DiffReport, version: string): string {
  const results: Record<string, unknown>[] = [];
  const index = new Map<string, number>(RULES.map((x, i) => [x.id, i]));
  const loc = (s: { File: string; Line?: number; Column?: number }) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(s.File.replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' },
      region: { startLine: s.Line ?? 1, startColumn: s.Column ?? 1 },
    },
  });
  // A statement outside the files (an AWS managed policy) has no place to point at: the result has no location.
  const push = (id: (typeof RULES)[number]['id'], text: string, where: { File: string; Line?: number; Column?: number }) =>
    results.push({
      ruleId: id,
      ruleIndex: index.get(id),
      level: RULES[index.get(id)!].level,
      message: { text: visible(text) },
      ...(where.Line ? { locations: [loc(where)] } : {}),
    });
  for (const p of r.Principals) {
    for (const g of p.Gained) push('diff/new-access', `${p.PrincipalArn} gains ${g.Action} on ${g.Resource}${g.Conditions?.length ? ` if ${g.Conditions.join(' and ')}` : ''}.`, g.Source);
    for (const g of p.Lost) push('diff/lost-access', `${p.PrincipalArn} loses ${g.Action} on ${g.Resource}.`, g.Source);
  }
  for (const role of r.Roles) {
    for (const a of role.GainedAssumers) {
      const id = a.Scope === 'public' ? 'diff/public-access' : a.Scope === 'account' || a.Scope === 'service' ? 'diff/new-assumer' : 'diff/external-access';
      push(id, `${a.Principal} (${a.Kind}, ${a.Scope}) can now assume ${role.RoleArn}${a.Conditions?.length ? ` if ${a.Conditions.join(', ')}` : ''}.`, a.Source);
    }
  }
  for (const x of r.Resources) {
    for (const a of x.GainedAccess) {
      push(a.Scope === 'public' ? 'diff/public-access' : 'diff/external-access', `${a.Principal} (${a.Scope}) can now call ${a.Action} on ${x.ResourceArn}${a.Conditions?.length ? ` if ${a.Conditions.join(', ')}` : ''}.`, a.Source);
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-workbench diff',
            version,
            informationUri: 'https://github.com/iam-workbench/iam-workbench',
            rules: RULES.map((x) => ({ id: x.id, shortDescription: { text: x.text }, defaultConfiguration: { level: x.level } })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
