import { removePropertyFix } from '../support/edits';
import { defineRule } from '../types';

export default defineRule({
  id: 'iam/legacy-organization',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'warning',
  message: 'SCP and RCP levels written in the account file: describe the organization once, in an organization file.',
  doc: `\`account.organization\` lists an account's SCP and RCP levels by name, with each SCP's or RCP's document
copied into the account file's \`policies\`, where it reads like an IAM managed policy (and an export would deploy it
as one). An organization file (a \`NAME.iam.json\` with a top-level \`"organization"\`: root, OUs, accounts, and the
SCPs and RCPs with their attachments) describes the organization once, and each account's levels follow from its place
in the tree. **Fix:** create the organization file (by hand or with \`iam-workbench import --organizations\`), place the
account in it, then remove \`account.organization\` (the quick fix does this once the organization file places the
account; until then the file's own levels are used). See docs/iam-json.md, "Migrating from account.organization".`,
  file({ file, workspace, report }) {
    const org = file.account.organization;
    if (!org) return;
    const placed = workspace.organizationOf(file)?.source === 'tree';
    const fix = placed ? removePropertyFix('Remove "organization" (the organization file places this account)', file.uri, file.text, org.span) : undefined;
    report(
      org.span,
      placed
        ? 'This account is placed in an organization file, whose levels apply; this "organization" is ignored. Remove it, and move any SCP or RCP documents left in "policies".'
        : 'SCP and RCP levels written in the account file (the earlier form): describe the organization in an organization file and place the account there. See docs/iam-json.md, "Migrating from account.organization".',
      { fixes: fix ? [fix] : undefined },
    );
  },
});
