/**
 * The account file's model read straight from the text, in one pass: no JSON tree, no property lists or maps per
 * object, no plain JSON value made from a tree afterwards. It reads what files hold when nothing is wrong with them
 * (JSON with comments and trailing commas, as `core/json/fast.ts` reads it) and builds exactly what the general
 * reader (`parseAccountFileFromTree`: the tree, then `parse-account.ts`, `parse-entities.ts`, `core/policy/parse.ts`)
 * builds from it: the same objects with the same keys in the same order, the same spans, the same arrays.
 *
 * It reports nothing itself. Where the general reader would report something, or where this one does not read a
 * shape, it gives way, at one of two levels:
 * - an entity (a user, group, role or managed policy) whose value holds anything the general reader reports (an
 *   unknown, repeated or wrongly typed key, a bad date, a policy document with a problem, ...) is read again by the
 *   general reader, from a tree of that entity alone (`UNUSUAL`); identity providers and resources always are;
 * - a text that is not plain JSONC (a syntax error, an unusual character), an organization file, or an account
 *   named after the entities that need its id is parsed the general way, whole (`FALLBACK`).
 * Findings are gathered per part (the top level, the account, each section's map and its entities) and put in the
 * order the general reader makes them. `test/model/parse-direct.test.ts` holds the two readers equal.
 */
import type { Finding } from '../findings';
import { BAIL, lightNode, readValueAt } from '../json/fast';
import { jsonNumberEnd } from '../json/scan';
import { append, type Node, type Property } from '../json/tree';
import { MAX_POLICY_CHARS } from '../policy/parse';
import type { ConditionEntry, ConditionScalar, PolicyDocument, PolicyKind, PrincipalBlock, PrincipalEntry, Statement, StringList } from '../policy/types';
import { LineIndex } from '../text/line-index';
import type { Located, Span } from '../text/span';
import { entityArn } from './arn';
import { emptyAccountFile, readAccountInto, TOP_LEVEL_KEYS } from './parse';
import { isIsoDate } from './parse-account';
import { flat, MFA_TYPES, readGroup, readIdentityProvider, readManagedPolicy, readResource, readRole, readUser, type ReadContext } from './parse-entities';
import { Reader } from './reader';
import type {
  AccessKey,
  AccountFile,
  ConsoleAccess,
  Group,
  InlinePolicy,
  ManagedPolicy,
  MfaDevice,
  NameRef,
  PolicyRef,
  Role,
  Tag,
  User,
} from './types';

/** Thrown (one shared value) when the whole text is for the general reader. */
const FALLBACK = { fallback: 'file' };
/** Thrown (one shared value) when the entity being read is for the general reader. */
const UNUSUAL = { fallback: 'entity' };

const SPACE = 32, TAB = 9, LF = 10, CR = 13, SLASH = 47, STAR = 42, QUOTE = 34, BACKSLASH = 92, MINUS = 45;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COMMA = 44, COLON = 58;
const LOWER_N = 110, LOWER_T = 116, LOWER_F = 102, ZERO = 48, NINE = 57;

/** The sections in the order the general reader reads them (and so reports what it finds in them). */
const SECTIONS = ['policies', 'groups', 'users', 'roles', 'identityProviders', 'resources'] as const;
type Section = (typeof SECTIONS)[number];

/*
 * LITERALS. The reader writes no object literal that holds another literal (`{ value, span: { start, end } }`,
 * `{ conditions: [] }`): it makes the inner one first, in its own statement. V8's interpreter makes a literal
 * that holds another through the runtime (a deep copy of the literal's boilerplate, in C++), and a shallow one in a
 * builtin; the reader runs cold on a big file (the server's first look) and makes ~300,000 of them.
 */

/** Objects whose keys are checked for repeats one by one hold at most this many; past it, the general reader reads them. */
const MAX_LINEAR_KEYS = 64;

/**
 * The model of `text`, or undefined when the general reader must read it (see above). `strict` (tests): an
 * exception other than giving way is thrown, not turned into giving way.
 */
export function parseAccountFileDirect(uri: string, text: string, strict = false): AccountFile | undefined {
  try {
    return new DirectReader(text, uri).file();
  } catch (e) {
    if (e === FALLBACK || !strict) return undefined;
    throw e;
  }
}

/** One section's findings: about its map (repeated names), then its entities', in order. */
interface SectionFindings {
  map: Reader;
  entities: Reader;
}

class DirectReader {
  pos = 0;
  readonly len: number;
  /** The last string token read: its start and end, quotes included. */
  s0 = 0;
  s1 = 0;
  /** The last key read (by `key()`): its token's start and end. */
  k0 = 0;
  k1 = 0;
  /** The last value read by `refs()`: its start and end. */
  v0 = 0;
  v1 = 0;
  /** The plain JSON of the last policy value read (a string list, a Principal, a Condition). */
  j: unknown;
  /** Scratch lists for repeated keys, one per kind of object (none of them nests in another of its kind). */
  readonly tagKeys: string[] = [];
  readonly inlineNames: string[] = [];
  readonly principalTypes: string[] = [];
  readonly operators: string[] = [];
  readonly conditionKeys: string[] = [];
  /**
   * Where lines start, found on the way (a text's line breaks are all in whitespace or comments: a string can't hold
   * one), for the file's LineIndex without another pass; `lineCount` of them are set. A text with CR line breaks
   * gets its LineIndex the usual way.
   */
  lineStarts: Int32Array;
  lineCount = 1;
  readonly hasCr: boolean;
  /**
   * Two stacks on which the lists being read gather their items (`a`: the model's, `b`: the plain JSON's), each list
   * from its base to the top, taken off as an array of exactly its length (`takeA`, `takeB`). Lists nest (a statement's
   * values inside the document's statements), and an inner one is taken off before the outer one's next item goes on.
   * Arrays grown by `push` and then copied to their length (what the model keeps) left ~60,000 arrays of garbage on a
   * max-quota account.
   */
  readonly a: unknown[] = [];
  ta = 0;
  readonly b: unknown[] = [];
  tb = 0;
  /** Set once the account is read (or known to be absent). */
  partition = 'aws';
  accountId = '';
  accountKnown = false;

  constructor(
    readonly text: string,
    readonly uri: string,
  ) {
    this.len = text.length;
    this.lineStarts = new Int32Array(Math.max(16, text.length >> 5));
    this.hasCr = text.includes('\r');
  }

  /** A line starts at `at`. */
  line(at: number): void {
    if (this.lineCount === this.lineStarts.length) {
      const more = new Int32Array(this.lineStarts.length * 2);
      more.set(this.lineStarts);
      this.lineStarts = more;
    }
    this.lineStarts[this.lineCount++] = at;
  }

  /** The line breaks (LF) of `[from, to)`, a part read by another reader (the tree reader, a block comment). */
  lines(from: number, to: number): void {
    const text = this.text;
    for (let nl = text.indexOf('\n', from); nl >= 0 && nl < to; nl = text.indexOf('\n', nl + 1)) this.line(nl + 1);
  }

  file(): AccountFile {
    const text = this.text;
    const uri = this.uri;
    this.ws();
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw FALLBACK;
    const rootStart = this.pos;
    const file = emptyAccountFile(uri, text, undefined as unknown as LineIndex, []);
    const topReader = new Reader(uri);
    const accountReader = new Reader(uri);
    const found = new Map<Section, SectionFindings>();
    const top: Node[] = [];
    const topKeys = new Set<string>();
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== QUOTE) throw FALLBACK;
        const keyStart = this.pos;
        const key = this.str();
        const keyNode = lightNode('string', keyStart, this.pos - keyStart, key, undefined, undefined);
        this.ws();
        if (text.charCodeAt(this.pos) !== COLON) throw FALLBACK;
        const colon = this.pos;
        this.pos++;
        this.ws();
        const first = !topKeys.has(key);
        topKeys.add(key);
        if (key === 'organization') throw FALLBACK; // an organization file
        if (first && key === 'account') {
          const read = this.tree(1, true);
          readAccountInto(file, accountReader, read, keyNode, rootStart);
          this.accountIs(file);
        } else if (first && (SECTIONS as readonly string[]).includes(key)) {
          if (!this.accountKnown) {
            if (this.accountLater()) throw FALLBACK; // the entities' ARNs need the account read first
            readAccountInto(file, accountReader, undefined, undefined, rootStart);
            this.accountIs(file);
          }
          const section = key as Section;
          const f: SectionFindings = { map: new Reader(uri), entities: new Reader(uri) };
          found.set(section, f);
          this.section(file, section, f);
        } else this.tree(1, false);
        top.push(lightNode('property', keyStart, this.pos - keyStart, undefined, [keyNode], colon));
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    const rootEnd = this.pos;
    this.ws();
    if (this.pos !== this.len) throw FALLBACK;
    if (!this.accountKnown) readAccountInto(file, accountReader, undefined, undefined, rootStart);

    topReader.object(lightNode('object', rootStart, rootEnd - rootStart, undefined, top, undefined), 'An account file', TOP_LEVEL_KEYS);
    const findings: Finding[] = topReader.findings;
    append(findings, accountReader.findings);
    for (const s of SECTIONS) {
      const f = found.get(s);
      if (!f) continue;
      append(findings, f.map.findings);
      append(findings, f.entities.findings);
    }
    file.findings = findings;
    file.lines = this.hasCr ? new LineIndex(text) : new LineIndex(text, this.lineStarts.slice(0, this.lineCount), false);
    return file;
  }

  /** The items of stack `a` from `base` to the top, as an array, taken off. */
  takeA<T>(base: number): T[] {
    const out = base === this.ta ? [] : this.a.slice(base, this.ta);
    this.ta = base;
    return out as T[];
  }

  /** The same, of stack `b`. */
  takeB<T>(base: number): T[] {
    const out = base === this.tb ? [] : this.b.slice(base, this.tb);
    this.tb = base;
    return out as T[];
  }

  accountIs(file: AccountFile): void {
    this.partition = file.account.partition;
    this.accountId = file.accountId;
    this.accountKnown = true;
  }

  /** Whether a top-level "account" key follows the value at `pos` (looked at without moving). */
  accountLater(): boolean {
    const at = this.pos;
    const lines = this.lineCount;
    try {
      for (;;) {
        this.tree(1, false);
        if (this.more(CLOSE_BRACE)) return false;
        if (this.key() === 'account') return true;
      }
    } finally {
      this.pos = at;
      this.lineCount = lines;
    }
  }

  /**
   * The value at `pos` read by the tree reader as if at `depth` (built when `build`), and passed; the whole text
   * gives way where that reader would (so it decides what is well-formed, here as everywhere).
   */
  tree(depth: number, build: boolean): Node | undefined {
    const read = readValueAt(this.text, this.pos, depth, build);
    if (read === BAIL) throw FALLBACK;
    this.lines(this.pos, read.end);
    this.pos = read.end;
    return read.node;
  }

  /** A map of entities (`"users": { name: {...} }`), the value at `pos`. */
  section(file: AccountFile, section: Section, found: SectionFindings): void {
    const text = this.text;
    const what = `"${section}"`;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) {
      found.map.entries(this.tree(1, true), what); // not an object: the general reader words it
      return;
    }
    const ctx: ReadContext = { reader: found.entities, uri: this.uri, partition: this.partition, accountId: this.accountId };
    /** Each name's first key (its start); a later one is reported against it. */
    const names = new Map<string, number>();
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== QUOTE) throw FALLBACK;
        const keyStart = this.pos;
        const name = this.str();
        const keyEnd = this.pos;
        this.ws();
        if (text.charCodeAt(this.pos) !== COLON) throw FALLBACK;
        const colon = this.pos;
        this.pos++;
        this.ws();
        const firstAt = names.get(name);
        if (firstAt !== undefined) {
          this.tree(2, false);
          found.map.duplicate({ start: keyStart, end: keyEnd }, name, what, { start: firstAt, end: this.stringEnd(firstAt) });
        } else {
          names.set(name, keyStart);
          this.entity(file, section, ctx, name, keyStart, keyEnd, colon);
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
  }

  /** The end of the string token that starts at `start` (a key read before). */
  stringEnd(start: number): number {
    const at = this.pos;
    this.pos = start;
    this.str();
    const end = this.pos;
    this.pos = at;
    return end;
  }

  /** One entity, the value at `pos`, read directly, or by the general reader from its tree. */
  entity(file: AccountFile, section: Section, ctx: ReadContext, name: string, keyStart: number, keyEnd: number, colon: number): void {
    const valueStart = this.pos;
    const lines = this.lineCount;
    const ta = this.ta;
    const tb = this.tb;
    try {
      switch (section) {
        case 'users': {
          const e = this.user(name, keyStart, keyEnd);
          file.users.set(e.name, e);
          return;
        }
        case 'groups': {
          const e = this.group(name, keyStart, keyEnd);
          file.groups.set(e.name, e);
          return;
        }
        case 'roles': {
          const e = this.role(name, keyStart, keyEnd);
          file.roles.set(e.name, e);
          return;
        }
        case 'policies': {
          const e = this.managedPolicy(name, keyStart, keyEnd);
          file.policies.set(e.name, e);
          return;
        }
      }
    } catch (e) {
      if (e !== UNUSUAL) throw e;
      this.pos = valueStart;
      this.lineCount = lines;
      this.ta = ta;
      this.tb = tb;
    }
    // The general reader, on this entity's tree.
    const value = this.tree(2, true)!;
    const keyNode = lightNode('string', keyStart, keyEnd - keyStart, name, undefined, undefined);
    const p: Property = { key: name, keyNode, value, node: lightNode('property', keyStart, this.pos - keyStart, undefined, [keyNode, value], colon) };
    switch (section) {
      case 'users': {
        const e = readUser(ctx, p);
        if (e) file.users.set(e.name, e);
        break;
      }
      case 'groups': {
        const e = readGroup(ctx, p);
        if (e) file.groups.set(e.name, e);
        break;
      }
      case 'roles': {
        const e = readRole(ctx, p);
        if (e) file.roles.set(e.name, e);
        break;
      }
      case 'policies': {
        const e = readManagedPolicy(ctx, p);
        if (e) file.policies.set(e.name, e);
        break;
      }
      case 'identityProviders': {
        const e = readIdentityProvider(ctx, p);
        if (e) file.identityProviders.set(e.name, e);
        break;
      }
      case 'resources':
        file.resources.push(readResource(ctx, p));
        break;
    }
  }

  // ---- entities ----

  user(name: string, keyStart: number, keyEnd: number): User {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    let seen = 0;
    let path: Located<string> | undefined;
    let groups: NameRef[] | undefined, groupsSpan: Span | undefined;
    let policies: PolicyRef[] | undefined, policiesSpan: Span | undefined;
    let inline: InlinePolicy[] | undefined, inlineSpan: Span | undefined;
    let boundary: PolicyRef | undefined;
    let consoleAccess: ConsoleAccess | undefined;
    let mfa: MfaDevice[] | undefined, mfaSpan: Span | undefined;
    let keys: AccessKey[] | undefined, keysSpan: Span | undefined;
    let tags: Tag[] | undefined, tagsSpan: Span | undefined;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        const v0 = this.pos;
        switch (key) {
          case 'path':
            seen = once(seen, 1);
            path = this.optString();
            break;
          case 'groups':
            seen = once(seen, 2);
            groups = this.refs(true) as NameRef[];
            groupsSpan = { start: v0, end: this.pos };
            break;
          case 'policies':
            seen = once(seen, 4);
            policies = this.refs(false) as PolicyRef[];
            policiesSpan = { start: v0, end: this.pos };
            break;
          case 'inlinePolicies':
            seen = once(seen, 8);
            inline = this.inlinePolicies();
            inlineSpan = { start: v0, end: this.pos };
            break;
          case 'permissionsBoundary': {
            seen = once(seen, 16);
            const s = this.optString();
            boundary = s ? { ref: s.value, span: s.span } : undefined;
            break;
          }
          case 'console':
            seen = once(seen, 32);
            consoleAccess = this.console();
            break;
          case 'mfa':
            seen = once(seen, 64);
            mfa = this.mfa();
            mfaSpan = { start: v0, end: this.pos };
            break;
          case 'accessKeys':
            seen = once(seen, 128);
            keys = this.accessKeys();
            keysSpan = { start: v0, end: this.pos };
            break;
          case 'tags':
            seen = once(seen, 256);
            tags = this.tags();
            tagsSpan = { start: v0, end: this.pos };
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    const p = path?.value ?? '/';
    // Nested literals made apart (see `LITERALS`).
    const nameSpan = { start: keyStart, end: keyEnd };
    const span = { start, end: this.pos };
    const memberOf: Group[] = [];
    return {
      kind: 'user',
      name,
      nameSpan,
      span,
      uri: this.uri,
      arn: flat(entityArn(this.partition, this.accountId, 'user', p, name)),
      path: p,
      pathSpan: path?.span,
      groups: groups ?? [],
      groupsSpan,
      memberOf,
      policies: policies ?? [],
      policiesSpan,
      inlinePolicies: inline ?? [],
      inlinePoliciesSpan: inlineSpan,
      permissionsBoundary: boundary,
      console: consoleAccess,
      mfa: mfa ?? [],
      mfaSpan,
      accessKeys: keys ?? [],
      accessKeysSpan: keysSpan,
      tags: tags ?? [],
      tagsSpan,
    };
  }

  group(name: string, keyStart: number, keyEnd: number): Group {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    let seen = 0;
    let path: Located<string> | undefined;
    let policies: PolicyRef[] | undefined, policiesSpan: Span | undefined;
    let inline: InlinePolicy[] | undefined, inlineSpan: Span | undefined;
    let nested: NameRef[] | undefined;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        const v0 = this.pos;
        switch (key) {
          case 'path':
            seen = once(seen, 1);
            path = this.optString();
            break;
          case 'policies':
            seen = once(seen, 2);
            policies = this.refs(false) as PolicyRef[];
            policiesSpan = { start: v0, end: this.pos };
            break;
          case 'inlinePolicies':
            seen = once(seen, 4);
            inline = this.inlinePolicies();
            inlineSpan = { start: v0, end: this.pos };
            break;
          case 'groups':
            seen = once(seen, 8);
            nested = this.refs(true) as NameRef[];
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    const p = path?.value ?? '/';
    // Nested literals made apart (see `LITERALS`).
    const nameSpan = { start: keyStart, end: keyEnd };
    const span = { start, end: this.pos };
    const members: User[] = [];
    return {
      kind: 'group',
      name,
      nameSpan,
      span,
      uri: this.uri,
      arn: flat(entityArn(this.partition, this.accountId, 'group', p, name)),
      path: p,
      pathSpan: path?.span,
      policies: policies ?? [],
      policiesSpan,
      inlinePolicies: inline ?? [],
      inlinePoliciesSpan: inlineSpan,
      members,
      nestedGroups: nested,
    };
  }

  role(name: string, keyStart: number, keyEnd: number): Role {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    let seen = 0;
    let path: Located<string> | undefined;
    let trust: PolicyDocument | undefined, trustKeySpan: Span | undefined;
    let policies: PolicyRef[] | undefined, policiesSpan: Span | undefined;
    let inline: InlinePolicy[] | undefined, inlineSpan: Span | undefined;
    let boundary: PolicyRef | undefined;
    let maxSession: Located<number> | undefined;
    let profile: NameRef | undefined;
    let serviceLinked: Located<boolean> | undefined;
    let description: Located<string> | undefined;
    let lastUsed: Located<string> | undefined;
    let tags: Tag[] | undefined, tagsSpan: Span | undefined;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        const v0 = this.pos;
        switch (key) {
          case 'path':
            seen = once(seen, 1);
            path = this.optString();
            break;
          case 'trustPolicy':
            seen = once(seen, 2);
            trustKeySpan = { start: this.k0, end: this.k1 };
            if (text.charCodeAt(this.pos) === LOWER_N) this.word('null');
            else trust = this.document('trust');
            break;
          case 'policies':
            seen = once(seen, 4);
            policies = this.refs(false) as PolicyRef[];
            policiesSpan = { start: v0, end: this.pos };
            break;
          case 'inlinePolicies':
            seen = once(seen, 8);
            inline = this.inlinePolicies();
            inlineSpan = { start: v0, end: this.pos };
            break;
          case 'permissionsBoundary': {
            seen = once(seen, 16);
            const s = this.optString();
            boundary = s ? { ref: s.value, span: s.span } : undefined;
            break;
          }
          case 'maxSessionDuration':
            seen = once(seen, 32);
            maxSession = this.optNumber();
            break;
          case 'instanceProfile': {
            seen = once(seen, 64);
            const s = this.optString();
            profile = s ? { name: s.value, span: s.span } : undefined;
            break;
          }
          case 'serviceLinked':
            seen = once(seen, 128);
            serviceLinked = this.optBoolean();
            break;
          case 'description':
            seen = once(seen, 256);
            description = this.optString();
            break;
          case 'tags':
            seen = once(seen, 512);
            tags = this.tags();
            tagsSpan = { start: v0, end: this.pos };
            break;
          case 'lastUsed':
            seen = once(seen, 1024);
            lastUsed = this.optDate();
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    const p = path?.value ?? '/';
    // Nested literals made apart (see `LITERALS`).
    const nameSpan = { start: keyStart, end: keyEnd };
    const span = { start, end: this.pos };
    return {
      kind: 'role',
      name,
      nameSpan,
      span,
      uri: this.uri,
      arn: flat(entityArn(this.partition, this.accountId, 'role', p, name)),
      path: p,
      pathSpan: path?.span,
      trustPolicy: trust,
      trustPolicyKeySpan: trustKeySpan,
      policies: policies ?? [],
      policiesSpan,
      inlinePolicies: inline ?? [],
      inlinePoliciesSpan: inlineSpan,
      permissionsBoundary: boundary,
      maxSessionDuration: maxSession,
      instanceProfile: profile,
      serviceLinked: serviceLinked?.value ?? false,
      serviceLinkedSpan: serviceLinked?.span,
      description,
      lastUsed,
      tags: tags ?? [],
      tagsSpan,
    };
  }

  managedPolicy(name: string, keyStart: number, keyEnd: number): ManagedPolicy {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    let seen = 0;
    let path: Located<string> | undefined;
    let description: Located<string> | undefined;
    let document: PolicyDocument | undefined;
    let versions: Located<number> | undefined;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        switch (key) {
          case 'path':
            seen = once(seen, 1);
            path = this.optString();
            break;
          case 'description':
            seen = once(seen, 2);
            description = this.optString();
            break;
          case 'document':
            seen = once(seen, 4);
            document = this.document('identity');
            break;
          case 'versions':
            seen = once(seen, 8);
            versions = this.optNumber();
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    if (!document) throw UNUSUAL; // reported: a managed policy needs its document
    const p = path?.value ?? '/';
    // Nested literals made apart (see `LITERALS`).
    const nameSpan = { start: keyStart, end: keyEnd };
    const span = { start, end: this.pos };
    return {
      kind: 'policy',
      name,
      nameSpan,
      span,
      uri: this.uri,
      arn: flat(entityArn(this.partition, this.accountId, 'policy', p, name)),
      path: p,
      pathSpan: path?.span,
      description,
      document,
      versions,
    };
  }

  // ---- the entities' fields ----

  /** A list of names (`groups`) or policy references: strings, nulls skipped; null for none. */
  refs(names: boolean): (NameRef | PolicyRef)[] {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === LOWER_N) {
      this.word('null');
      return [];
    }
    if (c !== OPEN_BRACKET) throw UNUSUAL;
    const base = this.ta;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        const d = text.charCodeAt(this.pos);
        if (d === QUOTE) {
          const value = this.str();
          const span = { start: this.s0, end: this.s1 };
          this.a[this.ta++] = names ? { name: value, span } : { ref: value, span };
        } else if (d === LOWER_N) this.word('null');
        else throw UNUSUAL;
        if (this.more(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    return this.takeA(base);
  }

  inlinePolicies(): InlinePolicy[] {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const base = this.ta;
    const names = this.inlineNames;
    names.length = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const name = this.key();
        repeatCheck(names, name);
        const nameSpan = { start: this.k0, end: this.k1 };
        const document = this.document('identity');
        this.a[this.ta++] = { name, nameSpan, document };
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    return this.takeA(base);
  }

  console(): ConsoleAccess | undefined {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    const start = this.pos;
    if (c === LOWER_N) {
      this.word('null');
      return undefined;
    }
    if (c === LOWER_T || c === LOWER_F) {
      const enabled = this.bool();
      const span = { start, end: this.pos };
      return { enabled, span };
    }
    if (c !== OPEN_BRACE) throw UNUSUAL;
    let seen = 0;
    let enabled: Located<boolean> | undefined;
    let changed: Located<string> | undefined;
    let signIn: Located<string> | undefined;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        switch (this.key()) {
          case 'enabled':
            seen = once(seen, 1);
            enabled = this.optBoolean();
            break;
          case 'passwordLastChanged':
            seen = once(seen, 2);
            changed = this.optDate();
            break;
          case 'lastSignIn':
            seen = once(seen, 4);
            signIn = this.optDate();
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    const span = { start, end: this.pos };
    return { enabled: enabled?.value ?? true, span, passwordLastChanged: changed, lastSignIn: signIn };
  }

  mfa(): MfaDevice[] {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === LOWER_N) {
      this.word('null');
      return [];
    }
    if (c !== OPEN_BRACKET) throw UNUSUAL;
    const base = this.ta;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
        const start = this.pos;
        let seen = 0;
        let serial: Located<string> | undefined;
        let type: Located<string> | undefined;
        this.pos++;
        this.ws();
        if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
          for (;;) {
            switch (this.key()) {
              case 'serial':
                seen = once(seen, 1);
                serial = this.optString();
                break;
              case 'type':
                seen = once(seen, 2);
                type = this.optString();
                if (type && !MFA_TYPES.includes(type.value)) throw UNUSUAL;
                break;
              default:
                throw UNUSUAL;
            }
            if (this.more(CLOSE_BRACE)) break;
          }
        }
        this.pos++;
        const span = { start, end: this.pos };
        this.a[this.ta++] = { serial, type, span };
        if (this.more(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    return this.takeA(base);
  }

  accessKeys(): AccessKey[] {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === LOWER_N) {
      this.word('null');
      return [];
    }
    if (c !== OPEN_BRACKET) throw UNUSUAL;
    const base = this.ta;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
        const start = this.pos;
        let seen = 0;
        let id: Located<string> | undefined;
        let status: Located<string> | undefined;
        let created: Located<string> | undefined;
        let lastUsed: Located<string> | undefined;
        this.pos++;
        this.ws();
        if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
          for (;;) {
            switch (this.key()) {
              case 'id':
                seen = once(seen, 1);
                id = this.optString();
                break;
              case 'status':
                seen = once(seen, 2);
                status = this.optString();
                if (status && status.value !== 'Active' && status.value !== 'Inactive') throw UNUSUAL;
                break;
              case 'created':
                seen = once(seen, 4);
                created = this.optDate();
                break;
              case 'lastUsed':
                seen = once(seen, 8);
                lastUsed = this.optDate();
                break;
              default:
                throw UNUSUAL;
            }
            if (this.more(CLOSE_BRACE)) break;
          }
        }
        this.pos++;
        const span = { start, end: this.pos };
        this.a[this.ta++] = {
          id,
          status: status?.value === 'Inactive' ? 'Inactive' : 'Active',
          statusSpan: status?.span,
          created,
          lastUsed,
          span,
        };
        if (this.more(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    return this.takeA(base);
  }

  tags(): Tag[] {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const base = this.ta;
    const keys = this.tagKeys;
    keys.length = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        repeatCheck(keys, key);
        const keySpan = { start: this.k0, end: this.k1 };
        const value = this.optString();
        if (value) this.a[this.ta++] = { key, value: value.value, keySpan, valueSpan: value.span };
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    return this.takeA(base);
  }

  // ---- policy documents (what core/policy/parse.ts's parsePolicyNode builds from a tree) ----

  document(kind: PolicyKind): PolicyDocument {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    const span = { start, end: start };
    const statements: Statement[] = [];
    const findings: Finding[] = [];
    const doc = { statements, span, uri: this.uri, kind, findings } as unknown as PolicyDocument;
    const json: Record<string, unknown> = {};
    doc.json = json; // filled below; set now, as the general reader sets it before the rest
    let seen = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        switch (key) {
          case 'Version':
            seen = once(seen, 1);
            doc.version = this.string();
            json.Version = doc.version.value;
            break;
          case 'Id':
            seen = once(seen, 2);
            doc.id = this.string();
            json.Id = doc.id.value;
            break;
          case 'Statement': {
            seen = once(seen, 4);
            const vs = this.pos;
            const c = text.charCodeAt(this.pos);
            if (c === OPEN_BRACE) {
              doc.statements.push(this.statement(0));
              json.Statement = this.j;
            } else if (c === OPEN_BRACKET) {
              const base = this.ta;
              const jsonBase = this.tb;
              this.pos++;
              this.ws();
              if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
                for (;;) {
                  if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
                  const st = this.statement(this.ta - base);
                  this.a[this.ta++] = st;
                  this.b[this.tb++] = this.j;
                  if (this.more(CLOSE_BRACKET)) break;
                }
              }
              this.pos++;
              doc.statements = this.takeA(base);
              json.Statement = this.takeB(jsonBase);
            } else throw UNUSUAL;
            doc.statementSpan = { start: vs, end: this.pos };
            break;
          }
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    span.end = this.pos;
    if (this.pos - start > MAX_POLICY_CHARS) throw UNUSUAL; // reported, and not read
    Object.setPrototypeOf(json, null);
    return doc;
  }

  /** A statement; its plain JSON in `j`. */
  statement(index: number): Statement {
    const text = this.text;
    const start = this.pos;
    const span = { start, end: start };
    const conditions: ConditionEntry[] = [];
    const st: Statement = { index, conditions, span };
    const json: Record<string, unknown> = {};
    let seen = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        switch (key) {
          case 'Sid':
            seen = once(seen, 1);
            st.sid = this.string();
            json.Sid = st.sid.value;
            break;
          case 'Effect':
            seen = once(seen, 2);
            st.effect = this.string();
            json.Effect = st.effect.value;
            break;
          case 'Action':
            seen = once(seen, 4);
            st.action = this.stringList();
            json.Action = this.j;
            break;
          case 'NotAction':
            seen = once(seen, 8);
            st.notAction = this.stringList();
            json.NotAction = this.j;
            break;
          case 'Resource':
            seen = once(seen, 16);
            st.resource = this.stringList();
            json.Resource = this.j;
            break;
          case 'NotResource':
            seen = once(seen, 32);
            st.notResource = this.stringList();
            json.NotResource = this.j;
            break;
          case 'Principal':
            seen = once(seen, 64);
            st.principal = this.principal();
            json.Principal = this.j;
            break;
          case 'NotPrincipal':
            seen = once(seen, 128);
            st.notPrincipal = this.principal();
            json.NotPrincipal = this.j;
            break;
          case 'Condition':
            seen = once(seen, 256);
            this.conditions(st);
            json.Condition = this.j;
            break;
          default:
            throw UNUSUAL;
        }
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    span.end = this.pos;
    this.j = Object.setPrototypeOf(json, null);
    return st;
  }

  /** A string or an array of strings; its plain JSON in `j`. */
  stringList(): StringList {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE) {
      const value = this.str();
      this.j = value;
      const itemSpan = { start: this.s0, end: this.s1 };
      const item = { value, span: itemSpan };
      const values = [item];
      const span = { start: this.s0, end: this.s1 };
      return { values, span, single: true };
    }
    if (c !== OPEN_BRACKET) throw UNUSUAL;
    const start = this.pos;
    const base = this.ta;
    const jsonBase = this.tb;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== QUOTE) throw UNUSUAL;
        const value = this.str();
        const span = { start: this.s0, end: this.s1 };
        this.a[this.ta++] = { value, span };
        this.b[this.tb++] = value;
        if (this.more(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    this.j = this.takeB(jsonBase);
    const span = { start, end: this.pos };
    return { values: this.takeA(base), span, single: false };
  }

  /** A Principal or NotPrincipal: "*" or an object of principal types; its plain JSON in `j`. */
  principal(): PrincipalBlock {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE) {
      const value = this.str();
      if (value !== '*') throw UNUSUAL;
      this.j = value;
      const entries: PrincipalEntry[] = [];
      const span = { start: this.s0, end: this.s1 };
      return { wildcard: true, entries, span };
    }
    if (c !== OPEN_BRACE) throw UNUSUAL;
    const start = this.pos;
    const base = this.ta;
    const json: Record<string, unknown> = {};
    const types = this.principalTypes;
    types.length = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const type = this.key();
        repeatCheck(types, type);
        if (type === '__proto__') throw UNUSUAL; // a key `json` can't be given before its prototype is taken away
        const typeSpan = { start: this.k0, end: this.k1 };
        const list = this.stringList();
        const located = { value: type, span: typeSpan };
        this.a[this.ta++] = { type: located, values: list.values };
        json[type] = this.j;
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    this.j = Object.setPrototypeOf(json, null);
    const span = { start, end: this.pos };
    return { wildcard: false, entries: this.takeA<PrincipalEntry>(base), span };
  }

  /** A Condition block into `st` (its entries, its span); its plain JSON in `j`. */
  conditions(st: Statement): void {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
    const blockStart = this.pos;
    const blockSpan = { start: blockStart, end: blockStart };
    st.conditionSpan = blockSpan;
    const base = this.ta;
    const json: Record<string, unknown> = {};
    const operators = this.operators;
    operators.length = 0;
    this.pos++;
    this.ws();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        const op = this.key();
        repeatCheck(operators, op);
        if (op === '__proto__') throw UNUSUAL;
        const operatorSpan = { start: this.k0, end: this.k1 };
        const operator = { value: op, span: operatorSpan };
        if (text.charCodeAt(this.pos) !== OPEN_BRACE) throw UNUSUAL;
        const block: Record<string, unknown> = {};
        const keys = this.conditionKeys;
        keys.length = 0;
        this.pos++;
        this.ws();
        if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
          for (;;) {
            const keyStart = this.pos;
            const name = this.key();
            repeatCheck(keys, name.toLowerCase());
            if (name === '__proto__') throw UNUSUAL;
            const keySpan = { start: this.k0, end: this.k1 };
            const key = { value: name, span: keySpan };
            const valueStart = this.pos;
            let values: Located<ConditionScalar>[];
            if (text.charCodeAt(this.pos) === OPEN_BRACKET) {
              const valuesBase = this.ta;
              const itemsBase = this.tb;
              this.pos++;
              this.ws();
              if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
                for (;;) {
                  const v = this.scalar();
                  this.a[this.ta++] = v;
                  this.b[this.tb++] = v.value;
                  if (this.more(CLOSE_BRACKET)) break;
                }
              }
              this.pos++;
              values = this.takeA(valuesBase);
              block[name] = this.takeB(itemsBase);
            } else {
              const v = this.scalar();
              values = [v];
              block[name] = v.value;
            }
            const valuesSpan = { start: valueStart, end: this.pos };
            const span = { start: keyStart, end: this.pos };
            this.a[this.ta++] = { operator, key, values, valuesSpan, span };
            if (this.more(CLOSE_BRACE)) break;
          }
        }
        this.pos++;
        json[op] = Object.setPrototypeOf(block, null);
        if (this.more(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    blockSpan.end = this.pos;
    st.conditions = this.takeA(base);
    this.j = Object.setPrototypeOf(json, null);
  }

  /** A condition value: a string, a number or a boolean. */
  scalar(): Located<ConditionScalar> {
    const c = this.text.charCodeAt(this.pos);
    const start = this.pos;
    if (c === QUOTE) {
      const value = this.str();
      const span = { start, end: this.pos };
      return { value, span };
    }
    if (c === LOWER_T || c === LOWER_F) {
      const value = this.bool();
      const span = { start, end: this.pos };
      return { value, span };
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      const value = this.number();
      const span = { start, end: this.pos };
      return { value, span };
    }
    throw UNUSUAL;
  }

  // ---- values ----

  /** A string (else the general reader reports the type). */
  string(): Located<string> {
    if (this.text.charCodeAt(this.pos) !== QUOTE) throw UNUSUAL;
    const value = this.str();
    const span = { start: this.s0, end: this.s1 };
    return { value, span };
  }

  /** A string, or null (undefined). */
  optString(): Located<string> | undefined {
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) {
      const value = this.str();
      const span = { start: this.s0, end: this.s1 };
      return { value, span };
    }
    if (c === LOWER_N) {
      this.word('null');
      return undefined;
    }
    throw UNUSUAL;
  }

  /** An ISO 8601 date string, or null (undefined). */
  optDate(): Located<string> | undefined {
    const s = this.optString();
    if (s && !isIsoDate(s.value)) throw UNUSUAL;
    return s;
  }

  optNumber(): Located<number> | undefined {
    const c = this.text.charCodeAt(this.pos);
    const start = this.pos;
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      const value = this.number();
      const span = { start, end: this.pos };
      return { value, span };
    }
    if (c === LOWER_N) {
      this.word('null');
      return undefined;
    }
    throw UNUSUAL;
  }

  optBoolean(): Located<boolean> | undefined {
    const c = this.text.charCodeAt(this.pos);
    const start = this.pos;
    if (c === LOWER_T || c === LOWER_F) {
      const value = this.bool();
      const span = { start, end: this.pos };
      return { value, span };
    }
    if (c === LOWER_N) {
      this.word('null');
      return undefined;
    }
    throw UNUSUAL;
  }

  // ---- tokens (read exactly as core/json/fast.ts reads them; anything it gives up on, the whole text gives way) ----

  bool(): boolean {
    if (this.text.charCodeAt(this.pos) === LOWER_T) {
      this.word('true');
      return true;
    }
    this.word('false');
    return false;
  }

  word(w: string): void {
    if (!this.text.startsWith(w, this.pos)) throw FALLBACK;
    this.pos += w.length;
  }

  number(): number {
    const start = this.pos;
    const end = jsonNumberEnd(this.text, start);
    if (end < 0) throw FALLBACK;
    this.pos = end;
    return Number(this.text.slice(start, end));
  }

  /** The string token at `pos` (a quote), passed; its span in `s0`/`s1`. */
  str(): string {
    const text = this.text;
    const start = this.pos;
    const len = this.len;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= len) throw FALLBACK;
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) throw FALLBACK;
      i++;
    }
    this.s0 = start;
    this.s1 = this.pos = i + 1;
    if (!escaped) return text.slice(start + 1, i);
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      throw FALLBACK;
    }
  }

  /** A property's key and its colon, passed with the trivia after them; the key's token span in `k0`/`k1`. */
  key(): string {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== QUOTE) throw FALLBACK;
    const key = this.str();
    this.k0 = this.s0;
    this.k1 = this.s1;
    this.ws();
    if (text.charCodeAt(this.pos) !== COLON) throw FALLBACK;
    this.pos++;
    this.ws();
    return key;
  }

  /**
   * After a member of an object or array: true at the container's end (`close`, not passed; a trailing comma
   * allowed), false after a comma with more to come (passed, with the trivia after it).
   */
  more(close: number): boolean {
    const text = this.text;
    this.ws();
    const c = text.charCodeAt(this.pos);
    if (c === close) return true;
    if (c !== COMMA) throw FALLBACK;
    this.pos++;
    this.ws();
    return text.charCodeAt(this.pos) === close;
  }

  /** Whitespace and comments. */
  ws(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === TAB) pos++;
      else if (c === LF) this.line(++pos);
      else if (c === CR) pos++;
      else if (c === SLASH) {
        const next = text.charCodeAt(pos + 1);
        if (next === SLASH) {
          pos += 2;
          while (pos < this.len) {
            const d = text.charCodeAt(pos);
            if (d === LF || d === CR) break;
            pos++;
          }
        } else if (next === STAR) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw FALLBACK;
          this.lines(pos + 2, end);
          pos = end + 2;
        } else throw FALLBACK;
      } else break;
    }
    this.pos = pos;
  }
}

/** A key known to the object read once: the bit for it added to `seen` (a repeated key is reported: `UNUSUAL`). */
function once(seen: number, bit: number): number {
  if (seen & bit) throw UNUSUAL;
  return seen | bit;
}

/** A key of an open-ended object (tags, inline policies, ...) seen once (else `UNUSUAL`), recorded in `keys`. */
function repeatCheck(keys: string[], key: string): void {
  if (keys.length >= MAX_LINEAR_KEYS || keys.includes(key)) throw UNUSUAL;
  keys.push(key);
}
