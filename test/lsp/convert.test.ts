import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { AnalysisHost } from '../../core/ide/host';
import { diagnosticsFor, toDiagnostics } from '../../core/ide/diagnostics';
import { ruleRunner } from '../../server/rules';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { Positions, sameFindingsPublished, samePublished, toLspDiagnostic } from '../../server/convert';
import { PARTNER, PARTNER_URI, PROD, PROD_URI } from '../ide/fixture';

/** A workspace with the server's rules, and what the server would publish per file (converted afresh). */
function workspace(texts: Record<string, string>) {
  const host = new AnalysisHost({ rules: ruleRunner(DEFAULT_SETTINGS) });
  for (const [uri, text] of Object.entries(texts)) host.setFile(uri, text);
  const positions = new Positions((u) => host.text(u), (u) => host.lines(u));
  const list = (uri: string) => diagnosticsFor(host.snapshot(), uri);
  const convert = (uri: string) => list(uri).map((d) => toLspDiagnostic(uri, d, positions));
  const findings = (uri: string) => host.snapshot().findings.get(uri)!;
  return { host, positions, list, convert, findings };
}

const clone = (x: LspDiagnostic[]): LspDiagnostic[] => structuredClone(x);

describe('samePublished (the server compares diagnostics without converting them)', () => {
  it('answers what converting and comparing would, edit after edit', () => {
    const ws = workspace({ [PROD_URI]: PROD, [PARTNER_URI]: PARTNER });
    let published = ws.convert(PROD_URI);
    assert.ok(published.length > 3, `the fixture has diagnostics (${published.length})`);
    assert.ok(published.some((d) => d.relatedInformation?.length), 'some with related information');
    // Edits of every effect on the published list: none (inside a string on a line below nothing), moving
    // characters on a line, moving lines, adding and removing a diagnostic, changing a message.
    const edits: [string, string][] = [
      ['"read the logs bucket"', '"read the logs bucket!"'],
      ['"Sid": "Read"', '"Sid": "Readx"'],
      ['// the production account', '// the production account\n  // a second line'],
      ['"s3:GetObject"', '"s3:GetObjectz"'],
      ['"Passer"', '"Passerr"'],
      ['"alias": "acme-prod"', '"alias": "acme-prod"    '],
    ];
    let text = PROD;
    let sawSame = 0;
    let sawDifferent = 0;
    for (const [from, to] of [...edits, ...edits.map(([a, b]) => [b, a] as [string, string]).reverse()]) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      ws.host.setFile(PROD_URI, text);
      const list = ws.list(PROD_URI);
      const fresh = ws.convert(PROD_URI);
      const expected = isDeepStrictEqual(published, fresh);
      assert.equal(samePublished(published, PROD_URI, list, ws.positions), expected, `after ${from} → ${to}`);
      assert.equal(sameFindingsPublished(published, PROD_URI, ws.findings(PROD_URI), {}, ws.positions), expected, `after ${from} → ${to}, off the findings`);
      if (expected) sawSame++;
      else {
        sawDifferent++;
        published = fresh;
      }
    }
    assert.ok(sawSame >= 2 && sawDifferent >= 4, `both answers were exercised (${sawSame} same, ${sawDifferent} different)`);
  });

  it('sees every field the editor shows: range, severity, code, message, related locations and messages', () => {
    const ws = workspace({ [PROD_URI]: PROD, [PARTNER_URI]: PARTNER });
    const list = ws.list(PROD_URI);
    const published = ws.convert(PROD_URI);
    assert.equal(samePublished(published, PROD_URI, list, ws.positions), true);
    const i = published.findIndex((d) => d.relatedInformation?.length);
    const changes: [string, (d: LspDiagnostic[]) => void][] = [
      ['start character', (d) => d[0].range.start.character++],
      ['start line', (d) => d[0].range.start.line++],
      ['end character', (d) => d[0].range.end.character++],
      ['end line', (d) => d[0].range.end.line--],
      ['severity', (d) => (d[0].severity = d[0].severity === 1 ? 2 : 1)],
      ['code', (d) => (d[0].code = 'iam/other')],
      ['message', (d) => (d[0].message += '.')],
      ['one fewer', (d) => d.pop()],
      ['related message', (d) => (d[i].relatedInformation![0].message += '.')],
      ['related uri', (d) => (d[i].relatedInformation![0].location.uri = 'file:///elsewhere.iam.json')],
      ['related range', (d) => d[i].relatedInformation![0].location.range.start.character++],
      ['related count', (d) => d[i].relatedInformation!.push(d[i].relatedInformation![0])],
    ];
    for (const [what, change] of changes) {
      const before = clone(published);
      change(before);
      assert.equal(samePublished(before, PROD_URI, list, ws.positions), false, what);
      assert.equal(sameFindingsPublished(before, PROD_URI, ws.findings(PROD_URI), {}, ws.positions), false, `${what}, off the findings`);
    }
    assert.equal(samePublished([], PROD_URI, [], ws.positions), true, 'no diagnostics before or now');
    assert.equal(sameFindingsPublished([], PROD_URI, [], {}, ws.positions), true, 'no findings before or now');
    assert.equal(sameFindingsPublished(published, PROD_URI, ws.findings(PROD_URI), {}, ws.positions), true, 'the same, off the findings');
  });

  it('off the findings, applies the severities the user sets as converting would (a severity changed, a code turned off)', () => {
    const ws = workspace({ [PROD_URI]: PROD, [PARTNER_URI]: PARTNER });
    const findings = ws.findings(PROD_URI);
    const code = findings[0].code;
    const area = code.slice(0, code.indexOf('/') + 1);
    const published = ws.convert(PROD_URI);
    const settings: Record<string, 'off' | 'error' | 'hint'>[] = [{}, { [code]: 'off' }, { [code]: 'error' }, { [area]: 'hint' }, { [area]: 'off' }];
    let differ = 0;
    for (const severities of settings) {
      const converted = toDiagnostics(findings, { severities }).map((d) => toLspDiagnostic(PROD_URI, d, ws.positions));
      for (const before of [published, converted]) {
        const expected = isDeepStrictEqual(before, converted);
        if (!expected) differ++;
        assert.equal(sameFindingsPublished(before, PROD_URI, findings, { severities }, ws.positions), expected, JSON.stringify(severities));
      }
    }
    assert.ok(differ >= 3, `the settings changed what is shown (${differ})`);
  });
});
