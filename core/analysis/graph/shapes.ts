/** Node and edge kinds as drawn: names, shapes, sizes, dashes. Shared by the webview and the SVG export. */
import type { GraphEdgeKind, GraphNodeKind } from './types';

export type Shape = 'circle' | 'square' | 'hexagon' | 'document' | 'diamond' | 'triangle' | 'triangleDown' | 'octagon' | 'star' | 'cross';

export interface KindStyle {
  /** Shown in the legend and the side list. */
  name: string;
  shape: Shape;
  /** Radius in graph units. */
  radius: number;
}

/** Drawing order of the legend and the kind filter. */
export const NODE_KINDS: GraphNodeKind[] = [
  'user',
  'group',
  'role',
  'policy',
  'awsPolicy',
  'identityProvider',
  'service',
  'account',
  'externalAccount',
  'instanceProfile',
];

export const NODE_STYLE: Record<GraphNodeKind, KindStyle> = {
  user: { name: 'User', shape: 'circle', radius: 7 },
  group: { name: 'Group', shape: 'square', radius: 8 },
  role: { name: 'Role', shape: 'hexagon', radius: 8 },
  policy: { name: 'Customer managed policy', shape: 'document', radius: 7 },
  awsPolicy: { name: 'AWS managed policy', shape: 'diamond', radius: 7 },
  identityProvider: { name: 'Identity provider', shape: 'triangle', radius: 8 },
  service: { name: 'AWS service', shape: 'triangleDown', radius: 8 },
  account: { name: 'Workspace account', shape: 'octagon', radius: 9 },
  externalAccount: { name: 'External account', shape: 'star', radius: 9 },
  instanceProfile: { name: 'Instance profile', shape: 'cross', radius: 6 },
};

export const EDGE_KINDS: GraphEdgeKind[] = ['memberOf', 'attached', 'boundary', 'canAssume', 'instanceProfile', 'canBecome'];

export const EDGE_STYLE: Record<GraphEdgeKind, { name: string; dash: number[] }> = {
  memberOf: { name: 'member of', dash: [] },
  attached: { name: 'attached', dash: [] },
  boundary: { name: 'permissions boundary', dash: [2, 3] },
  canAssume: { name: 'can assume', dash: [6, 4] },
  instanceProfile: { name: 'instance profile of', dash: [1, 2] },
  canBecome: { name: 'can become (escalation)', dash: [2, 2, 8, 2] },
};

/** What a path drawer must offer: a canvas context and d3-path both do. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  closePath(): void;
}

function polygon(p: PathSink, x: number, y: number, r: number, sides: number, rotation: number): void {
  for (let i = 0; i < sides; i++) {
    const a = rotation + (i * 2 * Math.PI) / sides;
    const px = x + r * Math.cos(a);
    const py = y + r * Math.sin(a);
    if (i === 0) p.moveTo(px, py);
    else p.lineTo(px, py);
  }
  p.closePath();
}

/** Adds one node's outline to a path (several nodes of a kind share one path, filled once). */
export function shapePath(p: PathSink, shape: Shape, x: number, y: number, r: number): void {
  switch (shape) {
    case 'circle':
      p.moveTo(x + r, y);
      p.arc(x, y, r, 0, 2 * Math.PI);
      p.closePath();
      return;
    case 'square':
      polygon(p, x, y, r * 1.2, 4, Math.PI / 4);
      return;
    case 'hexagon':
      polygon(p, x, y, r * 1.05, 6, 0);
      return;
    case 'document': {
      const w = r * 1.5;
      const h = r;
      p.moveTo(x - w, y - h);
      p.lineTo(x + w - h * 0.6, y - h);
      p.lineTo(x + w, y - h * 0.4);
      p.lineTo(x + w, y + h);
      p.lineTo(x - w, y + h);
      p.closePath();
      return;
    }
    case 'diamond':
      polygon(p, x, y, r * 1.3, 4, 0);
      return;
    case 'triangle':
      polygon(p, x, y, r * 1.25, 3, -Math.PI / 2);
      return;
    case 'triangleDown':
      polygon(p, x, y, r * 1.25, 3, Math.PI / 2);
      return;
    case 'octagon':
      polygon(p, x, y, r * 1.05, 8, Math.PI / 8);
      return;
    case 'star': {
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r * 1.3 : r * 0.6;
        if (i === 0) p.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        else p.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      p.closePath();
      return;
    }
    case 'cross': {
      const a = r * 0.4;
      const pts = [
        [-a, -r], [a, -r], [a, -a], [r, -a], [r, a], [a, a], [a, r], [-a, r], [-a, a], [-r, a], [-r, -a], [-a, -a],
      ];
      pts.forEach(([dx, dy], i) => (i === 0 ? p.moveTo(x + dx, y + dy) : p.lineTo(x + dx, y + dy)));
      p.closePath();
      return;
    }
  }
}
