import { parsePolicyText } from '../../core/policy/parse';
import type { PolicyKind } from '../../core/policy/types';
import { evaluate } from '../../core/engine';
import type { ContextInput, Decision, PolicySet, PolicySource } from '../../core/engine';

let n = 0;
/** A policy source from a plain object (Version 2012-10-17 unless the object says otherwise). */
export function pol(doc: object, kind: PolicyKind = 'identity', id?: string): PolicySource {
  const full = 'Version' in doc || 'Statement' in doc ? doc : { Version: '2012-10-17', Statement: [doc] };
  const text = JSON.stringify(full);
  return { doc: parsePolicyText(text, `mem://p${++n}.json`, kind), id: id ?? `P${n}` };
}

/** A one-statement policy. */
export function stmt(s: object, kind: PolicyKind = 'identity'): PolicySource {
  return pol({ Version: '2012-10-17', Statement: [s] }, kind);
}

export const ALICE = 'arn:aws:iam::111111111111:user/alice';
export const BOB_OTHER = 'arn:aws:iam::222222222222:user/bob';

export function decide(
  set: PolicySet,
  action: string,
  resource = '*',
  opts: { principal?: string; context?: ContextInput; resourceAccount?: string } = {},
): Decision {
  return evaluate({ principal: opts.principal ?? ALICE, action, resource, context: opts.context, resourceAccount: opts.resourceAccount }, set)
    .decision;
}

/** Decision of a single identity statement with a condition against a context. */
export function cond(condition: object, context: ContextInput, version = '2012-10-17'): Decision {
  const p = pol({ Version: version, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }] });
  return decide({ identity: [p] }, 's3:GetObject', '*', { context });
}
