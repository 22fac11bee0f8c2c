import type { EntityRef, Plan } from './plan';
import { entityArns } from './plan';

/** Which resource depends on which, so a reference added into a policy document never closes a cycle. */
export class Dependencies {
  private readonly edges = new Map<string, Set<string>>();

  add(from: string, to: string): void {
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  /** True when `from` depends on `to`, directly or through others. */
  reaches(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of this.edges.get(n) ?? []) stack.push(m);
    }
    return false;
  }
}

const KIND_WORDS: Record<string, string> = {
  policy: 'policy', group: 'group', user: 'user', role: 'role', instanceProfile: 'instance profile', oidcProvider: 'OIDC provider', samlProvider: 'SAML provider',
};

function describe(id: string): string {
  const colon = id.indexOf(':');
  return `${KIND_WORDS[id.slice(0, colon)] ?? id.slice(0, colon)} "${id.slice(colon + 1)}"`;
}

export const node = (e: EntityRef['$entity']) => `${e.kind}:${e.name}`;

export function isEntityRef(v: unknown): v is EntityRef {
  return !!v && typeof v === 'object' && '$entity' in (v as object);
}

/**
 * Links policy documents to the plan's own entities: a string that is exactly the ARN of a user,
 * group, role, policy or OIDC provider of the plan becomes a reference, so the deployment creates
 * that entity first and uses its real ARN. A reference that would make the document's owner depend
 * on itself (directly or in a cycle) stays a literal ARN.
 */
export class DocumentLinker {
  private readonly arns: Map<string, EntityRef['$entity']>;
  /** ARNs left literal because a reference would close a dependency cycle, as notes. */
  readonly kept: string[] = [];

  constructor(plan: Plan, readonly deps: Dependencies) {
    this.arns = entityArns(plan);
  }

  /**
   * `trust`: the document is a trust policy, whose principals IAM checks when the role is created
   * (elsewhere an ARN of a missing entity is harmless), so a literal kept there is worth a note.
   */
  link(doc: unknown, owner: string, trust = false): unknown {
    if (typeof doc === 'string') {
      const target = this.arns.get(doc);
      if (!target) return doc;
      const to = node(target);
      if (to === owner) return doc;
      if (this.deps.reaches(to, owner)) {
        if (trust) this.kept.push(`${describe(owner)} names ${describe(to)}, which already depends on it: kept as the literal ARN in the trust policy, so ${describe(to)} must exist first (deploy twice, or split the template)`);
        return doc;
      }
      this.deps.add(owner, to);
      return { $entity: target } satisfies EntityRef;
    }
    if (Array.isArray(doc)) return doc.map((v) => this.link(v, owner, trust));
    if (doc && typeof doc === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc)) out[k] = this.link(v, owner, trust);
      return out;
    }
    return doc;
  }
}

/** Unique identifiers made from names: the same inputs always give the same identifiers. */
export class Identifiers {
  private readonly used = new Set<string>();

  constructor(private readonly caseInsensitive = false) {}

  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(this.caseInsensitive ? id.toLowerCase() : id); n++) id = `${wanted}${this.separator(wanted)}${n}`;
    this.used.add(this.caseInsensitive ? id.toLowerCase() : id);
    return id;
  }

  private separator(wanted: string): string {
    return /[a-z0-9]_/.test(wanted) || wanted.includes('_') ? '_' : '';
  }
}

/** `ci-bot` → `CiBot`, `S3ReadOnly` → `S3ReadOnly`: letters and digits only (CloudFormation logical ids). */
export function pascal(name: string): string {
  const s = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
  return s || 'X';
}

/** `S3ReadOnly` → `s3_read_only`, `ci-bot` → `ci_bot`: a Terraform resource name. */
export function snake(name: string): string {
  const s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!s) return 'x';
  return /^[0-9]/.test(s) ? `_${s}` : s;
}
