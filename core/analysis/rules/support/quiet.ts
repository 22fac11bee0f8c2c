import { docFacts } from './facts';
import type { PolicyRuleContext } from '../types';

/** Per context of the caller: the context handed to the body, and whether the body reported (see unlessQuiet). */
interface Listener {
  ctx: PolicyRuleContext;
  heard: boolean;
}
const listeners = new WeakMap<PolicyRuleContext, Listener>();

let nextBit = 1;

/** A rule's own bit of `DocFacts.quiet`, for `unlessQuiet`: one per rule, made when its module loads. */
export function quietBit(): number {
  if (nextBit > 1 << 30) throw new Error('too many rules use unlessQuiet for the bits of DocFacts.quiet');
  const bit = nextBit;
  nextBit <<= 1;
  return bit;
}

/**
 * For a policy rule whose findings depend on the document alone (and the catalogue): the documents it had nothing
 * to say about are remembered (documents never change), and later runs skip them without walking their statements.
 * Most documents draw no finding from a given rule, so a run walks only the few that did. What each rule found
 * nothing in is a bit of the document's facts (`DocFacts.quiet`, `bit` from `quietBit`): one entry per document for
 * all such rules, not a weak set per rule that a first run fills with every document.
 *
 * The context the body gets is made once per context of the caller (the runner keeps one per rule and file and
 * changes only its target), not once per document: a first run asks about every document.
 */
export function unlessQuiet(bit: number, ctx: PolicyRuleContext, body: (ctx: PolicyRuleContext) => void): void {
  const facts = docFacts(ctx.target.doc, ctx.target.file.text);
  if ((facts.quiet & bit) !== 0) return;
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
  if (!l.heard) facts.quiet |= bit;
}
