import type { Fix, Finding, RelatedLocation, Severity } from '../../findings';
import type { AccountFile, Entity, EntitySection } from '../../model/types';
import type { Workspace } from '../../model/workspace';
import type { PolicyDocument, PolicyKind } from '../../policy/types';
import type { Span } from '../../text/span';
import type { RulesConfig } from '../config';
import type { NeutralEdit } from './support/neutral';

/** A policy document of the workspace as the rules see it: where it sits and what it is used as. */
export interface PolicyTarget {
  doc: PolicyDocument;
  /** What the document is used as (a customer policy used as a boundary is a `boundary`, and so on). */
  kind: PolicyKind;
  file: AccountFile;
  /** Words for messages: `inline policy "x" of user "alice"`, `the trust policy of role "ci"`. */
  where: string;
  /** The entity holding the document (a policy, user, group or role), if any. */
  owner?: Entity;
  /**
   * True when the document came from a JSON string: every span points at the whole string, so
   * rules offer no fixes for it.
   */
  pinned: boolean;
}

export interface ReportOptions {
  /** The file the span is in (default: the file being checked). */
  uri?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** A lower (or higher) severity for this finding only, e.g. information instead of warning. */
  severity?: Severity;
}

export interface RuleContext {
  workspace: Workspace;
  config: RulesConfig;
  /** Reports a finding of this rule. `message` defaults to the rule's one-line message. */
  report(span: Span, message?: string, options?: ReportOptions): void;
}

export interface PolicyRuleContext extends RuleContext {
  target: PolicyTarget;
}

export interface FileRuleContext extends RuleContext {
  file: AccountFile;
}

export interface Rule {
  /** `area/name`, e.g. `quota/groups-per-user`. */
  id: string;
  severity: Severity;
  /** One line: what is wrong. */
  message: string;
  /** A short doc: why it matters and how to fix it (Markdown). */
  doc: string;
  /** Called for every policy document the workspace's files hold (not AWS managed ones). */
  policy?(ctx: PolicyRuleContext): void;
  /**
   * The policy kinds `policy` looks at (default: every kind): the runner calls it only for documents of these
   * kinds. `policy` still returns at once for any other kind (benchmarks and tests call it directly), so this only
   * saves the calls; test/rules/kinds.test.ts checks that a rule finds nothing in a document of another kind.
   */
  kinds?: readonly PolicyKind[];
  /**
   * `FACT` bits (support/facts.ts) of which a document must have one for `policy` to find anything: the runner
   * calls it only for such documents. `policy` still returns at once without them (its first test is the same
   * `docFacts` one), so this only saves the calls; test/rules/facts-gate.test.ts checks it.
   */
  facts?: number;
  /** Called once per account file. */
  file?(ctx: FileRuleContext): void;
  /**
   * What a file rule's findings depend on, so that after an edit inside one entity's value (the language
   * server's common case) it needn't run over the whole file again:
   * - `entity`: each finding concerns one entity and depends only on that entity, the account's settings
   *   (quotas, dates) and the configuration; the rule runs on the edited entity alone;
   * - `names`: only on the entities' names and kinds, and on the values of the sections in `namesAlsoIn`; the rule
   *   keeps its findings unless the edit is in one of those sections or renames an entity (an edit inside a key).
   * Unset: the rule runs over the whole file every time.
   */
  scope?: 'entity' | 'names';
  namesAlsoIn?: readonly EntitySection[];
  /**
   * Edits that cannot change this file or workspace rule's findings (support/neutral.ts): `description` when the
   * rule never reads an entity's description, `tag` when it reads principals' tags only through policy evaluation
   * (then only while no policy of the workspace reads a tag). After such an edit inside one entity the rule is not
   * run: its previous findings are kept, moved by the edit.
   */
  unaffectedBy?: readonly NeutralEdit[];
  /** Called once per workspace (rules that look across files). */
  workspace?(ctx: RuleContext): void;
  /**
   * The work `workspace` needs, a little at a time, kept per workspace so that `workspace` then finds it done:
   * `runRulesInSteps` runs it step by step before `workspace` (the language server answers requests between).
   */
  prepare?(workspace: Workspace): Iterator<unknown>;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export type { Finding };
