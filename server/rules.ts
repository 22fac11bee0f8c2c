import type { RuleRunner } from '../core/ide/host';
import type { Settings } from './settings';

/**
 * The rule catalogue bound to the user's settings. Until core/analysis/rules lands, the server
 * reports the model's own findings only.
 */
export function ruleRunner(_settings: Settings): RuleRunner | undefined {
  return undefined;
}
