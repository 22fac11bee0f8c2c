/** The bundled layout worker's code, inlined by the esbuild plugin in build.mjs. */
declare module 'graph-layout-worker-source' {
  const source: string;
  export default source;
}

/** Stylesheets imported by the entry point are emitted by esbuild as dist/webview/graph.css. */
declare module '*.css';
