// `npm run test:electron`: the same checks through VS Code's API, in a desktop VS Code, for developers
// who have one. VS Code can't be downloaded on the team's machines, so this never downloads: point
// VSCODE_EXECUTABLE at an installed `code` (Linux: /usr/share/code/code; macOS:
// "/Applications/Visual Studio Code.app/Contents/MacOS/Electron"). Builds first; runs
// test/e2e/electron/suite.cjs inside VS Code with this folder as the extension under development,
// on a copy of examples/.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './tools.mjs';

const exe = process.env.VSCODE_EXECUTABLE;
if (!exe) {
  console.error('test:electron needs a desktop VS Code: set VSCODE_EXECUTABLE to its executable (nothing is downloaded).');
  process.exit(2);
}
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { runTests } = await import('@vscode/test-electron');
const dir = mkdtempSync(join(tmpdir(), 'iam-workbench-electron-'));
const workspace = join(dir, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
cpSync(join(root, 'schemas'), join(dir, 'schemas'), { recursive: true });
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'e2e', 'electron', 'suite.cjs'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(dir, 'user-data')],
  });
} catch (e) {
  console.error(e);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
