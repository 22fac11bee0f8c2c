/**
 * "IAM Workbench: Compare Access with…": pick a git revision (the current branch's upstream first, through
 * the built-in Git extension's API), read the account files at that revision with git (no checkout), ask
 * the server for the access diff against the workspace as it is now (unsaved edits included), and show
 * the report in VS Code's Markdown preview.
 */
import * as vscode from 'vscode';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { diffMarkdown } from '../core/analysis/diff/markdown';
import { isAccountFileName } from '../core/model';
import { AccessDiffRequestMethod, type AccessDiffParams, type AccessDiffResult, type DiffReport } from '../protocol';

export const COMPARE_ACCESS_COMMAND = 'iamWorkbench.compareAccess';

/** The parts of the Git extension's API (`vscode.git`, version 1) this command uses. */
interface GitRef {
  type: number; // 0 head, 1 remote head, 2 tag
  name?: string;
  remote?: string;
}
interface GitRepository {
  rootUri: vscode.Uri;
  state: { HEAD?: { name?: string; upstream?: { remote: string; name: string } }; refs?: GitRef[] };
  getRefs?(): Promise<GitRef[]>;
}
interface GitApi {
  git: { path: string };
  repositories: GitRepository[];
}

export type SendRequest = (method: string, params: AccessDiffParams) => Promise<AccessDiffResult | null | undefined>;

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.tools', '.e2e']);
const OTHER = 'Other revision…';

export function registerCompareAccessCommand(context: vscode.ExtensionContext, send: SendRequest): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMPARE_ACCESS_COMMAND, (ref?: string) => compareAccess(send, typeof ref === 'string' ? ref : undefined)));
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports?.getAPI(1);
}

/** The repository holding the active file, else the first workspace folder's, else the first one. */
function repositoryFor(api: GitApi): GitRepository | undefined {
  const active = vscode.window.activeTextEditor?.document.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const inside = active ? api.repositories.filter((r) => active === r.rootUri.fsPath || active.startsWith(r.rootUri.fsPath + '/') || active.startsWith(r.rootUri.fsPath + '\\')) : [];
  return inside.sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0] ?? api.repositories[0];
}

async function pickRef(repo: GitRepository): Promise<string | undefined> {
  const up = repo.state.HEAD?.upstream;
  const upstream = up ? `${up.remote}/${up.name}` : undefined;
  let refs: GitRef[] = repo.state.refs ?? [];
  try {
    if (repo.getRefs) refs = await repo.getRefs();
  } catch {
    /* older API: state.refs */
  }
  const items: vscode.QuickPickItem[] = [];
  if (upstream) items.push({ label: upstream, description: `upstream of ${repo.state.HEAD?.name ?? 'the current branch'}` });
  for (const r of refs) {
    const name = r.type === 1 && r.remote && r.name && !r.name.startsWith(`${r.remote}/`) ? `${r.remote}/${r.name}` : r.name;
    if (!name || name === upstream || name === repo.state.HEAD?.name || name.endsWith('/HEAD')) continue;
    items.push({ label: name, description: r.type === 2 ? 'tag' : r.type === 1 ? 'remote branch' : 'branch' });
    if (items.length >= 60) break;
  }
  items.push({ label: OTHER, description: 'a commit, tag or any revision git understands' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Compare access with…', placeHolder: 'The revision to compare the workspace with' });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return picked.label;
  const typed = await vscode.window.showInputBox({ title: 'Compare access with…', prompt: 'A git revision (HEAD~1, a tag, a commit)', value: upstream ?? 'HEAD' });
  return typed?.trim() || undefined;
}

function git(binary: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(binary, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || err.message).trim().split('\n')[0]));
      else resolve(stdout);
    }),
  );
}

/** The account files of the repository at `ref`, with the uris the same paths have in the working tree. */
async function readAtRef(binary: string, root: string, ref: string): Promise<AccessDiffParams['base']> {
  if (ref.startsWith('-')) throw new Error(`'${ref}' is not a git revision`);
  await git(binary, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root).catch(() => {
    throw new Error(`git does not know the revision '${ref}'`);
  });
  const paths = (await git(binary, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', ref], root))
    .split('\0')
    .filter((p) => p && isAccountFileName(p) && !p.split('/').some((part) => SKIP_DIRS.has(part)));
  const out: AccessDiffParams['base'] = [];
  for (const p of paths) out.push({ uri: vscode.Uri.file(join(root, p)).toString(), text: await git(binary, ['show', `${ref}:${p}`], root) });
  return out;
}

/** Files as the workspace shows them; the base side's prefixed with the revision. */
function relativize(report: DiffReport, ref: string): void {
  const rel = (uri: string) => {
    try {
      return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
    } catch {
      return uri;
    }
  };
  const head = (s: { File: string }) => (s.File = rel(s.File));
  const base = (s: { File: string }) => (s.File = `${ref}:${rel(s.File)}`);
  for (const p of report.Principals) {
    p.Gained.forEach((g) => head(g.Source));
    p.Lost.forEach((g) => base(g.Source));
  }
  for (const r of report.Roles) {
    r.GainedAssumers.forEach((a) => head(a.Source));
    r.LostAssumers.forEach((a) => base(a.Source));
    if (r.Status === 'removed') base(r);
    else head(r);
  }
  for (const x of report.Resources) {
    head(x);
    x.GainedAccess.forEach((a) => head(a.Source));
    x.LostAccess.forEach((a) => base(a.Source));
  }
}

async function compareAccess(send: SendRequest, given?: string): Promise<void> {
  const api = await gitApi();
  if (!api) {
    void vscode.window.showErrorMessage('Compare Access needs the built-in Git extension (vscode.git), which is disabled or missing.');
    return;
  }
  const repo = repositoryFor(api);
  if (!repo) {
    void vscode.window.showErrorMessage('Compare Access: no git repository is open in this workspace.');
    return;
  }
  const ref = given ?? (await pickRef(repo));
  if (!ref) return;
  const root = repo.rootUri.fsPath;
  let base: AccessDiffParams['base'];
  try {
    base = await readAtRef(api.git.path, root, ref);
  } catch (e) {
    void vscode.window.showErrorMessage(`Compare Access: ${(e as Error).message}`);
    return;
  }
  const result = await send(AccessDiffRequestMethod, { base, root: vscode.Uri.file(root).toString().replace(/\/?$/, '/') });
  if (!result?.report) {
    void vscode.window.showErrorMessage(`Compare Access: ${result?.error ?? 'the language server gave no answer (see IAM Workbench: Show Language Server Output).'}`);
    return;
  }
  relativize(result.report, ref);
  const markdown = diffMarkdown(result.report, `IAM access diff: ${ref} → working tree`);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}
