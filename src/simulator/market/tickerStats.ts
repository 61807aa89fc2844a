import type { Candle, PairCandles } from './candles';

/** Aggregate of a run of candles. @internal */
export interface Aggregate {
  volume: bigint;
  notional: bigint;
  count: number;
  low: number;
  high: number;
  /** Open of the oldest candle in the run (-1 when empty). */
  open: number;
}

const EMPTY = (): Aggregate => ({ volume: 0n, notional: 0n, count: 0, low: Number.POSITIVE_INFINITY, high: -1, open: -1 });

function add(agg: Aggregate, c: Candle): void {
  agg.volume += c.volume;
  agg.notional += c.notional;
  agg.count += c.count;
  if (c.low < agg.low) agg.low = c.low;
  if (c.high > agg.high) agg.high = c.high;
  if (agg.open < 0) agg.open = c.open;
}

/**
 * The ticker's "today" and "last 24 hours" figures of one pair, derived from its candles:
 * today = the running 1440-minute candle (UTC day); last 24 h = the 1-minute candles that
 * started within the last 1440 minutes (minute granularity). The closed minutes are summed
 * once per minute (cached); the running minute is added on every call, so a call is O(1)
 * except when the minute changes.
 * @internal
 */
export class TickerStats {
  private cacheKey = '';
  private closed: Aggregate = EMPTY();

  constructor(private readonly candles: PairCandles) {}

  /** Today's aggregate (UTC day of `nowSec`). */
  today(nowSec: number): Aggregate {
    const day = this.candles.at(1440);
    const agg = EMPTY();
    const c = day.latest();
    if (c !== undefined && c.start === day.bucketOf(nowSec)) add(agg, c);
    return agg;
  }

  /** The rolling 24 h aggregate ending at `nowSec`. */
  last24h(nowSec: number): Aggregate {
    const minutes = this.candles.at(1);
    const list = minutes.candles;
    const windowStart = minutes.bucketOf(nowSec) - 1439 * 60;
    const latest = list[list.length - 1];
    const latestRunning = latest !== undefined && latest.start === minutes.bucketOf(nowSec);
    const closedEnd = latestRunning ? list.length - 1 : list.length;
    const lastClosed = list[closedEnd - 1];
    const key = `${windowStart}|${closedEnd}|${lastClosed?.start ?? -1}|${lastClosed?.count ?? 0}`;
    if (key !== this.cacheKey) {
      const agg = EMPTY();
      for (let i = 0; i < closedEnd; i++) {
        const c = list[i] as Candle;
        if (c.start >= windowStart) add(agg, c);
      }
      this.closed = agg;
      this.cacheKey = key;
    }
    const result = { ...this.closed };
    if (latestRunning && latest !== undefined) add(result, latest);
    return result;
  }
}
