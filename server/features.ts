import type { ServerCapabilities } from 'vscode-languageserver';
import type { ServerContext } from './server';

/** Registers the language features' handlers and returns the capabilities they add. */
export function registerFeatures(_ctx: ServerContext): ServerCapabilities {
  return {};
}
