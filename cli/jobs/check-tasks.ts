/**
 * `check` in pieces, worker side (the main side is check.ts). Per account file: `check.parse` parses it and keeps
 * it; once every file is parsed, `check.index` tells the worker which accounts the whole workspace describes and
 * hands it the organization files; `check.rules` then runs the policy and file rules of one kept file, in a
 * workspace of that file and the organization files that knows the other accounts by id
 * (`WorkspaceOptions.otherAccounts`): all those rules read of the rest of the workspace.
 */
import type { Finding } from '../../core/findings';
import { parseAccountFile, Workspace, type AccountFile, type SourceText } from '../../core/model';
import { runRules } from '../../core/analysis/rules';
import type { RulesConfig } from '../../core/analysis/config';

export interface ParsedInfo {
  /** `AccountFile.accountId`. */
  accountId: string;
  /** An organization file (no account of its own). */
  organization: boolean;
}

export interface CheckIndex {
  config: RulesConfig;
  /** The account ids of every account file of the workspace. */
  accounts: string[];
  /** Every organization file of the workspace. */
  organizations: SourceText[];
}

const kept = new Map<string, AccountFile>();
let index: { config: RulesConfig; accounts: string[]; organizations: AccountFile[] } | undefined;

export const CHECK_TASKS = {
  'check.parse'(source: SourceText): ParsedInfo {
    const file = parseAccountFile(source.uri, source.text);
    kept.set(source.uri, file);
    return { accountId: file.accountId, organization: !!file.organization };
  },
  'check.index'(payload: CheckIndex): null {
    const organizations = payload.organizations.map((s) => kept.get(s.uri) ?? parseAccountFile(s.uri, s.text));
    index = { config: payload.config, accounts: payload.accounts, organizations };
    return null;
  },
  'check.rules'(payload: { uri: string }): Finding[] {
    const file = kept.get(payload.uri);
    if (!file || !index) throw new Error(`check.rules before check.parse / check.index ('${payload.uri}')`);
    kept.delete(payload.uri);
    const files = [file, ...index.organizations.filter((o) => o.uri !== file.uri)];
    const ws = new Workspace(files, { otherAccounts: index.accounts });
    return runRules(ws, index.config, { part: { files: new Set([file.uri]) } });
  },
};
