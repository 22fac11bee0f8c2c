/**
 * Privilege escalation and "who can": the "can become" graph over a workspace's principals (nodes.ts, edges.ts,
 * graph.ts), the catalogue of techniques (techniques.ts), what counts as an administrator (admin.ts), and the
 * queries (who-can.ts). See docs/escalation.md.
 */
export { TECHNIQUES, PASS_ROLE_SERVICES, EXISTING_RESOURCE_TECHNIQUES, FAMILY_TITLES, techniqueById, type Technique, type TechniqueFamily, type Confidence } from './techniques';
export { EscalationGraph, escalationGraph, type PathStep, type ReachPath, type GraphOptions } from './graph';
export { whoCan, adminPath, adminReach, canReachAdmin, type WhoCanQuery, type WhoCanAnswer } from './who-can';
export { variantWords, type EscalationNode, type Principal, type Variant, type StepEvidence } from './nodes';
export { ADMIN_PROBES, sessionIsAdmin } from './admin';
export type { EscalationEdge } from './edges';
