/** Saved simulator questions with expected decisions (`*.iam-tests.json`), run as tests. */
export { parseScenarioFile, isScenarioFileName, SCENARIO_KEYS, SCENARIO_FILE_KEYS, HOP_KEYS } from './parse';
export { runScenario, runScenarioFile, scenarioFindings, checkScenarioFile, decisionMatches } from './run';
export { scenarioLenses, type ScenarioLens } from './lenses';
export { ScenarioHost, scopedWorkspace, type ScenarioCodeLens } from './host';
export { appendScenario, scenarioJson, type ScenarioToSave } from './write';
export type * from './types';
