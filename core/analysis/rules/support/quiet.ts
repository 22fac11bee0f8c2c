import type { PolicyDocument } from '../../../policy/types';
import type { PolicyRuleContext } from '../types';

/** Per context of the caller: the context handed to the body, and whether the body reported (see unlessQuiet). */
interface Listener {
  ctx: PolicyRuleContext;
  heard: boolean;
}
const listeners = new WeakMap<PolicyRuleContext, Listener>();

/**
 * For a policy rule whose findings depend on the document alone (and the catalogue): the documents it had nothing
 * to say about are remembered (documents never change), and later runs skip them without walking their statements.
 * Most documents draw no finding from a given rule, so a run walks only the few that did.
 *
 * The context the body gets is made once per context of the caller (the runner keeps one per rule and file and
 * changes only its target), not once per document: a first run asks about every document.
 */
export function unlessQuiet(quiet: WeakSet<PolicyDocument>, ctx: PolicyRuleContext, body: (ctx: PolicyRuleContext) => void): void {
  const doc = ctx.target.doc;
  if (quiet.has(doc)) return;
  let l = listeners.get(ctx);
  if (!l) {
    const made: Listener = {
      heard: false,
      ctx: {
        workspace: ctx.workspace,
        config: ctx.config,
        target: ctx.target,
        report: (span, message, options) => {
          made.heard = true;
          ctx.report(span, message, options);
        },
      },
    };
    listeners.set(ctx, (l = made));
  }
  l.heard = false;
  l.ctx.workspace = ctx.workspace;
  l.ctx.config = ctx.config;
  l.ctx.target = ctx.target;
  body(l.ctx);
  if (!l.heard) quiet.add(doc);
}
