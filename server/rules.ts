import { runRules, type RulesConfig } from '../core/analysis/rules';
import type { RuleRunner } from '../core/ide/host';
import type { Settings } from './settings';

/** The rule catalogue bound to the user's settings (`iamWorkbench.rules`, `naming`, `adminLimit`, ...). */
export function ruleRunner(settings: Settings): RuleRunner {
  const config: RulesConfig = {
    rules: settings.rules,
    naming: settings.naming,
    adminLimit: settings.adminLimit,
    maxCredentialAgeDays: settings.maxCredentialAgeDays,
    accessChecks: settings.accessChecks,
    sensitiveResources: settings.sensitiveResources,
  };
  return (ws) => runRules(ws, config);
}
