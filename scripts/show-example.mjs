// `npm run example`: shows the product working on the bundled example workspace, one command after
// another, with each command line printed first. Commands that aren't built yet are skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const out = join(root, 'out');
mkdirSync(out, { recursive: true });

const steps = [
  ['check', 'examples/acme-prod.iam.json', 'examples/acme-security.iam.json', 'examples/acme-organization.iam.json'],
  ['check', 'examples/mistakes.iam.json'],
  [
    'simulate-principal-policy',
    '--workspace', 'examples',
    '--policy-source-arn', 'arn:aws:iam::123456789012:user/engineering/carol',
    '--action-names', 's3:GetObject', 's3:DeleteObject',
    '--resource-arns', 'arn:aws:s3:::acme-app-data/report.csv',
    '--context-entries', 'ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean',
    '--output', 'table',
  ],
  [
    'simulate-principal-policy',
    '--workspace', 'examples',
    '--policy-source-arn', 'arn:aws:iam::123456789012:user/engineering/carol',
    '--action-names', 'iam:CreateUser', 'lambda:InvokeFunction',
    '--output', 'table',
  ],
  ['test', 'examples'],
  ['graph', 'examples', '--out', 'out/example-graph.html'],
];

const help = spawnSync(process.execPath, [cli, '--help'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
for (const args of steps) {
  if (!help.includes(`  ${args[0]} `)) continue;
  console.log(`\n$ iam-workbench ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  console.log(`(exit status ${r.status})`);
}
if (existsSync(join(out, 'example-graph.html'))) console.log('\nOpen out/example-graph.html in a browser to see the graph.');
