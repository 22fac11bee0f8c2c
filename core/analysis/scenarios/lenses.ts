import type { Span } from '../../text/span';
import type { ScenarioResult } from './types';

/** A CodeLens over a scenario: its result, and the command arguments to run it again or open it in the panel. */
export interface ScenarioLens {
  span: Span;
  title: string;
  passed: boolean;
  scenarioIndex: number;
}

/** One lens per scenario: "✓ passes" / "✗ fails: …" (the first reason, shortened). */
export function scenarioLenses(results: ScenarioResult[]): ScenarioLens[] {
  return results.map((r) => {
    const why = r.failures[0] ?? '';
    const title = r.passed ? `✓ passes: ${r.actual}` : `✗ fails: ${why.length > 90 ? `${why.slice(0, 89)}…` : why}`;
    return { span: r.scenario.span, title, passed: r.passed, scenarioIndex: r.scenario.index };
  });
}
