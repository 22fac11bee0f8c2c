import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { Transform } from './render';

/**
 * Zoom and pan of the canvas (d3-zoom: wheel, drag, touch, and the keyboard: + - arrows 0), fitting
 * and centring. Zooming out stops at the smallest readable zoom the page sets (`setMinZoom`). Knows whether the user has moved the view, so that automatic fitting stops then.
 */
export class Viewport {
  transform: Transform = { x: 0, y: 0, k: 1 };
  /** True once the user zoomed or panned (or chose a node): no more automatic fitting. */
  userMoved = false;
  private readonly zoomer: ZoomBehavior<HTMLCanvasElement, unknown>;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly stage: HTMLElement,
    onChange: () => void,
    onEnd: () => void,
    /** A gesture of the user starts (not a programmatic move). */
    onGesture: () => void = () => undefined,
  ) {
    this.zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, 10])
      .on('start', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        if (e.sourceEvent) onGesture();
      })
      .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.transform = { x: e.transform.x, y: e.transform.y, k: e.transform.k };
        if (e.sourceEvent) this.userMoved = true;
        onChange();
      })
      .on('end', onEnd);
    select(canvas).call(this.zoomer).on('dblclick.zoom', null);
    canvas.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Puts a saved transform back (after a reload). */
  restore(t: Transform): void {
    this.userMoved = true;
    this.set(t.x, t.y, t.k);
  }

  private set(x: number, y: number, k: number): void {
    select(this.canvas).call(this.zoomer.transform, zoomIdentity.translate(x, y).scale(k));
  }

  size(): { width: number; height: number } {
    const rect = this.stage.getBoundingClientRect();
    return { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  }

  /** A mouse position as graph coordinates. */
  toGraph(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    const t = this.transform;
    return [(e.clientX - rect.left - t.x) / t.k, (e.clientY - rect.top - t.y) / t.k];
  }

  /** Moves the view to a fitted transform (core/analysis/graph/labels.ts `fitTransform`); `byUser` hands automatic fitting back. */
  apply(t: Transform, byUser: boolean): void {
    this.set(t.x, t.y, t.k);
    if (byUser) this.userMoved = false;
  }

  /** The user zooms out no further than this: below it labels would collide, and the view pans instead. */
  setMinZoom(k: number): void {
    const min = Math.max(0.01, Math.min(k, 10));
    if (this.zoomer.scaleExtent()[0] !== min) this.zoomer.scaleExtent([min, 10]);
  }

  /** Brings a point to the middle, zoomed in to at least 1:1. */
  center(x: number, y: number): void {
    const { width, height } = this.size();
    const k = Math.max(this.transform.k, 1);
    this.set(width / 2 - k * x, height / 2 - k * y, k);
    this.userMoved = true;
  }

  /** Set by the page so that "0" fits with the current nodes. */
  onFitKey: () => void = () => undefined;

  private onKey(e: KeyboardEvent): void {
    const sel = select(this.canvas);
    const step = 60 / this.transform.k;
    switch (e.key) {
      case '+':
      case '=':
        this.zoomer.scaleBy(sel, 1.25);
        break;
      case '-':
        this.zoomer.scaleBy(sel, 0.8);
        break;
      case 'ArrowLeft':
        this.zoomer.translateBy(sel, step, 0);
        break;
      case 'ArrowRight':
        this.zoomer.translateBy(sel, -step, 0);
        break;
      case 'ArrowUp':
        this.zoomer.translateBy(sel, 0, step);
        break;
      case 'ArrowDown':
        this.zoomer.translateBy(sel, 0, -step);
        break;
      case '0':
        this.onFitKey();
        break;
      default:
        return;
    }
    e.preventDefault();
  }
}
