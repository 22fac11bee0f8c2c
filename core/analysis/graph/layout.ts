import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation } from 'd3-force';

/**
 * Force layout of a graph given as numbers only (so it can run in a worker, in the page, or in the
 * CLI for SVG output): node positions in a Float32Array [x0, y0, x1, y1, ...] and links as pairs of
 * node indices. Tuned for large graphs following the measurements in REFERENCE.md (theta 1.2,
 * distanceMax 300, faster alpha decay above 1,000 nodes).
 */
export interface LayoutInput {
  count: number;
  /** [source0, target0, source1, target1, ...] node indices. */
  links: Int32Array;
  /** Starting positions; NaN for a node without one (placed near a placed neighbour, or on a spiral). */
  positions: Float32Array;
  /** Starting heat: 1 for a fresh layout, lower when most positions are known (warm start). */
  alpha: number;
  /** A node that stays where it is (the focus of a neighbourhood view), or -1. */
  pinned?: number;
  /**
   * Group (account) per node, -1 for none: with two groups or more, each group's nodes are pulled to a centre
   * of their own (centres on a circle, spaced by the groups' sizes) so that accounts sit apart; the rest
   * drift to the middle, between the accounts they link.
   */
  groups?: Int32Array;
}

/** Centres for the groups of a layout: on a circle, each group given an arc as wide as it needs. */
export function groupCentres(groups: Int32Array): Map<number, [number, number]> {
  const sizes = new Map<number, number>();
  for (const g of groups) if (g >= 0) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const out = new Map<number, [number, number]>();
  if (sizes.size < 2) return out;
  const order = [...sizes.keys()].sort((a, b) => a - b);
  const radius = (g: number) => 30 * Math.sqrt(sizes.get(g)!) + 40;
  const circumference = order.reduce((sum, g) => sum + 2 * radius(g), 0);
  const R = Math.max(circumference / (2 * Math.PI), ...order.map(radius));
  let arc = 0;
  for (const g of order) {
    const a = ((arc + radius(g)) / circumference) * 2 * Math.PI - Math.PI / 2;
    arc += 2 * radius(g);
    out.set(g, [R * Math.cos(a), R * Math.sin(a)]);
  }
  return out;
}

interface SimNode {
  index?: number;
  x: number;
  y: number;
  vx?: number;
  vy?: number;
  fx?: number | null;
  fy?: number | null;
}

export interface Layout {
  /** Runs up to `ticks` steps; returns false once the layout has cooled down. */
  step(ticks: number): boolean;
  /** Writes current positions into the array (length 2 × count). */
  read(into: Float32Array): void;
  readonly ticksDone: number;
}

/** Fills NaN positions: next to an already placed neighbour when there is one, else on a spiral. */
export function seedPositions(count: number, links: Int32Array, positions: Float32Array): number {
  const adjacency: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i + 1 < links.length; i += 2) {
    adjacency[links[i]].push(links[i + 1]);
    adjacency[links[i + 1]].push(links[i]);
  }
  let known = 0;
  const placed = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (Number.isFinite(positions[2 * i]) && Number.isFinite(positions[2 * i + 1])) {
      placed[i] = 1;
      known++;
    }
  }
  // Breadth-first from placed nodes first, then from each unplaced component, in order, so that
  // neighbours land near each other and the force layout starts from a sensible picture.
  let spiral = 0;
  const golden = Math.PI * (3 - Math.sqrt(5));
  const queue: number[] = [];
  let head = 0;
  for (let i = 0; i < count; i++) if (placed[i]) queue.push(i);
  const drain = () => {
    while (head < queue.length) {
      const n = queue[head++];
      let k = 0;
      for (const m of adjacency[n]) {
        if (placed[m]) continue;
        const angle = (k++ * golden + n) % (2 * Math.PI);
        const r = 30 + 4 * Math.sqrt(k);
        positions[2 * m] = positions[2 * n] + r * Math.cos(angle);
        positions[2 * m + 1] = positions[2 * n + 1] + r * Math.sin(angle);
        placed[m] = 1;
        queue.push(m);
      }
    }
  };
  drain();
  const degree = (i: number) => adjacency[i].length;
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => degree(b) - degree(a));
  for (const i of order) {
    if (placed[i]) continue;
    const r = 40 * Math.sqrt(0.5 + spiral);
    const a = spiral * golden;
    spiral++;
    positions[2 * i] = r * Math.cos(a);
    positions[2 * i + 1] = r * Math.sin(a);
    placed[i] = 1;
    queue.push(i);
    drain();
  }
  return known;
}

export function createLayout(input: LayoutInput): Layout {
  const { count, links, positions } = input;
  const nodes: SimNode[] = new Array(count);
  for (let i = 0; i < count; i++) nodes[i] = { x: positions[2 * i], y: positions[2 * i + 1] };
  const pinned = input.pinned ?? -1;
  if (pinned >= 0 && pinned < count) {
    nodes[pinned].fx = nodes[pinned].x;
    nodes[pinned].fy = nodes[pinned].y;
  }
  const linkData: { source: number; target: number }[] = [];
  for (let i = 0; i + 1 < links.length; i += 2) linkData.push({ source: links[i], target: links[i + 1] });
  const big = count > 1000;
  const sim: Simulation<SimNode, undefined> = forceSimulation(nodes)
    .stop()
    .alpha(input.alpha)
    .alphaDecay(big ? 0.05 : 0.0228)
    .force('charge', forceManyBody<SimNode>().strength(big ? -60 : -150).theta(big ? 1.2 : 0.9).distanceMax(big ? 300 : 600))
    .force('link', forceLink<SimNode, { source: number; target: number }>(linkData).distance(big ? 45 : 70))
    .force('x', forceX<SimNode>(0).strength(0.04))
    .force('y', forceY<SimNode>(0).strength(0.04));
  const centres = input.groups && input.groups.length === count ? groupCentres(input.groups) : new Map<number, [number, number]>();
  if (centres.size > 0) {
    const groups = input.groups!;
    const centre = (i: number) => centres.get(groups[i]);
    sim
      .force('x', forceX<SimNode>((_, i) => centre(i)?.[0] ?? 0).strength((_, i) => (centre(i) ? 0.12 : 0.02)))
      .force('y', forceY<SimNode>((_, i) => centre(i)?.[1] ?? 0).strength((_, i) => (centre(i) ? 0.12 : 0.02)));
  }
  // Small graphs get room for their labels; large ones can't afford the collision pass.
  if (count <= 600) sim.force('collide', forceCollide<SimNode>(22).iterations(1));
  let ticksDone = 0;
  return {
    step(ticks: number): boolean {
      for (let i = 0; i < ticks; i++) {
        if (sim.alpha() < sim.alphaMin()) return false;
        sim.tick();
        ticksDone++;
      }
      return sim.alpha() >= sim.alphaMin();
    },
    read(into: Float32Array) {
      for (let i = 0; i < count; i++) {
        into[2 * i] = nodes[i].x;
        into[2 * i + 1] = nodes[i].y;
      }
    },
    get ticksDone() {
      return ticksDone;
    },
  };
}

/** Runs a layout to the end synchronously (CLI, tests); at most `maxTicks` steps. */
export function layoutSync(input: LayoutInput, maxTicks = 300): Float32Array {
  seedPositions(input.count, input.links, input.positions);
  const layout = createLayout(input);
  layout.step(maxTicks);
  const out = new Float32Array(input.count * 2);
  layout.read(out);
  return out;
}
