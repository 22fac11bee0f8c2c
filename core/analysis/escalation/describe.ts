/** Words for paths and steps, shared by the rules, the hover, the graph and the CLI. */
import type { PathStep, ReachPath } from './graph';
import { variantWords, type Principal } from './nodes';

function who(p: Principal): string {
  return `${p.kind} ${p.name}`;
}

/** "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction → role admin-lambda". */
export function stepText(s: PathStep): string {
  const words = variantWords(s.toVariant);
  const target = `${s.from === s.to ? 'itself' : who(s.to)}${words ? ` (${words})` : ''}`;
  return `${s.actions.join(' + ')} → ${target}${s.note ? ` (${s.note})` : ''}`;
}

/** The steps, joined: "sts:AssumeRole → role hop-role, then iam:PassRole + ... → role admin-lambda". */
export function pathText(path: ReachPath): string {
  return path.steps.map(stepText).join(', then ');
}

/** What the end of a path is, in words. */
export function endText(path: ReachPath): string {
  const end = path.end;
  const words = variantWords(end.variant);
  return `${who(end.principal)}${words ? ` (${words})` : ''}`;
}
