/**
 * The graph as Graphviz DOT and as a self-contained SVG picture (for reviews: `iam-workbench graph
 * --out graph.svg`). Names are escaped for each format; the SVG has no script and no links.
 */
import { path as d3path } from 'd3-path';
import type { GraphData, GraphEdgeKind, GraphNodeKind } from './types';
import { EDGE_KINDS, EDGE_STYLE, NODE_KINDS, NODE_STYLE, shapePath } from './shapes';
import { layoutSync } from './layout';
import { LAYERED_LIMIT, layeredInputOf, layeredLayout } from './layered';
import { LABEL_GAP, LABEL_HEIGHT, LABEL_PAD, estimateLabelWidth, placeLabels, type Box, type LabelRequest, type PlacedLabel } from './labels';
import { groupHulls } from './hull';
import { indexGraph } from './query';
import type { GraphFinding, GraphNode } from './types';
import { showHidden, xmlText } from '../../text/escape';

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

/** Accounts' outlines and finding badges, as the webview's light theme draws them. */
export const GROUP_COLOURS = { fill: '#f3f5f8', border: '#9aa4b2', label: '#3b4350' };
export const BADGE_COLOURS: Record<GraphFinding['severity'], string> = { error: '#c62828', warning: '#b25e00', info: '#1565c0' };

/** The badge's words: "3 findings, worst: error". */
function badgeText(n: GraphNode): string | undefined {
  const count = n.findingCount ?? n.findings?.length ?? 0;
  const worst = n.findings?.[0]?.severity;
  if (!count || !worst) return undefined;
  return `${count} ${count === 1 ? 'finding' : 'findings'}, worst: ${worst}`;
}

/** The findings as lines for a tooltip: "error practice/admin-without-mfa: …". */
function findingLines(n: GraphNode): string {
  const list = n.findings ?? [];
  const total = n.findingCount ?? list.length;
  const lines = list.map((f) => `${f.severity} ${f.code}: ${f.message}`);
  if (total > list.length) lines.push(`and ${total - list.length} more`);
  return lines.join('\n');
}

export type GraphLayoutKind = 'layered' | 'force';

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

/**
 * DOT: each account a `cluster` subgraph (Graphviz draws it as a labelled box around its nodes), nodes filled
 * per kind, a node with findings outlined twice in its worst severity's colour with the count on a second line
 * and the findings in its tooltip.
 */
export function graphToDot(data: GraphData): string {
  const lines = [
    'digraph iam {',
    '  graph [rankdir=LR, fontname="Helvetica", overlap=false];',
    '  node [style=filled, fontname="Helvetica", fontsize=10, fontcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const nodeLine = (n: GraphNode, indent: string) => {
    const badge = badgeText(n);
    const attrs = [`label=${dotString(badge ? `${n.label}\n⚠ ${badge}` : n.label)}`, `shape=${DOT_SHAPES[n.kind] ?? 'ellipse'}`, `fillcolor="${NODE_COLOURS[n.kind] ?? '#888888'}"`];
    const tooltip = [n.detail, badge ? findingLines(n) : undefined].filter(Boolean).join('\n');
    if (tooltip) attrs.push(`tooltip=${dotString(tooltip)}`);
    if (badge) attrs.push(`color="${BADGE_COLOURS[n.findings![0].severity]}"`, 'penwidth=2', 'peripheries=2');
    return `${indent}${dotString(n.id)} [${attrs.join(', ')}];`;
  };
  const accounts = data.accounts ?? [];
  const known = new Set(accounts.map((a) => a.id));
  accounts.forEach((a, i) => {
    const members = data.nodes.filter((n) => n.account === a.id);
    if (members.length === 0) return;
    lines.push(
      `  subgraph "cluster_${i}" {`,
      `    graph [label=${dotString(a.label)}, style="rounded,dashed,filled", color="${GROUP_COLOURS.border}", fillcolor="${GROUP_COLOURS.fill}", fontcolor="${GROUP_COLOURS.label}", fontsize=12];`,
    );
    for (const n of members) lines.push(nodeLine(n, '    '));
    lines.push('  }');
  });
  for (const n of data.nodes) if (!n.account || !known.has(n.account)) lines.push(nodeLine(n, '  '));
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

/**
 * Lays the graph out and draws it as SVG with a legend: layered (core/analysis/graph/layered.ts) up to `LAYERED_LIMIT` nodes,
 * else d3-force with each account pulled to its own centre (synchronously); each account an outline with its
 * name, each node with findings a badge (count, worst severity's colour; the findings in its title).
 */
export function graphToSvg(data: GraphData, options: { layout?: GraphLayoutKind } = {}): string {
  const index = indexGraph(data);
  const count = data.nodes.length;
  const input = layeredInputOf(data, index);
  const { links, groups } = input;
  const layered = (options.layout ?? (count <= LAYERED_LIMIT ? 'layered' : 'force')) === 'layered';
  const pos = layered
    ? layeredLayout({
        ...input,
        // Spaced for the labels, drawn right of each node (font-size 10 here; estimated at the page's 11 px).
        labelWidths: Float32Array.from(data.nodes, (n) => estimateLabelWidth(n.label)),
      })
    : layoutSync(
        { count, links, positions: new Float32Array(2 * count).fill(Number.NaN), alpha: 1, groups },
        count > 2000 ? 120 : 300,
      );
  // The force layout's labels go below their nodes where that is free, else beside, else shortened or left out
  // (placeLabels, as on the page): a force layout is not spaced for its labels. The full name stays in the title.
  const forceLabels = layered ? undefined : forceLabelPlaces(data, pos);
  const HULL_PAD = 24;
  // With the labels right of their nodes (layered), each outline holds its nodes' labels.
  const labelReach = layered ? (i: number) => NODE_STYLE[data.nodes[i].kind].radius + LABEL_GAP + estimateLabelWidth(data.nodes[i].label) : undefined;
  const hulls = groupHulls(pos, groups, () => true, HULL_PAD, labelReach);
  let x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  for (let i = 0; i < count; i++) {
    x0 = Math.min(x0, pos[2 * i]);
    x1 = Math.max(x1, pos[2 * i] + (layered ? NODE_STYLE[data.nodes[i].kind].radius + LABEL_GAP + estimateLabelWidth(data.nodes[i].label) : 0));
    y0 = Math.min(y0, pos[2 * i + 1]);
    y1 = Math.max(y1, pos[2 * i + 1]);
  }
  for (const l of forceLabels?.values() ?? []) {
    x0 = Math.min(x0, l.x);
    x1 = Math.max(x1, l.x + l.width);
    y1 = Math.max(y1, l.y + LABEL_HEIGHT);
  }
  // Room for the outlines and the accounts' names above them.
  for (const h of hulls) {
    x0 = Math.min(x0, h.x0);
    x1 = Math.max(x1, h.x1);
    y0 = Math.min(y0, h.y0 - 20);
    y1 = Math.max(y1, h.y1);
  }
  const pad = 60;
  const legendWidth = 200;
  const width = round(x1 - x0 + 2 * pad + legendWidth);
  const height = round(Math.max(y1 - y0 + 2 * pad, 20 * (NODE_KINDS.length + EDGE_KINDS.length + 6) + 20));
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
    '<g class="accounts">',
  ];
  for (const h of hulls) {
    const account = data.accounts?.[h.group];
    if (!account) continue;
    const d = h.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${round(x + ox)},${round(y + oy)}`).join('') + 'Z';
    out.push(
      `<g class="account"><title>${xml(`Account ${account.label}: ${h.size} ${h.size === 1 ? 'node' : 'nodes'}`)}</title>` +
        `<path d="${d}" fill="${GROUP_COLOURS.fill}" stroke="${GROUP_COLOURS.border}" stroke-width="1.5" stroke-dasharray="6 3"/>` +
        `<text x="${round(h.x0 + ox + 6)}" y="${round(h.y0 + oy - 6)}" font-size="12" font-weight="bold" fill="${GROUP_COLOURS.label}">${xml(account.label)}</text></g>`,
    );
  }
  out.push('</g>', '<g class="edges" stroke-width="1.2" fill="none">');
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
    const badge = badgeText(n);
    let badgeSvg = '';
    if (badge) {
      const total = n.findingCount ?? n.findings!.length;
      const text = total > 99 ? '99+' : String(total);
      const br = text.length > 1 ? 7 : 6;
      const bx = x - style.radius * 0.8 - br * 0.6; // upper left, as on the page: the label is right or below
      const by = y - style.radius * 0.8 - br * 0.6;
      badgeSvg =
        `<g class="badge"><title>${xml(`${n.label}: ${badge}\n${findingLines(n)}`)}</title>` +
        `<circle cx="${round(bx)}" cy="${round(by)}" r="${br}" fill="${BADGE_COLOURS[n.findings![0].severity]}" stroke="#ffffff" stroke-width="1.2"/>` +
        `<text x="${round(bx)}" y="${round(by + 3)}" text-anchor="middle" font-size="8" font-weight="bold" fill="#ffffff">${text}</text></g>`;
    }
    out.push(
      `<g><title>${xml(`${n.label} (${style.name})${n.detail ? `\n${n.detail}` : ''}`)}</title>` +
        `<path d="${p.toString().replace(/(\d+\.\d{2})\d+/g, '$1')}" fill="${NODE_COLOURS[n.kind]}" stroke="#ffffff" stroke-width="1"/>` +
        (layered
          ? `<text x="${round(x + style.radius + LABEL_GAP + LABEL_PAD)}" y="${round(y + 3.5)}" fill="#1f1f1f" paint-order="stroke" stroke="#ffffff" stroke-width="3">${xml(n.label)}</text></g>`
          : forceLabel(forceLabels?.get(i), ox, oy)) +
        badgeSvg,
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
  const base = 20 + (NODE_KINDS.length + EDGE_KINDS.length) * 20;
  out.push(
    `<rect x="10" y="${base - 7}" width="20" height="14" rx="3" fill="${GROUP_COLOURS.fill}" stroke="${GROUP_COLOURS.border}" stroke-dasharray="4 2"/><text x="34" y="${base + 4}" fill="#1f1f1f">account</text>`,
  );
  (['error', 'warning', 'info'] as const).forEach((sev, i) => {
    const y = base + 20 * (i + 1);
    out.push(`<circle cx="20" cy="${y}" r="6" fill="${BADGE_COLOURS[sev]}"/><text x="34" y="${y + 4}" fill="#1f1f1f">findings, worst: ${sev}</text>`);
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

/** The force layout's label places (graph units at zoom 1, y down), by node: those `placeLabels` found room for. */
function forceLabelPlaces(data: GraphData, pos: Float32Array): Map<number, PlacedLabel> {
  const requests: LabelRequest[] = [];
  const obstacles: Box[] = [];
  // placeLabels prefers places inside its area, from 0: the drawing moved there, and back afterwards.
  let mx = Infinity;
  let my = Infinity;
  for (let i = 0; i < data.nodes.length; i++) {
    if (Number.isFinite(pos[2 * i])) mx = Math.min(mx, pos[2 * i]);
    if (Number.isFinite(pos[2 * i + 1])) my = Math.min(my, pos[2 * i + 1]);
  }
  const dx = 400 - mx;
  const dy = 40 - my;
  data.nodes.forEach((n, i) => {
    const style = NODE_STYLE[n.kind];
    if (!style || !Number.isFinite(pos[2 * i]) || !Number.isFinite(pos[2 * i + 1])) return;
    requests.push({ node: i, text: n.label, x: pos[2 * i] + dx, y: pos[2 * i + 1] + dy, r: style.radius });
    if (badgeText(n)) {
      // The badge at the node's upper left (as drawn below).
      const bx = pos[2 * i] + dx - style.radius * 0.8 - 7 * 0.6;
      const by = pos[2 * i + 1] + dy - style.radius * 0.8 - 7 * 0.6;
      obstacles.push({ x: bx - 7, y: by - 7, w: 14, h: 14 });
    }
  });
  // Principals first (they are what the graph is read for), then the rest in the data's order.
  const rank = (i: number) => (['user', 'role'].includes(data.nodes[i].kind) ? 0 : ['group', 'instanceProfile'].includes(data.nodes[i].kind) ? 1 : 2);
  requests.sort((a, b) => rank(a.node) - rank(b.node) || a.node - b.node);
  // No area to stay inside: the SVG grows to hold its labels.
  const { placed } = placeLabels(requests, (text) => estimateLabelWidth(text), Infinity, Infinity, obstacles, 'below');
  return new Map(placed.map((l) => [l.node, { ...l, x: l.x - dx, y: l.y - dy }]));
}

function forceLabel(l: PlacedLabel | undefined, ox: number, oy: number): string {
  if (!l) return '</g>'; // no room even shortened: the node's title names it
  return `<text x="${round(l.x + ox + LABEL_PAD)}" y="${round(l.y + oy + 10.5)}" fill="#1f1f1f" paint-order="stroke" stroke="#ffffff" stroke-width="3">${xml(l.text)}</text></g>`;
}
