/**
 * The .vsix ships what the extension needs and nothing else (.vscodeignore is an allow-list): the
 * bundles, the data, the webview assets, the grammar, the manifest; no node_modules, sources or maps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { builtinModules } from 'node:module';
import { theVsix } from './workbench';

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

/** The entries of a zip file, from its central directory. */
function zipEntries(buf: Buffer): Entry[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'a central directory header');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function contents(buf: Buffer, e: Entry): Buffer {
  const nameLen = buf.readUInt16LE(e.offset + 26);
  const extraLen = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const raw = buf.subarray(start, start + e.compressed);
  return e.method === 0 ? raw : inflateRawSync(raw);
}

test('the .vsix holds the bundles, data, grammar and manifest, and nothing it should not', () => {
  const vsix = theVsix();
  const buf = readFileSync(vsix);
  const entries = zipEntries(buf);
  const names = entries.map((e) => e.name);
  for (const needed of [
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/LICENSE.txt',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/data/catalog.data',
    'extension/dist/data/managed-policies.data',
    'extension/syntaxes/iam-json.tmLanguage.json',
    // the documentation links of the diagnostics open these, offline
    'extension/docs/rules.md',
    'extension/docs/iam-json.md',
    'extension/docs/scenarios.md',
  ]) {
    assert.ok(names.includes(needed), `${needed} in ${vsix}: ${names.join(', ')}`);
  }
  const stray = names.filter(
    (n) => n.includes('node_modules/') || n.endsWith('.map') || /\.(ts|mts|cts)$/.test(n) || n.startsWith('extension/test/') || n.startsWith('extension/.tools/'),
  );
  assert.deepEqual(stray, []);
  // The data folder holds the current data files only (not a leftover of an earlier format).
  assert.deepEqual(names.filter((n) => n.startsWith('extension/dist/data/')).sort(), ['extension/dist/data/catalog.data', 'extension/dist/data/managed-policies.data']);
  // Every file the manifest points at is in the package.
  const manifest = JSON.parse(contents(buf, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
  const referenced: string[] = [manifest.main];
  for (const l of manifest.contributes?.languages ?? []) if (l.configuration) referenced.push(l.configuration);
  for (const g of manifest.contributes?.grammars ?? []) referenced.push(g.path);
  for (const j of manifest.contributes?.jsonValidation ?? []) if (!/^https?:/.test(j.url)) referenced.push(j.url);
  for (const r of referenced) {
    const inPackage = `extension/${r.replace(/^\.\//, '')}`;
    assert.ok(names.includes(inPackage) || names.includes(`${inPackage}.js`), `${r} (from package.json) is in the .vsix`);
  }
  // The bundle is self-contained: the client requires nothing but vscode and node's own modules.
  const client = contents(buf, entries.find((e) => e.name === 'extension/dist/client.js')!).toString('utf8');
  const required = [...client.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
  const foreign = required.filter((m) => m !== 'vscode' && !m.startsWith('node:') && !builtinModules.includes(m));
  assert.deepEqual(foreign, [], 'client.js requires only vscode and node built-ins');
  // A production build: minified, no source maps (inline or linked) in any bundle.
  for (const e of entries.filter((x) => /^extension\/dist\/.*\.js$/.test(x.name))) {
    const js = contents(buf, e).toString('utf8');
    assert.ok(!js.includes('sourceMappingURL='), `${e.name} carries no source map`);
  }
  const size = buf.length;
  assert.ok(size < 5 * 1024 * 1024, `the .vsix stays small (${(size / 1024 / 1024).toFixed(2)} MB)`);
});
