import { formatTicks, formatUnits, formatVwap } from '../core/decimal';
import { formatMicros, formatSeconds } from '../core/time';
import type { LevelFormat } from './bookSide';

/** Kraken's OHLC intervals in minutes. @internal */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;

/**
 * One candle, with exact integer state: prices in ticks, volume in lots, notional in
 * ticks × lots (for an exact VWAP), times in microseconds / seconds.
 * @internal
 */
export interface Candle {
  /** Interval start, seconds since the epoch (aligned to a multiple of the interval). */
  readonly start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: bigint;
  notional: bigint;
  count: number;
  /** Time of the last trade, microseconds. */
  last: number;
}

/** How many candles each series keeps (REST serves at most 720; the ticker's 24 h needs 1440 minutes). */
function capacity(interval: number): number {
  return interval === 1 ? 1600 : 740;
}

/**
 * The candles of one pair at one interval, oldest first; the last one may still be running.
 * Built only from trades (history and live), so it has no empty candles, like Kraken's feed.
 * @internal
 */
export class CandleSeries {
  readonly candles: Candle[] = [];
  private readonly seconds: number;

  constructor(readonly interval: number) {
    this.seconds = interval * 60;
  }

  /** Start of the interval containing `sec`. */
  bucketOf(sec: number): number {
    return Math.floor(sec / this.seconds) * this.seconds;
  }

  /** End (`etime`) of a candle. */
  endOf(c: Candle): number {
    return c.start + this.seconds;
  }

  /** The most recent candle, running or not. */
  latest(): Candle | undefined {
    return this.candles[this.candles.length - 1];
  }

  /** Adds one trade at `timeUs`; returns the candle it went into. */
  addTrade(price: number, lots: number, timeUs: number): Candle {
    const start = this.bucketOf(Math.floor(timeUs / 1_000_000));
    const last = this.latest();
    const volume = BigInt(lots);
    if (last !== undefined && last.start >= start) {
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
      last.volume += volume;
      last.notional += volume * BigInt(price);
      last.count += 1;
      last.last = Math.max(last.last, timeUs);
      return last;
    }
    const c: Candle = {
      start,
      open: price,
      high: price,
      low: price,
      close: price,
      volume,
      notional: volume * BigInt(price),
      count: 1,
      last: timeUs,
    };
    this.push(c);
    return c;
  }

  /** Merges a finished smaller candle (history) into this series. */
  addCandle(m: Candle): void {
    const start = this.bucketOf(m.start);
    const last = this.latest();
    if (last !== undefined && last.start >= start) {
      last.high = Math.max(last.high, m.high);
      last.low = Math.min(last.low, m.low);
      last.close = m.close;
      last.volume += m.volume;
      last.notional += m.notional;
      last.count += m.count;
      last.last = Math.max(last.last, m.last);
      return;
    }
    this.push({ ...m, start });
  }

  private push(c: Candle): void {
    this.candles.push(c);
    if (this.candles.length > capacity(this.interval)) this.candles.shift();
  }
}

/** The nine series of one pair. @internal */
export class PairCandles {
  readonly series: ReadonlyMap<number, CandleSeries>;

  constructor() {
    this.series = new Map(OHLC_INTERVALS.map((i) => [i, new CandleSeries(i)]));
  }

  /** The series at `interval` (one of {@link OHLC_INTERVALS}). */
  at(interval: number): CandleSeries {
    const s = this.series.get(interval);
    if (!s) throw new RangeError(`unsupported OHLC interval ${interval}`);
    return s;
  }

  addTrade(price: number, lots: number, timeUs: number): void {
    for (const s of this.series.values()) s.addTrade(price, lots, timeUs);
  }

  /** Adds a history minute candle to every series. */
  addMinute(m: Candle): void {
    for (const s of this.series.values()) s.addCandle(m);
  }
}

/** `[time, etime, open, high, low, close, vwap, volume, count]` as on the WebSocket. @internal */
export function candleWire(c: Candle, series: CandleSeries, f: LevelFormat): [string, string, string, string, string, string, string, string, number] {
  const d = f.wsPriceDecimals;
  return [
    formatMicros(c.last),
    formatSeconds(series.endOf(c)),
    formatTicks(c.open, f.priceDecimals, d),
    formatTicks(c.high, f.priceDecimals, d),
    formatTicks(c.low, f.priceDecimals, d),
    formatTicks(c.close, f.priceDecimals, d),
    formatVwap(c.notional, c.volume, f.priceDecimals, d),
    formatUnits(c.volume, f.lotDecimals),
    c.count,
  ];
}

/** `[time, open, high, low, close, vwap, volume, count]` as in REST `OHLC`. @internal */
export function candleRest(c: Candle, f: LevelFormat): [number, string, string, string, string, string, string, number] {
  const d = f.priceDecimals;
  return [
    c.start,
    formatUnits(c.open, d),
    formatUnits(c.high, d),
    formatUnits(c.low, d),
    formatUnits(c.close, d),
    formatVwap(c.notional, c.volume, d, d),
    formatUnits(c.volume, f.lotDecimals),
    c.count,
  ];
}
