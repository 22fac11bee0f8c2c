/** Starting the peer server (bench/support/json-peer-server.ts, bundled) with the benchmarks' client (test/lsp/harness.ts). */
import { LspClient } from '../../test/lsp/harness';
import { PEER_SCHEMA, peerServer } from './peer-build';

/**
 * The peer server started over stdio by the same client as ours (the harness spawns IAM_WORKBENCH_SERVER when set:
 * set for this start only). `nodeArgs`: its node options (default none: VS Code starts its JSON server without any).
 */
export async function startPeer(nodeArgs = ''): Promise<LspClient> {
  const server = await peerServer();
  const saved = { server: process.env.IAM_WORKBENCH_SERVER, args: process.env.IAM_WORKBENCH_SERVER_NODE_ARGS };
  process.env.IAM_WORKBENCH_SERVER = server;
  process.env.IAM_WORKBENCH_SERVER_NODE_ARGS = nodeArgs;
  process.env.IAM_WORKBENCH_PEER_SCHEMA = PEER_SCHEMA;
  try {
    return await LspClient.start(null);
  } finally {
    restore('IAM_WORKBENCH_SERVER', saved.server);
    restore('IAM_WORKBENCH_SERVER_NODE_ARGS', saved.args);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
