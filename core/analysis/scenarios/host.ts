/**
 * Scenario files for a long-running host (the language server): texts by uri, each parsed once per
 * text, and their findings and CodeLenses computed once per workspace snapshot. The server calls
 * `setFile` / `removeFile` as documents change and asks `findings(workspace)` when it publishes.
 */
import type { Finding } from '../../findings';
import { Workspace } from '../../model';
import type { Span } from '../../text/span';
import { parseScenarioFile } from './parse';
import { runScenarioFile, scenarioFindings } from './run';
import { scenarioLenses } from './lenses';
import type { ScenarioFile, ScenarioResult } from './types';

export interface ScenarioCodeLens {
  span: Span;
  title: string;
  command: string;
  arguments: unknown[];
}

/**
 * The part of a workspace a scenario file sees: the account files in its folder and below (as
 * `iam-workbench test` does), or the whole workspace when none are there. Parsed files are shared;
 * only resolution runs again (per file, idempotent).
 */
export function scopedWorkspace(ws: Workspace, scenarioUri: string): Workspace {
  const dir = scenarioUri.slice(0, Math.max(scenarioUri.lastIndexOf('/'), scenarioUri.lastIndexOf('\\')) + 1);
  if (!dir) return ws;
  const inside = ws.files.filter((f) => f.uri.startsWith(dir));
  if (!inside.length || inside.length === ws.files.length) return ws;
  return new Workspace(inside);
}

export class ScenarioHost {
  private readonly files = new Map<string, ScenarioFile>();
  private results = new Map<string, ScenarioResult[]>();
  private scoped = new Map<string, Workspace>();
  private resultsFor?: Workspace;

  setFile(uri: string, text: string): void {
    if (this.files.get(uri)?.text === text) return;
    this.files.set(uri, parseScenarioFile(uri, text));
    this.results.delete(uri);
  }

  removeFile(uri: string): boolean {
    this.results.delete(uri);
    return this.files.delete(uri);
  }

  hasFile(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Every scenario file's text (what a rename edits). */
  texts(): { uri: string; text: string }[] {
    return [...this.files.values()].map((f) => ({ uri: f.uri, text: f.text }));
  }

  /** The results of one file against `ws` (recomputed when the workspace snapshot changes). */
  resultsOf(ws: Workspace, uri: string): ScenarioResult[] {
    if (this.resultsFor !== ws) {
      this.results = new Map();
      this.scoped = new Map();
      this.resultsFor = ws;
    }
    let r = this.results.get(uri);
    if (!r) {
      const file = this.files.get(uri);
      try {
        const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
        let scope = this.scoped.get(dir);
        if (!scope) {
          scope = scopedWorkspace(ws, uri);
          this.scoped.set(dir, scope);
        }
        r = file ? runScenarioFile(scope, file) : [];
      } catch {
        r = [];
      }
      this.results.set(uri, r);
    }
    return r;
  }

  /** Format problems and failing scenarios of one file. */
  findings(ws: Workspace, uri: string): Finding[] {
    const file = this.files.get(uri);
    return file ? scenarioFindings(file, this.resultsOf(ws, uri)) : [];
  }

  /** A lens per scenario: its result, and a click opens it in the simulator and runs it. */
  lenses(ws: Workspace, uri: string): ScenarioCodeLens[] {
    const results = this.resultsOf(ws, uri);
    return scenarioLenses(results).map((l, i) => ({
      span: l.span,
      title: `${l.title} · Run in simulator`,
      command: 'iamWorkbench.simulate',
      // A "who can" scenario has no principal: the panel opens on its actions, not run.
      arguments: [{ question: results[i].scenario.question, run: !results[i].scenario.whoCan }],
    }));
  }
}
