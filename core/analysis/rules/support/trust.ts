import type { Statement } from '../../../policy/types';
import { wildcardMatcher } from '../../../data/catalog';
import { values } from './policy';

/** The statement (Allow) lets principals call one of these actions (patterns allowed). */
export function allowsAction(st: Statement, action: string): boolean {
  if (st.effect?.value !== 'Allow') return false;
  if (st.notAction) return !values(st.notAction).some((p) => wildcardMatcher(p.value)(action));
  return values(st.action).some((p) => wildcardMatcher(p.value)(action));
}

/** The account id an AWS principal value names (`123456789012`, `arn:aws:iam::123456789012:role/x`). */
export function principalAccount(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(value);
  return m?.[1];
}

/** Condition entries on a key (lower-case compare). */
export function conditionsOn(st: Statement, key: string) {
  const k = key.toLowerCase();
  return st.conditions.filter((c) => c.key.value.toLowerCase() === k);
}

/** `arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com` → the host (and path). */
export function oidcHost(value: string): string | undefined {
  const m = /^arn:[\w-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(value);
  return m?.[1];
}

export function isSamlProvider(value: string): boolean {
  return /^arn:[\w-]+:iam::\d{12}:saml-provider\/.+$/.test(value);
}

export const COMPUTE_SERVICES = new Set([
  'ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'eks.amazonaws.com', 'pods.eks.amazonaws.com',
  'batch.amazonaws.com', 'states.amazonaws.com', 'codebuild.amazonaws.com', 'glue.amazonaws.com', 'sagemaker.amazonaws.com',
  'elasticmapreduce.amazonaws.com', 'apprunner.amazonaws.com', 'tasks.apprunner.amazonaws.com', 'build.apprunner.amazonaws.com',
  'edgelambda.amazonaws.com', 'scheduler.amazonaws.com', 'bedrock.amazonaws.com',
]);
