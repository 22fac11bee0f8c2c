/**
 * Reads `*.iam-tests.json` files (docs/scenarios.md). Never throws: syntax and format problems
 * become findings with positions; every scenario that can be read is kept.
 */
import { append, describeType, nodeSpan, parseJson, type Node } from '../../json/tree';
import { Reader } from '../../model/reader';
import { parsePolicyNode } from '../../policy/parse';
import type { PolicyDocument } from '../../policy/types';
import { LineIndex } from '../../text/line-index';
import type { Span } from '../../text/span';
import type { SimChainHop, SimContext, SimContextValue } from '../simulate/types';
import { EXPECTED_DECISIONS, LAYERS, type ExpectedDecision, type Scenario, type ScenarioFile } from './types';

export const SCENARIO_FILE_KEYS = ['$schema', 'description', 'scenarios'] as const;
export const SCENARIO_KEYS = [
  'name', 'description', 'principal', 'account', 'sourceAccount', 'chain', 'sessionPolicy', 'context',
  'action', 'actions', 'resource', 'resources', 'expect', 'expectDecidedBy', 'whoCan',
] as const;
export const WHO_CAN_KEYS = ['action', 'actions', 'resource', 'resources', 'context', 'only', 'includePossible'] as const;
export const HOP_KEYS = ['role', 'context', 'sessionName', 'sessionPolicy'] as const;

/** Files the test runner and the language server treat as scenario files. */
export function isScenarioFileName(name: string): boolean {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  return base.endsWith('.iam-tests.json') && base.length > '.iam-tests.json'.length;
}

/** Scenario files larger than this are refused (a finding, not an out-of-memory). */
export const MAX_SCENARIO_FILE_CHARS = 8 * 1024 * 1024;
/**
 * Past this many problems the scenarios left are not read (one finding says from where): a 2 MB file of garbage
 * holds a million array elements, two findings each, 17 s to read and report (found by the fuzz tier).
 */
export const MAX_SCENARIO_FINDINGS = 1000;

export function parseScenarioFile(uri: string, text: string): ScenarioFile {
  const file: ScenarioFile = { uri, text, lines: new LineIndex(text), scenarios: [], findings: [] };
  const r = new Reader(uri);
  if (text.length > MAX_SCENARIO_FILE_CHARS) {
    r.report({ start: 0, end: 0 }, `The scenario file is ${text.length} characters long; at most ${MAX_SCENARIO_FILE_CHARS} are read.`, 'scenario/too-large');
    append(file.findings, r.findings);
    return file;
  }
  const parsed = parseJson(text, uri);
  append(file.findings, parsed.findings.map((f) => ({ ...f, code: 'scenario/syntax' })));
  const root = parsed.root;
  if (!root) {
    if (!parsed.findings.length) r.report({ start: 0, end: 0 }, 'The scenario file is empty; expected { "scenarios": [ ... ] }.', 'scenario/format');
    append(file.findings, r.findings);
    return file;
  }
  const top = r.object(root, 'the scenario file', SCENARIO_FILE_KEYS);
  if (top) {
    const list = top.get('scenarios');
    if (!list) r.report(nodeSpan(root), 'The scenario file needs a "scenarios" array.', 'scenario/format');
    else if (list.value?.type !== 'array') {
      r.report(nodeSpan(list.value ?? list.node), `"scenarios" must be an array, not ${describeType(list.value)}.`, 'scenario/format');
    } else {
      const names = new Map<string, Span>();
      const children = list.value.children ?? [];
      for (let i = 0; i < children.length; i++) {
        const node = children[i];
        if (r.findings.length >= MAX_SCENARIO_FINDINGS) {
          r.report(nodeSpan(node), `Over ${MAX_SCENARIO_FINDINGS} problems in this file: scenario ${i + 1} and the ${children.length - i - 1} after it are not read.`, 'scenario/format');
          break;
        }
        const s = readScenario(node, i, r, uri);
        if (!s) continue;
        const prior = names.get(s.name.toLowerCase());
        if (prior) r.report(s.nameSpan, `Another scenario is already named "${s.name}"; names identify scenarios in reports.`, 'scenario/duplicate-name', 'warning');
        else names.set(s.name.toLowerCase(), s.nameSpan);
        file.scenarios.push(s);
      }
    }
  }
  for (const f of r.findings) if (f.code.startsWith('schema/') || f.code.startsWith('parse/')) f.code = `scenario/${f.code.slice(f.code.indexOf('/') + 1)}`;
  append(file.findings, r.findings);
  return file;
}

function readScenario(node: Node, index: number, r: Reader, uri: string): Scenario | undefined {
  const what = `scenario ${index + 1}`;
  const props = r.object(node, what, SCENARIO_KEYS);
  if (!props) return undefined;
  const span = nodeSpan(node);
  const name = r.string(props.get('name')?.value, `The "name" of ${what}`);
  const label = name?.value ? `scenario "${name.value}"` : what;
  const before = r.findings.length;
  const fail = (message: string, at: Span = name?.span ?? span) => r.report(at, message, 'scenario/format');
  if (props.has('whoCan')) return readWhoCan(props, node, index, r, name, label, before, fail);

  if (!name?.value) fail(`${cap(what)} needs a "name".`);
  const principal = r.string(props.get('principal')?.value, `The "principal" of ${label}`);
  const sourceAccount = r.string(props.get('sourceAccount')?.value, `The "sourceAccount" of ${label}`);
  if (!principal?.value && !sourceAccount?.value) fail(`${cap(label)} needs a "principal" (a user or role name or ARN, a provider, a service, an account).`);
  if (sourceAccount && !/^\d{12}$/.test(sourceAccount.value)) fail(`"sourceAccount" must be a 12-digit account id.`, sourceAccount.span);
  const account = r.string(props.get('account')?.value, `The "account" of ${label}`);
  if (account && !/^\d{12}$/.test(account.value)) fail(`"account" must be a 12-digit account id.`, account.span);

  const actions = stringOrList(r, props.get('actions')?.value ?? props.get('action')?.value, `The actions of ${label}`);
  if (props.has('action') && props.has('actions')) fail(`Write either "action" or "actions", not both.`, nodeSpan(props.get('actions')!.keyNode));
  if (!actions.length) fail(`${cap(label)} needs an "action" (or "actions").`);
  const resources = stringOrList(r, props.get('resources')?.value ?? props.get('resource')?.value, `The resources of ${label}`);
  if (props.has('resource') && props.has('resources')) fail(`Write either "resource" or "resources", not both.`, nodeSpan(props.get('resources')!.keyNode));

  const expectNode = props.get('expect');
  const reported = r.findings.length;
  const expect = r.string(expectNode?.value, `The "expect" of ${label}`);
  // Missing, without a value, or null (which reads as absent): unless its type was just reported.
  if (!expect && r.findings.length === reported) fail(`${cap(label)} needs "expect": one of ${EXPECTED_DECISIONS.join(', ')}.`);
  else if (expect && !EXPECTED_DECISIONS.includes(expect.value as ExpectedDecision)) {
    fail(`"expect" must be one of ${EXPECTED_DECISIONS.join(', ')}, not "${expect.value}".`, expect.span);
  }
  const decidedBy = r.string(props.get('expectDecidedBy')?.value, `The "expectDecidedBy" of ${label}`);
  if (decidedBy && !(LAYERS as readonly string[]).includes(decidedBy.value)) {
    fail(`"expectDecidedBy" must be one of ${LAYERS.join(', ')}, not "${decidedBy.value}".`, decidedBy.span);
  }

  const context = readContext(r, props.get('context')?.value, label);
  const sessionNode = props.get('sessionPolicy')?.value;
  const sessionPolicy = sessionNode ? policy(r, sessionNode, uri) : undefined;
  const hops: SimChainHop[] = [];
  const hopPolicies: (PolicyDocument | undefined)[] = [];
  for (const [i, h] of r.array(props.get('chain')?.value, `The "chain" of ${label}`).entries()) {
    if (h.type === 'string') {
      if (!h.value) fail(`Step ${i + 1} of the chain names no role.`, nodeSpan(h));
      hops.push({ role: h.value });
      hopPolicies.push(undefined);
      continue;
    }
    const hp = r.object(h, `step ${i + 1} of the chain`, HOP_KEYS);
    if (!hp) continue;
    const role = r.string(hp.get('role')?.value, `The "role" of chain step ${i + 1}`);
    if (!role?.value) {
      fail(`Step ${i + 1} of the chain needs a "role".`, nodeSpan(h));
      continue;
    }
    const sessionName = r.string(hp.get('sessionName')?.value, `The "sessionName" of chain step ${i + 1}`);
    const hpNode = hp.get('sessionPolicy')?.value;
    const hopPolicy = hpNode ? policy(r, hpNode, uri) : undefined;
    hops.push({ role: role.value, context: readContext(r, hp.get('context')?.value, `chain step ${i + 1}`), sessionName: sessionName?.value });
    if (hopPolicy) hops[hops.length - 1].sessionPolicy = plain(hopPolicy.json);
    hopPolicies.push(hopPolicy);
  }
  // A scenario with format errors is reported, not run (it could only fail for the wrong reason).
  if (r.findings.slice(before).some((f) => f.severity === 'error')) return undefined;
  return {
    index,
    name: name!.value,
    span,
    nameSpan: name!.span,
    actionSpans: actions.map((a) => a.span),
    question: {
      principal: principal?.value ?? '',
      account: account?.value,
      sourceAccount: sourceAccount?.value,
      chain: hops.length ? hops : undefined,
      actions: actions.map((a) => a.value),
      resources: resources.map((x) => x.value),
      context,
      ...(sessionPolicy ? { sessionPolicy: plain(sessionPolicy.json) } : {}),
    },
    sessionPolicy,
    hopSessionPolicies: hopPolicies,
    expect: expect!.value as ExpectedDecision,
    expectSpan: expect!.span,
    expectDecidedBy: decidedBy?.value as Scenario['expectDecidedBy'],
  };
}

/** A "who can" scenario: `whoCan` with the actions, resources and `only`, and no simulation fields. */
function readWhoCan(
  props: Map<string, { node: Node; keyNode: Node; value?: Node }>,
  node: Node,
  index: number,
  r: Reader,
  name: { value: string; span: Span } | undefined,
  label: string,
  before: number,
  fail: (message: string, at?: Span) => void,
): Scenario | undefined {
  const span = nodeSpan(node);
  if (!name?.value) fail(`${cap(label)} needs a "name".`);
  for (const key of ['principal', 'account', 'sourceAccount', 'chain', 'sessionPolicy', 'context', 'action', 'actions', 'resource', 'resources', 'expect', 'expectDecidedBy']) {
    const p = props.get(key);
    if (p) fail(`A "whoCan" scenario has no "${key}": write actions, resources and context inside "whoCan".`, nodeSpan(p.keyNode));
  }
  const w = props.get('whoCan')!;
  const wp = r.object(w.value ?? w.node, `the "whoCan" of ${label}`, WHO_CAN_KEYS);
  if (!wp) return undefined;
  const wspan = nodeSpan(w.value ?? w.node);
  const actions = stringOrList(r, wp.get('actions')?.value ?? wp.get('action')?.value, `The actions of ${label}`);
  if (wp.has('action') && wp.has('actions')) fail(`Write either "action" or "actions", not both.`, nodeSpan(wp.get('actions')!.keyNode));
  if (!actions.length) fail(`The "whoCan" of ${label} needs an "action" (or "actions").`, wspan);
  for (const a of actions) if (!/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(a.value)) fail(`"${a.value}" is not an action name (service:Action, no wildcards).`, a.span);
  const resources = stringOrList(r, wp.get('resources')?.value ?? wp.get('resource')?.value, `The resources of ${label}`);
  if (wp.has('resource') && wp.has('resources')) fail(`Write either "resource" or "resources", not both.`, nodeSpan(wp.get('resources')!.keyNode));
  const onlyNode = wp.get('only');
  if (!onlyNode) fail(`The "whoCan" of ${label} needs "only": the users, roles and groups that may be able to (an empty list: nobody).`, wspan);
  const only = onlyNode?.value?.type === 'array' ? r.strings(onlyNode.value, `The "only" of ${label}`).filter((x) => x.value) : [];
  if (onlyNode && onlyNode.value?.type !== 'array') fail(`"only" must be an array of user, role and group names or ARNs, not ${describeType(onlyNode.value)}.`, nodeSpan(onlyNode.value ?? onlyNode.node));
  const possibleNode = wp.get('includePossible')?.value;
  if (possibleNode && possibleNode.type !== 'boolean') fail(`"includePossible" must be true or false.`, nodeSpan(possibleNode));
  const context = readContext(r, wp.get('context')?.value, label);
  if (r.findings.slice(before).some((f) => f.severity === 'error')) return undefined;
  return {
    index,
    name: name!.value,
    span,
    nameSpan: name!.span,
    question: { principal: '', actions: actions.map((a) => a.value), resources: resources.map((x) => x.value), context },
    actionSpans: actions.map((a) => a.span),
    hopSessionPolicies: [],
    expect: 'allowed',
    expectSpan: wspan,
    whoCan: {
      actions: actions.map((a) => a.value),
      resources: resources.length ? resources.map((x) => x.value) : ['*'],
      context,
      only,
      includePossible: possibleNode?.type === 'boolean' ? possibleNode.value === true : false,
      span: wspan,
    },
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function stringOrList(r: Reader, node: Node | undefined, what: string): { value: string; span: Span }[] {
  if (!node) return [];
  if (node.type === 'string') return node.value ? [{ value: node.value, span: nodeSpan(node) }] : [];
  return r.strings(node, what).filter((s) => s.value);
}

function policy(r: Reader, node: Node, uri: string): PolicyDocument | undefined {
  const doc = parsePolicyNode(node, uri, 'session');
  for (const f of doc.findings) if (f.severity === 'error') r.report(f.span, `Session policy: ${f.message}`, 'scenario/session-policy');
  return doc;
}

function readContext(r: Reader, node: Node | undefined, label: string): SimContext | undefined {
  if (!node) return undefined;
  const props = r.object(node, `the "context" of ${label}`);
  if (!props) return undefined;
  const out: SimContext = {};
  for (const [key, p] of props) {
    const v = p.value;
    const value = contextValue(v);
    if (value === undefined) {
      r.report(nodeSpan(v ?? p.node), `Context key "${key}" needs a string, number, boolean or an array of them, not ${describeType(v)}.`, 'scenario/format');
      continue;
    }
    out[key] = value;
  }
  return out;
}

function contextValue(v: Node | undefined): SimContextValue | undefined {
  if (!v) return undefined;
  if (v.type === 'string' || v.type === 'number' || v.type === 'boolean') return v.value as string | number | boolean;
  if (v.type === 'array') {
    const items: string[] = [];
    for (const c of v.children ?? []) {
      if (c.type !== 'string' && c.type !== 'number' && c.type !== 'boolean') return undefined;
      items.push(String(c.value));
    }
    return items;
  }
  return undefined;
}

/** A parsed JSON value as ordinary objects (the parser's have no prototype), for passing on. */
function plain(v: unknown): object {
  return JSON.parse(JSON.stringify(v ?? {})) as object;
}
