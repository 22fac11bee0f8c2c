import { getCatalog, type ConditionKeyValues } from '../../../data/catalog';
import { closest } from '../../../data/suggest';
import { compileGlob } from '../../../text/glob';
import { docFacts, FACT } from '../support/facts';
import { replaceValueFix } from '../support/edits';
import { memo } from '../support/memo';
import { parseOperator } from '../support/operators';
import { forEachResourceValue } from '../support/policy';
import { quietBit, unlessQuiet } from '../support/quiet';
import { defineRule, type PolicyRuleContext, type PolicyTarget } from '../types';

/** The KMS condition keys whose values have a fixed form (lower case). */
export const KMS_VALUE_KEYS = ['kms:calleraccount', 'kms:viaservice', 'kms:requestalias', 'kms:resourcealiases'];

const ACCOUNT = /^\d{12}$/;
/** SERVICE.REGION.amazonaws.com (or .amazonaws.com.cn in China). */
const VIA_SERVICE = /^([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
/** A key id: a UUID, or mrk- and 32 hexadecimal digits for a multi-Region key. */
const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/** What is wrong with the key id of a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID), or nothing. */
const keyArnProblem = memo((arn: string): string | undefined => {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[2] !== 'kms') return undefined;
  const resource = parts.slice(5).join(':');
  if (!resource.startsWith('key/')) return undefined;
  const id = resource.slice(4);
  if (!id || /[*?$]/.test(id) || KEY_ID.test(id)) return undefined;
  if (id.startsWith('alias/')) return `"${id}" is an alias: a key ARN names the key id. Name the alias as arn:${parts[1]}:kms:${parts[3]}:${parts[4]}:${id}, or the key by its id.`;
  return `"${id}" is not a KMS key id (a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab, or mrk- and 32 hexadecimal digits for a multi-Region key); as written the ARN matches no key.`;
});

function viaServiceProblem(v: string): string | undefined {
  const m = VIA_SERVICE.exec(v);
  if (!m) {
    const principal = /^[a-z0-9-]+\.amazonaws\.com$/.test(v);
    return `"${v}" is not of the form SERVICE.REGION.amazonaws.com (e.g. ec2.us-west-2.amazonaws.com)${principal ? ': the region is missing (this is the service principal\'s name, not the endpoint kms:ViaService holds)' : ''}.`;
  }
  const region = m[2];
  if (!getCatalog().partitionOfRegion(region)) return `"${v}": "${region}" is not an AWS region, so no request comes through this endpoint.`;
  return undefined;
}

/**
 * What is wrong with a value of a key that compares an API enum (kms:KeySpec, kms:SigningAlgorithm...), and the
 * enum values it was probably meant to be; nothing when it can match. String comparisons are case-sensitive
 * unless the operator ends in IgnoreCase; a wildcard under a Like operator must match one of the values.
 */
export function enumValueProblem(values: ConditionKeyValues, value: string, opts: { like: boolean; ignoreCase: boolean }): { text: string; suggestions: string[] } | undefined {
  const { key, enumName } = values;
  if (values.valueSet.has(value)) return undefined;
  const list = values.values.length > 8 ? `${values.values.slice(0, 8).join(', ')}...` : values.values.join(', ');
  if (opts.like && /[*?]/.test(value)) {
    const m = compileGlob(value, opts.ignoreCase);
    if (values.values.some((v) => m(v))) return undefined;
    return { text: `${key} holds a ${enumName} value (${list}); the pattern "${value}" matches none of them, so it never matches.`, suggestions: [] };
  }
  const sameCase = values.values.find((v) => v.toLowerCase() === value.toLowerCase());
  if (sameCase) {
    if (opts.ignoreCase) return undefined;
    return { text: `${key} compares case-sensitively: "${value}" never matches the ${enumName} value "${sameCase}".`, suggestions: [sameCase] };
  }
  const near = closest(value, values.values, 3);
  const hint = near.length ? ` Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : '';
  return { text: `"${value}" is not a ${enumName} value (${list}), so ${key} never matches it.${hint}`, suggestions: near };
}

/** Reports the key ARNs (Resource, NotResource) whose key id is not one. */
function checkKeyArns(target: PolicyTarget, report: PolicyRuleContext['report']): void {
  forEachResourceValue(target.doc, (r) => {
    // The service field is "kms": found from the first colons, without scanning the value.
    const v = r.value;
    const c1 = v.startsWith('arn:') ? v.indexOf(':', 4) : -1;
    if (c1 < 0 || !v.startsWith('kms:', c1 + 1)) return;
    const p = keyArnProblem(v);
    if (p) report(r.span, p);
  });
}

export default defineRule({
  id: 'grammar/kms-values',
  // A KMS key ARN, or a KMS condition key (every key this rule reads begins with "kms:"): in a max-quota account,
  // 618 documents instead of the 1,588 with any condition key.
  facts: FACT.kmsArn | FACT.kmsKeys,
  severity: 'error',
  message: 'A KMS key ARN or KMS condition value that can never match.',
  doc: `KMS policies name keys and callers in fixed forms
([AWS KMS condition keys](https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html),
[key identifiers](https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id)):
- \`kms:CallerAccount\` holds a 12-digit account id;
- \`kms:ViaService\` the endpoint a request came through, \`SERVICE.REGION.amazonaws.com\`
  (\`ec2.us-west-2.amazonaws.com\`): the service principal's name (\`ec2.amazonaws.com\`) or an unknown region never
  matches;
- \`kms:RequestAlias\` and \`kms:ResourceAliases\` hold alias names, which begin with \`alias/\`;
- the keys that compare a request parameter or key property whose API type is an enumeration hold one of its
  values, written as the API writes it (string comparisons are case-sensitive): \`kms:KeySpec\` (\`RSA_2048\`,
  \`SYMMETRIC_DEFAULT\`...), \`kms:KeyUsage\`, \`kms:KeyOrigin\`, \`kms:EncryptionAlgorithm\`, \`kms:SigningAlgorithm\`,
  \`kms:MacAlgorithm\`, \`kms:KeyAgreementAlgorithm\`, \`kms:DataKeyPairSpec\`, \`kms:WrappingAlgorithm\`,
  \`kms:WrappingKeySpec\`, \`kms:ExpirationModel\`, \`kms:GrantOperations\` (\`Decrypt\`, \`CreateGrant\`...),
  \`kms:MessageType\`, \`kms:MultiRegionKeyType\` and the deprecated \`kms:CustomerMasterKeySpec\` /
  \`kms:CustomerMasterKeyUsage\`. The condition-key page names the parameter or property each key compares; the
  values are the KMS API model's enumerations, read at build time from the AWS SDK for JavaScript's KMS client
  (\`@aws-sdk/client-kms\`), so a value KMS adds later is known once that package is updated. A wildcard under a
  \`Like\` operator must match one of the values;
- a key ARN ends in \`key/\` and the key id (a UUID, or \`mrk-\` and 32 hexadecimal digits for a multi-Region key),
  not the key's alias or description.

A value in another form matches nothing: an Allow grants nothing and a Deny on its negation denies every request.
Values with policy variables are not checked, nor wildcards under a \`Like\` operator except against an
enumeration. IAM Access Analyzer: "Invalid KMS key value" ([check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)).
**Fix:** the quick fix adds the missing \`alias/\`, or changes an enumerated value to the closest valid one
(\`rsa_2048\` → \`RSA_2048\`); otherwise copy the value from \`aws kms describe-key\` /
\`list-aliases\`.`,
  policy(ctx) {
    // The findings depend on the document alone: documents that drew none are skipped on later runs (a third of the
    // max-quota account's policies name KMS key ARNs, which were read again on every run).
    unlessQuiet(quiet, ctx, check);
  },
});

const quiet = quietBit();

function check({ target, report }: PolicyRuleContext): void {
  const uri = target.file.uri;
  const facts = docFacts(target.doc, target.file.text);
  if (facts.kmsArn) checkKeyArns(target, report);
  const { keys } = facts;
  const catalog = getCatalog();
  let enumKeys = false;
  for (const k of keys) if (k.startsWith('kms:') && catalog.conditionKeyValues(k)) enumKeys = true;
  if (!enumKeys && !KMS_VALUE_KEYS.some((k) => keys.has(k))) return;
  for (let i = 0, statements = target.doc.statements; i < statements.length; i++) {
    const st = statements[i];
    for (let j = 0, conditions = st.conditions; j < conditions.length; j++) {
      const c = conditions[j];
      const key = c.key.value.toLowerCase();
      const enumValues = key.startsWith('kms:') ? catalog.conditionKeyValues(key) : undefined;
      if (!enumValues && !KMS_VALUE_KEYS.includes(key)) continue;
      const op = parseOperator(c.operator.value);
      if (!op || op.family !== 'String') continue;
      const like = /Like$/i.test(op.base);
      if (enumValues) {
        const ignoreCase = /IgnoreCase$/.test(op.base);
        for (let m = 0, values = c.values; m < values.length; m++) {
          const v = values[m];
          if (typeof v.value !== 'string' || v.value.includes('${')) continue;
          const p = enumValueProblem(enumValues, v.value, { like, ignoreCase });
          if (!p) continue;
          const fixes = target.pinned ? undefined : p.suggestions.map((n) => replaceValueFix(`Change to "${n}"`, uri, v.span, n));
          report(v.span, p.text, { fixes: fixes?.length ? fixes : undefined });
        }
        continue;
      }
      for (let q = 0, list = c.values; q < list.length; q++) {
        const v = list[q];
        if (typeof v.value !== 'string' || v.value.includes('${') || (like && /[*?]/.test(v.value))) continue;
        const s = v.value;
        if (key === 'kms:calleraccount') {
          if (!ACCOUNT.test(s)) report(v.span, `kms:CallerAccount holds the caller's 12-digit account id; "${s}" never matches.`);
        } else if (key === 'kms:viaservice') {
          const p = viaServiceProblem(s);
          if (p) report(v.span, `kms:ViaService: ${p}`);
        } else if (!s.startsWith('alias/')) {
          const fixes = target.pinned ? undefined : [replaceValueFix(`Change to "alias/${s}"`, uri, v.span, `alias/${s}`)];
          report(v.span, `${c.key.value} holds alias names, which begin with "alias/"; "${s}" never matches.`, { fixes });
        }
      }
    }
  }
}

