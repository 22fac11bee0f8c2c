// Loaded with --require into every test file's process (node --test hands its own flags to the files it starts) by
// scripts/run-tests.mjs: when a test file's process ends, appends one JSON line to the file named
// by IAM_WORKBENCH_TEST_CPU: the file, its process's wall time, the CPU seconds of its own threads (worker threads
// included) and of the child processes it waited for (a spawned CLI, language server or browser: Linux's
// /proc/self/stat cutime + cstime; 0 elsewhere). Prints nothing.
const { appendFileSync, readFileSync } = require('node:fs');
const { relative } = require('node:path');
const { isMainThread } = require('node:worker_threads');

const out = process.env.IAM_WORKBENCH_TEST_CPU;
const file = process.argv[1];
// The process of `node --test` itself (it starts the files) has --test among its flags.
if (out && file && isMainThread && !process.execArgv.includes('--test') && /\.test\.[cm]?[jt]s$/.test(file)) {
  process.on('exit', () => {
    const self = process.cpuUsage();
    let children = 0;
    try {
      // Fields after the command name (which may hold spaces, hence the last ')'): state is field 3, cutime 16, cstime 17.
      const stat = readFileSync('/proc/self/stat', 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      children = (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
    } catch {
      // not Linux: children unknown
    }
    const line = {
      file: relative(process.cwd(), file),
      wall: Math.round(process.uptime() * 1000) / 1000,
      cpu: Math.round((self.user + self.system) / 1000) / 1000,
      children: Math.round(children * 1000) / 1000,
    };
    appendFileSync(out, JSON.stringify(line) + '\n');
  });
}
