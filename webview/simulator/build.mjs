// esbuild settings for the simulator webview: dist/webview/simulator.js (+ simulator.css).
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The build options of the simulator page, writing into `outdir` (dist/webview by default). */
export function simulatorWebviewBuild({ production = false, outdir = 'dist/webview' } = {}) {
  return {
    entryPoints: { simulator: here('./main.ts') },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    sourcemap: production ? false : 'inline',
    minify: production,
    logLevel: 'warning',
  };
}
