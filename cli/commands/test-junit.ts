/** JUnit XML for `iam-workbench test --junit FILE`: one testsuite per scenario file, one testcase per scenario. */
import { xmlText } from '../../core/text/escape';

export interface CaseRecord {
  file: string;
  name: string;
  line: number;
  passed: boolean;
  /** Why it failed (one line each); for a broken file, the problem. */
  failures: string[];
}

/** Names and messages as XML 1.0 text: a NUL or U+202E shows as `\\u0000` / `\\u202e` (core/text/escape.ts). */
const xml = xmlText;

export function junitXml(cases: CaseRecord[]): string {
  const files = [...new Set(cases.map((c) => c.file))];
  const failed = cases.filter((c) => !c.passed).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="iam-workbench test" tests="${cases.length}" failures="${failed}">`];
  for (const file of files) {
    const mine = cases.filter((c) => c.file === file);
    out.push(`  <testsuite name="${xml(file)}" tests="${mine.length}" failures="${mine.filter((c) => !c.passed).length}">`);
    for (const c of mine) {
      const head = `    <testcase classname="${xml(file)}" name="${xml(c.name)}" file="${xml(file)}" line="${c.line}"`;
      if (c.passed) out.push(`${head}/>`);
      else {
        out.push(`${head}>`);
        out.push(`      <failure message="${xml(c.failures[0] ?? 'failed')}">${xml(c.failures.join('\n'))}</failure>`);
        out.push('    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
