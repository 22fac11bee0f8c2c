/** What the importer reads and what it hands back. Pure data: the CLI and the editor do the file I/O. */

/** One input file, by the name shown in messages (a path as the user typed it) and its text. */
export interface ImportSource {
  name: string;
  text: string;
}

export interface ImportInputs {
  /** `aws iam get-account-authorization-details` output: one file per page (or one merged file). */
  authorizationDetails: ImportSource[];
  /** `aws iam get-credential-report` output: the JSON, the CSV, or the CSV base64-encoded. */
  credentialReport?: ImportSource;
  /** `aws iam get-account-password-policy` output. */
  passwordPolicy?: ImportSource;
}

/** A problem that stops the import: the input is not what the AWS CLI prints. Lines and columns from 1. */
export interface ImportError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Something the input holds that the iam.json format cannot (or that is missing), listed for the user. */
export interface ImportNote {
  /** What it is about: `user "alice"`, `policy "S3ReadOnly"`, `credential report`, ... */
  subject: string;
  message: string;
}

export interface ImportResult {
  /** The iam.json text; undefined when there are errors (nothing must be written then). */
  text?: string;
  errors: ImportError[];
  notes: ImportNote[];
  /** Counts of what was imported, for a one-line summary. */
  summary: { users: number; groups: number; roles: number; policies: number };
}

export function formatImportError(e: ImportError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

export function formatImportNote(n: ImportNote): string {
  return `${n.subject}: ${n.message}`;
}
