import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { SimAnswer, SimulatorHostMessage, SimulatorWebviewMessage } from '../../protocol';
import { exampleWorkspace } from '../scenarios/helpers';
import { assertChromium, buildSimulator, hostReply, launch, openSimulator, serve, type Served, type StubbedPage } from './browser';

const ws = exampleWorkspace();
let browser: Browser;
let served: Served;

before(async () => {
  assertChromium();
  served = await serve(await buildSimulator());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await served?.close();
});

async function open(reply = (m: SimulatorWebviewMessage) => hostReply(ws, m)): Promise<StubbedPage> {
  const stub = await openSimulator(browser, served.url, reply);
  // Options arrived: the principal list is filled.
  await stub.page.waitForSelector('#principal-list option[value="arn:aws:iam::123456789012:user/engineering/carol"]', { state: 'attached' });
  return stub;
}

/** The answer the stand-in host gives for alice listing and reading (a two-row refresh). */
async function hostReplyFor(_stub: StubbedPage): Promise<Extract<SimulatorHostMessage, { type: 'answer' }>> {
  return hostReply(ws, { type: 'simulate', question: { principal: 'alice', actions: ['s3:ListBucket', 's3:GetObject'] } }) as Extract<SimulatorHostMessage, { type: 'answer' }>;
}

async function finish(stub: StubbedPage): Promise<void> {
  assert.deepEqual(stub.problems, [], 'no CSP violation, console error or page error');
  await stub.page.close();
}

const lastSimulate = async (stub: StubbedPage) => {
  const sims = (await stub.posted()).filter((m) => m.type === 'simulate');
  return sims[sims.length - 1] as Extract<SimulatorWebviewMessage, { type: 'simulate' }>;
};

test('the form is filled with completions and typed context; the result rows show decisions and layers', async () => {
  const stub = await open();
  const { page } = stub;
  assert.equal((await stub.posted())[0].type, 'ready');
  await page.fill('#principal', 'arn:aws:iam::123456789012:user/engineering/carol');

  // Actions: completion from the catalogue, picked with a click; another typed and added with Enter.
  await page.fill('#action-input', 'iam:CreateUs');
  await page.click('#action-input-suggestions button[data-value="iam:CreateUser"]');
  // The keyboard works too: down into the suggestions, Enter picks one.
  await page.fill('#action-input', 's3:GetObjectAtt');
  await page.waitForSelector('#action-input-suggestions button[data-value="s3:GetObjectAttributes"]');
  await page.press('#action-input', 'ArrowDown');
  await page.keyboard.press('Enter');
  await page.click('#action-input-chips .chip[data-value="s3:GetObjectAttributes"] .chip-remove');
  await page.fill('#action-input', 's3:GetObject');
  await page.press('#action-input', 'Enter');
  assert.deepEqual(await page.locator('#action-input-chips .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-value'))), ['iam:CreateUser', 's3:GetObject']);

  // Resources: ARN skeletons for the chosen actions; the picked one is filled in for editing.
  await page.focus('#resource-input');
  await page.waitForSelector('#resource-input-suggestions button[data-value^="arn:aws:s3:::${BucketName}/"]');
  await page.click('#resource-input-suggestions button[data-value^="arn:aws:s3:::${BucketName}/"]');
  assert.match(await page.inputValue('#resource-input'), /^arn:aws:s3:::\$\{BucketName\}\/\$\{ObjectName\}$/);
  await page.fill('#resource-input', 'arn:aws:s3:::acme-app-data/orders/1.json');
  await page.press('#resource-input', 'Enter');

  // Context: a Bool key gets a true/false switch.
  await page.click('#add-context');
  await page.fill('.ctx-row >> nth=0 >> .ctx-key', 'aws:SecureTransport');
  await page.waitForSelector('.ctx-row >> nth=0 >> select.ctx-value[data-input="bool"]');
  await page.selectOption('.ctx-row >> nth=0 >> select.ctx-value', 'true');

  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row >> nth=1');
  const sim = await lastSimulate(stub);
  assert.deepEqual(sim.question, {
    principal: 'arn:aws:iam::123456789012:user/engineering/carol',
    actions: ['iam:CreateUser', 's3:GetObject'],
    resources: ['arn:aws:s3:::acme-app-data/orders/1.json'],
    context: { 'aws:SecureTransport': true },
  });
  const rows = await page.locator('#result-rows .result-row').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-action'), e.getAttribute('data-decision'), e.querySelector('.row-summary .layer-badge')?.getAttribute('data-layer')]),
  );
  assert.deepEqual(rows, [
    ['iam:CreateUser', 'explicitDeny', 'boundary'],
    ['s3:GetObject', 'allowed', 'identity'],
  ]);
  assert.match((await page.textContent('#result-summary')) ?? '', /2 results: 1 allowed, 1 explicitly denied, 0 implicitly denied/);
  // The keys AWS fills in are shown pre-filled.
  assert.equal(await page.textContent('#filled-context .filled-row[data-key="aws:username"] .filled-value'), 'carol');
  assert.equal(await page.textContent('#filled-context .filled-row[data-key="aws:PrincipalTag/team"] .filled-value'), 'payments');
  await finish(stub);
});

test('a click on a statement posts the reveal message with its location; conditions say why', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'alice');
  await page.fill('#action-input', 'iam:DeleteRole');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row[data-decision="explicitDeny"]');
  const row = page.locator('#result-rows .result-row').first();
  assert.equal(await row.getAttribute('open'), '', 'a single row opens by itself');
  assert.match((await row.locator('.missing-keys').textContent()) ?? '', /aws:MultiFactorAuthPresent/);
  const condition = row.locator('.policies .condition[data-key="aws:MultiFactorAuthPresent"]').first();
  assert.equal(await condition.getAttribute('class'), 'condition held');
  assert.ok(((await condition.locator('.condition-why').textContent()) ?? '').length > 0);

  await row.locator('.matched .statement-link').first().hover();
  await page.mouse.move(1, 1);
  const highlights = (await stub.posted()).filter((m) => m.type === 'highlight') as Extract<SimulatorWebviewMessage, { type: 'highlight' }>[];
  assert.ok(highlights.length >= 2, 'hovering posts highlight messages');
  assert.equal(highlights[0].location?.uri, 'examples/acme-prod.iam.json');
  assert.equal(highlights[highlights.length - 1].location, undefined, 'leaving clears the highlight');
  await row.locator('.matched .statement-link').first().click();
  const reveal = (await stub.posted()).find((m) => m.type === 'reveal') as Extract<SimulatorWebviewMessage, { type: 'reveal' }>;
  assert.ok(reveal, 'a reveal message was posted');
  assert.equal(reveal.location.uri, 'examples/acme-prod.iam.json');
  const text = ws.file('examples/acme-prod.iam.json')!.text;
  assert.match(text.slice(reveal.location.span.start, reveal.location.span.end), /^\{\s*"Sid": "DenyAllWithoutMFA"/);
  assert.equal(reveal.location.range?.start.line, ws.file('examples/acme-prod.iam.json')!.lines.positionAt(reveal.location.span.start).line);
  await finish(stub);
});

test('a role chain shows each hop\'s trust decision; without the ExternalId the chain stops', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'arn:aws:iam::444455556666:user/frank');
  await page.click('#add-hop');
  await page.fill('.hop >> nth=0 >> .hop-role', 'arn:aws:iam::123456789012:role/security-audit');
  await page.fill('.hop >> nth=0 >> .hop-context', 'sts:ExternalId=acme-audit-7f3c2a');
  await page.fill('#action-input', 'iam:ListRoles');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  await page.waitForSelector('.chain .hop-result[data-decision="allowed"]');
  await page.waitForSelector('#result-rows .result-row[data-decision="allowed"]');
  assert.deepEqual((await lastSimulate(stub)).question.chain, [{ role: 'arn:aws:iam::123456789012:role/security-audit', context: { 'sts:ExternalId': 'acme-audit-7f3c2a' } }]);
  assert.match((await page.textContent('.principal-label')) ?? '', /role security-audit \(session of user frank\)/);

  await page.fill('.hop >> nth=0 >> .hop-context', '');
  await page.click('#simulate');
  await page.waitForSelector('.chain .hop-result[data-decision="implicitDeny"]');
  assert.equal(await page.locator('#result-rows .result-row').count(), 0);
  assert.match((await page.textContent('.chain-broken')) ?? '', /chain stops/);
  assert.match((await page.textContent('.hop-result .missing-keys')) ?? '', /sts:ExternalId/);
  await finish(stub);
});

test("a user's session policy is passed to GetFederationToken: the call is shown, and when refused no session is made", async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'alice');
  await page.click('details.session summary');
  await page.fill('#session-policy', '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }] }');
  await page.fill('#action-input', 's3:ListBucket');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  // alice's group denies everything without MFA, GetFederationToken included.
  await page.waitForSelector('.chain .hop-result[data-decision="explicitDeny"]');
  assert.equal(await page.textContent('.chain .section-title'), 'Federated-user session');
  assert.match((await page.textContent('.hop-head')) ?? '', /user\/alice → sts:GetFederationToken → arn:aws:sts::123456789012:federated-user\/alice/);
  assert.equal(await page.textContent('.hop-open'), 'open user');
  assert.match((await page.textContent('.chain-broken')) ?? '', /GetFederationToken is refused/);
  assert.equal(await page.locator('#result-rows .result-row').count(), 0);

  await page.click('#add-context');
  await page.fill('.ctx-row >> nth=0 >> .ctx-key', 'aws:MultiFactorAuthPresent');
  await page.waitForSelector('.ctx-row >> nth=0 >> select.ctx-value[data-input="bool"]');
  await page.selectOption('.ctx-row >> nth=0 >> select.ctx-value', 'true');
  await page.click('#simulate');
  await page.waitForSelector('.chain .hop-result[data-decision="allowed"]');
  await page.waitForSelector('#result-rows .result-row[data-decision="allowed"]');
  assert.equal(await page.locator('.chain-broken').count(), 0);
  assert.match((await page.textContent('.principal-label')) ?? '', /^federated user alice \(GetFederationToken by user alice/);
  await finish(stub);
});

test('typed context inputs: IP addresses are checked, dates and lists are converted', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'alice');
  await page.fill('#action-input', 's3:ListBucket');
  await page.press('#action-input', 'Enter');
  for (const key of ['aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'aws:MultiFactorAuthAge']) {
    await page.click('#add-context');
    await page.fill('.ctx-row >> nth=-1 >> .ctx-key', key);
  }
  await page.waitForSelector('.ctx-row >> nth=0 >> input[data-input="ip"]');
  await page.waitForSelector('.ctx-row >> nth=1 >> input[type="datetime-local"]');
  await page.waitForSelector('.ctx-row >> nth=2 >> input[data-input="multi"]');
  await page.waitForSelector('.ctx-row >> nth=3 >> input[type="number"]');
  await page.fill('.ctx-row >> nth=0 >> .ctx-value', 'not-an-ip');
  assert.match((await page.getAttribute('.ctx-row >> nth=0 >> .ctx-value', 'class')) ?? '', /invalid/);
  await page.fill('.ctx-row >> nth=0 >> .ctx-value', '10.0.0.0/8');
  assert.doesNotMatch((await page.getAttribute('.ctx-row >> nth=0 >> .ctx-value', 'class')) ?? '', /invalid/);
  await page.fill('.ctx-row >> nth=1 >> .ctx-value', '2026-01-02T03:04');
  await page.fill('.ctx-row >> nth=2 >> .ctx-value', 'team, env');
  await page.fill('.ctx-row >> nth=3 >> .ctx-value', '300');
  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row');
  assert.deepEqual((await lastSimulate(stub)).question.context, {
    'aws:SourceIp': '10.0.0.0/8',
    'aws:CurrentTime': '2026-01-02T03:04:00Z',
    'aws:TagKeys': ['team', 'env'],
    'aws:MultiFactorAuthAge': 300,
  });
  await finish(stub);
});

test('action completion filters by service and access level; wildcards expand to rows', async () => {
  const stub = await open();
  const { page } = stub;
  await page.selectOption('#action-service', 'iam');
  await page.selectOption('#action-level', 'Permissions management');
  await page.fill('#action-input', 'iam:');
  await page.waitForSelector('#action-input-suggestions button[data-value="iam:AttachUserPolicy"]');
  const details = await page.locator('#action-input-suggestions .suggestion-detail').allTextContents();
  assert.ok(details.length > 5 && details.every((d) => d.includes('Permissions management')), details.join('|'));
  const values = await page.locator('#action-input-suggestions button').evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
  assert.ok(values.every((v) => v.startsWith('iam:')));

  // "Add all matching": every action of the service at that access level.
  await page.fill('#action-input', '');
  await page.click('#add-matching');
  await page.waitForSelector('#action-input-chips .chip[data-value="iam:AttachUserPolicy"]');
  const added = await page.locator('#action-input-chips .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
  assert.ok(added.length > 20 && added.every((a) => a.startsWith('iam:')) && !added.includes('iam:ListUsers'), added.join());
  for (const _ of added) await page.click('#action-input-chips .chip >> nth=0 >> .chip-remove');
  assert.equal(await page.locator('#action-input-chips .chip').count(), 0);

  await page.fill('#principal', 'carol');
  await page.fill('#action-input', 'iam:Delete*');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row >> nth=5');
  const decisions = await page.locator('#result-rows .result-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')));
  assert.ok(decisions.length > 10 && decisions.every((d) => d !== 'allowed'));
  await finish(stub);
});

test('save as scenario posts the question with the expectation taken from the answer', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'app-server');
  await page.fill('#action-input', 'rds-data:ExecuteStatement');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row[data-decision="allowed"]');
  assert.equal(await page.inputValue('#save-expect'), 'allowed');
  await page.click('#save-scenario');
  assert.match((await page.textContent('#status')) ?? '', /name first/);
  await page.fill('#save-name', 'app-server reaches RDS');
  await page.click('#save-scenario');
  const save = (await stub.posted()).find((m) => m.type === 'saveScenario') as Extract<SimulatorWebviewMessage, { type: 'saveScenario' }>;
  assert.deepEqual(save, { type: 'saveScenario', name: 'app-server reaches RDS', expect: 'allowed', question: { principal: 'app-server', actions: ['rds-data:ExecuteStatement'], resources: [] } });
  await stub.send({ type: 'saved', uri: 'file:///w/examples/scenarios.iam-tests.json', name: 'app-server reaches RDS' });
  await page.waitForSelector('#status:has-text("Saved")');
  await finish(stub);
});

test('a refreshed answer replaces the rows; hostile text stays text; malformed messages are ignored', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'alice');
  await page.fill('#action-input', 's3:ListBucket');
  await page.press('#action-input', 'Enter');
  await page.click('#simulate');
  await page.waitForSelector('#result-rows .result-row');
  // A refresh of the same question keeps the rows the user opened.
  await stub.send({ type: 'answer', answer: (await hostReplyFor(stub)).answer, question: { principal: 'alice', actions: ['s3:ListBucket', 's3:GetObject'] } });
  await page.waitForSelector('#result-rows .result-row >> nth=1');
  await page.click('#result-rows .result-row[data-action="s3:GetObject"] summary');
  await stub.send({ type: 'answer', answer: (await hostReplyFor(stub)).answer, question: { principal: 'alice', actions: ['s3:ListBucket', 's3:GetObject'] } });
  await page.waitForSelector('#result-rows .result-row[data-action="s3:GetObject"][open]');
  const openRows = await page.locator('#result-rows .result-row[open]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  assert.deepEqual(openRows, ['s3:ListBucket', 's3:GetObject'], 'the single first row opened by itself, the second by the user; both stay open');
  const hostile = '<img src=x onerror=alert(1)>';
  const answer: SimAnswer = {
    principal: { arn: hostile, kind: 'user', label: hostile },
    hops: [],
    chainAllowed: true,
    context: [],
    problems: [hostile],
    rows: [
      { action: hostile, resource: hostile, decision: 'implicitDeny', decidedBy: 'identity', reason: hostile, matched: [], layers: [], crossAccount: false, missingContextKeys: [hostile], policies: [] },
    ],
  };
  await stub.send({ type: 'answer', answer, question: { principal: 'alice', actions: [] } });
  await page.waitForSelector('#result-rows .result-row[data-decision="implicitDeny"]');
  assert.equal(await page.locator('#result-rows .result-row').count(), 1);
  assert.equal(await page.textContent('.principal-label'), hostile);
  assert.equal(await page.textContent('.reason'), hostile);
  assert.equal(await page.locator('img').count(), 0);
  await stub.send({ type: 'answer', answer: { rows: 'nope' } });
  await stub.send({ type: 'bogus' });
  await stub.send('text');
  assert.equal(await page.locator('#result-rows .result-row').count(), 1);
  await finish(stub);
});

test('choosing a principal shows the keys AWS fills in before anything is asked', async () => {
  const stub = await open();
  const { page } = stub;
  await page.fill('#principal', 'arn:aws:iam::123456789012:user/alice');
  await page.press('#principal', 'Tab');
  await page.waitForSelector('#filled-context .filled-row[data-key="aws:username"]');
  assert.equal(await page.textContent('#filled-context .filled-row[data-key="aws:PrincipalTag/team"] .filled-value'), 'platform');
  await page.click('#filled-context .filled-row[data-key="aws:username"] .filled-override');
  assert.equal(await page.inputValue('.ctx-row >> nth=0 >> .ctx-key'), 'aws:username');
  assert.equal(await page.inputValue('.ctx-row >> nth=0 >> .ctx-value'), 'alice');
  assert.equal((await stub.posted()).filter((m) => m.type === 'simulate').length, 0);
  await finish(stub);
});

test('a question sent by the host (CodeLens) fills the form and runs', async () => {
  const stub = await open();
  const { page } = stub;
  await stub.send({ type: 'question', run: true, question: { principal: 'ec2.amazonaws.com', actions: ['sts:AssumeRole'], resources: ['arn:aws:iam::123456789012:role/app-server'] } });
  await page.waitForSelector('#result-rows .result-row[data-decision="allowed"]');
  assert.equal(await page.inputValue('#principal'), 'ec2.amazonaws.com');
  assert.equal(await page.getAttribute('#result-rows .result-row .row-summary .layer-badge', 'data-layer'), 'resource');
  await finish(stub);
});
