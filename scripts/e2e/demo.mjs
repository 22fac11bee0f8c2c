// `npm run demo`: VS Code in the browser (code-server) on examples/ with the packaged extension.
// Sets up the tools and packages on the way; prints the address; Ctrl-C stops everything.
// Options: --port N (default 8080, or a free one if taken), --host ADDR (default 127.0.0.1),
// --folder DIR (your own folder, opened in place). Without --folder, a copy of examples/ is opened,
// so trying things out never changes the repository's examples.
import { join, resolve } from 'node:path';
import { ensureTools, root } from './tools.mjs';
import { packageExtension } from './package.mjs';
import { startCodeServer, freePort } from './code-server.mjs';
import { createServer } from 'node:net';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const host = arg('host', '127.0.0.1');
const own = arg('folder', undefined);
const folder = own ? resolve(own) : join(root, 'examples');

const portFree = (port) =>
  new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, host, () => s.close(() => ok(true)));
  });

ensureTools();
const vsix = packageExtension({ quiet: true });
console.log(`packaged ${vsix.path} (${(vsix.bytes / 1024 / 1024).toFixed(2)} MB)`);
const wanted = Number(arg('port', '8080'));
const port = (await portFree(wanted)) ? wanted : await freePort();
const cs = await startCodeServer({ vsix: vsix.path, folder, copy: !own, siblings: own ? [] : [join(root, 'schemas')], port, host });
console.log(`\nIAM Workbench demo: open ${cs.folderUrl}\n(code-server log: ${cs.logFile}; Ctrl-C to stop)`);
const stop = async () => {
  await cs.stop();
  process.exit(0);
};
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
