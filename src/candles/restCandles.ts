import { InvalidArgumentError } from '../errors/protocolErrors';
import type { Candle } from './candle';

/**
 * One row of Kraken's REST `GET /0/public/OHLC` result:
 * `[time, open, high, low, close, vwap, volume, count]`, where `time` is the interval's start
 * in whole seconds since the epoch.
 * @category Candles
 * @since 0.1.0
 */
export type RestOhlcRow = readonly [number, string, string, string, string, string, string, number];

/**
 * Converts one REST OHLC row into a final {@link Candle} (the row's `time` is the start).
 *
 * @example
 * ```ts
 * candleFromRestRow([1699797180, '37080.2', '37080.2', '37080.2', '37080.2', '37080.2', '0.01032369', 2], 'XBT/USD', 60_000);
 * // { pair: 'XBT/USD', intervalMs: 60000, start: 1699797180000, end: 1699797240000, ..., final: true }
 * ```
 * @param intervalMs The interval asked for, in ms (REST `interval` minutes × 60 000).
 * @throws {InvalidArgumentError} When `time` is not a whole number of seconds or `intervalMs`
 * is not a positive integer.
 * @category Candles
 * @since 0.1.0
 */
export function candleFromRestRow(row: RestOhlcRow, pair: string, intervalMs: number): Candle {
  const [time, open, high, low, close, vwap, volume, count] = row;
  if (!Number.isSafeInteger(time) || !Number.isSafeInteger(time * 1000) || time < 0) {
    throw new InvalidArgumentError('REST OHLC row time', time, 'whole seconds since the epoch');
  }
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
    throw new InvalidArgumentError('intervalMs', intervalMs, 'a positive whole number of milliseconds');
  }
  const start = time * 1000;
  return { pair, intervalMs, start, end: start + intervalMs, open, high, low, close, vwap, volume, count, final: true };
}

/**
 * Converts the rows of a REST OHLC answer into the closed candles, oldest first. Kraken's last
 * row is the still-running candle and is dropped (the live feed delivers it once closed).
 *
 * @example
 * ```ts
 * const history = closedCandlesFromRest(result['XXBTZUSD'], 'XBT/USD', 300_000);
 * ```
 * @throws {InvalidArgumentError} As {@link candleFromRestRow}.
 * @category Candles
 * @since 0.1.0
 */
export function closedCandlesFromRest(rows: readonly RestOhlcRow[], pair: string, intervalMs: number): Candle[] {
  return rows
    .map((row) => candleFromRestRow(row, pair, intervalMs))
    .sort((a, b) => a.start - b.start)
    .slice(0, -1);
}
