import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SymbolKind,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type DocumentSymbol as LspDocumentSymbol,
  type ServerCapabilities,
  type TextDocumentEdit,
} from 'vscode-languageserver';
import { buildGraph } from '../core/analysis/graph';
import { getCatalog } from '../core/data/catalog';
import { policyTextRequest, scenarioTextRequest, simulateRequest, simulatorComplete, simulatorOptions } from '../core/analysis/simulate/service';
import { codeActions } from '../core/ide/code-actions';
import { codeLenses } from '../core/ide/codelens';
import { completion, type CompletionKind } from '../core/ide/completion';
import { definition, prepareRename, references, rename } from '../core/ide/navigation';
import { hover } from '../core/ide/hover';
import { documentSymbols, type DocumentSymbol, type SymbolKind as CoreSymbolKind } from '../core/ide/symbols';
import { effectivePermissionsMarkdown } from '../core/ide/effective-view';
import { ruleDocMarkdown } from '../core/ide/rule-docs';
import { shownFindings } from '../core/ide/diagnostics';
import { accessDiffRequest, type AccessDiffResult } from '../core/analysis/diff/service';
import {
  AccessDiffRequestMethod,
  EffectivePermissionsRequestMethod,
  GraphDataRequestMethod,
  RuleDocumentationRequestMethod,
  type RuleDocumentationParams,
  type RuleDocumentationResult,
  ScenarioTextRequestMethod,
  SimulateRequestMethod,
  SimulatorCompleteRequestMethod,
  SimulatorOptionsRequestMethod,
  type EffectivePermissionsParams,
  type EffectivePermissionsResult,
  type GraphData,
  type GraphDataParams,
} from '../protocol';
import type { ServerContext } from './server';

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  snippet: CompletionItemKind.Snippet,
  reference: CompletionItemKind.Reference,
  action: CompletionItemKind.Function,
  service: CompletionItemKind.Module,
  operator: CompletionItemKind.Operator,
  key: CompletionItemKind.Field,
  keyword: CompletionItemKind.Keyword,
  arn: CompletionItemKind.Constant,
  policy: CompletionItemKind.Interface,
};

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  account: SymbolKind.Namespace,
  section: SymbolKind.Package,
  user: SymbolKind.Object,
  group: SymbolKind.Class,
  role: SymbolKind.Interface,
  policy: SymbolKind.Struct,
  identityProvider: SymbolKind.Constant,
  resource: SymbolKind.File,
  inlinePolicy: SymbolKind.Struct,
  statement: SymbolKind.Property,
};

/** Registers the language features' handlers and returns the capabilities they add. */
export function registerFeatures(ctx: ServerContext): ServerCapabilities {
  const { connection, host, positions, guard } = ctx;
  const ws = () => host.snapshot().workspace;
  // Hover, completion, definition and symbols answer from the latest model, the first look's while the full
  // analysis runs in slices (server.ts publish); the rest (references, rename, graph, simulator) need every file.
  // A file the first look didn't open (a stub there) waits for the full model.
  const quick = (uri: string) => {
    const a = host.latest();
    return a.partial && !a.findings.has(uri) ? host.snapshot().workspace : a.workspace;
  };
  const at = (uri: string, position: { line: number; character: number }) => positions.offset(uri, position);

  connection.onHover((p) =>
    guard('hover', null, () => {
      const h = hover(quick(p.textDocument.uri), p.textDocument.uri, at(p.textDocument.uri, p.position));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: positions.range(p.textDocument.uri, h.span) } : null;
    }),
  );

  connection.onCompletion((p) =>
    guard('completion', { isIncomplete: false, items: [] as LspCompletionItem[] }, () => {
      const uri = p.textDocument.uri;
      const list = completion(quick(uri), uri, at(uri, p.position));
      const items = list.items.map((i): LspCompletionItem => {
        const range = positions.range(uri, i.span);
        const item: LspCompletionItem = {
          label: i.label,
          kind: COMPLETION_KIND[i.kind],
          detail: i.detail,
          textEdit: { range, newText: i.insertText },
          insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          filterText: i.filterText,
          sortText: i.sortText,
        };
        if (i.labelDescription) item.labelDetails = { description: i.labelDescription };
        // Long lists (a service's actions, condition keys) send their documentation on resolve only.
        if (i.kind === 'action' || i.kind === 'key') {
          if (i.documentation) item.data = { kind: i.kind, name: i.label };
        } else if (i.documentation) item.documentation = { kind: MarkupKind.Markdown, value: i.documentation };
        if (i.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
        return item;
      });
      return { isIncomplete: list.incomplete, items };
    }),
  );

  connection.onCompletionResolve((item) =>
    guard('completionResolve', item, () => {
      const data = item.data as { kind?: string; name?: string } | undefined;
      if (!data?.name) return item;
      const catalog = getCatalog();
      const text = data.kind === 'action' ? catalog.action(data.name)?.description : catalog.conditionKey(data.name)?.description;
      if (text) item.documentation = { kind: MarkupKind.Markdown, value: text };
      return item;
    }),
  );

  connection.onDefinition((p) =>
    guard('definition', [], () =>
      definition(quick(p.textDocument.uri), p.textDocument.uri, at(p.textDocument.uri, p.position)).map((l) => ({ uri: l.uri, range: positions.range(l.uri, l.span) })),
    ),
  );

  connection.onReferences((p) =>
    guard('references', [], () =>
      references(ws(), p.textDocument.uri, at(p.textDocument.uri, p.position), p.context.includeDeclaration).map((l) => ({
        uri: l.uri,
        range: positions.range(l.uri, l.span),
      })),
    ),
  );

  connection.onPrepareRename((p) =>
    guard('prepareRename', null, () => {
      const r = prepareRename(ws(), p.textDocument.uri, at(p.textDocument.uri, p.position));
      return r ? { range: positions.range(p.textDocument.uri, r.span), placeholder: r.placeholder } : null;
    }),
  );

  connection.onRenameRequest((p) => {
    const result = guard('rename', undefined, () => rename(ws(), p.textDocument.uri, at(p.textDocument.uri, p.position), p.newName, ctx.scenarios.texts()));
    if (!result) return null;
    if ('error' in result) return new ResponseError(-32803, result.error);
    if (!result.scenarioEdits.length) return positions.workspaceEdit(result.edits);
    // Scenario files that name it change too, under their own annotation: the refactor preview (Ctrl+Enter
    // in the rename box) lists them apart from the account files. Not "needsConfirmation": VS Code would
    // leave them unticked, and a plain rename would break the scenarios.
    const byUri = new Map<string, TextDocumentEdit>();
    const add = (e: { uri: string; span: { start: number; end: number }; newText: string }, annotationId?: string) => {
      let doc = byUri.get(e.uri);
      if (!doc) byUri.set(e.uri, (doc = { textDocument: { uri: e.uri, version: null }, edits: [] }));
      const edit = { range: positions.range(e.uri, e.span), newText: e.newText };
      doc.edits.push(annotationId ? { ...edit, annotationId } : edit);
    };
    for (const e of result.edits) add(e);
    for (const e of result.scenarioEdits) add(e, 'scenarios');
    const files = new Set(result.scenarioEdits.map((e) => e.uri)).size;
    return {
      documentChanges: [...byUri.values()],
      changeAnnotations: {
        scenarios: {
          label: 'Scenario files',
          needsConfirmation: false,
          description: `${result.scenarioEdits.length} mention${result.scenarioEdits.length === 1 ? '' : 's'} in ${files} scenario file${files === 1 ? '' : 's'}`,
        },
      },
    };
  });

  connection.onDocumentSymbol((p) =>
    guard('documentSymbol', [], () => {
      const file = quick(p.textDocument.uri).file(p.textDocument.uri);
      if (!file) return [];
      const convert = (s: DocumentSymbol): LspDocumentSymbol => ({
        name: s.name || '(unnamed)',
        detail: s.detail,
        kind: SYMBOL_KIND[s.kind],
        range: positions.range(file.uri, s.span),
        selectionRange: positions.range(file.uri, s.selectionSpan),
        children: s.children.map(convert),
      });
      return documentSymbols(file).map(convert);
    }),
  );

  connection.onCodeAction((p) =>
    guard('codeAction', [] as LspCodeAction[], () => {
      const uri = p.textDocument.uri;
      // During a first look, the open file's actions come from its findings so far (the full analysis is being built in slices).
      const latest = host.latest();
      const analysis = latest.partial && !latest.findings.has(uri) ? host.snapshot() : latest;
      const range = { start: at(uri, p.range.start), end: at(uri, p.range.end) };
      return codeActions(analysis.workspace, analysis.findings.get(uri) ?? [], uri, range, { config: ctx.configFile() }).map((a) => {
        const action: LspCodeAction = {
          title: a.title,
          kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
          isPreferred: a.preferred,
          diagnostics: p.context.diagnostics.filter((d) => a.fixes.some((f) => f.code === d.code)),
        };
        if (a.edits.length) action.edit = positions.workspaceEdit(a.edits, a.createFile);
        if (a.command) action.command = a.command;
        return action;
      });
    }),
  );

  connection.onCodeLens((p) =>
    guard('codeLens', [], () => {
      const uri = p.textDocument.uri;
      if (ctx.scenarios.hasFile(uri)) {
        return ctx.scenarios.lenses(ws(), uri).map((l) => ({
          range: positions.range(uri, l.span),
          command: { title: l.title, command: l.command, arguments: l.arguments },
        }));
      }
      if (!ctx.settings().codeLens.enabled) return [];
      const file = quick(uri).file(uri);
      if (!file) return [];
      return codeLenses(file).map((l) => ({
        range: positions.range(file.uri, l.span),
        command: { title: l.title, command: l.command, arguments: l.arguments },
      }));
    }),
  );

  connection.onRequest(GraphDataRequestMethod, (p: GraphDataParams | undefined) =>
    guard<GraphData>('graphData', { nodes: [], edges: [] }, () => {
      // The badges count the findings the Problems panel shows: the same snapshot, the configured severities.
      const analysis = host.snapshot();
      return buildGraph(analysis.workspace, { uris: p?.uris, findings: shownFindings(analysis, ctx.settings().rules) });
    }),
  );

  connection.onRequest(EffectivePermissionsRequestMethod, (p: EffectivePermissionsParams) =>
    guard<EffectivePermissionsResult | null>('effectivePermissions', null, () => {
      const offset = p.position ? at(p.uri, p.position) : undefined;
      return effectivePermissionsMarkdown(ws(), p.uri, offset, p.arn);
    }),
  );

  connection.onRequest(RuleDocumentationRequestMethod, (p: RuleDocumentationParams) =>
    guard<RuleDocumentationResult | null>('ruleDocumentation', null, () => {
      const markdown = typeof p?.id === 'string' ? ruleDocMarkdown(p.id) : undefined;
      return markdown ? { markdown } : null;
    }),
  );

  // The simulator panel's requests (issue 7): pure functions of the current snapshot.
  connection.onRequest(SimulateRequestMethod, (p: unknown) => guard('simulate', null, () => simulateRequest(ws(), p)));
  connection.onRequest(SimulatorOptionsRequestMethod, () => guard('simulatorOptions', null, () => simulatorOptions(ws())));
  connection.onRequest(SimulatorCompleteRequestMethod, (p: unknown) => guard('simulatorComplete', {}, () => simulatorComplete(p, ws())));
  connection.onRequest(ScenarioTextRequestMethod, (p: unknown) => guard('scenarioText', { error: 'internal error' }, () => scenarioTextRequest(p)));
  // PolicyTextRequestMethod in protocol/index.ts
  connection.onRequest('iamWorkbench/policyText', (p: unknown) => guard('policyText', {}, () => policyTextRequest(p)));
  connection.onRequest(AccessDiffRequestMethod, (p: unknown): AccessDiffResult => guard<AccessDiffResult>('accessDiff', { error: 'internal error' }, () => accessDiffRequest(ws(), p)));

  return {
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['"', ':', '/'], resolveProvider: true },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
    codeLensProvider: { resolveProvider: false },
  };
}
