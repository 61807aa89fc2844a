/** One broken invariant. */
export interface Violation {
  /** Which invariant, e.g. `book.outOfSync`, `trade.duplicate`. */
  readonly check: string;
  readonly detail: string;
  /** Ms since the start of the run. */
  readonly atMs: number;
  /** The fault episode during which it was found, if any. */
  readonly episode: number | undefined;
}

/** Collects violations (all counted, the first few kept with details) and checked-message counts. */
export class Violations {
  readonly kept: Violation[] = [];
  readonly byCheck = new Map<string, number>();
  /** How many values or frames each invariant looked at. */
  readonly checked = new Map<string, number>();
  /**
   * How many times each invariant was checked where it could actually break: a book frame
   * arriving while the book is known out of sync, a trade at a reconnect seam, a candle of an
   * interval the feed missed, an own trade re-sent by a snapshot, a request cut by a fault. A
   * run where an invariant was never exercised proves nothing about it.
   */
  readonly exercised = new Map<string, number>();
  episode: number | undefined;
  private readonly startedAt = Date.now();

  constructor(private readonly keep = 50) {}

  get total(): number {
    let n = 0;
    for (const v of this.byCheck.values()) n += v;
    return n;
  }

  add(check: string, detail: string): void {
    this.byCheck.set(check, (this.byCheck.get(check) ?? 0) + 1);
    if (this.kept.length < this.keep) this.kept.push({ check, detail, atMs: Date.now() - this.startedAt, episode: this.episode });
  }

  /** Records that `n` values were checked by `check`. */
  count(check: string, n = 1): void {
    this.checked.set(check, (this.checked.get(check) ?? 0) + n);
  }

  /** Records that `check` was exercised `n` times (see {@link exercised}). */
  exercise(check: string, n = 1): void {
    this.exercised.set(check, (this.exercised.get(check) ?? 0) + n);
  }

  /** Checks a condition; records a violation when it is false. Returns the condition. */
  expect(condition: boolean, check: string, detail: () => string): boolean {
    this.count(check);
    if (!condition) this.add(check, detail());
    return condition;
  }

  get messagesChecked(): number {
    let n = 0;
    for (const v of this.checked.values()) n += v;
    return n;
  }
}
