import type { Finding } from '../findings';
import { describeType, exact, nodeSpan, parseJsonLight, plainValue, properties, type Node, type Property } from '../json/tree';
import type { Located, Span } from '../text/span';
import { parsePolicyTextFast } from './parse-fast';
import type {
  ConditionEntry,
  DuplicateKey,
  ConditionScalar,
  PolicyDocument,
  PolicyKind,
  PrincipalBlock,
  PrincipalEntry,
  Statement,
  StringList,
} from './types';

export const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
export const STATEMENT_KEYS = new Set([
  'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition',
]);

/**
 * A policy document longer than this (in characters of the file) is reported and not read: 12 times the
 * largest document AWS accepts (10,240 characters for a role's inline policy; quota rules report anything
 * over AWS's own limits). Reading one statement by statement, then checking and explaining each, is linear
 * but not cheap: a 2 MB document of 500,000 statements took the rules over 10 s.
 */
export const MAX_POLICY_CHARS = 128 * 1024;

/**
 * Reads a policy document from a JSON node. Never throws: what can't be read becomes a finding
 * (`schema/policy-*`), and the statements that can be read are kept.
 */
export function parsePolicyNode(node: Node | undefined, uri: string, kind: PolicyKind, fallback?: Span, maxChars = MAX_POLICY_CHARS): PolicyDocument {
  const findings: Finding[] = [];
  const doc = {
    statements: [],
    span: node ? nodeSpan(node) : fallback ?? { start: 0, end: 0 },
    uri,
    kind,
    findings,
  } as unknown as PolicyDocument;
  if (node && node.length > maxChars) {
    findings.push({
      code: 'schema/policy-too-large',
      severity: 'error',
      message: `This policy document is ${node.length} characters long; AWS accepts at most 10,240 (a role's inline policy), and documents over ${maxChars} are not read.`,
      uri,
      span: { start: node.offset, end: node.offset + 1 },
    });
    doc.json = {};
    return doc;
  }
  // The plain JSON value is built now, not on first use: a lazy getter would keep the JSON node, and
  // through its parent links the whole file's parse tree, alive as long as the document (the rules
  // read every document's JSON anyway, to measure its size).
  doc.json = plainValue(node);
  const report = (span: Span, message: string, code = 'schema/policy-type') =>
    findings.push({ code, severity: 'error', message, uri, span });

  if (!node) {
    report(doc.span, 'Expected a policy document (an object with Version and Statement).');
    return doc;
  }
  // Documents stored as JSON strings (as CloudFormation and the API accept) are parsed in place.
  if (node.type === 'string') {
    const inner = parseJsonLight(String(node.value), uri);
    if (inner.findings.length || !inner.root) {
      report(nodeSpan(node), 'This policy is a string that does not hold valid JSON; write the document as an object.');
      return doc;
    }
    const parsed = parsePolicyNode(inner.root, uri, kind);
    // Spans inside a string can't point into the file: pin them all to the string.
    return pinSpans(parsed, nodeSpan(node));
  }
  if (node.type !== 'object') {
    report(nodeSpan(node), `A policy document must be an object, not ${describeType(node)}.`);
    return doc;
  }

  const duplicates: DuplicateKey[] = [];
  const props = properties(node);
  findDuplicates(props, 'the document', 'last', false, duplicates);
  for (const p of props) {
    const v = p.value;
    switch (p.key) {
      case 'Version':
        if (v?.type === 'string') doc.version = { value: v.value, span: nodeSpan(v) };
        else report(nodeSpan(v ?? p.node), `Version must be a string such as "2012-10-17", not ${describeType(v)}.`);
        break;
      case 'Id':
        if (v?.type === 'string') doc.id = { value: v.value, span: nodeSpan(v) };
        else report(nodeSpan(v ?? p.node), `Id must be a string, not ${describeType(v)}.`);
        break;
      case 'Statement':
        if (!v) break;
        doc.statementSpan = nodeSpan(v);
        if (v.type === 'object') doc.statements.push(parseStatement(v, 0, report, duplicates));
        else if (v.type === 'array') {
          for (const s of v.children ?? []) {
            if (s.type === 'object') doc.statements.push(parseStatement(s, doc.statements.length, report, duplicates));
            else report(nodeSpan(s), `Each statement must be an object, not ${describeType(s)}.`);
          }
          doc.statements = exact(doc.statements);
        } else report(nodeSpan(v), `Statement must be an object or an array of objects, not ${describeType(v)}.`);
        break;
      default:
        if (!DOCUMENT_KEYS.has(p.key)) {
          findings.push({
            code: 'schema/policy-unknown-element',
            severity: 'error',
            message: `Unknown policy element "${p.key}"; a policy document holds only Version, Id and Statement.`,
            uri,
            span: nodeSpan(p.keyNode),
          });
        }
    }
  }
  if (duplicates.length) doc.duplicateKeys = duplicates;
  return doc;
}

/**
 * Records the keys of an object written a second time (each against the first of its name). `ignoreCase`: condition
 * keys, whose names AWS compares ignoring case.
 */
function findDuplicates(props: Property[], where: string | (() => string), uses: DuplicateKey['uses'], ignoreCase: boolean, out: DuplicateKey[]): void {
  if (props.length < 2) return;
  const report = (p: Property, earlier: Property) =>
    out.push({ key: p.key, where: typeof where === 'string' ? where : where(), uses, span: nodeSpan(p.keyNode), firstSpan: nodeSpan(earlier.keyNode) });
  // A statement or a Condition block has a handful of keys: comparing each with those before it allocates nothing
  // (this runs for every object of every policy a batch of simulations reads).
  if (props.length <= 12) {
    for (let i = 1; i < props.length; i++) {
      const name = ignoreCase ? props[i].key.toLowerCase() : props[i].key;
      for (let j = 0; j < i; j++) {
        if ((ignoreCase ? props[j].key.toLowerCase() : props[j].key) !== name) continue;
        report(props[i], props[j]); // the first of its name, as the map below reports
        break;
      }
    }
    return;
  }
  const first = new Map<string, Property>();
  for (const p of props) {
    const name = ignoreCase ? p.key.toLowerCase() : p.key;
    const earlier = first.get(name);
    if (earlier) report(p, earlier);
    else first.set(name, p);
  }
}

/** Parses a policy given as JSON text (a CLI argument, a file). Spans are offsets into `text`. */
/**
 * Reads a policy document from its text. `maxChars`: the size past which it is reported and not read
 * (MAX_POLICY_CHARS for what users write; AWS's own managed policies, read from the bundled data, are read
 * whole: AWSSupportServiceRolePolicy alone is ~150,000 characters).
 */
export function parsePolicyText(text: string, uri: string, kind: PolicyKind, maxChars = MAX_POLICY_CHARS): PolicyDocument {
  return parsePolicyTextFast(text, uri, kind, maxChars) ?? parsePolicyTextFromTree(text, uri, kind, maxChars);
}

/** `parsePolicyText` the general way: a JSON tree first (any text, with findings), then the document from it. */
export function parsePolicyTextFromTree(text: string, uri: string, kind: PolicyKind, maxChars = MAX_POLICY_CHARS): PolicyDocument {
  const parsed = parseJsonLight(text, uri);
  const doc = parsePolicyNode(parsed.root, uri, kind, { start: 0, end: text.length }, maxChars);
  if (parsed.findings.length) doc.findings = [...parsed.findings, ...doc.findings];
  return doc;
}

type Report = (span: Span, message: string, code?: string) => void;

function parseStatement(node: Node, index: number, report: Report, duplicates: DuplicateKey[]): Statement {
  const st: Statement = { index, conditions: [], span: nodeSpan(node) };
  const props = properties(node);
  // The words for this statement in a duplicate-key finding, made only when one is found.
  let whereText: string | undefined;
  const where = () => {
    if (whereText === undefined) {
      const sid = props.find((p) => p.key === 'Sid' && p.value?.type === 'string')?.value?.value;
      whereText = `statement ${typeof sid === 'string' && sid ? `"${sid}"` : index + 1}`;
    }
    return whereText;
  };
  findDuplicates(props, where, 'last', false, duplicates);
  for (const p of props) {
    const v = p.value;
    switch (p.key) {
      case 'Sid':
        if (v?.type === 'string') st.sid = { value: v.value, span: nodeSpan(v) };
        else report(nodeSpan(v ?? p.node), `Sid must be a string, not ${describeType(v)}.`);
        break;
      case 'Effect':
        if (v?.type === 'string') st.effect = { value: v.value, span: nodeSpan(v) };
        else report(nodeSpan(v ?? p.node), `Effect must be "Allow" or "Deny", not ${describeType(v)}.`);
        break;
      case 'Action':
      case 'NotAction':
      case 'Resource':
      case 'NotResource': {
        const list = stringList(v, p.key, report);
        if (list) st[LIST_FIELDS[p.key]] = list;
        break;
      }
      case 'Principal':
      case 'NotPrincipal': {
        if (v?.type === 'object') findDuplicates(properties(v), () => `the ${p.key} of ${where()}`, 'both', false, duplicates);
        const block = principalBlock(v, p.key, report);
        if (block) st[p.key === 'Principal' ? 'principal' : 'notPrincipal'] = block;
        break;
      }
      case 'Condition':
        if (v?.type === 'object') {
          st.conditionSpan = nodeSpan(v);
          st.conditions = conditionEntries(v, report, where, duplicates);
        } else report(nodeSpan(v ?? p.node), `Condition must be an object of operators, not ${describeType(v)}.`);
        break;
      default:
        if (!STATEMENT_KEYS.has(p.key)) {
          report(
            nodeSpan(p.keyNode),
            `Unknown statement element "${p.key}"; expected one of ${[...STATEMENT_KEYS].join(', ')}.`,
            'schema/policy-unknown-element',
          );
        }
    }
  }
  return st;
}

const LIST_FIELDS = { Action: 'action', NotAction: 'notAction', Resource: 'resource', NotResource: 'notResource' } as const;

function stringList(v: Node | undefined, element: string, report: Report): StringList | undefined {
  if (!v) return undefined;
  if (v.type === 'string') return { values: [{ value: v.value, span: nodeSpan(v) }], span: nodeSpan(v), single: true };
  if (v.type === 'array') {
    const values: Located<string>[] = [];
    for (const item of v.children ?? []) {
      if (item.type === 'string') values.push({ value: item.value, span: nodeSpan(item) });
      else report(nodeSpan(item), `Each ${element} entry must be a string, not ${describeType(item)}.`);
    }
    return { values: exact(values), span: nodeSpan(v), single: false };
  }
  report(nodeSpan(v), `${element} must be a string or an array of strings, not ${describeType(v)}.`);
  return undefined;
}

function principalBlock(v: Node | undefined, element: string, report: Report): PrincipalBlock | undefined {
  if (!v) return undefined;
  if (v.type === 'string') {
    if (v.value !== '*') {
      report(nodeSpan(v), `${element} as a string may only be "*"; name principals as {"AWS": "..."} and the like.`);
      return undefined;
    }
    return { wildcard: true, entries: [], span: nodeSpan(v) };
  }
  if (v.type !== 'object') {
    report(nodeSpan(v), `${element} must be "*" or an object such as {"AWS": "..."}, not ${describeType(v)}.`);
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const p of properties(v)) {
    const list = stringList(p.value, `${element} ${p.key}`, report);
    entries.push({ type: { value: p.key, span: nodeSpan(p.keyNode) }, values: list?.values ?? [] });
  }
  return { wildcard: false, entries: exact(entries), span: nodeSpan(v) };
}

function conditionEntries(block: Node, report: Report, where: () => string, duplicates: DuplicateKey[]): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  const operators = properties(block);
  findDuplicates(operators, () => `the Condition of ${where()}`, 'both', false, duplicates);
  for (const op of operators) {
    const operator = { value: op.key, span: nodeSpan(op.keyNode) };
    if (op.value?.type !== 'object') {
      report(nodeSpan(op.value ?? op.node), `Condition operator ${op.key} must map to an object of keys and values, not ${describeType(op.value)}.`);
      continue;
    }
    const keys = properties(op.value);
    findDuplicates(keys, () => `the ${op.key} block of ${where()}`, 'both', true, duplicates);
    for (const k of keys) {
      const values: Located<ConditionScalar>[] = [];
      const v = k.value;
      const items = v?.type === 'array' ? v.children ?? [] : v ? [v] : [];
      for (const item of items) {
        if (item.type === 'string' || item.type === 'number' || item.type === 'boolean') {
          values.push({ value: item.value as ConditionScalar, span: nodeSpan(item) });
        } else {
          report(nodeSpan(item), `Condition values must be strings, numbers or booleans, not ${describeType(item)}.`);
        }
      }
      out.push({
        operator,
        key: { value: k.key, span: nodeSpan(k.keyNode) },
        values: exact(values),
        valuesSpan: nodeSpan(v ?? k.node),
        span: nodeSpan(k.node),
      });
    }
  }
  return exact(out);
}

/** Replaces every span in a document by one span (used when the document came from inside a string). */
function pinSpans(doc: PolicyDocument, to: Span): PolicyDocument {
  const seen = new WeakSet<object>();
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'json') continue;
      if ((k === 'span' || k.endsWith('Span')) && v && typeof v === 'object' && 'start' in v) {
        (o as Record<string, unknown>)[k] = { ...to };
      } else visit(v);
    }
  };
  visit(doc);
  doc.span = { ...to };
  return doc;
}
