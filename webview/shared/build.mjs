// esbuild settings every webview page shares: one browser bundle `dist/webview/<name>.js` (+ `<name>.css`
// when the page imports a stylesheet), inline source maps in development, minified in production.

/** The build options of the page `name` from `entry`, writing into `outdir` (dist/webview by default). */
export function pageBuild(name, entry, { production = false, outdir = 'dist/webview' } = {}) {
  return {
    entryPoints: { [name]: entry },
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
