/**
 * `diff` in pieces, worker side (the main side is diff.ts). `diff.load` builds both sides' workspaces whole (a
 * principal's access reads other accounts: resource policies naming it, the organization's SCPs, trusts across
 * files); then `diff.principals` and `diff.rest` compute the diff of one account file's principals, roles and
 * resources (`DiffPart` in core/analysis/diff).
 */
import { buildWorkspace, type SourceText } from '../../core/model';
import { diffPrincipals, diffRest, diffSides, type DiffSides } from '../../core/analysis/diff';
import { trimInterned } from '../../core/analysis/diff/canonical';
import { cliWorkspaceOptions } from '../workspace';

let sides: DiffSides | undefined;

function loaded(): DiffSides {
  if (!sides) throw new Error('diff task before diff.load');
  return sides;
}

export const DIFF_TASKS = {
  /** Returns the uris of files with JSON errors, base's then head's, as the CLI warns about them. */
  'diff.load'(payload: { base: SourceText[]; head: SourceText[] }): string[] {
    const options = cliWorkspaceOptions();
    const base = buildWorkspace(payload.base, options);
    const head = buildWorkspace(payload.head, options);
    trimInterned();
    sides = diffSides(base, head);
    return [...base.files, ...head.files].flatMap((f) => f.findings.filter((x) => x.severity === 'error' && x.code.startsWith('json/')).map(() => f.uri));
  },
  'diff.principals'(payload: { uri: string }) {
    return diffPrincipals(loaded(), new Set([payload.uri]));
  },
  'diff.rest'(payload: { uri: string; assumeTouched: boolean }) {
    return diffRest(loaded(), payload.assumeTouched, new Set([payload.uri]));
  },
};
