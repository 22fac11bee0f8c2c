/** Condition operators: names and what they do (IAM User Guide, "IAM JSON policy elements: Condition operators"). */
export const OPERATORS: { name: string; doc: string; types: string[] }[] = [
  { name: 'StringEquals', doc: 'Exact match, case-sensitive.', types: ['String', 'ARN'] },
  { name: 'StringNotEquals', doc: 'Negated exact match, case-sensitive.', types: ['String', 'ARN'] },
  { name: 'StringEqualsIgnoreCase', doc: 'Exact match, ignoring case.', types: ['String'] },
  { name: 'StringNotEqualsIgnoreCase', doc: 'Negated match, ignoring case.', types: ['String'] },
  { name: 'StringLike', doc: 'Case-sensitive match with `*` and `?` wildcards.', types: ['String', 'ARN'] },
  { name: 'StringNotLike', doc: 'Negated case-sensitive match with `*` and `?` wildcards.', types: ['String', 'ARN'] },
  { name: 'NumericEquals', doc: 'Number equals.', types: ['Numeric'] },
  { name: 'NumericNotEquals', doc: 'Number differs.', types: ['Numeric'] },
  { name: 'NumericLessThan', doc: 'Number is less than.', types: ['Numeric'] },
  { name: 'NumericLessThanEquals', doc: 'Number is less than or equal to.', types: ['Numeric'] },
  { name: 'NumericGreaterThan', doc: 'Number is greater than.', types: ['Numeric'] },
  { name: 'NumericGreaterThanEquals', doc: 'Number is greater than or equal to.', types: ['Numeric'] },
  { name: 'DateEquals', doc: 'Date equals (ISO 8601 or epoch seconds).', types: ['Date'] },
  { name: 'DateNotEquals', doc: 'Date differs.', types: ['Date'] },
  { name: 'DateLessThan', doc: 'Date is before.', types: ['Date'] },
  { name: 'DateLessThanEquals', doc: 'Date is at or before.', types: ['Date'] },
  { name: 'DateGreaterThan', doc: 'Date is after.', types: ['Date'] },
  { name: 'DateGreaterThanEquals', doc: 'Date is at or after.', types: ['Date'] },
  { name: 'Bool', doc: 'Boolean match (`"true"` / `"false"`).', types: ['Bool'] },
  { name: 'BinaryEquals', doc: 'Byte-for-byte match of a base64 value.', types: ['Binary'] },
  { name: 'IpAddress', doc: 'The IP address is in one of the CIDR ranges.', types: ['IPAddress'] },
  { name: 'NotIpAddress', doc: 'The IP address is in none of the CIDR ranges.', types: ['IPAddress'] },
  { name: 'ArnEquals', doc: 'ARN match, segment by segment, with wildcards.', types: ['ARN'] },
  { name: 'ArnLike', doc: 'ARN match, segment by segment, with wildcards.', types: ['ARN'] },
  { name: 'ArnNotEquals', doc: 'Negated ARN match.', types: ['ARN'] },
  { name: 'ArnNotLike', doc: 'Negated ARN match.', types: ['ARN'] },
  { name: 'Null', doc: '`true`: the key is absent from the request; `false`: the key is present.', types: ['*'] },
];

const BY_NAME = new Map(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

/** Markdown for an operator as written (with `ForAllValues:` / `ForAnyValue:` prefixes and `IfExists` suffix). */
export function operatorDoc(written: string): string | undefined {
  let name = written;
  const notes: string[] = [];
  const prefix = /^(ForAllValues|ForAnyValue):/i.exec(name);
  if (prefix) {
    name = name.slice(prefix[0].length);
    notes.push(
      prefix[1].toLowerCase() === 'forallvalues'
        ? '`ForAllValues:` every value of the multivalued key must match (an absent or empty key matches too: pair it with a Null check).'
        : '`ForAnyValue:` at least one value of the multivalued key must match.',
    );
  }
  if (/IfExists$/i.test(name) && name.toLowerCase() !== 'null') {
    name = name.slice(0, -'IfExists'.length);
    notes.push('`…IfExists`: the condition also holds when the key is absent from the request.');
  }
  const op = BY_NAME.get(name.toLowerCase());
  if (!op) return `\`${written}\` is not a condition operator.`;
  return [`**${written}** — ${op.doc}`, ...notes].join('\n\n');
}
