/**
 * The editor's "Compare Access with…" request as a pure function for the server: the base files (read
 * by the client with git at a revision) against the server's current workspace (unsaved edits included),
 * limited to the files under the repository's root.
 */
import { buildWorkspace, Workspace, type SourceText } from '../../model';
import { diffAccess } from './index';
import { diffReport, type DiffReport } from './report';

export interface AccessDiffParams {
  /** The account files at the base revision, with the uris the same files have in the workspace. */
  base: SourceText[];
  /** Only workspace files whose uri starts with this (the repository's root, as a URI ending in `/`). */
  root?: string;
}

/** The report, or why there is none. */
export interface AccessDiffResult {
  report?: DiffReport;
  error?: string;
}

export function accessDiffRequest(current: Workspace, params: unknown): AccessDiffResult {
  const p = params as Partial<AccessDiffParams> | undefined;
  if (!p || !Array.isArray(p.base) || !p.base.every((s) => s && typeof s.uri === 'string' && typeof s.text === 'string')) {
    return { error: 'The request needs "base": a list of { uri, text } account files.' };
  }
  if (p.root !== undefined && typeof p.root !== 'string') return { error: '"root" must be a URI string.' };
  const root = p.root;
  const files = root ? current.files.filter((f) => f.uri.startsWith(root)) : current.files;
  const head = files.length === current.files.length ? current : new Workspace(files);
  const base = buildWorkspace(p.base);
  return { report: diffReport(diffAccess(base, head), (u) => base.file(u)?.lines, (u) => head.file(u)?.lines) };
}
