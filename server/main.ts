/**
 * The IAM Workbench language server. Runs as `node dist/server.js --stdio` or over IPC
 * (`--node-ipc`, as the VS Code client starts it). Handlers only route to core/ide and convert
 * offsets ↔ positions; every handler is guarded so an exception is logged and the server goes on.
 */
import './hold-young-generation'; // first: the young generation held until the first look is out (see there)
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { tierUpLater } from '../core/runtime/tier-up';

tierUpLater(); // before any of the server's work (see tier-up.ts)

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e instanceof Error ? e.stack : String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
startServer(connection);
connection.listen();
