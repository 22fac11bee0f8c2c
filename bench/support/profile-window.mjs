// Where a CPU profile's time went within a window: node bench/support/profile-window.mjs PROFILE FROM_US TO_US [TOP]
// (the window as bench/lsp-typing.ts prints it, profileWindowUs). Self time per function, and inclusive time of
// the functions whose self+callees are biggest, in ms.
import { readFileSync } from 'node:fs';

const [file, from, to, top = '40'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const incl = new Map();
let t = p.startTime;
let total = 0;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i];
  if (t < +from || t > +to) continue;
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  const n = byId.get(p.samples[i]);
  total += dt;
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + dt);
  }
}
console.log(`window ${((to - from) / 1000).toFixed(0)} ms, sampled ${total.toFixed(0)} ms`);
const show = (m, label) => {
  console.log(`\n${label}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, +top)) console.log(`${v.toFixed(1).padStart(9)}  ${k}`);
};
show(self, 'self');
show(incl, 'inclusive');
