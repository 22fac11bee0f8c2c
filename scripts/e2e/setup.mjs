// `node scripts/e2e/setup.mjs`: installs the end-to-end tools (see tools.mjs) and says how long it took.
import { ensureTools } from './tools.mjs';

const t = ensureTools();
console.log(`e2e tools ready (${t.seconds.toFixed(1)} s): node ${t.nodeBin}, code-server ${t.codeServerEntry}, chromium ${t.chromiumPath}`);
