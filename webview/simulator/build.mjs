// esbuild settings for the simulator webview: dist/webview/simulator.js (+ simulator.css).
import { fileURLToPath } from 'node:url';
import { pageBuild } from '../shared/build.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The build options of the simulator page, writing into `outdir` (dist/webview by default). */
export function simulatorWebviewBuild({ production = false, outdir = 'dist/webview' } = {}) {
  return pageBuild('simulator', here('./main.ts'), { production, outdir });
}
