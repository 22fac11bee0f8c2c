/**
 * `who-can` in pieces, worker side (the main side is who-can.ts). `whoCan.load` builds the whole workspace (a
 * principal's last request reads other accounts: the resource's policy and account, the organization's SCPs and
 * RCPs); then `whoCan.marks` asks, for every query, which principals of one account file may make the last request
 * themselves (`whoCanMarks` in core/analysis/escalation/who-can.ts). The search for paths stays on the main side.
 */
import { buildWorkspace, type SourceText, type Workspace } from '../../core/model';
import type { ContextInput } from '../../core/engine/types';
import { whoCanMarks, type WhoCanMark, type WhoCanQuery } from '../../core/analysis/escalation/who-can';
import { escalationGraph } from '../../core/analysis/escalation/graph';
import { cliWorkspaceOptions } from '../workspace';

let loaded: { ws: Workspace; context?: ContextInput } | undefined;

export const WHO_CAN_TASKS = {
  'whoCan.load'(payload: { sources: SourceText[]; context?: ContextInput }): null {
    loaded = { ws: buildWorkspace(payload.sources, cliWorkspaceOptions()), context: payload.context };
    return null;
  },
  /** One list of marks per query, in the queries' order. */
  'whoCan.marks'(payload: { uri: string; queries: WhoCanQuery[] }): WhoCanMark[][] {
    if (!loaded) throw new Error('whoCan.marks before whoCan.load');
    const { ws, context } = loaded;
    const graph = escalationGraph(ws, { context });
    return payload.queries.map((q) => whoCanMarks(ws, q, payload.uri, graph));
  },
};
