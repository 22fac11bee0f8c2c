// Regenerates test/fixtures/interop/terraform-aws-iam-schema.json: the arguments of the AWS provider's IAM
// resources, as the prebuilt Terraform CDK bindings of the provider (@cdktf/provider-aws on npm) declare
// them. The package is 390 MB unpacked, so it is not a dependency; run this by hand when the provider moves:
//
//   npm pack @cdktf/provider-aws@21.22.1 && mkdir -p /tmp/provider-aws && tar xzf cdktf-provider-aws-*.tgz -C /tmp/provider-aws
//   node test/interop/extract-terraform-schema.mjs /tmp/provider-aws/package
//
// For each resource: every argument (snake_case, from synthesizeAttributes) and whether it is required
// (a non-optional field of the resource's Config interface); and the attributes others can reference.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = process.argv[2];
if (!pkg) throw new Error('usage: node extract-terraform-schema.mjs PATH/TO/@cdktf/provider-aws');
const RESOURCES = [
  'iam-user', 'iam-group', 'iam-role', 'iam-policy', 'iam-instance-profile', 'iam-user-group-membership',
  'iam-group-membership', 'iam-user-policy', 'iam-group-policy', 'iam-role-policy', 'iam-user-policy-attachment',
  'iam-group-policy-attachment', 'iam-role-policy-attachment', 'iam-account-password-policy', 'iam-account-alias',
  'iam-openid-connect-provider', 'iam-saml-provider',
];
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
const out = { source: `@cdktf/provider-aws@${version}`, resources: {} };
for (const dir of RESOURCES) {
  const js = readFileSync(join(pkg, 'lib', dir, 'index.js'), 'utf8');
  const dts = readFileSync(join(pkg, 'lib', dir, 'index.d.ts'), 'utf8');
  const type = /tfResourceType = "([a-z0-9_]+)"/.exec(js)[1];
  const body = /synthesizeAttributes\(\) \{\s*return \{([\s\S]*?)\};/.exec(js)[1];
  const pairs = [...body.matchAll(/^\s*([a-z0-9_]+): [^\n]*?this\._([A-Za-z0-9]+)\)/gm)].map((m) => [m[1], m[2]]);
  const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(dts)[1];
  const required = new Set([...config.matchAll(/^\s*readonly ([A-Za-z0-9]+): /gm)].map((m) => m[1]));
  const args = {};
  for (const [snake, camel] of pairs) args[snake] = required.has(camel) ? 'required' : 'optional';
  // What other resources may reference (`aws_iam_role.x.arn`): every attribute the class reads back.
  const attributes = [...new Set([...js.matchAll(/get(?:String|Number|Boolean|List|StringMap)Attribute\('([a-z0-9_]+)'\)/g)].map((m) => m[1]))].sort();
  out.resources[type] = { arguments: args, attributes };
}
writeFileSync(new URL('../fixtures/interop/terraform-aws-iam-schema.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${Object.keys(out.resources).length} resources from ${out.source}`);
