/**
 * What is wrong with an action name a question asks about (a scenario's `action`, a simulator's
 * `--action-names`): not `service:Action`, an unknown service prefix, an action the service does not
 * have, or a wildcard that matches nothing. With "did you mean" candidates from the catalogue.
 */
import { getCatalog, type Catalog } from './catalog';

export interface ActionProblem {
  /** One sentence, without the action's own name in front. */
  message: string;
  /** Full action names (`s3:DeleteBucket`) closest to what was written, best first. */
  hints: string[];
  kind: 'syntax' | 'unknown-service' | 'unknown-action' | 'matches-nothing';
}

const ACTION = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+$/;

/** Undefined when the action (or pattern) names something the catalogue has, or when the catalogue cannot be read. */
export function actionProblem(action: string, catalog?: Catalog): ActionProblem | undefined {
  const a = action.trim();
  if (a === '*') return undefined;
  if (!ACTION.test(a)) return { message: 'is not an action: write service:Action (s3:GetObject)', hints: [], kind: 'syntax' };
  let cat: Catalog;
  try {
    cat = catalog ?? getCatalog();
  } catch {
    return undefined;
  }
  const colon = a.indexOf(':');
  const prefix = a.slice(0, colon);
  const name = a.slice(colon + 1);
  const wild = /[*?]/;
  if (!wild.test(prefix) && !cat.service(prefix)) {
    const hints = cat.suggest(a, 'action', 3);
    const services = hints.length ? [] : cat.suggest(prefix, 'service', 3);
    const mean = hints.length ? hints : services;
    return {
      message: `"${prefix}" is not an AWS service prefix${mean.length ? `; did you mean ${mean.map((h) => `"${h}"`).join(', ')}?` : ''}`,
      hints,
      kind: 'unknown-service',
    };
  }
  if (wild.test(a)) {
    if (cat.actionsMatching(a).length) return undefined;
    const service = wild.test(prefix) ? undefined : cat.service(prefix);
    return { message: `matches no action${service ? ` of ${service.name}` : ''}`, hints: [], kind: 'matches-nothing' };
  }
  if (cat.action(a)) return undefined;
  const hints = cat.suggest(a, 'action', 3);
  return {
    message: `${cat.service(prefix)!.name} has no action "${name}"${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : ''}`,
    hints,
    kind: 'unknown-action',
  };
}
