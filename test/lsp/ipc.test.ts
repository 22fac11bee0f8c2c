import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER } from './harness';
import { serverEnv, serverExecArgv } from '../../core/runtime/server-flags';

test('the bundled server also runs over IPC, as the VS Code client starts it', async () => {
  // As the client forks it: IPC, with the server's V8 options (core/runtime/server-flags.ts).
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: serverExecArgv(), env: serverEnv() });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const uri = 'file:///virtual/ipc.iam.json';
  const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) =>
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) resolve(p);
    }),
  );
  conn.listen();
  try {
    const init = await conn.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.capabilities.hoverProvider, true);
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'iam-json', version: 1, text: '{ "users": { "u": { "groups": ["nope"] } } }' } });
    const p = await diagnostics;
    assert.ok(p.diagnostics.some((d) => d.code === 'ref/unknown-group'));
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  } finally {
    conn.dispose();
    if (child.exitCode === null) child.kill();
  }
});
