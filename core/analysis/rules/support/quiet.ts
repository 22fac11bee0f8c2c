import type { PolicyDocument } from '../../../policy/types';
import type { PolicyRuleContext } from '../types';

/**
 * For a policy rule whose findings depend on the document alone (and the catalogue): the documents it had nothing
 * to say about are remembered (documents never change), and later runs skip them without walking their statements.
 * Most documents draw no finding from a given rule, so a run walks only the few that did.
 */
export function unlessQuiet(quiet: WeakSet<PolicyDocument>, ctx: PolicyRuleContext, body: (ctx: PolicyRuleContext) => void): void {
  const doc = ctx.target.doc;
  if (quiet.has(doc)) return;
  const report = ctx.report;
  let heard = false;
  body({
    workspace: ctx.workspace,
    config: ctx.config,
    target: ctx.target,
    report: (span, message, options) => {
      heard = true;
      report(span, message, options);
    },
  });
  if (!heard) quiet.add(doc);
}
