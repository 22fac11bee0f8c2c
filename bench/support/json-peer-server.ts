/**
 * The peer over LSP: a minimal language server doing what VS Code's own JSON language server does when a document
 * opens — vscode-json-languageservice parses it and validates it against a schema (here schemas/iam.schema.json,
 * associated with every file), and the diagnostics are published — so that our server's first diagnostics can be
 * compared with a peer paying the same transport (the client's JSON encoding of the didOpen, the pipe, the server's
 * reading and decoding of it, the diagnostics' message back).
 *
 * As VS Code's JSON server (microsoft/vscode, extensions/json-language-features/server/src/jsonServer.ts): the
 * document manager is vscode-languageserver's `TextDocuments` over the language service's `TextDocument`, the service
 * is made with `getLanguageService({ schemaRequestService, workspaceContext, contributions: [], clientCapabilities })`
 * (schemas named by a file's `$schema` are read from disk, relative to the file; VS Code's also fetches http(s) ones
 * and asks the client for others) and configured with the schema association (`configure({ validate, allowComments,
 * schemas })`, the schema given inline). One difference, in the peer's favour: VS Code's server, pushing
 * diagnostics, validates 500 ms after a document opens or changes (`validationDelayMs` in its utils/validation.ts;
 * with a client that pulls diagnostics, as VS Code's does, it validates when asked); this one validates at once. The document settings are those of the in-process peer (bench/peers.ts): comments and
 * trailing commas ignored.
 *
 * Bundled by esbuild as our server is (bench/support/peer-build.ts `peerServer()`, which returns the bundle's path),
 * and run as `node BUNDLE --stdio` (or `--node-ipc`). The schema's path comes from IAM_WORKBENCH_PEER_SCHEMA, else schemas/iam.schema.json from the
 * current directory.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, TextDocuments, TextDocumentSyncKind, type InitializeParams } from 'vscode-languageserver/node';
import { getLanguageService, TextDocument, type LanguageService } from 'vscode-json-languageservice';

const schemaPath = process.env.IAM_WORKBENCH_PEER_SCHEMA || resolve('schemas', 'iam.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const schemaUri = pathToFileURL(schemaPath).toString();

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
let service: LanguageService = getLanguageService({});
/** A `$schema` relative to the file, as VS Code's server resolves it. */
const workspaceContext = { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() };
/** Schemas by URI: files read from disk (this peer makes no network call). */
const schemaRequestService = (uri: string): Promise<string> =>
  uri.startsWith('file:') ? readFile(fileURLToPath(uri), 'utf8') : Promise.reject(new Error(`no schema request service for ${uri}`));

connection.onInitialize((params: InitializeParams) => {
  service = getLanguageService({ schemaRequestService, workspaceContext, contributions: [], clientCapabilities: params.capabilities });
  service.configure({ validate: true, allowComments: true, schemas: [{ uri: schemaUri, fileMatch: ['*'], schema }] });
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } };
});

// Opened or changed: parsed and validated at once, the diagnostics published (a later version's validation
// supersedes an earlier one still waiting for its schema).
const latest = new Map<string, number>();
documents.onDidChangeContent(async ({ document }) => {
  latest.set(document.uri, document.version);
  try {
    const diagnostics = document.getText().length
      ? await service.doValidation(document, service.parseJSONDocument(document), { comments: 'ignore', trailingCommas: 'ignore' })
      : [];
    if (latest.get(document.uri) === document.version) void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  } catch (e) {
    connection.console.error(`validation of ${document.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
  }
});
documents.onDidClose(({ document }) => {
  latest.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
