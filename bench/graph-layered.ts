/**
 * `npm run bench:graph-layered`: what issue 19's graph additions cost on the generated max-quota account
 * (5,000 users, 300 groups, 1,000 roles, 1,500 policies) plus the examples: putting the rules' findings on the
 * nodes (`attachFindings`, inside `buildGraph`), the layered layout (core/analysis/graph/layered.ts) of a focused neighbourhood,
 * of 150 nodes (the automatic limit) and of the whole account, and the accounts' hulls (core/analysis/graph/hull.ts) per frame.
 * Median of several runs each.
 */
import { cpus, totalmem } from 'node:os';
import { buildGraph } from '../core/analysis/graph';
import { groupHulls } from '../core/analysis/graph/hull';
import { layeredInputOf, layeredLayout } from '../core/analysis/graph/layered';
import { clipLabel, estimateLabelWidth, fitTransform, placeLabels, readableZoom } from '../core/analysis/graph/labels';
import { NODE_STYLE } from '../core/analysis/graph/shapes';
import { busiestPrincipal, indexGraph, neighbourhood } from '../core/analysis/graph/query';
import { runRules } from '../core/analysis/rules';
import { buildWorkspace } from '../core/model';
import type { GraphData } from '../core/analysis/graph/types';
import { largeAccount } from './graph-account';

function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

function subgraph(data: GraphData, ids: Set<string>): GraphData {
  return { nodes: data.nodes.filter((n) => ids.has(n.id)), edges: data.edges.filter((e) => ids.has(e.source) && ids.has(e.target)), accounts: data.accounts };
}


const ws = buildWorkspace([{ uri: 'file:///bench/max-quota.iam.json', text: largeAccount() }]);
const findings = [...ws.allFindings(), ...runRules(ws, {})];
const plain = median(3, () => buildGraph(ws, { skipAssume: true, skipEscalation: true }));
let data: GraphData = { nodes: [], edges: [] };
const withFindings = median(3, () => (data = buildGraph(ws, { skipAssume: true, skipEscalation: true, findings })));
const flagged = data.nodes.filter((n) => n.findings).length;
console.log(`max-quota account: ${data.nodes.length} nodes, ${findings.length} findings on ${flagged} nodes; buildGraph (no assume/escalation) ${plain.toFixed(0)} ms, with findings ${withFindings.toFixed(0)} ms`);

const index = indexGraph(data);
const focus = busiestPrincipal(index)!;
const around = subgraph(data, neighbourhood(index, focus, 2));
const first150 = subgraph(data, new Set(data.nodes.slice(0, 150).map((n) => n.id)));
for (const [name, g] of [['neighbourhood of the busiest principal (depth 2)', around], ['150 nodes', first150], ['the whole account', data]] as const) {
  const inp = layeredInputOf(g);
  let pos: Float32Array = new Float32Array(0);
  const ms = median(g.nodes.length > 1000 ? 3 : 9, () => (pos = layeredLayout(inp)));
  const hullMs = median(9, () => groupHulls(pos, inp.groups, () => true, 24));
  console.log(`layered layout, ${name}: ${g.nodes.length} nodes, ${g.edges.length} edges: ${ms.toFixed(1)} ms; hulls ${hullMs.toFixed(2)} ms`);
}
// Labels in a short area (core/analysis/graph/labels.ts): widths estimated, the layout spaced for them, the readable zoom, the
// fitted view and the placement of every label in view, for the 150-node view in 1024×150 (the page's work on a
// relayout; a frame pays only the placement).
{
  const inp = layeredInputOf(first150);
  const all = first150.nodes.map((_, i) => i);
  const radii = Float32Array.from(first150.nodes, (n) => NODE_STYLE[n.kind].radius);
  let widths: Float32Array = new Float32Array(0);
  const widthMs = median(9, () => (widths = Float32Array.from(first150.nodes, (n) => estimateLabelWidth(clipLabel(n.label)))));
  let pos: Float32Array = new Float32Array(0);
  const layoutMs = median(9, () => (pos = layeredLayout({ ...inp, aspect: 1024 / 150, labelWidths: widths })));
  let k = 1;
  const zoomMs = median(9, () => (k = readableZoom(pos, widths, radii, all, 'right')));
  const t = fitTransform(pos, all, 1024, 150, { minK: k, labelRight: Float32Array.from(radii, (r, i) => r + 3 + widths[i]) });
  const requests = all
    .map((i) => ({ node: i, text: first150.nodes[i].label, x: pos[2 * i] * t.k + t.x, y: pos[2 * i + 1] * t.k + t.y, r: radii[i] * t.k }))
    .filter((q) => q.x >= -20 && q.x <= 1044 && q.y >= -20 && q.y <= 170); // the nodes in view, as the page culls
  let drawn = 0;
  const placeMs = median(9, () => (drawn = placeLabels(requests, estimateLabelWidth, 1024, 150, [], 'right').placed.length));
  console.log(
    `labels, 150 nodes in 1024×150: widths ${widthMs.toFixed(2)} ms, layered layout with them ${layoutMs.toFixed(2)} ms, readable zoom (${k.toFixed(2)}) ${zoomMs.toFixed(2)} ms, placement of the ${drawn} labels in view ${placeMs.toFixed(2)} ms`,
  );
}
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB; Node ${process.version}; ${new Date().toISOString()}`);
