import { runRules, runRulesInSteps, type RulesConfig } from '../core/analysis/rules';
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
  const run: RuleRunner = (ws, options) => runRules(ws, config, options);
  run.steps = (ws) => runRulesInSteps(ws, config);
  return run;
}
