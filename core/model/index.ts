/** The iam.json model: parse files, then resolve them together into a workspace. */
export { parseAccountFile, MAX_FILE_BYTES, UNKNOWN_ACCOUNT_ID } from './parse';
export { Workspace, entitiesOf, entityExtent, type WorkspaceOptions, type WorkspaceEdit } from './workspace';
export { referencedDocument } from './resolve';
export type * from './types';
import { parseAccountFile } from './parse';
import { Workspace, type WorkspaceOptions } from './workspace';

export interface SourceText {
  uri: string;
  text: string;
}

/** Parses and resolves a set of files in one go (the CLI's path; the server caches parses per version). */
export function buildWorkspace(sources: Iterable<SourceText>, options?: WorkspaceOptions): Workspace {
  return new Workspace([...sources].map((s) => parseAccountFile(s.uri, s.text)), options);
}

/** True for file names the workspace reads: `iam.json` and `NAME.iam.json`. */
export function isAccountFileName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  return base === 'iam.json' || (base.endsWith('.iam.json') && base.length > '.iam.json'.length);
}
