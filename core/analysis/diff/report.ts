/**
 * The access diff as plain data for the faces: AWS-style PascalCase keys (the CLI's `--output json`,
 * the editor's page), positions as 1-based lines. `diffMarkdown` (markdown.ts) renders it.
 */
import type { LineIndex } from '../../text/line-index';
import type { Span } from '../../text/span';
import type { AccessDiff, AssumerEntry } from './index';
import type { Grant } from './access';
import type { ResourceAccess } from './resources';
import { isExternal } from './organization';

export interface ReportSource {
  Policy: string;
  File: string;
  /** 1-based; absent for AWS managed policies (not in a file). */
  Line?: number;
  Column?: number;
  Sid?: string;
}

export interface ReportGrant {
  Action: string;
  Resource: string;
  /** The allowing statement's conditions. */
  Conditions?: string[];
  /** Context keys a Deny, boundary or SCP reads that also decide it. */
  RestrictedBy?: string[];
  Source: ReportSource;
}

export interface ReportPrincipal {
  PrincipalArn: string;
  Kind: 'user' | 'role';
  Status: 'changed' | 'added' | 'removed';
  Gained: ReportGrant[];
  Lost: ReportGrant[];
}

export interface ReportAssumer {
  Principal: string;
  Kind: string;
  /** account, organization, outside-organization, public, service, federated. */
  Scope: string;
  Conditions?: string[];
  Note?: string;
  Source: ReportSource;
}

export interface ReportRole {
  RoleArn: string;
  Status: 'changed' | 'added' | 'removed';
  File: string;
  GainedAssumers: ReportAssumer[];
  LostAssumers: ReportAssumer[];
}

export interface ReportResourceAccess {
  Principal: string;
  Scope: string;
  Action: string;
  Resource: string;
  Conditions?: string[];
  Source: ReportSource;
}

export interface ReportResource {
  ResourceArn: string;
  Account: string;
  File: string;
  /** Widest reach before and after: account, organization, outside-organization, public. */
  Before: string;
  After: string;
  GainedAccess: ReportResourceAccess[];
  LostAccess: ReportResourceAccess[];
}

export interface DiffSummary {
  PrincipalsGaining: number;
  PrincipalsLosing: number;
  GrantsGained: number;
  GrantsLost: number;
  RolesWithNewAssumers: number;
  RolesWithLostAssumers: number;
  NewExternalAssumers: number;
  ResourcesNewlyExternal: number;
  /** Roles and resources anyone may now use. */
  NewlyPublic: number;
  NewAccess: boolean;
  ExternalAccess: boolean;
  PublicAccess: boolean;
}

export interface DiffReport {
  Summary: DiffSummary;
  Principals: ReportPrincipal[];
  Roles: ReportRole[];
  Resources: ReportResource[];
}

/** Line tables of the files the spans point into (head files for gains, base files for losses). */
export type LinesOf = (uri: string) => LineIndex | undefined;

function source(policy: string, uri: string, span: Span, lines: LinesOf, sid?: string): ReportSource {
  const li = lines(uri);
  const out: ReportSource = { Policy: policy, File: uri };
  if (li) {
    const p = li.positionAt(span.start);
    out.Line = p.line + 1;
    out.Column = p.character + 1;
  }
  if (sid) out.Sid = sid;
  return out;
}

function grant(g: Grant, lines: LinesOf): ReportGrant {
  const out: ReportGrant = { Action: g.action, Resource: g.resource, Source: source(g.source.policy, g.source.uri, g.source.span, lines, g.source.sid) };
  if (g.conditions.length) out.Conditions = g.conditions;
  if (g.restrictedBy.length) out.RestrictedBy = g.restrictedBy;
  return out;
}

function assumer(a: AssumerEntry, lines: LinesOf): ReportAssumer {
  const out: ReportAssumer = { Principal: a.principal, Kind: a.kind, Scope: a.scope, Source: source('trust policy', a.uri, a.span ?? { start: 0, end: 0 }, lines) };
  if (a.conditions.length) out.Conditions = a.conditions;
  if (a.note) out.Note = a.note;
  return out;
}

function access(a: ResourceAccess, lines: LinesOf): ReportResourceAccess {
  const out: ReportResourceAccess = { Principal: a.principal, Scope: a.scope, Action: a.action, Resource: a.resource, Source: source('resource policy', a.uri, a.span, lines) };
  if (a.conditions.length) out.Conditions = a.conditions;
  return out;
}

/** The report of a diff; `baseLines` / `headLines` place lost / gained access in the base / head files. */
export function diffReport(diff: AccessDiff, baseLines: LinesOf, headLines: LinesOf): DiffReport {
  const Principals = diff.principals.map((p) => ({
    PrincipalArn: p.arn,
    Kind: p.kind,
    Status: p.status,
    Gained: p.gained.map((g) => grant(g, headLines)),
    Lost: p.lost.map((g) => grant(g, baseLines)),
  }));
  const Roles = diff.roles.map((r) => ({ RoleArn: r.arn, Status: r.status, File: r.uri, GainedAssumers: r.gained.map((a) => assumer(a, headLines)), LostAssumers: r.lost.map((a) => assumer(a, baseLines)) }));
  const Resources = diff.resources.map((r) => ({
    ResourceArn: r.arn,
    Account: r.account,
    File: r.uri,
    Before: r.before,
    After: r.after,
    GainedAccess: r.gained.map((a) => access(a, headLines)),
    LostAccess: r.lost.map((a) => access(a, baseLines)),
  }));
  const externalAssumers = diff.roles.reduce((n, r) => n + r.gained.filter((a) => isExternal(a.scope)).length, 0);
  const resourcesExternal = diff.resources.filter((r) => r.gained.some((a) => isExternal(a.scope))).length;
  const newlyPublic =
    diff.roles.filter((r) => r.gained.some((a) => a.scope === 'public')).length + diff.resources.filter((r) => r.gained.some((a) => a.scope === 'public')).length;
  const Summary: DiffSummary = {
    PrincipalsGaining: diff.principals.filter((p) => p.gained.length).length,
    PrincipalsLosing: diff.principals.filter((p) => p.lost.length).length,
    GrantsGained: diff.principals.reduce((n, p) => n + p.gained.length, 0),
    GrantsLost: diff.principals.reduce((n, p) => n + p.lost.length, 0),
    RolesWithNewAssumers: diff.roles.filter((r) => r.gained.length).length,
    RolesWithLostAssumers: diff.roles.filter((r) => r.lost.length).length,
    NewExternalAssumers: externalAssumers,
    ResourcesNewlyExternal: resourcesExternal,
    NewlyPublic: newlyPublic,
    NewAccess: false,
    ExternalAccess: externalAssumers > 0 || resourcesExternal > 0,
    PublicAccess: newlyPublic > 0,
  };
  Summary.NewAccess = Summary.PrincipalsGaining > 0 || Summary.RolesWithNewAssumers > 0 || Resources.some((r) => r.GainedAccess.length > 0);
  return { Summary, Principals, Roles, Resources };
}
