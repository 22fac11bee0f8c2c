/**
 * Edits that rules which look past one entity can ignore. While typing in a big account most keystrokes land in a
 * description or a tag; the rules that read the whole file or the whole workspace (escalation paths, external
 * access, the access checks, the administrator counts...) read neither, or read tags only through policy
 * evaluation (`aws:PrincipalTag/…`, a role's tags as `aws:ResourceTag/…`). For such an edit those rules' findings
 * are the previous run's, moved by the edit (core/analysis/rules/index.ts; a rule opts in with `unaffectedBy`).
 *
 * The test is on the text, so it is exact: the edit's range (before and after) lies strictly inside one string
 * token — the entity's `description` value, or one tag's key or value — in both the previous entity and the new
 * one. Everything outside that token is the same text, so the two entities parse to the same model apart from that
 * one string. An edit that closes the string early (`", "path": "/x`) leaves it in neither token and is not
 * neutral.
 */
import type { Workspace, WorkspaceEdit } from '../../../model/workspace';
import type { Entity } from '../../../model/types';
import type { PolicyDocument } from '../../../policy/types';
import type { Span } from '../../../text/span';
import type { RulesConfig } from '../../config';
import { policyTargets } from './targets';
import { compactJson } from './quotas';

/** What an edit changed, when it is one a rule may declare itself unaffected by. */
export type NeutralEdit = 'description' | 'tag';

/** Strictly inside the token: between its first and last character (the quotes), both ends of the range. */
function inside(s: Span | undefined, start: number, end: number): boolean {
  return !!s && s.start < start && end < s.end;
}

/**
 * What the edit changed, when it changed only a description or a tag (see the file comment); undefined for any
 * other edit, or when the edit's start is unknown.
 */
export function neutralEdit(edit: WorkspaceEdit): NeutralEdit | undefined {
  const { before, after, start } = edit;
  if (start === undefined || before.kind !== after.kind) return undefined;
  const oldEnd = edit.at;
  const newEnd = edit.at + edit.delta;
  const desc = (e: Entity) => ('description' in e ? e.description?.span : undefined);
  if (inside(desc(before), start, oldEnd) && inside(desc(after), start, newEnd)) return 'description';
  if ('tags' in before && 'tags' in after && before.tags.length === after.tags.length) {
    for (let i = 0; i < before.tags.length; i++) {
      const b = before.tags[i];
      const a = after.tags[i];
      if ((inside(b.valueSpan, start, oldEnd) && inside(a.valueSpan, start, newEnd)) || (inside(b.keySpan, start, oldEnd) && inside(a.keySpan, start, newEnd))) return 'tag';
    }
  }
  return undefined;
}

/**
 * The context keys an entity's tags fill (core/engine): a principal's as `aws:PrincipalTag/…` (context.ts), a role's
 * as `aws:ResourceTag/…` and `iam:ResourceTag/…` when it is assumed (assume.ts `withRoleTags`). A document that names
 * none of them, as a condition key or a `${…}` variable, evaluates the same whatever the tags are. (Other tag keys,
 * `aws:TagKeys`, `aws:RequestTag/…`, `s3:ExistingObjectTag/…`, come from the request or other resources.)
 */
const READS_TAGS = /(aws:principaltag|aws:resourcetag|iam:resourcetag)\//i;
const docReadsTags = new WeakMap<object, boolean>();
function readsTags(doc: PolicyDocument | undefined): boolean {
  if (!doc) return false;
  let known = docReadsTags.get(doc);
  if (known === undefined) docReadsTags.set(doc, (known = READS_TAGS.test(compactJson(doc.json))));
  return known;
}

const tagReaders = new WeakMap<Workspace, boolean>();

/**
 * Whether any policy a principal of the workspace is evaluated against can read a tag: every document written in
 * the files (identity, trust, resource, boundary, SCP, RCP), every AWS managed policy attached, and the access
 * checks of the configuration. When none can, a tag's key or value changes no evaluation. An edit that changed
 * only a description or a tag changes no document, so the answer carries over to the workspace it made.
 */
export function tagsReachEvaluation(ws: Workspace, config: RulesConfig): boolean {
  let known = tagReaders.get(ws);
  if (known !== undefined) return known;
  const from = ws.derived?.from;
  const carried = from && ws.derived?.edit && neutralEdit(ws.derived.edit) ? tagReaders.get(from) : undefined;
  known = carried ?? computeTagReaders(ws, config);
  tagReaders.set(ws, known);
  return known;
}

function computeTagReaders(ws: Workspace, config: RulesConfig): boolean {
  if (config.accessChecks && READS_TAGS.test(JSON.stringify(config.accessChecks))) return true;
  for (const file of ws.files) {
    for (const t of policyTargets(file)) { if (readsTags(t.doc)) return true; }
    for (const map of [file.users, file.groups, file.roles] as const) {
      for (const e of map.values()) {
        for (const ref of e.policies) { if (ref.target && ref.target.kind !== 'customer' && ref.target.kind !== 'organization' && readsTags(ref.target.document)) return true; }
        const boundary = 'permissionsBoundary' in e ? e.permissionsBoundary?.target : undefined;
        if (boundary && boundary.kind !== 'customer' && boundary.kind !== 'organization' && readsTags(boundary.document)) return true;
      }
    }
  }
  return false;
}

/** True when a rule that declares `unaffectedBy` this kind of edit may keep its previous findings. */
export function ruleUnaffected(kind: NeutralEdit, unaffectedBy: readonly NeutralEdit[] | undefined, ws: Workspace, config: RulesConfig): boolean {
  if (!unaffectedBy?.includes(kind)) return false;
  return kind === 'description' || !tagsReachEvaluation(ws, config);
}
