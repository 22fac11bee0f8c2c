/**
 * The simulator panel: a webview with the question form; the language server answers
 * (`iamWorkbench/simulate`), completes (`iamWorkbench/simulatorComplete`) and writes scenarios
 * (`iamWorkbench/scenarioText`). Security as for the graph: CSP with a per-load nonce, resources
 * only from dist/webview, data only by postMessage (the page renders it as text). Answers refresh
 * when account files change; the panel is restored after a reload.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  PolicyTextRequestMethod,
  ScenarioTextRequestMethod,
  SimulateRequestMethod,
  SimulatorCompleteRequestMethod,
  SimulatorOptionsRequestMethod,
  type ScenarioTextParams,
  type ScenarioTextResult,
  type SimAnswer,
  type SimCompletions,
  type SimLocation,
  type SimQuestion,
  type SimulatorHostMessage,
  type SimulatorOptions,
} from '../protocol';
import { isScenarioFileName } from '../core/analysis/scenarios/parse';
import { isAccountFileName } from '../core/model';
import { SIMULATOR_PAGE } from '../protocol/webview-page';
import { isWebviewMessage, questionFrom } from './simulator-messages';
import { loadPage, showBesidePanel, singlePanel, toRange, watchFiles } from './webview-panel';

export const SIMULATOR_VIEW_TYPE = 'iamWorkbench.simulator';
const REFRESH_DELAY_MS = 300;
const WATCHED = '**/{iam.json,*.iam.json,*.iam-tests.json}';

const isWatched = (uri: vscode.Uri): boolean => isAccountFileName(uri.path) || isScenarioFileName(uri.path);

class SimulatorPanel {
  private ready = false;
  private pending: { question: SimQuestion; run: boolean } | undefined;
  private lastQuestion: SimQuestion | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private version = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    onDispose: () => void,
  ) {
    loadPage(panel, context, SIMULATOR_PAGE, (m) => void this.onMessage(m));
    panel.onDidDispose(() => {
      clearTimeout(this.refreshTimer);
      highlightInEditors(undefined);
      onDispose();
    });
  }

  ask(q: { question: SimQuestion; run: boolean } | undefined): void {
    if (!q) return;
    if (this.ready) this.post({ type: 'question', question: q.question, run: q.run });
    else this.pending = q;
  }

  private post(message: SimulatorHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async request<T>(method: string, params: unknown): Promise<T | undefined> {
    try {
      return await this.client.sendRequest<T>(method, params);
    } catch (e) {
      this.post({ type: 'error', message: `The language server could not answer: ${(e as Error)?.message ?? String(e)}` });
      return undefined;
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isWebviewMessage(m)) return;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        await this.sendOptions();
        const p = this.pending;
        this.pending = undefined;
        if (p) this.post({ type: 'question', question: p.question, run: p.run });
        return;
      }
      case 'simulate':
        this.lastQuestion = m.question;
        await this.simulate();
        return;
      case 'complete': {
        const completions = (await this.request<SimCompletions>(SimulatorCompleteRequestMethod, m.query)) ?? {};
        this.post({ type: 'completions', id: m.id, completions });
        return;
      }
      case 'reveal':
        await reveal(m.location, this.panel.viewColumn);
        return;
      case 'saveScenario':
        await this.save(m.name, m.question, m.expect);
        return;
      case 'highlight':
        highlightInEditors(m.location);
        return;
    }
  }

  private async sendOptions(): Promise<void> {
    const options = await this.request<SimulatorOptions>(SimulatorOptionsRequestMethod, {});
    if (options) this.post({ type: 'options', options });
  }

  private async simulate(): Promise<void> {
    const question = this.lastQuestion;
    if (!question) return;
    const version = ++this.version;
    const answer = await this.request<SimAnswer>(SimulateRequestMethod, question);
    if (answer && version === this.version) this.post({ type: 'answer', answer, question });
  }

  refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (!this.ready) return;
      void this.sendOptions();
      void this.simulate();
    }, REFRESH_DELAY_MS);
  }

  private async save(name: string, question: SimQuestion, expect: ScenarioTextParams['expect']): Promise<void> {
    const target = await scenarioTarget();
    if (target === null) return; // the user dismissed the choice
    if (!target) {
      this.post({ type: 'error', message: 'Open a folder first: scenarios are saved next to its iam.json files.' });
      return;
    }
    let text: string | undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (open) text = open.getText();
    else {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      } catch {
        text = undefined;
      }
    }
    const params: ScenarioTextParams = { text, name, question, expect };
    const result = await this.request<ScenarioTextResult>(ScenarioTextRequestMethod, params);
    if (!result) return;
    if (result.error || result.text === undefined) {
      this.post({ type: 'error', message: result.error ?? 'The scenario could not be saved.' });
      return;
    }
    if (open) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(target, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), result.text);
      await vscode.workspace.applyEdit(edit);
      await open.save();
    } else await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
    this.post({ type: 'saved', uri: target.toString(), name });
  }
}

/** Where "Save as scenario" writes: the workspace's scenario file (asked when there are several), else a new one beside the account files. */
async function scenarioTarget(): Promise<vscode.Uri | null | undefined> {
  const existing = await vscode.workspace.findFiles('**/*.iam-tests.json', '**/node_modules/**', 50);
  if (existing.length === 1) return existing[0];
  if (existing.length > 1) {
    const pick = await vscode.window.showQuickPick(
      existing.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
      { placeHolder: 'Save the scenario to…' },
    );
    return pick ? pick.uri : null;
  }
  const accounts = await vscode.workspace.findFiles('**/{iam.json,*.iam.json}', '**/node_modules/**', 1);
  const folder = accounts[0] ? vscode.Uri.joinPath(accounts[0], '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, 'scenarios.iam-tests.json') : undefined;
}

/** A location's range: its lines and characters when it has them, else its offsets in `doc`. */
function rangeIn(doc: vscode.TextDocument, location: SimLocation): vscode.Range {
  return location.range ? toRange(location.range) : new vscode.Range(doc.positionAt(location.span.start), doc.positionAt(location.span.end));
}

let highlightDecoration: vscode.TextEditorDecorationType | undefined;

/** Hovering a statement in the panel marks it in every visible editor of its file. */
function highlightInEditors(location: SimLocation | undefined): void {
  highlightDecoration ??= vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    isWholeLine: false,
  });
  for (const editor of vscode.window.visibleTextEditors) {
    if (!location || editor.document.uri.toString() !== location.uri) {
      editor.setDecorations(highlightDecoration, []);
      continue;
    }
    const range = rangeIn(editor.document, location);
    editor.setDecorations(highlightDecoration, [range]);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

async function reveal(location: SimLocation, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  try {
    await showBesidePanel(location.uri, panelColumn, (doc) => rangeIn(doc, location));
  } catch {
    const what = location.uri.startsWith('aws-managed-policy:') ? `the AWS managed policy ${location.uri.slice('aws-managed-policy:'.length)}` : location.uri;
    void vscode.window.showInformationMessage(`IAM Workbench: cannot open ${what} in an editor.`);
  }
}

/**
 * Registers the simulator panel: the `iamWorkbench.simulate` command (argument: a principal ARN or
 * name, a CodeLens principal `{ arn }`, or `{ question, run }` from a scenario lens), the serializer
 * that restores the panel after a reload, and refresh of the answer when IAM files change.
 */
export function registerSimulatorPanel(context: vscode.ExtensionContext, client: LanguageClient): void {
  const panels = singlePanel(context, SIMULATOR_VIEW_TYPE, 'IAM Simulator', (panel, onDispose) => new SimulatorPanel(panel, context, client, onDispose));
  const show = (arg?: unknown): void => {
    const q = questionFrom(arg);
    panels.show((p) => p.ask(q));
  };

  // AWS managed policies the answers point into open read-only, as the evaluator read them.
  const policies: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      try {
        const r = await client.sendRequest<{ text?: string }>(PolicyTextRequestMethod, { uri: uri.toString() });
        return r?.text ?? `// ${uri.path}: no such AWS managed policy in the bundled data`;
      } catch (e) {
        return `// ${uri.path}: ${(e as Error)?.message ?? String(e)}`;
      }
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider('aws-managed-policy', policies),
    vscode.commands.registerCommand('iamWorkbench.simulate', show),
  );
  watchFiles(context, WATCHED, isWatched, () => panels.current()?.refreshSoon());
}
