/**
 * The graph as Graphviz DOT and as a self-contained SVG picture (for reviews: `iam-workbench graph
 * --out graph.svg`). Names are escaped for each format; the SVG has no script and no links.
 */
import { path as d3path } from 'd3-path';
import type { GraphData, GraphEdgeKind, GraphNodeKind } from './graph-types';
import { EDGE_KINDS, EDGE_STYLE, NODE_KINDS, NODE_STYLE, shapePath } from './graph-shapes';
import { layoutSync } from './graph-layout';
import { indexGraph } from './graph-query';
import { showHidden, xmlText } from '../text/escape';

/** Light-theme colours, the same as the webview's fallbacks. */
export const NODE_COLOURS: Record<GraphNodeKind, string> = {
  user: '#1a73c8',
  group: '#8a4fc0',
  role: '#c96a00',
  policy: '#2e8b3a',
  awsPolicy: '#a68a00',
  identityProvider: '#c9302c',
  service: '#0f8a9a',
  account: '#8c5a2b',
  externalAccount: '#b0309a',
  instanceProfile: '#6b6b6b',
};

export const EDGE_COLOURS: Record<GraphEdgeKind, string> = {
  memberOf: '#8a4fc0',
  attached: '#8a8a8a',
  boundary: '#c9302c',
  canAssume: '#c96a00',
  instanceProfile: '#6b6b6b',
  canBecome: '#d1006f',
};

const DOT_SHAPES: Record<GraphNodeKind, string> = {
  user: 'ellipse',
  group: 'box',
  role: 'hexagon',
  policy: 'note',
  awsPolicy: 'diamond',
  identityProvider: 'triangle',
  service: 'invtriangle',
  account: 'octagon',
  externalAccount: 'star',
  instanceProfile: 'cds',
};

/** A DOT quoted string: hidden characters shown as escapes (core/text/escape.ts), then backslashes, quotes and line breaks escaped. */
const dotString = (text: string) => {
  const s = showHidden(text, '\n\r');
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
};

export function graphToDot(data: GraphData): string {
  const lines = [
    'digraph iam {',
    '  graph [rankdir=LR, fontname="Helvetica", overlap=false];',
    '  node [style=filled, fontname="Helvetica", fontsize=10, fontcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of data.nodes) {
    const attrs = [`label=${dotString(n.label)}`, `shape=${DOT_SHAPES[n.kind] ?? 'ellipse'}`, `fillcolor="${NODE_COLOURS[n.kind] ?? '#888888'}"`];
    if (n.detail) attrs.push(`tooltip=${dotString(n.detail)}`);
    lines.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of data.edges) {
    const style = e.kind === 'canAssume' || e.kind === 'boundary' || e.kind === 'canBecome' ? 'dashed' : e.kind === 'instanceProfile' ? 'dotted' : 'solid';
    const attrs = [`color="${EDGE_COLOURS[e.kind] ?? '#888888'}"`, `style=${style}`, `label=${dotString(e.label ? `${EDGE_STYLE[e.kind].name} ${e.label}` : EDGE_STYLE[e.kind]?.name ?? e.kind)}`];
    lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)} [${attrs.join(', ')}];`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

const xml = xmlText;

const round = (v: number) => Math.round(v * 10) / 10;

/** Lays the graph out (d3-force, synchronously) and draws it as SVG with a legend. */
export function graphToSvg(data: GraphData): string {
  const index = indexGraph(data);
  const count = data.nodes.length;
  const links: number[] = [];
  for (let e = 0; e < data.edges.length; e++) {
    const s = index.ends[2 * e];
    const t = index.ends[2 * e + 1];
    if (s >= 0 && t >= 0 && s !== t) links.push(s, t);
  }
  const pos = layoutSync(
    { count, links: Int32Array.from(links), positions: new Float32Array(2 * count).fill(Number.NaN), alpha: 1 },
    count > 2000 ? 120 : 300,
  );
  let x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  for (let i = 0; i < count; i++) {
    x0 = Math.min(x0, pos[2 * i]);
    x1 = Math.max(x1, pos[2 * i]);
    y0 = Math.min(y0, pos[2 * i + 1]);
    y1 = Math.max(y1, pos[2 * i + 1]);
  }
  const pad = 60;
  const legendWidth = 200;
  const width = round(x1 - x0 + 2 * pad + legendWidth);
  const height = round(Math.max(y1 - y0 + 2 * pad, 330));
  const ox = -x0 + pad + legendWidth;
  const oy = -y0 + pad;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="10">`,
    '<title>IAM graph</title>',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    '<defs>',
    ...EDGE_KINDS.map(
      (k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${EDGE_COLOURS[k]}"/></marker>`,
    ),
    '</defs>',
    '<g class="edges" stroke-width="1.2" fill="none">',
  ];
  data.edges.forEach((e, i) => {
    const s = index.ends[2 * i];
    const t = index.ends[2 * i + 1];
    if (s < 0 || t < 0 || s === t) return;
    const sx = pos[2 * s] + ox, sy = pos[2 * s + 1] + oy, tx = pos[2 * t] + ox, ty = pos[2 * t + 1] + oy;
    const len = Math.hypot(tx - sx, ty - sy) || 1;
    const r = NODE_STYLE[data.nodes[t].kind].radius + 3;
    const dash = EDGE_STYLE[e.kind].dash.length ? ` stroke-dasharray="${EDGE_STYLE[e.kind].dash.join(' ')}"` : '';
    const title = `${data.nodes[s].label} ${EDGE_STYLE[e.kind].name} ${data.nodes[t].label}${e.label ? ` (${e.label})` : ''}`;
    out.push(
      `<line x1="${round(sx)}" y1="${round(sy)}" x2="${round(tx - ((tx - sx) / len) * r)}" y2="${round(ty - ((ty - sy) / len) * r)}" stroke="${EDGE_COLOURS[e.kind]}"${dash} marker-end="url(#arrow-${e.kind})"><title>${xml(title)}</title></line>`,
    );
  });
  out.push('</g>', '<g class="nodes">');
  data.nodes.forEach((n, i) => {
    const style = NODE_STYLE[n.kind];
    if (!style) return;
    const p = d3path();
    const x = pos[2 * i] + ox;
    const y = pos[2 * i + 1] + oy;
    shapePath(p, style.shape, x, y, style.radius);
    out.push(
      `<g><title>${xml(`${n.label} (${style.name})${n.detail ? `\n${n.detail}` : ''}`)}</title>` +
        `<path d="${p.toString().replace(/(\d+\.\d{2})\d+/g, '$1')}" fill="${NODE_COLOURS[n.kind]}" stroke="#ffffff" stroke-width="1"/>` +
        `<text x="${round(x)}" y="${round(y + style.radius + 11)}" text-anchor="middle" fill="#1f1f1f">${xml(n.label)}</text></g>`,
    );
  });
  out.push('</g>', '<g class="legend">');
  NODE_KINDS.forEach((k, i) => {
    const p = d3path();
    shapePath(p, NODE_STYLE[k].shape, 20, 20 + i * 20, 6);
    out.push(`<path d="${p.toString().replace(/(\d+\.\d{2})\d+/g, '$1')}" fill="${NODE_COLOURS[k]}"/><text x="34" y="${24 + i * 20}" fill="#1f1f1f">${xml(NODE_STYLE[k].name)}</text>`);
  });
  EDGE_KINDS.forEach((k, i) => {
    const y = 20 + (NODE_KINDS.length + i) * 20;
    const dash = EDGE_STYLE[k].dash.length ? ` stroke-dasharray="${EDGE_STYLE[k].dash.join(' ')}"` : '';
    out.push(`<line x1="10" y1="${y}" x2="30" y2="${y}" stroke="${EDGE_COLOURS[k]}" stroke-width="2"${dash}/><text x="34" y="${y + 4}" fill="#1f1f1f">${xml(EDGE_STYLE[k].name)}</text>`);
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
