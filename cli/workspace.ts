import type { WorkspaceOptions } from '../core/model';

/** How the CLI builds workspaces: with the bundled AWS managed policies. */
export function cliWorkspaceOptions(): WorkspaceOptions {
  return {};
}
