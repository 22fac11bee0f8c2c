import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkspace, parseAccountFile, Workspace } from '../core/model';
import { runRules } from '../core/analysis/rules';
const dir = process.argv[2]; const mode = process.argv[3];
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
let t = cpu();
const lap = (l: string) => { const n = cpu(); console.log(mode, l, Math.round(n - t)); t = n; };
const srcs = readdirSync(dir).filter(f=>f.endsWith('.iam.json')).sort().map(f=>({uri: f, text: readFileSync(join(dir,f),'utf8')}));
if (mode === 'whole') {
  const ws = buildWorkspace(srcs, {}); lap('build');
  runRules(ws, {}); lap('rules');
} else {
  const files = srcs.map(s => parseAccountFile(s.uri, s.text)); lap('parse');
  const ws = new Workspace(files, {}); lap('resolve');
  runRules(ws, {}, {part: 'workspace'}); lap('ws rules');
  const accounts = files.map(f => f.accountId);
  for (const s of srcs) { const f = parseAccountFile(s.uri, s.text); runRules(new Workspace([f], {otherAccounts: accounts}), {}, {part: {files: new Set([s.uri])}}); }
  lap('per-file parse+rules');
}
