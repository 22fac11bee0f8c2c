/**
 * The hover's privilege-escalation section for a user or role (core/analysis/escalation): what it can become, and
 * for a role who can reach it by any path (not only its direct assumers). A self-contained Markdown section; the
 * hover appends it. Stops quietly (no section) past the rules' evaluation budget.
 */
import { adminReach, escalationGraph, type ReachPath } from '../analysis/escalation';
import { pathText, stepText } from '../analysis/escalation/describe';
import { BudgetExceeded, withBudget } from '../analysis/escalation/nodes';
import { RULE_BUDGET } from '../analysis/rules/escalation/shared';
import type { Role, User, Workspace } from '../model';

const MAX = 8;

function sure(p: ReachPath): string {
  return p.confidence === 'possible' ? ' *(possible)*' : '';
}

export function escalationSection(ws: Workspace, e: User | Role): string | undefined {
  try {
    return withBudget(RULE_BUDGET, () => build(ws, e));
  } catch (err) {
    if (err instanceof BudgetExceeded) return undefined;
    throw err;
  }
}

const reachCache = new WeakMap<Workspace, Map<Role, Map<unknown, ReachPath>>>();

function build(ws: Workspace, e: User | Role): string | undefined {
  const parts: string[] = [];
  const graph = escalationGraph(ws);
  const toAdmin = adminReach(ws, true).get(e);
  const edges = graph.edgesFrom(graph.node(e)).filter((x) => x.to !== graph.node(e).id);
  if (toAdmin?.steps.length) parts.push(`**Can become an administrator:**${sure(toAdmin)} ${pathText(toAdmin)}`);
  if (edges.length) {
    const lines = edges.slice(0, MAX).map((x) => {
      const to = graph.nodes.get(x.to)!;
      return `- ${stepText({ from: e, to: to.principal, toVariant: to.variant, technique: x.technique, actions: x.actions, confidence: x.confidence, steps: x.steps, note: x.note })}${x.confidence === 'possible' ? ' *(possible)*' : ''}`;
    });
    if (edges.length > MAX) lines.push(`- … (${edges.length} in all)`);
    parts.push(`**Can become:**\n${lines.join('\n')}`);
  }
  if (e.kind === 'role') {
    let perWs = reachCache.get(ws);
    if (!perWs) reachCache.set(ws, (perWs = new Map()));
    let reach = perWs.get(e);
    if (!reach) perWs.set(e, (reach = graph.pathsTo((n) => n.principal === e && !n.variant.full && !n.variant.noBoundary && !n.variant.group, true)));
    const who = [...reach.values()].filter((p) => p.steps.length && p.principal !== e);
    if (who.length) {
      const lines = who.slice(0, MAX).map((p) => `- ${p.principal.kind} ${p.principal.name}${sure(p)}: ${pathText(p)}`);
      if (who.length > MAX) lines.push(`- … (${who.length} in all)`);
      parts.push(`**Who can reach it (any path):**\n${lines.join('\n')}`);
    }
  }
  return parts.length ? parts.join('\n\n') : undefined;
}
