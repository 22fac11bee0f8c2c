/** Messages between the page and the layout worker. Positions travel as transferred Float32Arrays. */
export type ToLayoutWorker =
  | { type: 'start'; run: number; count: number; links: Int32Array; positions: Float32Array; alpha: number; maxTicks: number; pinned?: number; groups?: Int32Array }
  | { type: 'stop' }
  /** While the user pans or zooms the page needs the CPU: the worker waits. */
  | { type: 'pause' }
  | { type: 'resume' };

export type FromLayoutWorker = { type: 'positions'; run: number; positions: Float32Array; done: boolean; ticks: number };
