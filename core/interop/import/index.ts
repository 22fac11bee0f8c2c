/**
 * Import from AWS CLI output: `get-account-authorization-details` (pages), the credential report and
 * the password policy become one iam.json text. Pure: the caller reads and writes the files.
 */
import { emptyDetails, readAuthorizationDetails } from './authorization-details';
import { buildAccountFile } from './build';
import { readCredentialReport } from './credential-report';
import { JsonInput, Notes } from './input';
import { readPasswordPolicy } from './password-policy';
import type { ImportError, ImportInputs, ImportResult } from './types';

export * from './types';
export { decodeDocument } from './input';

export function importFromAws(inputs: ImportInputs): ImportResult {
  const errors: ImportError[] = [];
  const notes = new Notes();
  const details = emptyDetails();
  const empty = { users: 0, groups: 0, roles: 0, policies: 0 };
  if (inputs.authorizationDetails.length === 0) {
    errors.push({ file: '(command line)', line: 1, column: 1, message: 'no authorization details given' });
  }
  for (const source of inputs.authorizationDetails) {
    readAuthorizationDetails(new JsonInput(source.name, source.text, errors, notes), details);
  }
  const report = inputs.credentialReport ? readCredentialReport(inputs.credentialReport, errors, notes) : undefined;
  const passwordPolicy = inputs.passwordPolicy
    ? readPasswordPolicy(new JsonInput(inputs.passwordPolicy.name, inputs.passwordPolicy.text, errors, notes))
    : undefined;
  if (errors.length) return { errors, notes: notes.list, summary: empty };

  const built = buildAccountFile({ details, report, passwordPolicy }, errors, notes);
  if (!built || errors.length) return { errors, notes: notes.list, summary: empty };

  if (details.users.length + details.groups.length + details.roles.length + details.policies.length) {
    notes.add('every entity', 'ids (UserId, GroupId, RoleId, PolicyId, InstanceProfileId), creation dates and attachment counts are assigned by AWS; not kept');
  }
  if (report) {
    notes.add('credential report', 'user creation times, password_next_rotation (derived from the password policy) and signing certificate dates are not kept');
    if (report.generatedFromContent && report.generated) {
      notes.add('credential report', `the CSV does not say when it was generated; "asOf" is set to the latest date it mentions, ${report.generated} (pass the JSON of "aws iam get-credential-report" to use its GeneratedTime)`);
    }
  } else {
    notes.add('credential report', 'not given: console access, MFA, access keys, the root user and "asOf" are left out (add --credential-report)');
  }
  if (!passwordPolicy) notes.add('password policy', 'not given: "account.passwordPolicy" is left out (add --password-policy)');
  notes.add('account', 'the alias, identity providers, resource policies and organization policies are not in these outputs; add them by hand');
  return { text: JSON.stringify(built.file, null, 2) + '\n', errors, notes: notes.list, summary: built.counts };
}
