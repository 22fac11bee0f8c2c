/**
 * The graph of a workspace: users, groups, roles, policies, identity providers, instance profiles,
 * and the services and accounts that trust policies name, with the links between them. Built here
 * and only here: the language server's graph request and the CLI's `graph` command call
 * `buildGraph`; the webview only lays out and draws what it gets.
 *
 * Node ids are stable across edits: `<kind>:<accountId>:<name>` for IAM entities (and instance
 * profiles), `awsPolicy:<accountId>:<arn>` for an AWS managed policy (one node per account that attaches it),
 * `<kind>:<value>` for the rest (`service:ec2.amazonaws.com`,
 * `externalAccount:444455556666`, `account:<id>`, `identityProvider:<arn or host>`).
 * Edges point the way permissions flow (see core/analysis/graph/query.ts).
 */
import type { AccountFile, Entity, PolicyRef, Role, Workspace } from '../../model';
import type { Span } from '../../text/span';
import { AssumeResolver, type Assumer } from './assume';
import { EscalationGraph } from '../escalation/graph';
import { BudgetExceeded, withBudget } from '../escalation/nodes';
import { RULE_BUDGET } from '../rules/escalation/shared';
import type { Finding } from '../../findings';
import { attachFindings } from './findings';
import type { GraphAccount, GraphData, GraphEdge, GraphEdgeKind, GraphNode, GraphNodeKind, SourceLocation } from './types';

export interface GraphOptions {
  /** Only the accounts of these files (all files when omitted). Links to other files still show. */
  uris?: string[];
  /** Leave out the "can assume" edges (they need the evaluator; the rest is look-ups). */
  skipAssume?: boolean;
  /** Leave out the "can become" edges and administrator marks (core/analysis/escalation). */
  skipEscalation?: boolean;
  /**
   * The workspace's findings (the editor's diagnostics, `runRules` in the CLI): each entity's are put on its node
   * (`GraphNode.findings`, drawn as a badge). Without them the nodes carry none.
   */
  findings?: Iterable<Finding>;
}

export function entityNodeId(kind: GraphNodeKind, accountId: string, name: string): string {
  return `${kind}:${accountId}:${name}`;
}

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  constructor(private readonly workspace: Workspace) {}

  location(uri: string, span: Span | undefined): SourceLocation | undefined {
    const file = this.workspace.file(uri);
    if (!file || !span) return undefined;
    const start = file.lines.positionAt(span.start);
    const end = file.lines.positionAt(span.end);
    return { uri, range: { start, end } };
  }

  node(node: GraphNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
    return node.id;
  }

  edge(kind: GraphEdgeKind, source: string, target: string, label?: string): void {
    const id = `${kind}:${source}->${target}`;
    const existing = this.edges.get(id);
    if (existing) {
      // The same link twice (a policy listed twice, two trust statements): keep the stronger one.
      if (existing.label && !label) delete existing.label;
      return;
    }
    this.edges.set(id, label ? { id, kind, source, target, label } : { id, kind, source, target });
  }

  accountOf(uri: string): string {
    return this.workspace.file(uri)?.accountId ?? 'unknown';
  }

  entity(e: Entity): string {
    const account = this.accountOf(e.uri);
    const extra: string[] = [e.arn];
    if ('inlinePolicies' in e && e.inlinePolicies.length > 0) {
      extra.push(`${e.inlinePolicies.length} inline ${e.inlinePolicies.length === 1 ? 'policy' : 'policies'}: ${e.inlinePolicies.map((p) => p.name).join(', ')}`);
    }
    if (e.kind === 'role' && e.serviceLinked) extra.push('service-linked');
    if (e.kind === 'policy' && e.description?.value) extra.push(e.description.value);
    return this.node({
      id: entityNodeId(e.kind, account, e.name),
      kind: e.kind,
      label: e.name,
      detail: extra.join(' · '),
      location: this.location(e.uri, e.nameSpan),
      account,
    });
  }

  /**
   * The node a policy reference of `account` leads to; undefined when it dangles. An AWS managed policy is one
   * node per account that attaches it (`awsPolicy:<account>:<arn>`), drawn in that account's group: one shared
   * node would tie unrelated accounts' principals together.
   */
  policy(ref: PolicyRef, account: string): string | undefined {
    const t = ref.target;
    if (!t) return undefined;
    if (t.kind === 'customer') return this.entity(t.policy);
    const aws = (key: string, label: string, detail: string) => this.node({ id: `awsPolicy:${account}:${key}`, kind: 'awsPolicy', label, detail, account });
    if (t.kind === 'aws') return aws(t.arn, t.name, t.arn);
    if (t.kind === 'organization') return aws(t.policy.arn, t.policy.name, t.policy.arn);
    return aws(t.name, t.name, 'provided by AWS Organizations');
  }

  attach(owner: string, account: string, refs: PolicyRef[]): void {
    for (const ref of refs) {
      const p = this.policy(ref, account);
      if (p) this.edge('attached', owner, p);
    }
  }

  file(file: AccountFile): void {
    for (const p of file.policies.values()) this.entity(p);
    for (const p of file.identityProviders.values()) this.entity(p);
    const account = file.accountId;
    for (const g of file.groups.values()) this.attach(this.entity(g), account, g.policies);
    for (const u of file.users.values()) {
      const id = this.entity(u);
      for (const group of u.memberOf) this.edge('memberOf', id, this.entity(group));
      this.attach(id, account, u.policies);
      if (u.permissionsBoundary) {
        const b = this.policy(u.permissionsBoundary, account);
        if (b) this.edge('boundary', id, b);
      }
    }
    for (const r of file.roles.values()) {
      const id = this.entity(r);
      this.attach(id, account, r.policies);
      if (r.permissionsBoundary) {
        const b = this.policy(r.permissionsBoundary, account);
        if (b) this.edge('boundary', id, b);
      }
      if (r.instanceProfile) {
        const profile = this.node({
          id: entityNodeId('instanceProfile', file.accountId, r.instanceProfile.name),
          kind: 'instanceProfile',
          label: r.instanceProfile.name,
          detail: `arn:${file.account.partition}:iam::${file.accountId}:instance-profile/${r.instanceProfile.name}`,
          location: this.location(file.uri, r.instanceProfile.span),
          account: file.accountId,
        });
        this.edge('instanceProfile', profile, id);
      }
    }
  }

  assumer(a: Assumer): string | undefined {
    const at = this.location(a.uri, a.span);
    switch (a.kind) {
      case 'user':
      case 'role':
        return a.entity ? this.entity(a.entity) : undefined;
      case 'federated':
        if (a.entity) return this.entity(a.entity);
        return this.node({ id: `identityProvider:${a.value}`, kind: 'identityProvider', label: a.value.replace(/^arn:[^:]+:iam::\d*:(oidc|saml)-provider\//, ''), detail: a.value, location: at });
      case 'service':
        return this.node({ id: `service:${a.value}`, kind: 'service', label: a.value, detail: 'AWS service', location: at });
      case 'account': {
        const file = this.workspace.fileForAccount(a.value);
        const alias = file?.account.alias?.value;
        return this.node({
          id: `account:${a.value}`,
          kind: 'account',
          label: alias ? `${alias} (${a.value})` : a.value,
          detail: `Account ${a.value} of the workspace: its principals whose own policies allow sts:AssumeRole`,
          location: file?.account.id ? this.location(file.uri, file.account.id.span) : at,
          ...(file ? { account: a.value } : {}),
        });
      }
      case 'externalAccount':
        return this.node({ id: `externalAccount:${a.value}`, kind: 'externalAccount', label: a.value, detail: `Account ${a.value}, outside the workspace`, location: at });
      case 'anyone':
        return this.node({ id: 'externalAccount:*', kind: 'externalAccount', label: 'Any AWS principal (*)', detail: 'The trust policy names "*"', location: at });
    }
  }

  assume(resolver: AssumeResolver, role: Role): void {
    const target = this.entity(role);
    for (const a of resolver.assumersOf(role)) {
      const source = this.assumer(a);
      const label = [a.summary, a.conditional ? `if ${a.conditionKeys.join(', ')}` : undefined].filter(Boolean).join(', ');
      if (source) this.edge('canAssume', source, target, label || undefined);
    }
  }
}

/** Builds the graph of the workspace (or of some of its files). Never throws on user input. */
export function buildGraph(workspace: Workspace, options: GraphOptions = {}): GraphData {
  const builder = new GraphBuilder(workspace);
  const wanted = options.uris ? new Set(options.uris) : undefined;
  const files = workspace.files.filter((f) => !wanted || wanted.has(f.uri));
  for (const f of files) builder.file(f);
  if (!options.skipAssume) {
    const resolver = new AssumeResolver(workspace);
    for (const f of files) {
      for (const role of f.roles.values()) {
        try {
          builder.assume(resolver, role);
        } catch {
          // The evaluator must not take the whole graph down; this role just shows no assumers.
        }
      }
    }
  }
  if (!options.skipEscalation) {
    try {
      withBudget(RULE_BUDGET, () => escalationEdges(workspace, builder, files));
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e; // too big to work out here: the graph goes without them
    }
  }
  if (options.findings) attachFindings(workspace, builder.nodes, options.findings);
  const nodes = qualifyRepeatedNames(workspace, [...builder.nodes.values()]);
  return { nodes, edges: [...builder.edges.values()], accounts: graphAccounts(workspace, nodes) };
}

/** The accounts the nodes are drawn in, in the workspace's file order, each labelled with its alias and id. */
function graphAccounts(workspace: Workspace, nodes: GraphNode[]): GraphAccount[] {
  const used = new Set<string>();
  for (const n of nodes) if (n.account) used.add(n.account);
  const out: GraphAccount[] = [];
  const add = (id: string) => {
    if (!used.delete(id)) return;
    const alias = workspace.fileForAccount(id)?.account.alias?.value;
    out.push({ id, label: alias ? `${alias} (${id})` : id === 'unknown' ? 'account not given' : id });
  };
  for (const f of workspace.files) add(f.accountId);
  for (const id of [...used].sort()) add(id);
  return out;
}

/**
 * Names that repeat across accounts ("Admins" in two accounts, "github" as a user and a provider) say
 * their account: "Admins (acme-prod)". Only the label changes; ids stay as they are.
 */
export function qualifyRepeatedNames(workspace: Workspace, nodes: GraphNode[]): GraphNode[] {
  const accountOf = (n: GraphNode) => /^(?:user|group|role|policy|awsPolicy|identityProvider|instanceProfile):(\d{12}):/.exec(n.id)?.[1];
  const byLabel = new Map<string, Set<string | undefined>>();
  const count = new Map<string, number>();
  for (const n of nodes) {
    count.set(n.label, (count.get(n.label) ?? 0) + 1);
    let accounts = byLabel.get(n.label);
    if (!accounts) byLabel.set(n.label, (accounts = new Set()));
    accounts.add(accountOf(n));
  }
  const KIND_WORD: Partial<Record<GraphNodeKind, string>> = { instanceProfile: 'instance profile', identityProvider: 'provider' };
  return nodes.map((n) => {
    if ((count.get(n.label) ?? 0) < 2) return n;
    const account = accountOf(n);
    if (!account) return n;
    // Across accounts: the account says which; within one account (a role and its instance profile): the kind.
    if (byLabel.get(n.label)!.size > 1) return { ...n, label: `${n.label} (${workspace.fileForAccount(account)?.account.alias?.value ?? account})` };
    return { ...n, label: `${n.label} (${KIND_WORD[n.kind] ?? n.kind})` };
  });
}

/**
 * "Can become" edges between principals (privilege escalation, other than assuming a role, which the "can assume"
 * edges show), labelled with the technique; administrators marked. Certain edges only.
 */
function escalationEdges(workspace: Workspace, builder: GraphBuilder, files: AccountFile[]): void {
  const graph = new EscalationGraph(workspace);
  const shown = new Set(files);
  for (const { from, to, edge } of graph.allEdges()) {
    if (edge.technique === 'assume-role' || edge.confidence !== 'certain') continue;
    const a = workspace.file(from.principal.uri);
    if (!a || !shown.has(a)) continue;
    const label = from.principal === to.principal ? `${edge.technique} (itself)` : edge.technique;
    const target = from.principal === to.principal ? builder.entity(from.principal) : builder.entity(to.principal);
    builder.edge('canBecome', builder.entity(from.principal), target, label);
  }
  for (const p of graph.principals) {
    const f = workspace.file(p.uri);
    if (!f || !shown.has(f)) continue;
    const node = builder.nodes.get(entityNodeId(p.kind, f.accountId, p.name));
    if (node && graph.isAdmin(graph.node(p))) node.admin = true;
  }
}
