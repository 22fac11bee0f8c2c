import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assumeChain, withRoleTags } from '../../core/engine';
import { parsePolicyText } from '../../core/policy/parse';
import { buildWorkspace } from '../../core/model';
import { simulateQuestion } from '../../core/analysis/simulate';
import { buildGraph } from '../../core/analysis/graph';

const trust = (team: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceTag/team': team } } }],
  });
const allowAssume = parsePolicyText('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}', 'id.json', 'identity');

test('sts:AssumeRole on a role fills aws:ResourceTag/* from the role\'s tags, so a trust condition on them is met or not', () => {
  const role = (tags: Record<string, string> | undefined, team = 'platform') => ({
    arn: 'arn:aws:iam::111111111111:role/r',
    trust: { doc: parsePolicyText(trust(team), 'trust.json', 'trust'), id: 'trust', sourceType: 'role' },
    identity: [],
    tags,
  });
  const start = { principal: { arn: 'arn:aws:iam::111111111111:user/alice' }, policies: { identity: [{ doc: allowAssume, id: 'id', sourceType: 'user' }] } };
  const ok = assumeChain(start, [{ role: role({ team: 'platform' }) }]);
  assert.equal(ok.steps[0].decision, 'allowed');
  const other = assumeChain(start, [{ role: role({ team: 'data' }) }]);
  assert.equal(other.steps[0].decision, 'implicitDeny');
  assert.deepEqual(other.steps[0].missingContextKeys, []);
  const untagged = assumeChain(start, [{ role: role(undefined) }]);
  assert.equal(untagged.steps[0].decision, 'implicitDeny');
  assert.deepEqual(untagged.steps[0].missingContextKeys, ['aws:ResourceTag/team']);
  // The request's own value is not overwritten; no tags leaves the context as it was.
  assert.deepEqual(withRoleTags({ 'aws:resourcetag/team': 'x' }, { team: 'platform' }), { 'aws:resourcetag/team': 'x', 'iam:ResourceTag/team': 'platform' });
  const ctx = { a: '1' };
  assert.equal(withRoleTags(ctx, {}), ctx);
});

const ACCOUNT = {
  account: { id: '111111111111' },
  users: { alice: { inlinePolicies: { a: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 's3:ListAllMyBuckets'], Resource: '*' }] } } } },
  roles: {
    tagged: { trustPolicy: JSON.parse(trust('platform')), tags: { team: 'platform' }, inlinePolicies: { s: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } } },
    mistagged: { trustPolicy: JSON.parse(trust('platform')), tags: { team: 'data' } },
  },
};

test('the simulator and the graph see the role\'s tags in a chain step', () => {
  const ws = buildWorkspace([{ uri: 'a.iam.json', text: JSON.stringify(ACCOUNT) }]);
  const ok = simulateQuestion(ws, { principal: 'alice', chain: [{ role: 'tagged' }], actions: ['s3:ListAllMyBuckets'] });
  assert.equal(ok.chainAllowed, true, JSON.stringify(ok.problems));
  assert.equal(ok.rows[0].decision, 'allowed');
  const no = simulateQuestion(ws, { principal: 'alice', chain: [{ role: 'mistagged' }], actions: ['s3:ListAllMyBuckets'] });
  assert.equal(no.chainAllowed, false);
  const graph = buildGraph(ws);
  const edges = graph.edges.filter((e) => e.kind === 'canAssume').map((e) => `${e.source}->${e.target}${e.label ? ` ${e.label}` : ''}`);
  assert.ok(edges.some((e) => /user:111111111111:alice->role:111111111111:tagged$/.test(e)), edges.join('\n'));
  assert.ok(!edges.some((e) => /->role:111111111111:mistagged/.test(e)), edges.join('\n'));
});
