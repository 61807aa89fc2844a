import type { Clock } from '../core/time';

/** The trading rate limit: threshold and decay per second (protocol reference 11.3). @internal */
export interface RateLimitConfig {
  readonly maxCount: number;
  readonly decayPerSecond: number;
}

/**
 * Kraken's per-pair trading rate counter (protocol reference 11.3): +1 per order added; edits
 * +1 plus a penalty for young orders; cancels a penalty for young orders; decays continuously.
 * An add or edit that would take the counter above the threshold is refused
 * (`EOrder:Rate limit exceeded`) and changes nothing; cancels are never refused (the
 * simulator's choice: cancelling must stay possible) but still count.
 * @internal
 */
export class RateCounter {
  private readonly counters = new Map<string, { value: number; at: number }>();

  constructor(
    private readonly config: RateLimitConfig | false,
    private readonly clock: Clock,
  ) {}

  /** The threshold reported as `maxratecount` (0 when the limit is off). */
  get maxCount(): number {
    return this.config === false ? 0 : this.config.maxCount;
  }

  /** The current counter of `pair`, rounded down (`ratecount`). */
  current(pair: string): number {
    return Math.floor(this.read(pair) + 1e-9);
  }

  /**
   * Adds `amount` for an add or edit; false (and nothing added) when that would exceed the
   * threshold.
   */
  tryAdd(pair: string, amount: number): boolean {
    if (this.config === false) return true;
    const v = this.read(pair);
    if (v + amount > this.config.maxCount + 1e-9) return false;
    this.counters.set(pair, { value: v + amount, at: this.clock() });
    return true;
  }

  /** Adds `amount` unconditionally (cancels). */
  add(pair: string, amount: number): void {
    if (this.config === false || amount === 0) return;
    this.counters.set(pair, { value: this.read(pair) + amount, at: this.clock() });
  }

  private read(pair: string): number {
    if (this.config === false) return 0;
    const c = this.counters.get(pair);
    if (c === undefined) return 0;
    const elapsed = Math.max(0, this.clock() - c.at) / 1000;
    return Math.max(0, c.value - elapsed * this.config.decayPerSecond);
  }
}

/** Extra count of an edit by the order's age in ms (reference 11.3 table). @internal */
export function editPenalty(ageMs: number): number {
  const s = ageMs / 1000;
  return s < 5 ? 6 : s < 10 ? 5 : s < 15 ? 4 : s < 45 ? 2 : s < 90 ? 1 : 0;
}

/** Count of a cancel by the order's age in ms (reference 11.3 table). @internal */
export function cancelPenalty(ageMs: number): number {
  const s = ageMs / 1000;
  return s < 5 ? 8 : s < 10 ? 6 : s < 15 ? 5 : s < 45 ? 4 : s < 90 ? 2 : s < 300 ? 1 : 0;
}
