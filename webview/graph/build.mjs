// esbuild settings for the graph webview: dist/webview/graph.js (+ graph.css), with the layout
// worker bundled separately and inlined as a string (the page starts it from a Blob URL).
import { fileURLToPath } from 'node:url';
import { pageBuild } from '../shared/build.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Resolves `graph-layout-worker-source` to the bundled worker code, as text. */
export function graphWorkerPlugin(esbuild, minify) {
  return {
    name: 'graph-layout-worker',
    setup(build) {
      build.onResolve({ filter: /^graph-layout-worker-source$/ }, () => ({ path: 'layout-worker', namespace: 'graph-worker' }));
      build.onLoad({ filter: /.*/, namespace: 'graph-worker' }, async () => {
        const result = await esbuild.build({
          entryPoints: [here('./layout-worker.ts')],
          bundle: true,
          write: false,
          format: 'iife',
          platform: 'browser',
          target: 'es2020',
          minify,
          metafile: true,
          logLevel: 'warning',
        });
        return {
          contents: result.outputFiles[0].text,
          loader: 'text',
          watchFiles: Object.keys(result.metafile.inputs).map((p) => fileURLToPath(new URL(p, new URL('../../', import.meta.url)))),
        };
      });
    },
  };
}

/** The build options of the graph page, writing into `outdir` (dist/webview by default). */
export function graphWebviewBuild(esbuild, { production = false, outdir = 'dist/webview' } = {}) {
  return { ...pageBuild('graph', here('./main.ts'), { production, outdir }), plugins: [graphWorkerPlugin(esbuild, production)] };
}
