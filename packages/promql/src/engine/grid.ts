/** The evaluation times of a query or subquery: start, start + step, ..., up to end. */
export class Grid {
  readonly count: number;

  constructor(
    readonly startMs: number,
    readonly endMs: number,
    /** Instant queries use 1 ms, as Prometheus does, so windows and subqueries align the same way. */
    readonly stepMs: number,
  ) {
    this.count = endMs < startMs ? 0 : Math.floor((endMs - startMs) / stepMs) + 1;
  }

  time(index: number): number {
    return this.startMs + index * this.stepMs;
  }

  get lastMs(): number {
    return this.time(this.count - 1);
  }
}
