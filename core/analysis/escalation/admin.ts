/**
 * What counts as an administrator here: a session the evaluator lets do everything. `*` on `*` can't be asked
 * of the evaluator as one request, so it is asked as a set of probes: write and destructive actions of IAM and
 * of several other services on resources of the principal's own account. A principal allowed all of them can do
 * `*` on `*` as far as its policies, boundary and SCPs go (an `iam:*` principal that is not yet one reaches it
 * through a "rewrite its own permissions" edge). A probe denied only for want of condition keys the policies' own values would satisfy (a region, MFA) counts
 * as allowed: being an administrator is about what the principal can do; the path to it says how sure that is.
 */
import type { Session } from '../../engine';
import type { ContextInput } from '../../engine/types';
import { ask, type EscalationNode } from './nodes';

/** `[action, resource skeleton]`: `{p}` partition, `{a}` account. */
export const ADMIN_PROBES: [string, string][] = [
  ['iam:CreateUser', 'arn:{p}:iam::{a}:user/iam-workbench-probe'],
  ['iam:AttachRolePolicy', 'arn:{p}:iam::{a}:role/iam-workbench-probe'],
  ['iam:PutUserPolicy', 'arn:{p}:iam::{a}:user/iam-workbench-probe'],
  ['iam:CreateRole', 'arn:{p}:iam::{a}:role/iam-workbench-probe'],
  ['s3:DeleteBucket', 'arn:{p}:s3:::iam-workbench-probe'],
  ['ec2:TerminateInstances', 'arn:{p}:ec2:us-east-1:{a}:instance/i-0123456789abcdef0'],
  ['lambda:CreateFunction', 'arn:{p}:lambda:us-east-1:{a}:function:iam-workbench-probe'],
  ['rds:DeleteDBInstance', 'arn:{p}:rds:us-east-1:{a}:db:iam-workbench-probe'],
  ['dynamodb:DeleteTable', 'arn:{p}:dynamodb:us-east-1:{a}:table/iam-workbench-probe'],
  ['secretsmanager:GetSecretValue', 'arn:{p}:secretsmanager:us-east-1:{a}:secret:iam-workbench-probe-AbCdEf'],
  ['sqs:DeleteQueue', 'arn:{p}:sqs:us-east-1:{a}:iam-workbench-probe'],
  ['cloudtrail:DeleteTrail', 'arn:{p}:cloudtrail:us-east-1:{a}:trail/iam-workbench-probe'],
];

export const ADMIN_PROBE_ACTIONS = ADMIN_PROBES.map(([a]) => a);

/** Whether the session is allowed every probe (as the principal of `accountId`). */
export function sessionIsAdmin(session: Session, accountId: string, partition: string, context?: ContextInput): boolean {
  for (const [action, skeleton] of ADMIN_PROBES) {
    const resource = skeleton.replace('{p}', partition).replace('{a}', accountId);
    const a = ask(session, action, resource, context);
    if (!a.ok && !a.keys.length) return false;
  }
  return true;
}

export function nodeIsAdmin(node: EscalationNode, context?: ContextInput): boolean {
  return sessionIsAdmin(node.session, node.accountId, node.partition, context);
}
