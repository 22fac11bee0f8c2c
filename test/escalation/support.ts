import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspace, type Workspace } from '../../core/model';

export const ACCOUNTS_DIR = join(__dirname, 'accounts');
export const LAB_FILES = ['lab.iam.json', 'member.iam.json'].map((f) => join(ACCOUNTS_DIR, f));

/** The escalation lab: account 111111111111 (every technique and its decoys) and 222222222222 (an SCP, a cross-account role). */
export function lab(): Workspace {
  return buildWorkspace(LAB_FILES.map((f) => ({ uri: `file://${f}`, text: readFileSync(f, 'utf8') })));
}

/** A workspace of one account file written inline. */
export function account(json: object, uri = 'file:///t/iam.json'): Workspace {
  return buildWorkspace([{ uri, text: JSON.stringify(json, null, 2) }]);
}

export const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const serviceTrust = (service: string) => doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' });
