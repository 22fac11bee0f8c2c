/**
 * Finding the "can become" edges out of one node: for each technique of the catalogue (techniques.ts), the
 * targets it could reach and, for each, the evaluator's answer to every request the technique makes, asked with
 * the node's session (its policies, groups, boundary, SCPs) and, where AWS reads one, the target's resource-based
 * policy (a role's trust policy). An edge exists only when every request is allowed; a request denied only for
 * want of condition keys makes the edge `possible`, as does a technique that needs a resource the files don't
 * describe.
 */
import type { PolicySource } from '../../engine/types';
import { actionMatcher } from '../../engine/actions';
import type { Matcher } from '../../engine/pattern';
import { referencedDocument, type AccountFile, type Group, type ManagedPolicy, type Role, type User, type Workspace } from '../../model';
import { parsePolicyText } from '../../policy/parse';
import type { PolicyDocument, Statement } from '../../policy/types';
import { ADMIN_PROBE_ACTIONS } from './admin';
import { ActionVocabulary, ask, charge, type Answer, type AskOptions, type EscalationNode, type Principal, type StepEvidence, type Variant } from './nodes';
import { EXISTING_RESOURCE_TECHNIQUES, PASS_ROLE_SERVICES, techniqueActions, type Confidence, type ExistingResourceTechnique } from './techniques';
import type { ContextInput } from '../../engine/types';
import { compileGlob, type GlobMatcher } from '../../text/glob';

/** A "can become" edge: `from` can act as `to` (a node id, or a hub of roles for techniques on existing resources). */
export interface EscalationEdge {
  from: string;
  to: string;
  technique: string;
  /** The actions the technique uses, in order. */
  actions: string[];
  confidence: Confidence;
  /** Each allowed request with the statements that allowed it. */
  steps: StepEvidence[];
  /** What the edge depends on, when possible: "if aws:MultiFactorAuthPresent", "if a Lambda function runs as the role". */
  note?: string;
}

/** What an edge leads to: a principal in a variant, or a hub (several roles, one of which some existing resource may run as). */
export type EdgeTarget = { principal: Principal; variant: Variant } | { hub: string; roles: Role[]; technique: string };

export interface FoundEdge {
  target: EdgeTarget;
  technique: string;
  actions: string[];
  confidence: Confidence;
  steps: StepEvidence[];
  note?: string;
}

let sharedVocabulary: ActionVocabulary | undefined;
/** One vocabulary for every graph: its per-document answers outlive a workspace (documents don't change). */
function vocabulary(): ActionVocabulary {
  return (sharedVocabulary ??= new ActionVocabulary(vocabularyActions()));
}

function vocabularyActions(): string[] {
  const all = new Set([...techniqueActions(), ...ADMIN_PROBE_ACTIONS, 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile']);
  for (let i = 0; i < PASS_ROLE_SERVICES.length; i++) {
    const s = PASS_ROLE_SERVICES[i];
    for (let j = 0, actions = s.actions; j < actions.length; j++) {
      const a = actions[j];
      all.add(a);
    }
    for (let k = 0, list = s.alternatives ?? []; k < list.length; k++) {
      const alt = list[k];
      for (let n = 0, items = alt.actions; n < items.length; n++) {
        const a = items[n];
        all.add(a);
      }
    }
  }
  return [...all];
}

interface TrustMention {
  type: 'AWS' | 'Service' | '*';
  value: string;
}

function trustMentions(trust: PolicyDocument | undefined): TrustMention[] {
  const out: TrustMention[] = [];
  if (!trust) return out;
  for (let i = 0, statements = trust.statements; i < statements.length; i++) {
    const s = statements[i];
    if (s.effect?.value !== 'Allow' || !s.principal) continue;
    if (s.principal.wildcard) out.push({ type: '*', value: '*' });
    for (let j = 0, entries = s.principal.entries; j < entries.length; j++) {
      const entry = entries[j];
      const type = entry.type.value;
      for (let k = 0, values = entry.values; k < values.length; k++) {
        const v = values[k];
        if (type === 'AWS') out.push(v.value === '*' ? { type: '*', value: '*' } : { type: 'AWS', value: v.value });
        else if (type === 'Service') out.push({ type: 'Service', value: v.value.toLowerCase() });
      }
    }
  }
  return out;
}

function accountOfAws(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(value)?.[1];
}

function trustSource(role: Role): PolicySource | undefined {
  return role.trustPolicy ? { doc: role.trustPolicy, id: `role/${role.name}/trust`, sourceType: 'role' } : undefined;
}

/** The bits of `EdgeFinder.baseFlags`. */
export const BASE_FLAGS = { entry: 1, probes: 2, existing: 4 } as const;

/** Bits of a document digest (`EdgeFinder.digestOf`); bits 2 and up are the admin probes. */
const DIGEST_ENTRY = 1;
const DIGEST_EXISTING = 2;

/** The actions of the techniques on existing resources (a principal that may do one is in the escalation signature). */
export const EXISTING_ACTIONS = EXISTING_RESOURCE_TECHNIQUES.flatMap((t) => t.alternatives.flat());

/** A principal as the files hold it: nothing rewritten, removed or added. */
function isBase(v: Variant): boolean {
  return !v.full && !v.noBoundary && !v.group;
}

/** Every edge out of a node needs an Allow for one of these (the rest of a technique comes after). */
const ENTRY_ACTIONS = [
  'sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:PassRole',
  'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy',
  'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AddUserToGroup', 'iam:DeleteUserPermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary', 'iam:PutUserPermissionsBoundary', 'iam:PutRolePermissionsBoundary',
];

/** The actions of the "rewrite its own permissions" techniques. */
const SELF_ACTIONS = [
  'iam:PutUserPolicy', 'iam:AttachUserPolicy', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy',
  'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AddUserToGroup',
];

const ADMIN_POLICY = (partition: string) => `arn:${partition}:iam::aws:policy/AdministratorAccess`;

const statementMatchers = new WeakMap<Statement, Matcher>();
function statementMatches(s: Statement, action: string): boolean {
  const list = s.action ?? s.notAction;
  if (!list) return false;
  let m = statementMatchers.get(s);
  if (!m) statementMatchers.set(s, (m = actionMatcher(list.values.map((v) => v.value))));
  return m(action) === !!s.action;
}

const globs = new Map<string, GlobMatcher>();
/** An ARN pattern as a matcher (IAM's `*` and `?`, ignoring case); policy variables match anything. */
function glob(pattern: string): GlobMatcher {
  let m = globs.get(pattern);
  if (!m) {
    if (globs.size > 20000) globs.clear();
    m = compileGlob(pattern.replace(/\$\{[^}]*\}/g, '*'), true);
    globs.set(pattern, m);
  }
  return m;
}

const serviceAnswers = new WeakMap<Role, Map<string, boolean>>();

/**
 * Whether the role's trust policy lets the service in, asked of the evaluator as the service; keys the service
 * supplies itself (aws:SourceAccount, aws:SourceArn) are missing here, and such a denial still counts as trusted.
 * Kept per role object (a role's trust policy is replaced with the role).
 */
function serviceTrusts(role: Role, service: string): boolean {
  let answers = serviceAnswers.get(role);
  if (!answers) serviceAnswers.set(role, (answers = new Map()));
  const trust = trustSource(role);
  // Charged once per run whether or not the answer is kept from an earlier run (see `charge`).
  const budgetKey = trust ? `service-trust|${role.arn}|${service}` : undefined;
  if (budgetKey) charge(budgetKey);
  let a = answers.get(service);
  if (a === undefined) {
    const r = trust ? ask({ principal: { arn: service }, policies: {} }, 'sts:AssumeRole', role.arn, undefined, { resourcePolicy: trust, resourceKind: 'trust', budgetKey }) : undefined;
    a = !!r && (r.ok || r.keys.length > 0);
    answers.set(service, a);
  }
  return a;
}

/**
 * Per workspace: indexes of who trusts whom, and the prefilter. One finder serves every node of a graph.
 */
export class EdgeFinder {
  readonly vocabulary = vocabulary();
  private readonly rolesNaming = new Map<string, Role[]>();
  private readonly rolesTrustingAccount = new Map<string, Role[]>();
  private readonly rolesTrustingAnyone: Role[] = [];
  /** `account|service` → roles of the account whose trust lets the service in (the evaluator decides). */
  private serviceRoles: Map<string, Role[]> | undefined;
  private readonly serviceMentions: { role: Role; service: string; accountId: string }[] = [];
  private readonly selfTrust = new Map<string, PolicySource>();
  private readonly mayCache = new Map<string, Uint32Array>();
  private readonly entryMask: Uint32Array;
  private readonly probeMask: Uint32Array;
  /** The existing-resource techniques' actions; undefined when one is outside the vocabulary (then always "may"). */
  private readonly existingMask: Uint32Array | undefined;
  /** Per principal as the files hold it (its BASE node): `BASE_FLAGS` bits, from its documents' vectors. */
  private readonly baseFlagsOf = new Map<Principal, number>();
  /** Per group: the digest of its own documents (a user's groups are shared by many users; see `digestOf`). */
  private readonly groupDigests = new Map<Group, number>();
  /** Per document vector (and per action pattern's bits): its digest (`digestOf`). */
  private readonly digests = new WeakMap<Uint32Array, number>();
  /** Per document: the digest of its vector (`documentDigest`), without the vector. */
  private readonly documentDigests = new WeakMap<PolicyDocument, number>();
  /** Per action pattern as written: the digest of the bits it sets. */
  private readonly patternDigests = new Map<string, number>();
  /** The vocabulary indices of `probeMask`'s bits, in order: bit k + 2 of a digest stands for the k-th. */
  private readonly probeBits: number[] = [];
  /** The digest bits of every probe. */
  private readonly allProbes: number;
  private isAdminPrincipal: (p: Principal) => boolean = () => false;

  constructor(
    readonly workspace: Workspace,
    readonly context: ContextInput | undefined,
  ) {
    // The actions that start an edge: a node whose identity Allows match none of them has no edge out (the
    // existing-resource techniques are asked lazily, from the roles' side).
    const entry = new Set(ENTRY_ACTIONS.map((a) => a.toLowerCase()));
    this.entryMask = this.vocabulary.vector(this.vocabulary.actions.map((a, i) => (entry.has(a.toLowerCase()) ? i : -1)).filter((i) => i >= 0));
    this.probeMask = this.vocabulary.vector(ADMIN_PROBE_ACTIONS.map((a) => this.vocabulary.index.get(a.toLowerCase())!));
    const existing = EXISTING_ACTIONS.map((a) => this.vocabulary.index.get(a.toLowerCase()));
    this.existingMask = existing.some((i) => i === undefined) ? undefined : this.vocabulary.vector(existing as number[]);
    for (let i = 0; i < this.probeMask.length * 32; i++) if (ActionVocabulary.has(this.probeMask, i)) this.probeBits.push(i);
    // ADMIN_PROBES has 12 actions; a digest has room for 29.
    if (this.probeBits.length > 29) throw new Error('too many admin probes for a digest');
    this.allProbes = 0;
    for (let k = 0; k < this.probeBits.length; k++) this.allProbes |= 1 << (k + 2);
    for (let j = 0, files = workspace.files; j < files.length; j++) {
      const f = files[j];
      for (const role of f.roles.values()) {
        const seen = new Set<string>();
        for (let n = 0, items = trustMentions(role.trustPolicy); n < items.length; n++) {
          const m = items[n];
          if (m.type === '*') {
            if (!seen.has('*')) this.rolesTrustingAnyone.push(role);
            seen.add('*');
          } else if (m.type === 'AWS') {
            const account = /^\d{12}$/.test(m.value) || /:root$/.test(m.value) ? accountOfAws(m.value) : undefined;
            const key = account ? `account:${account}` : `arn:${m.value.toLowerCase()}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const map = account ? this.rolesTrustingAccount : this.rolesNaming;
            const k = account ?? m.value.toLowerCase();
            const list = map.get(k);
            if (list) list.push(role);
            else map.set(k, [role]);
          } else if (!seen.has(`service:${m.value}`)) {
            seen.add(`service:${m.value}`);
            this.serviceMentions.push({ role, service: m.value, accountId: f.accountId });
          }
        }
      }
    }
  }

  /** `account|service` → roles, worked out on first use (the evaluator is asked about each service a trust names). */
  private serviceIndex(): Map<string, Role[]> {
    if (this.serviceRoles) return this.serviceRoles;
    const index = new Map<string, Role[]>();
    for (let i = 0, serviceMentions = this.serviceMentions; i < serviceMentions.length; i++) {
      const { role, service, accountId } = serviceMentions[i];
      if (!serviceTrusts(role, service)) continue;
      const k = `${accountId}|${service}`;
      const list = index.get(k);
      if (list) list.push(role);
      else index.set(k, [role]);
    }
    this.serviceRoles = index;
    return index;
  }

  /**
   * What a principal as the files hold it (its BASE node) may do, as `BASE_FLAGS` bits: the same answers as
   * `mayAnything`, `mayAllProbes` and `mayAnyOf(EXISTING_ACTIONS)` on its node's `mayVector`, without building
   * the node's documents and vector (most principals of a big account may do none of it: their nodes never need
   * either). Kept per principal for the finder's life, as `mayVector` is per node.
   */
  baseFlags(p: Principal): number {
    let flags = this.baseFlagsOf.get(p);
    if (flags !== undefined) return flags;
    let digest = this.documentsDigest(p);
    if (p.kind === 'user') {
      const groups = p.memberOf;
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        let gd = this.groupDigests.get(g);
        if (gd === undefined) this.groupDigests.set(g, (gd = this.documentsDigest(g)));
        digest |= gd;
      }
    }
    flags = this.existingMask ? 0 : BASE_FLAGS.existing;
    if (digest & DIGEST_ENTRY) flags |= BASE_FLAGS.entry;
    if (digest & DIGEST_EXISTING) flags |= BASE_FLAGS.existing;
    if ((digest & this.allProbes) === this.allProbes) flags |= BASE_FLAGS.probes;
    this.baseFlagsOf.set(p, flags);
    return flags;
  }

  /**
   * The part of a vector `baseFlags` reads, as one number: DIGEST_ENTRY when it meets `entryMask`, DIGEST_EXISTING
   * when it meets `existingMask`, and one bit per bit of `probeMask` it holds (`probeBits`). The OR of documents'
   * digests is the digest of the OR of their vectors (each part is a per-bit test), so a principal's answer is the
   * OR of a few numbers instead of its documents' vectors ORed word by word. Kept per vector (one per document).
   */
  private digestOf(v: Uint32Array): number {
    let d = this.digests.get(v);
    if (d !== undefined) return d;
    d = 0;
    for (let w = 0; w < v.length; w++) {
      if (v[w] & this.entryMask[w]) d |= DIGEST_ENTRY;
      if (this.existingMask && v[w] & this.existingMask[w]) d |= DIGEST_EXISTING;
    }
    for (let k = 0; k < this.probeBits.length; k++) if (ActionVocabulary.has(v, this.probeBits[k])) d |= 1 << (k + 2);
    this.digests.set(v, d);
    return d;
  }

  /** The OR of the digests of an entity's own documents (attached and inline), as `identityDocuments` lists them. */
  private documentsDigest(e: User | Role | Group): number {
    let d = 0;
    const policies = e.policies;
    for (let i = 0; i < policies.length; i++) {
      const doc = referencedDocument(policies[i]);
      if (doc) d |= this.documentDigest(doc);
    }
    const inline = e.inlinePolicies;
    for (let i = 0; i < inline.length; i++) d |= this.documentDigest(inline[i].document);
    return d;
  }

  /**
   * `digestOf(vocabulary.of(doc))`, worked out as the OR of its Allow statements' action patterns' digests (the
   * vector is the OR of the patterns' bits, and a digest is a per-bit test): the prefilter asks about every
   * document of every principal, and most never need their vector (their principal gets no node). A document with
   * an Allow NotAction goes through its vector.
   */
  private documentDigest(doc: PolicyDocument): number {
    let d = this.documentDigests.get(doc);
    if (d !== undefined) return d;
    d = 0;
    const statements = doc.statements;
    for (let k = 0; k < statements.length; k++) {
      const s = statements[k];
      if (s.effect?.value !== 'Allow') continue;
      if (s.action) {
        const vs = s.action.values;
        for (let i = 0; i < vs.length; i++) d |= this.patternDigest(vs[i].value);
      } else if (s.notAction) {
        d = this.digestOf(this.vocabulary.of(doc));
        break;
      }
    }
    this.documentDigests.set(doc, d);
    return d;
  }

  /** The digest of the bits an action pattern sets (`ActionVocabulary.patternBits`), kept per pattern. */
  private patternDigest(pattern: string): number {
    let d = this.patternDigests.get(pattern);
    if (d === undefined) {
      const bits = this.vocabulary.patternBits(pattern);
      d = bits ? this.digestOf(bits) : 0;
      if (this.patternDigests.size > 20000) this.patternDigests.clear();
      this.patternDigests.set(pattern, d);
    }
    return d;
  }

  /** 1 per vocabulary action some identity Allow of the node may match (all, for a rewritten node). */
  mayVector(node: EscalationNode): Uint32Array {
    let v = this.mayCache.get(node.id);
    if (!v) {
      if (node.variant.full) v = this.vocabulary.vector();
      else if (node.variant.group) v = this.vocabulary.union(undefined, node.documents);
      else v = this.vocabulary.union(node.principal, node.documents);
      this.mayCache.set(node.id, v);
    }
    return v;
  }

  may(node: EscalationNode, action: string): boolean {
    const i = this.vocabulary.index.get(action.toLowerCase());
    return i === undefined ? true : ActionVocabulary.has(this.mayVector(node), i);
  }

  private readonly masks = new WeakMap<readonly string[], Uint32Array>();
  /** Whether the node may do any of the actions (`may` for each, with the list's mask made once). */
  mayAnyOf(node: EscalationNode, actions: readonly string[]): boolean {
    let mask = this.masks.get(actions);
    if (!mask) {
      const known = actions.map((a) => this.vocabulary.index.get(a.toLowerCase()));
      // An action outside the vocabulary is one `may` says yes to.
      if (known.some((i) => i === undefined)) return true;
      this.masks.set(actions, (mask = this.vocabulary.vector(known as number[])));
    }
    const v = this.mayVector(node);
    for (let w = 0; w < v.length; w++) if (v[w] & mask[w]) return true;
    return false;
  }

  /** Whether the node may do any action a technique needs (the cheap test before asking anything). */
  mayAnything(node: EscalationNode): boolean {
    if (isBase(node.variant)) return (this.baseFlags(node.principal) & BASE_FLAGS.entry) !== 0;
    const v = this.mayVector(node);
    for (let w = 0; w < v.length; w++) if (v[w] & this.entryMask[w]) return true;
    return false;
  }

  /** Whether identity Allows may match every admin probe (else the node is no administrator). */
  mayAllProbes(node: EscalationNode): boolean {
    if (isBase(node.variant)) return (this.baseFlags(node.principal) & BASE_FLAGS.probes) !== 0;
    const v = this.mayVector(node);
    for (let w = 0; w < v.length; w++) if ((v[w] & this.probeMask[w]) !== this.probeMask[w]) return false;
    return true;
  }

  private file(p: Principal): AccountFile | undefined {
    return this.workspace.file(p.uri);
  }

  /** Roles of the node's account that `service` may assume. */
  rolesFor(accountId: string, service: string): Role[] {
    return this.serviceIndex().get(`${accountId}|${service}`) ?? [];
  }

  /** The resources to ask a "create" action on: `*`, and the node's own Allow statements' resource patterns for it. */
  private candidates(node: EscalationNode, action: string): string[] {
    const out = new Set<string>(['*']);
    if (!node.variant.full) {
      for (let i = 0, documents = node.documents; i < documents.length; i++) {
        const d = documents[i];
        for (let j = 0, statements = d.statements; j < statements.length; j++) {
          const s = statements[j];
          if (s.effect?.value !== 'Allow' || !s.resource || !statementMatches(s, action)) continue;
          for (let k = 0, values = s.resource.values; k < values.length; k++) {
            const r = values[k];
            if (out.size < 8) out.add(r.value);
          }
        }
      }
    }
    return [...out];
  }

  /**
   * A cheap test of the targets worth asking about: the resource patterns of the node's Allow statements for the
   * action (variables match anything; NotResource and a rewritten node: everything). The evaluator decides the rest.
   */
  private targets(node: EscalationNode, action: string): (arn: string) => boolean {
    if (node.variant.full) return () => true;
    const patterns: GlobMatcher[] = [];
    for (let i = 0, documents = node.documents; i < documents.length; i++) {
      const d = documents[i];
      for (let j = 0, statements = d.statements; j < statements.length; j++) {
        const s = statements[j];
        if (s.effect?.value !== 'Allow' || !statementMatches(s, action)) continue;
        if (!s.resource) return () => true;
        for (let k = 0, values = s.resource.values; k < values.length; k++) {
          const r = values[k];
          if (r.value === '*') return () => true;
          patterns.push(glob(r.value));
        }
      }
    }
    return (arn) => patterns.some((p) => p(arn));
  }

  /** Asks a request the caller chooses the resource name of: any candidate allowed is enough. */
  private askCreate(node: EscalationNode, action: string): Answer {
    let keys: string[] = [];
    if (!this.may(node, action)) return { ok: false, action, keys };
    for (let i = 0, list = this.candidates(node, action); i < list.length; i++) {
      const r = list[i];
      const a = ask(node.session, action, r, this.context, { resourceAccount: node.accountId });
      if (a.ok) return a;
      if (a.keys.length && !keys.length) keys = a.keys;
    }
    return { ok: false, action, keys };
  }

  private askOn(node: EscalationNode, action: string, resource: string, o: AskOptions = {}): Answer {
    if (!this.may(node, action)) return { ok: false, action, keys: [] };
    return ask(node.session, action, resource, this.context, o);
  }

  /** A synthetic trust policy letting the node's principal in (what iam:UpdateAssumeRolePolicy would write). */
  private trustFor(node: EscalationNode): PolicySource {
    let s = this.selfTrust.get(node.principal.arn);
    if (!s) {
      const doc = parsePolicyText(
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: node.principal.arn }, Action: 'sts:AssumeRole' }] }),
        'escalation:rewritten-trust',
        'trust',
      );
      s = { doc, id: `a trust policy letting ${node.principal.arn} in (written by the caller)`, sourceType: 'role' };
      this.selfTrust.set(node.principal.arn, s);
    }
    return s;
  }

  /**
   * A principal whose node as the files hold it starts no edge (`noEdges`) and is no administrator (`mayAllProbes`
   * false), answered from its prefilter bits without making the node.
   */
  quietPrincipal(p: Principal): boolean {
    return (this.baseFlags(p) & (BASE_FLAGS.entry | BASE_FLAGS.probes)) === 0 && !this.rolesNaming.has(p.arn.toLowerCase());
  }

  /** True when `edgesOf` finds nothing at once: no entry action may be allowed, and no role's trust names the principal. */
  noEdges(node: EscalationNode): boolean {
    return !this.mayAnything(node) && !this.rolesNaming.has(node.principal.arn.toLowerCase());
  }

  /** Every edge out of a node. */
  edgesOf(node: EscalationNode, o: { admin: boolean; isAdmin: (p: Principal) => boolean }): FoundEdge[] {
    const out: FoundEdge[] = [];
    if (this.noEdges(node)) return out;
    // An administrator can already do what its account's principals can (up to resource policies naming them):
    // only its way into other accounts, by assuming roles there, adds anything (the roles of its own account are not
    // asked about: a big account's administrators would ask about every role that trusts the account).
    const assumed = this.assumeEdges(node, out, o.admin);
    if (o.admin) return out.filter((e) => 'principal' in e.target && this.workspace.file(e.target.principal.uri)?.accountId !== node.accountId);
    this.isAdminPrincipal = o.isAdmin;
    this.updateTrustEdges(node, assumed, out);
    this.credentialEdges(node, out);
    this.selfEdges(node, out);
    this.passRoleEdges(node, out);
    this.modifyThenBecome(node, out);
    return out;
  }

  private push(out: FoundEdge[], target: EdgeTarget, technique: string, answers: Answer[], extraNote?: string, forcePossible = false): boolean {
    const steps: StepEvidence[] = [];
    const keys: string[] = [];
    for (let i = 0; i < answers.length; i++) {
      const a = answers[i];
      if (a.ok) steps.push(a.evidence);
      else if (a.keys.length) {
        keys.push(...a.keys);
        if (a.evidence) steps.push(a.evidence);
      }
      else return false;
    }
    const possible = forcePossible || keys.length > 0;
    const notes = [...new Set([keys.length ? `if the request carries ${[...new Set(keys)].join(', ')}` : '', ...(extraNote?.split('; ') ?? [])])].filter(Boolean);
    out.push({
      target,
      technique,
      actions: answers.map((a) => a.action),
      confidence: possible ? 'possible' : 'certain',
      steps,
      note: notes.length ? notes.join('; ') : undefined,
    });
    return true;
  }

  private assumeEdges(node: EscalationNode, out: FoundEdge[], otherAccountsOnly = false): Set<Role> {
    const done = new Set<Role>();
    const candidates = new Set<Role>(this.rolesNaming.get(node.principal.arn.toLowerCase()) ?? []);
    if (this.may(node, 'sts:AssumeRole')) {
      for (let i = 0, list = this.rolesTrustingAccount.get(node.accountId) ?? []; i < list.length; i++) {
        const r = list[i];
        candidates.add(r);
      }
      for (let j = 0, rolesTrustingAnyone = this.rolesTrustingAnyone; j < rolesTrustingAnyone.length; j++) {
        const r = rolesTrustingAnyone[j];
        candidates.add(r);
      }
      // A role naming a principal of this account by ARN other than this one doesn't let it in.
    }
    for (const role of candidates) {
      if (role === node.principal) continue;
      if (otherAccountsOnly && this.workspace.file(role.uri)?.accountId === node.accountId) continue;
      const trust = trustSource(role);
      if (!trust) continue;
      const a = ask(node.session, 'sts:AssumeRole', role.arn, this.context, { resourcePolicy: trust, resourceKind: 'trust' });
      if (!a.ok && !a.keys.length) continue;
      const steps = a.ok ? [a.evidence] : a.evidence ? [a.evidence] : [];
      out.push({
        target: { principal: role, variant: { full: false, noBoundary: false } },
        technique: 'assume-role',
        actions: ['sts:AssumeRole'],
        confidence: a.ok ? 'certain' : 'possible',
        steps,
        note: a.ok ? undefined : `if the request carries ${a.keys.join(', ')}`,
      });
      done.add(role);
    }
    return done;
  }

  private updateTrustEdges(node: EscalationNode, assumed: Set<Role>, out: FoundEdge[]): void {
    if (!this.may(node, 'iam:UpdateAssumeRolePolicy') || !this.may(node, 'sts:AssumeRole')) return;
    const file = this.workspace.fileForAccount(node.accountId);
    if (!file) return;
    const trust = this.trustFor(node);
    const on = this.targets(node, 'iam:UpdateAssumeRolePolicy');
    for (const role of file.roles.values()) {
      if (role === node.principal || assumed.has(role) || role.serviceLinked || !on(role.arn)) continue;
      const update = this.askOn(node, 'iam:UpdateAssumeRolePolicy', role.arn);
      if (!update.ok && !update.keys.length) continue;
      const assume = ask(node.session, 'sts:AssumeRole', role.arn, this.context, { resourcePolicy: trust, resourceKind: 'trust' });
      this.push(out, { principal: role, variant: { full: false, noBoundary: false } }, 'update-assume-role-policy', [update, assume]);
    }
  }

  private credentialEdges(node: EscalationNode, out: FoundEdge[]): void {
    const key = this.may(node, 'iam:CreateAccessKey');
    const create = this.may(node, 'iam:CreateLoginProfile');
    const update = this.may(node, 'iam:UpdateLoginProfile');
    if (!key && !create && !update) return;
    const file = this.workspace.fileForAccount(node.accountId);
    if (!file) return;
    const keyOn = key ? this.targets(node, 'iam:CreateAccessKey') : undefined;
    const createOn = create ? this.targets(node, 'iam:CreateLoginProfile') : undefined;
    const updateOn = update ? this.targets(node, 'iam:UpdateLoginProfile') : undefined;
    for (const user of file.users.values()) {
      if (user === node.principal) continue;
      if (!keyOn?.(user.arn) && !createOn?.(user.arn) && !updateOn?.(user.arn)) continue;
      const target = { principal: user, variant: { full: false, noBoundary: false } };
      if (key && this.push(out, target, 'create-access-key', [this.askOn(node, 'iam:CreateAccessKey', user.arn)])) continue;
      const hasPassword = user.console?.enabled === true;
      if (!hasPassword && create && this.push(out, target, 'create-login-profile', [this.askOn(node, 'iam:CreateLoginProfile', user.arn)])) continue;
      if (hasPassword && update) this.push(out, target, 'update-login-profile', [this.askOn(node, 'iam:UpdateLoginProfile', user.arn)]);
    }
  }

  /** Ways to change a principal's own identity permissions, as (technique, action, resource, context) requests. */
  private rewriteRequests(p: Principal, partition: string): { technique: string; action: string; resource: string; context?: ContextInput; possible?: string }[] {
    const admin = ADMIN_POLICY(partition);
    const reqs: { technique: string; action: string; resource: string; context?: ContextInput; possible?: string }[] = [];
    if (p.kind === 'user') {
      reqs.push({ technique: 'put-user-policy', action: 'iam:PutUserPolicy', resource: p.arn });
      reqs.push({ technique: 'attach-user-policy', action: 'iam:AttachUserPolicy', resource: p.arn, context: { 'iam:PolicyARN': admin } });
      for (let i = 0, memberOf = p.memberOf; i < memberOf.length; i++) {
        const g = memberOf[i];
        reqs.push({ technique: 'put-group-policy', action: 'iam:PutGroupPolicy', resource: g.arn });
        reqs.push({ technique: 'attach-group-policy', action: 'iam:AttachGroupPolicy', resource: g.arn, context: { 'iam:PolicyARN': admin } });
      }
    } else {
      reqs.push({ technique: 'put-role-policy', action: 'iam:PutRolePolicy', resource: p.arn });
      reqs.push({ technique: 'attach-role-policy', action: 'iam:AttachRolePolicy', resource: p.arn, context: { 'iam:PolicyARN': admin } });
    }
    const customer = new Set<ManagedPolicy>();
    const holders: (User | Role | Group)[] = [p, ...(p.kind === 'user' ? p.memberOf : [])];
    for (let j = 0; j < holders.length; j++) {
      const h = holders[j];
      for (let k = 0, policies = h.policies; k < policies.length; k++) {
        const r = policies[k];
        if (r.target?.kind === 'customer') customer.add(r.target.policy);
      }
    }
    for (const pol of customer) {
      reqs.push({ technique: 'create-policy-version', action: 'iam:CreatePolicyVersion', resource: pol.arn });
      if (pol.versions?.value !== 1) {
        reqs.push({
          technique: 'set-default-policy-version',
          action: 'iam:SetDefaultPolicyVersion',
          resource: pol.arn,
          possible: `if a stored version of ${pol.name} allows more (the files don't hold older versions)`,
        });
      }
    }
    return reqs;
  }

  private selfEdges(node: EscalationNode, out: FoundEdge[]): void {
    const p = node.principal;
    const v = node.variant;
    if (!v.full && SELF_ACTIONS.some((a) => this.may(node, a))) {
      for (let i = 0, list = this.rewriteRequests(p, node.partition); i < list.length; i++) {
        const r = list[i];
        const a = this.askOn(node, r.action, r.resource, { context: r.context });
        if (this.push(out, { principal: p, variant: { ...v, full: true, group: undefined } }, r.technique, [a], r.possible, !!r.possible) && !r.possible) break;
      }
      if (p.kind === 'user' && !v.group && this.may(node, 'iam:AddUserToGroup')) {
        const file = this.file(p);
        const on = this.targets(node, 'iam:AddUserToGroup');
        for (const g of file?.groups.values() ?? []) {
          if (p.memberOf.includes(g) || !on(g.arn)) continue;
          const a = this.askOn(node, 'iam:AddUserToGroup', g.arn);
          this.push(out, { principal: p, variant: { ...v, group: g } }, 'add-user-to-group', [a]);
        }
      }
    }
    if (!v.noBoundary && p.permissionsBoundary) {
      const del = p.kind === 'user' ? 'iam:DeleteUserPermissionsBoundary' : 'iam:DeleteRolePermissionsBoundary';
      const put = p.kind === 'user' ? 'iam:PutUserPermissionsBoundary' : 'iam:PutRolePermissionsBoundary';
      const target = { principal: p, variant: { ...v, noBoundary: true } };
      if (!this.push(out, target, 'delete-permissions-boundary', [this.askOn(node, del, p.arn)])) {
        this.push(out, target, 'put-permissions-boundary', [this.askOn(node, put, p.arn, { context: { 'iam:PermissionsBoundary': ADMIN_POLICY(node.partition) } })]);
      }
    }
  }

  private passRoleEdges(node: EscalationNode, out: FoundEdge[]): void {
    if (!this.may(node, 'iam:PassRole')) return;
    for (let i = 0; i < PASS_ROLE_SERVICES.length; i++) {
      const s = PASS_ROLE_SERVICES[i];
      const roles = this.rolesFor(node.accountId, s.service);
      if (!roles.length) continue;
      if (!s.actions.every((a) => this.may(node, a))) continue;
      const base = s.actions.map((a) => this.askCreate(node, a));
      if (base.some((a) => !a.ok && !a.keys.length)) continue;
      let extra: Answer[] = [];
      let extraNote: string | undefined;
      if (s.alternatives) {
        let found = false;
        for (let j = 0, alternatives = s.alternatives; j < alternatives.length; j++) {
          const alt = alternatives[j];
          const answers = alt.actions.map((a) => this.askCreate(node, a));
          if (answers.some((a) => !a.ok && !a.keys.length)) continue;
          extra = answers;
          extraNote = alt.possible ? `if ${alt.possible}` : undefined;
          found = true;
          if (!alt.possible && answers.every((a) => a.ok)) break;
        }
        if (!found) continue;
      }
      let profile: Answer[] | undefined;
      const on = this.targets(node, 'iam:PassRole');
      for (let k = 0; k < roles.length; k++) {
        const role = roles[k];
        if (role === node.principal || !on(role.arn)) continue;
        const pass = this.askOn(node, 'iam:PassRole', role.arn, { context: { 'iam:PassedToService': s.service } });
        if (!pass.ok && !pass.keys.length) continue;
        let more: Answer[] = [];
        if (s.instanceProfile && !role.instanceProfile) {
          profile ??= [
            this.askCreate(node, 'iam:CreateInstanceProfile'),
            this.askCreate(node, 'iam:AddRoleToInstanceProfile'),
          ];
          if (profile.some((a) => !a.ok && !a.keys.length)) continue;
          more = profile;
        }
        this.push(out, { principal: role, variant: { full: false, noBoundary: false } }, s.id, [pass, ...base, ...extra, ...more], extraNote, !!extraNote);
      }
    }
  }

  /**
   * The existing-resource technique's edge from a node to the roles it may lead to (roles of the node's account
   * the service may assume), or undefined. Asked lazily by the graph, only for roles a query cares about.
   */
  existingResourceEdge(node: EscalationNode, t: ExistingResourceTechnique): FoundEdge | undefined {
    if (!t.alternatives.some((alt) => alt.every((a) => this.may(node, a)))) return undefined;
    const roles = this.existingResourceRoles(node.accountId, t).filter((r) => r !== node.principal);
    if (!roles.length) return undefined;
    const resource = t.resource.replace('{partition}', node.partition).replace('{account}', node.accountId);
    const out: FoundEdge[] = [];
    for (let i = 0, alternatives = t.alternatives; i < alternatives.length; i++) {
      const alt = alternatives[i];
      if (!alt.every((a) => this.may(node, a))) continue;
      const answers = alt.map((a) => {
        const direct = ask(node.session, a, resource, this.context, { resourceAccount: node.accountId });
        return direct.ok ? direct : this.askCreate(node, a);
      });
      if (this.push(out, { hub: `${node.accountId}|${t.id}`, roles, technique: t.id }, t.id, answers, `if ${t.needs} exists`, true)) return out[0];
    }
    return undefined;
  }

  /** The roles of an account an existing resource of the technique's service may run as. */
  existingResourceRoles(accountId: string, t: ExistingResourceTechnique): Role[] {
    return this.rolesFor(accountId, t.service).filter((r) => !t.instanceProfile || r.instanceProfile);
  }

  /**
   * Reaching another principal with more than it has: the node can both become B (an edge found above) and
   * rewrite B's permissions (Put/Attach policy on B or its groups, a new version of B's policy).
   */
  private modifyThenBecome(node: EscalationNode, out: FoundEdge[]): void {
    const direct = out.filter((e): e is FoundEdge & { target: { principal: Principal; variant: Variant } } => 'principal' in e.target && e.target.principal !== node.principal && !e.target.variant.full);
    for (let i = 0; i < direct.length; i++) {
      const e = direct[i];
      const b = e.target.principal;
      if (this.isAdminPrincipal(b)) continue;
      for (let j = 0, list = this.rewriteRequests(b, node.partition); j < list.length; j++) {
        const r = list[j];
        if (r.possible) continue;
        const a = this.askOn(node, r.action, r.resource, { context: r.context });
        if (!a.ok && !a.keys.length) continue;
        const become = e.steps.map((s) => ({ ok: true as const, action: s.action, evidence: s }));
        const pushed = this.push(out, { principal: b, variant: { ...e.target.variant, full: true } }, r.technique, [a, ...become], e.note, e.confidence === 'possible');
        if (pushed) {
          const last = out[out.length - 1];
          last.actions = [r.action, ...e.actions];
          last.note = [...new Set([`then ${e.technique}`, ...(last.note?.split('; ') ?? [])])].join('; ');
          break;
        }
      }
    }
  }
}
