// Loaded with --require into every test file's process (node --test hands its own flags to the files it starts) by
// scripts/run-tests.mjs: when a test process ends, appends JSON lines to the file named by IAM_WORKBENCH_TEST_CPU:
// the file, its process's wall time, the CPU seconds of its own threads (worker threads included) and of the child
// processes it waited for (a spawned CLI, language server or browser: Linux's /proc/self/stat cutime + cstime; 0
// elsewhere). A group of files sharing a process (run-tests.mjs writes it) measures each of its files with
// `measure`: loading it, then running its tests; the group's own line has what no file took (starting the process).
// Prints nothing.
const { appendFileSync, readFileSync } = require('node:fs');
const { relative } = require('node:path');
const { isMainThread } = require('node:worker_threads');

/** CPU seconds of the processes this one waited for (0 where /proc is not). */
function childrenCpu() {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): cutime is field 16, cstime 17.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

const now = () => {
  const c = process.cpuUsage();
  return { cpu: (c.user + c.system) / 1e6, children: childrenCpu(), wall: performance.now() / 1000 };
};

const round = (x) => Math.round(x * 1000) / 1000;

/** Per file of a group: the sums of its measured stretches. */
const files = new Map();

/** Measures a stretch of `file`'s work (its loading, or its tests): call the returned function at its end. */
function measure(file) {
  const start = now();
  return () => {
    const end = now();
    const sum = files.get(file) ?? { cpu: 0, children: 0, wall: 0 };
    for (const k of ['cpu', 'children', 'wall']) sum[k] += end[k] - start[k];
    files.set(file, sum);
  };
}

const out = process.env.IAM_WORKBENCH_TEST_CPU;
const main = process.argv[1];
// The process of `node --test` itself (it starts the files) has --test among its flags.
if (out && main && isMainThread && !process.execArgv.includes('--test') && /\.test\.[cm]?[jt]s$/.test(main)) {
  process.on('exit', () => {
    const total = now();
    const lines = [];
    for (const [file, m] of files) {
      lines.push({ file, group: relative(process.cwd(), main), wall: round(m.wall), cpu: round(m.cpu), children: round(m.children) });
      total.cpu -= m.cpu;
      total.children -= m.children;
    }
    lines.push({ file: relative(process.cwd(), main), wall: round(process.uptime()), cpu: round(total.cpu), children: round(total.children) });
    appendFileSync(out, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  });
}

module.exports = { measure };
