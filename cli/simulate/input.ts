/**
 * Reads simulate-custom-policy / simulate-principal-policy inputs the way the AWS CLI does: options
 * (`--action-names a b`), shorthand and JSON context entries, `file://` references, `-` for stdin,
 * and `--cli-input-json` with the API's JSON (one object, or an array for batch mode).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONTEXT_KEY_TYPES, contextKeyType, contextValueProblem, type ContextInput, type PolicyText, type SimulationErrorCode, type SimulationInput } from '../../core/engine';
import { tooDeep, tooDeepMessage, valueTooDeep } from '../../core/json/depth';
import { LineIndex } from '../../core/text/line-index';
import type { ParsedArgs } from '../args';
import { UsageError, type CliIO } from '../io';

/**
 * A parameter the simulator API would refuse, under AWS's error name (`InvalidInput`, ...). A usage
 * error when it sinks the whole command; in a batch, the failing item's answer.
 */
export class SimulationApiError extends UsageError {
  constructor(
    readonly code: SimulationErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

const invalid = (message: string) => new SimulationApiError('InvalidInput', message);

/** Reads `file://PATH` (or `-` / `file://-` for stdin); other text is returned as is. */
export async function readValue(value: string, io: CliIO, stdinCache: { text?: string }): Promise<string> {
  const stdin = async () => {
    if (stdinCache.text !== undefined) return stdinCache.text;
    if (!io.stdin) throw new UsageError('standard input is not available');
    stdinCache.text = await io.stdin();
    return stdinCache.text;
  };
  if (value === '-' || value === 'file://-') return stdin();
  if (value.startsWith('file://') || value.startsWith('fileb://')) {
    const path = value.slice(value.indexOf('://') + 3);
    try {
      return readFileSync(resolve(io.cwd, path), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}`);
    }
  }
  return value;
}

function policyText(v: unknown, id: string, sourceType: string, where: string): PolicyText {
  if (typeof v === 'string') return { id, text: v, sourceType };
  if (v && typeof v === 'object' && !Array.isArray(v)) return { id, text: JSON.stringify(v), sourceType };
  throw new UsageError(`${where} must be a policy document (a JSON string or object)`);
}

function policyList(v: unknown, name: string, sourceType: string): PolicyText[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((p, i) => policyText(p, `${name}.${i + 1}`, sourceType, `${name}[${i}]`));
}

function levels(v: unknown, name: string): PolicyText[][] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new UsageError(`${name} must be an array of levels, each an array of policies`);
  return v.map((level, i) => {
    const docs = Array.isArray(level) ? level : [level];
    return docs.map((p, j) => policyText(p, `${name}.${i + 1}.${j + 1}`, 'none', `${name}[${i}][${j}]`));
  });
}

function stringList(v: unknown, name: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  for (const s of list) if (typeof s !== 'string') throw new UsageError(`${name} must be a list of strings`);
  return list as string[];
}

function optString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UsageError(`${name} must be a string`);
  return v;
}

/** Context entries from the API's JSON shape; values are checked against their ContextKeyType as the API does. */
export function contextFromEntries(entries: unknown): ContextInput {
  const ctx: ContextInput = {};
  if (entries === undefined || entries === null) return ctx;
  if (!Array.isArray(entries)) throw invalid('ContextEntries must be an array of {ContextKeyName, ContextKeyValues, ContextKeyType}');
  for (const [i, e] of entries.entries()) {
    if (!e || typeof e !== 'object') throw invalid(`ContextEntries[${i}] must be an object`);
    const o = e as Record<string, unknown>;
    const name = o.ContextKeyName;
    if (typeof name !== 'string' || !name) throw invalid(`ContextEntries[${i}] needs a ContextKeyName`);
    const raw = o.ContextKeyValues;
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((x) => String(x));
    const written = o.ContextKeyType;
    const type = typeof written === 'string' ? contextKeyType(written) : undefined;
    if (written !== undefined && !type) {
      throw invalid(`ContextEntries[${i}].ContextKeyType must be one of ${CONTEXT_KEY_TYPES.join(', ')}, not ${JSON.stringify(written)}`);
    }
    if (type) {
      for (const [j, v] of values.entries()) {
        const problem = contextValueProblem(type, v);
        if (problem) throw invalid(`ContextEntries[${i}].ContextKeyValues[${j}] ("${name}"): ${problem}, as ContextKeyType ${type} requires`);
      }
    }
    const multi = (type?.endsWith('List') ?? false) || values.length > 1;
    ctx[name] = { values, multi };
  }
  return ctx;
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === "'" && t.endsWith("'")) || (t[0] === '"' && t.endsWith('"')))) return t.slice(1, -1);
  return t;
}

/**
 * AWS CLI shorthand: `ContextKeyName=k,ContextKeyValues=v1,v2,ContextKeyType=string`
 * (values may be quoted or written `[v1,v2]`).
 */
export function parseShorthandEntry(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let current: string | undefined;
  const tokens: string[] = [];
  // Split on commas outside quotes.
  let buf = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      buf += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      buf += ch;
    } else if (ch === ',') {
      tokens.push(buf);
      buf = '';
    } else buf += ch;
  }
  tokens.push(buf);
  for (const tok of tokens) {
    const m = /^\s*(ContextKeyName|ContextKeyValues|ContextKeyType)\s*=(.*)$/i.exec(tok);
    if (m) {
      current = m[1].toLowerCase() === 'contextkeyname' ? 'ContextKeyName' : m[1].toLowerCase() === 'contextkeytype' ? 'ContextKeyType' : 'ContextKeyValues';
      const v = unquote(m[2].replace(/^\s*\[/, '').replace(/\]\s*$/, ''));
      if (current === 'ContextKeyValues') out[current] = v === '' && /\[\s*\]/.test(m[2]) ? [] : [v];
      else out[current] = v;
    } else if (current === 'ContextKeyValues') {
      (out.ContextKeyValues as string[]).push(unquote(tok.replace(/\]\s*$/, '')));
    } else {
      throw new UsageError(`cannot read context entry '${text}': expected ContextKeyName=...,ContextKeyValues=...,ContextKeyType=...`);
    }
  }
  return out;
}

/**
 * `JSON.parse` for a JSON option's text, refusing (with the line and column) a text nested deeper than
 * any reader accepts: the value is walked recursively afterwards (JSON.stringify, the readers).
 */
export function parseJsonOption(text: string, what: string): unknown {
  const refuseIfDeep = () => {
    const deep = tooDeep(text);
    if (deep < 0) return;
    const p = new LineIndex(text).positionAt(deep);
    throw new UsageError(`${what}: ${tooDeepMessage()} (line ${p.line + 1}, column ${p.character + 1})`);
  };
  // JSON.parse does not recurse (V8), so the text is parsed first and the value measured; the pass over the
  // text that finds the position runs only for a value too deep, or a text that is not JSON (a text both broken
  // and too deep is refused as too deep, as before).
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    refuseIfDeep();
    throw new UsageError(`${what}: invalid JSON: ${(e as Error).message}`);
  }
  if (valueTooDeep(value)) {
    refuseIfDeep();
    throw new UsageError(`${what}: ${tooDeepMessage()}`);
  }
  return value;
}

/** `--context-entries` values: JSON (a list or one entry) or shorthand, one entry per argument. */
export function contextFromArgs(values: string[]): ContextInput {
  const entries: unknown[] = [];
  for (const v of values) {
    const t = v.trim();
    if (t.startsWith('[') || t.startsWith('{')) {
      const parsed = parseJsonOption(t, '--context-entries');
      if (Array.isArray(parsed)) for (const x of parsed) entries.push(x);
      else entries.push(parsed);
    } else entries.push(parseShorthandEntry(t));
  }
  return contextFromEntries(entries);
}

const API_KEYS = new Set([
  'PolicyInputList', 'PermissionsBoundaryPolicyInputList', 'ActionNames', 'ResourceArns', 'ResourcePolicy', 'ResourceOwner',
  'CallerArn', 'ContextEntries', 'ResourceHandlingOption', 'MaxItems', 'Marker', 'SessionPolicy', 'ServiceControlPolicyLevels',
  'ResourceControlPolicyLevels', 'VpcEndpointPolicyInputList', 'PolicySourceArn',
]);

/** One simulation from the API's JSON (`--cli-input-json`). */
export function inputFromJson(o: unknown, where = 'input'): SimulationInput & { policySourceArn?: string } {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw invalid(`${where} must be a JSON object with the API's parameters`);
  const j = o as Record<string, unknown>;
  for (const k of Object.keys(j)) {
    if (!API_KEYS.has(k)) throw invalid(`${where}: unknown parameter '${k}'`);
  }
  return {
    policies: policyList(j.PolicyInputList, 'PolicyInputList', 'none'),
    boundaries: policyList(j.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'none'),
    resourcePolicy: j.ResourcePolicy === undefined || j.ResourcePolicy === null ? undefined : policyText(j.ResourcePolicy, 'ResourcePolicy', 'resource', 'ResourcePolicy'),
    sessionPolicies: policyList(j.SessionPolicy, 'SessionPolicy', 'none'),
    scpLevels: levels(j.ServiceControlPolicyLevels, 'ServiceControlPolicyLevels'),
    rcpLevels: levels(j.ResourceControlPolicyLevels, 'ResourceControlPolicyLevels'),
    endpointPolicies: policyList(j.VpcEndpointPolicyInputList, 'VpcEndpointPolicyInputList', 'none'),
    actions: stringList(j.ActionNames, 'ActionNames') ?? [],
    resources: stringList(j.ResourceArns, 'ResourceArns'),
    resourceOwner: optString(j.ResourceOwner, 'ResourceOwner'),
    callerArn: optString(j.CallerArn, 'CallerArn'),
    context: contextFromEntries(j.ContextEntries),
    policySourceArn: optString(j.PolicySourceArn, 'PolicySourceArn'),
  };
}

/** One simulation to run, or (in a batch) the error that stopped its input from being read. */
export type SimulationItem = (SimulationInput & { policySourceArn?: string }) | SimulationApiError;

/** A usage error met while reading one item of a batch, as the item's answer (InvalidInput unless it says otherwise). */
export function asItemError(e: unknown): SimulationApiError {
  if (e instanceof SimulationApiError) return e;
  if (e instanceof UsageError) return new SimulationApiError('InvalidInput', e.message);
  throw e;
}

/** The options both simulate commands share, as `parseArgs` specs. */
export const COMMON_OPTIONS = {
  'action-names': { list: true },
  'resource-arns': { list: true },
  'resource-policy': { value: true },
  'resource-owner': { value: true },
  'caller-arn': { value: true },
  'context-entries': { list: true },
  'permissions-boundary-policy-input-list': { list: true },
  'session-policy': { list: true },
  'vpc-endpoint-policy-input-list': { list: true },
  'resource-handling-option': { value: true },
  'max-items': { value: true },
  'marker': { value: true },
  'cli-input-json': { value: true },
  'output': { value: true },
} as const;

/** The items of a run: `count` of them, the i-th made by `item(i)` (once each, in order). */
export interface SimulationItems {
  count: number;
  item(i: number): SimulationItem;
}

/**
 * Builds the simulation inputs: from `--cli-input-json` (one or a batch) with options on top, as the
 * AWS CLI lets explicit options override the JSON.
 */
export async function inputsFromArgs(parsed: ParsedArgs, io: CliIO): Promise<{ inputs: SimulationItem[]; batch: boolean }> {
  const { items, batch } = await itemsFromArgs(parsed, io);
  return { inputs: Array.from({ length: items.count }, (_, i) => items.item(i)), batch };
}

/**
 * `inputsFromArgs`, the items made as they are asked for when nothing can fail after the JSON is read (a batch with
 * no option on top): an item's input is then made, used and dropped in turn (with the item's parsed JSON), rather
 * than 10,000 inputs made first and kept to the end, which the collector copied and promoted (issue 20). Errors
 * come in the same order as `inputsFromArgs`'s; with options on top every item is made first, as before.
 */
export async function itemsFromArgs(parsed: ParsedArgs, io: CliIO): Promise<{ items: SimulationItems; batch: boolean }> {
  const stdin: { text?: string } = {};
  // List options also take the AWS CLI's JSON form (`--action-names '["s3:GetObject","s3:PutObject"]'`).
  const opt = (name: string): string[] | undefined => {
    const v = parsed.options.get(name);
    if (v?.length === 1 && v[0].trim().startsWith('[') && name !== 'context-entries') {
      const list = parseJsonOption(v[0], `--${name}`);
      if (Array.isArray(list)) return list.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
    }
    return v;
  };
  // Single-valued options are taken as written: an inline `--cli-input-json '[...]'` is one batch, not a list.
  const one = (name: string) => {
    const v = parsed.options.get(name);
    if (v && v.length > 1) throw new UsageError(`option '--${name}' given more than once`);
    return v?.[0];
  };
  const read = (v: string) => readValue(v, io, stdin);
  const readAll = async (vs: string[] | undefined) => (vs ? Promise.all(vs.map(read)) : undefined);

  let base: unknown[] = [{}];
  let batch = false;
  const json = one('cli-input-json');
  if (json !== undefined) {
    const text = await read(json);
    const parsedJson = parseJsonOption(text, '--cli-input-json');
    if (Array.isArray(parsedJson)) {
      batch = true;
      base = parsedJson;
    } else base = [parsedJson];
  }
  // In a batch, an item that cannot be read holds its error; the others are still answered.
  const itemAt = (i: number): SimulationItem => {
    if (!batch) return inputFromJson(base[i], '--cli-input-json');
    try {
      return inputFromJson(base[i], `--cli-input-json[${i}]`);
    } catch (e) {
      return asItemError(e);
    }
  };
  // The options laid over every item, each with what it does to an item, in one table: the lazy path below is taken
  // exactly when none of its options is given. Values are read in the table's order once every item is made.
  type Override = [string, () => Promise<(input: SimulationInput) => void>];
  // A list of policies given as an option: its texts, each named as the AWS CLI names the list's members.
  const policyList = (name: string, prefix: string, set: (input: SimulationInput, list: PolicyText[]) => void): Override => [
    name,
    async () => {
      const texts = (await readAll(opt(name)))!;
      return (input) => set(input, texts.map((t, i) => ({ id: `${prefix}.${i + 1}`, text: t, sourceType: 'none' })));
    },
  ];
  const overrides: Override[] = [
    policyList('policy-input-list', 'PolicyInputList', (input, list) => (input.policies = list)),
    policyList('permissions-boundary-policy-input-list', 'PermissionsBoundaryPolicyInputList', (input, list) => (input.boundaries = list)),
    policyList('session-policy', 'SessionPolicy', (input, list) => (input.sessionPolicies = list)),
    policyList('vpc-endpoint-policy-input-list', 'VpcEndpointPolicyInputList', (input, list) => (input.endpointPolicies = list)),
    ['resource-policy', async () => {
      const text = await read(one('resource-policy')!);
      return (input) => void (input.resourcePolicy = { id: 'ResourcePolicy', text, sourceType: 'resource' });
    }],
    ['context-entries', async () => {
      const entries = (await readAll(opt('context-entries')))!;
      return (input) => void (input.context = contextFromArgs(entries));
    }],
    // Action names never hold commas, so `a,b` is also accepted, as the AWS CLI's shorthand does.
    ['action-names', async () => (input) => void (input.actions = opt('action-names')!.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean))],
    ['resource-arns', async () => (input) => void (input.resources = opt('resource-arns')!)],
    ['resource-owner', async () => (input) => void (input.resourceOwner = one('resource-owner'))],
    ['caller-arn', async () => (input) => void (input.callerArn = one('caller-arn'))],
  ];
  const given = overrides.filter(([name]) => parsed.options.has(name));
  if (batch && !given.length) {
    const parsedItems = base;
    return {
      items: {
        count: parsedItems.length,
        item: (i) => {
          const input = itemAt(i);
          parsedItems[i] = undefined;
          return input;
        },
      },
      batch,
    };
  }
  const inputs: SimulationItem[] = base.map((_, i) => itemAt(i));
  const applies: ((input: SimulationInput) => void)[] = [];
  for (const [, prepare] of given) applies.push(await prepare());
  for (const input of inputs) {
    if (input instanceof SimulationApiError) continue;
    for (const apply of applies) apply(input);
  }
  return { items: { count: inputs.length, item: (i) => inputs[i] }, batch };
}
