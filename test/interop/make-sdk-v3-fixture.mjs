// Writes test/fixtures/interop/authorization-details-sdk-v3.json from authorization-details-api-reference.json:
// node test/interop/make-sdk-v3-fixture.mjs test/fixtures/interop/authorization-details-api-reference.json test/fixtures/interop/authorization-details-sdk-v3.json
// The same details as the JavaScript SDK v3 returns them: documents URL-encoded (RFC 3986), dates as Date objects
// (JSON.stringify: ISO with milliseconds), and the response's $metadata.
import { readFileSync, writeFileSync } from 'node:fs';
const src = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const enc = (o, indent) => encodeURIComponent(JSON.stringify(o, null, indent)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
function walk(o) {
  if (Array.isArray(o)) return o.map(walk);
  if (o && typeof o === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'AssumeRolePolicyDocument') out[k] = enc(v, 4); // kept as written, whitespace and all
      else if (['PolicyDocument', 'Document'].includes(k)) out[k] = enc(v);
      else if (/Date$/.test(k)) out[k] = new Date(v).toISOString();
      else out[k] = walk(v);
    }
    return out;
  }
  return o;
}
const page = walk(src);
page.$metadata = { httpStatusCode: 200, requestId: '0f2b1c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', attempts: 1, totalRetryDelay: 0 };
writeFileSync(process.argv[3], JSON.stringify(page, null, 2) + '\n');
