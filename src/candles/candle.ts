/**
 * One OHLC candle of one pair and interval, with Kraken's exact decimal strings.
 *
 * `start` and `end` are milliseconds since the epoch (`end = start + intervalMs`; the interval
 * is `[start, end)`: a trade at exactly `end` belongs to the next candle). A candle with
 * `final: false` is the running candle of the current interval and will change; a candle with
 * `final: true` is closed and is emitted once per interval.
 *
 * @example
 * ```ts
 * const candle: Candle = {
 *   pair: 'XBT/USD', intervalMs: 60_000, start: 1699797180000, end: 1699797240000,
 *   open: '37080.20000', high: '37080.20000', low: '37080.20000', close: '37080.20000',
 *   vwap: '37080.20000', volume: '0.01032369', count: 2, final: true,
 * };
 * ```
 * @category Candles
 * @since 0.1.0
 */
export interface Candle {
  readonly pair: string;
  /** Length of the interval in milliseconds (Kraken's `ohlc-5` gives `300_000`). */
  readonly intervalMs: number;
  /** Start of the interval, ms since the epoch (inclusive). */
  readonly start: number;
  /** End of the interval, ms since the epoch (exclusive); Kraken's `etime`. */
  readonly end: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  /** Volume-weighted average price. */
  readonly vwap: string;
  /** Traded volume in the base currency. */
  readonly volume: string;
  /** Number of trades in the interval (0 for a synthesised empty candle). */
  readonly count: number;
  /** `true` once the interval is closed and the values are complete. */
  readonly final: boolean;
}

/** Whether two candles have the same interval and the same values (ignoring `final`). @internal */
export function sameCandleValues(a: Candle, b: Candle): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.vwap === b.vwap &&
    a.volume === b.volume &&
    a.count === b.count
  );
}

/** The empty candle of an interval with no trades: every price is the previous close. @internal */
export function emptyCandle(pair: string, intervalMs: number, start: number, previousClose: string): Candle {
  return {
    pair,
    intervalMs,
    start,
    end: start + intervalMs,
    open: previousClose,
    high: previousClose,
    low: previousClose,
    close: previousClose,
    vwap: previousClose,
    volume: '0',
    count: 0,
    final: false,
  };
}
