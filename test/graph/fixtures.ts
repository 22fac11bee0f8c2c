import type { GraphData, GraphEdge, GraphEdgeKind, GraphNode, GraphNodeKind } from '../../protocol';
import { rng } from '../support/random';

export const HOSTILE = '<img src=x onerror=alert(1)>';

const loc = (line: number) => ({
  uri: 'file:///work/acme.iam.json',
  range: { start: { line, character: 4 }, end: { line, character: 12 } },
});

/** A small hand-made graph: two users (one hostile), a group, roles, policies, a service, a provider. */
export function smallGraph(): GraphData {
  const a = '111111111111';
  const node = (kind: GraphNodeKind, name: string, line?: number): GraphNode => ({
    id: kind === 'awsPolicy' || kind === 'service' ? `${kind}:${name}` : `${kind}:${a}:${name}`,
    kind,
    label: name,
    detail: `arn:aws:iam::${a}:${kind}/${name}`,
    ...(line !== undefined ? { location: loc(line) } : {}),
  });
  const nodes = [
    node('user', 'alice', 10),
    node('user', HOSTILE, 20),
    node('user', 'bob', 30),
    node('group', 'Developers', 40),
    node('group', 'Admins', 45),
    node('role', 'app-server', 50),
    node('role', 'deploy', 60),
    node('policy', 'S3ReadOnly', 70),
    node('policy', 'DevBoundary', 80),
    node('awsPolicy', 'AdministratorAccess'),
    node('awsPolicy', 'AmazonRDSFullAccess'),
    node('service', 'ec2.amazonaws.com'),
    node('identityProvider', 'github', 90),
    node('instanceProfile', 'app-server', 50),
  ];
  const id = (kind: GraphNodeKind, name: string) => nodes.find((n) => n.kind === kind && n.label === name)!.id;
  const edges: GraphEdge[] = [];
  const edge = (kind: GraphEdgeKind, s: string, t: string) => edges.push({ id: `${kind}:${s}->${t}`, kind, source: s, target: t });
  edge('memberOf', id('user', 'alice'), id('group', 'Developers'));
  edge('memberOf', id('user', HOSTILE), id('group', 'Developers'));
  edge('memberOf', id('user', 'bob'), id('group', 'Admins'));
  edge('attached', id('group', 'Developers'), id('policy', 'S3ReadOnly'));
  edge('attached', id('group', 'Admins'), id('awsPolicy', 'AdministratorAccess'));
  edge('boundary', id('user', 'alice'), id('policy', 'DevBoundary'));
  edge('canAssume', id('user', 'alice'), id('role', 'deploy'));
  edge('attached', id('role', 'deploy'), id('awsPolicy', 'AdministratorAccess'));
  edge('canAssume', id('service', 'ec2.amazonaws.com'), id('role', 'app-server'));
  edge('canAssume', id('identityProvider', 'github'), id('role', 'deploy'));
  edge('attached', id('role', 'app-server'), id('awsPolicy', 'AmazonRDSFullAccess'));
  edge('instanceProfile', id('instanceProfile', 'app-server'), id('role', 'app-server'));
  return { nodes, edges };
}


/**
 * A synthetic account graph with the given counts, wired like a big real one: users in groups,
 * groups and roles with several managed policies, roles assumed by users, services and providers.
 */
export function syntheticGraph(counts: { users: number; groups: number; roles: number; policies: number; awsPolicies: number }): GraphData {
  const r = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const a = '222222222222';
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const make = (kind: GraphNodeKind, n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => {
      const name = `${prefix}-${String(i).padStart(4, '0')}`;
      const node: GraphNode = { id: `${kind}:${a}:${name}`, kind, label: name, detail: `arn:aws:iam::${a}:${kind}/${name}` };
      nodes.push(node);
      return node.id;
    });
  const users = make('user', counts.users, 'user');
  const groups = make('group', counts.groups, 'group');
  const roles = make('role', counts.roles, 'role');
  const policies = make('policy', counts.policies, 'policy');
  const aws = make('awsPolicy', counts.awsPolicies, 'AwsManaged');
  const services = make('service', 12, 'svc');
  const providers = make('identityProvider', 6, 'idp');
  let n = 0;
  const edge = (kind: GraphEdgeKind, source: string, target: string) => edges.push({ id: `e${n++}`, kind, source, target });
  for (const u of users) {
    const k = 1 + Math.floor(r() * 3);
    for (let i = 0; i < k; i++) edge('memberOf', u, pick(groups));
    if (r() < 0.2) edge('attached', u, pick(policies));
    if (r() < 0.1) edge('canAssume', u, pick(roles));
  }
  for (const g of groups) for (let i = 0; i < 3; i++) edge('attached', g, r() < 0.5 ? pick(policies) : pick(aws));
  for (const ro of roles) {
    for (let i = 0; i < 2; i++) edge('attached', ro, r() < 0.5 ? pick(policies) : pick(aws));
    edge('canAssume', r() < 0.7 ? pick(services) : pick(providers), ro);
    if (r() < 0.1) edge('boundary', ro, pick(policies));
  }
  return { nodes, edges };
}
