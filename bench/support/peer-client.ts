/** Starting the peer server (bench/support/json-peer-server.ts, bundled) with the benchmarks' client (test/lsp/harness.ts). */
import { LspClient } from '../../test/lsp/harness';
import { PEER_SCHEMA, peerServer } from './peer-build';

/**
 * The peer server started over stdio (or IPC: IAM_WORKBENCH_TRANSPORT) by the same client as ours (the harness spawns IAM_WORKBENCH_SERVER when set:
 * set for the moment of the spawn only). `nodeArgs`: its node options (default none: VS Code starts its JSON server without any).
 */
export async function startPeer(nodeArgs = ''): Promise<LspClient> {
  const server = await peerServer();
  const names = ['IAM_WORKBENCH_SERVER', 'IAM_WORKBENCH_SERVER_NODE_ARGS', 'IAM_WORKBENCH_PEER_SCHEMA', 'IAM_WORKBENCH_SEMI_SPACE_MB', 'IAM_WORKBENCH_MALLOC'] as const;
  const saved = names.map((n) => process.env[n]);
  // Not our server's V8 options nor its malloc settings either (core/runtime/server-flags.ts): "default" leaves the
  // peer's heap to V8 and its memory to glibc's defaults. Over the transport the harness is asked for (stdio, or IPC).
  [process.env.IAM_WORKBENCH_SERVER, process.env.IAM_WORKBENCH_SERVER_NODE_ARGS, process.env.IAM_WORKBENCH_PEER_SCHEMA, process.env.IAM_WORKBENCH_SEMI_SPACE_MB, process.env.IAM_WORKBENCH_MALLOC] = [server, nodeArgs, PEER_SCHEMA, 'default', 'default'];
  // The harness spawns the server before its first await: the environment is ours only for that moment.
  let started: Promise<LspClient>;
  try {
    started = LspClient.start(null);
  } finally {
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
  }
  return started;
}
