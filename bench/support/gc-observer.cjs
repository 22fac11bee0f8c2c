// Preloaded into the language server by bench/lsp-typing.ts (node --require): appends each garbage collection V8
// runs (wall time, kind, pause in ms) to the file IAM_WORKBENCH_GC_LOG names, one JSON line each. Not part of the
// server; --trace-gc would write to stdout, which carries the protocol.
const { PerformanceObserver, constants } = require('node:perf_hooks');
const { appendFileSync } = require('node:fs');
const { getHeapStatistics } = require('node:v8');
const file = process.env.IAM_WORKBENCH_GC_LOG;
if (file) {
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const origin = performance.timeOrigin;
  // How the monotonic clock of a CPU profile (microseconds, as process.hrtime) maps to wall time.
  appendFileSync(file, JSON.stringify({ sync: Date.now(), hrMs: Number(process.hrtime.bigint()) / 1e6 }) + '\n');
  const obs = new PerformanceObserver((list) => {
    let out = '';
    // The heap and resident memory when the observer runs (soon after the collections it reports).
    const heap = Math.round(getHeapStatistics().used_heap_size / 1048576);
    const rss = Math.round(process.memoryUsage.rss() / 1048576);
    for (const e of list.getEntries()) out += JSON.stringify({ t: Math.round(origin + e.startTime), kind: kinds[e.detail?.kind ?? e.kind] ?? String(e.detail?.kind), ms: +e.duration.toFixed(2), heap, rss }) + '\n';
    appendFileSync(file, out);
  });
  obs.observe({ entryTypes: ['gc'] });
}
