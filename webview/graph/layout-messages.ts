/** Messages between the page and the layout worker. Positions travel as transferred Float32Arrays. */
export type ToLayoutWorker =
  | { type: 'start'; run: number; count: number; links: Int32Array; positions: Float32Array; alpha: number; maxTicks: number }
  | { type: 'stop' };

export type FromLayoutWorker = { type: 'positions'; run: number; positions: Float32Array; done: boolean; ticks: number };
