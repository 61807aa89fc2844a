import Big from 'big.js';
import type { Candle } from '../candles/candle';
import type { OhlcUpdate, Spread, Ticker, Trade } from '../feeds/values';

/**
 * Typed values with sensible defaults, for tests: give only the fields the test is about.
 * Every price and volume stays an exact decimal string, as the library's feeds emit them.
 */

/**
 * A {@link Trade}, with defaults for every field you leave out (`XBT/USD`, a 0.1 market buy at
 * 30000.00000, at 1700000000.000000).
 *
 * @example
 * ```ts
 * const sell = buildTrade({ side: 'sell', price: '29999.90000', time: '1700000001.500000' });
 * ```
 * @param overrides The fields that matter to the test.
 * @return A complete `Trade`.
 * @see tradeMessage to put trades on the wire.
 * @category Testing
 * @since 0.1.0
 */
export function buildTrade(overrides: Partial<Trade> = {}): Trade {
  return {
    pair: 'XBT/USD',
    price: '30000.00000',
    volume: '0.10000000',
    time: '1700000000.000000',
    side: 'buy',
    orderType: 'market',
    misc: '',
    ...overrides,
  };
}

/**
 * An {@link OhlcUpdate} (Kraken's running candle), with defaults: a one-minute `XBT/USD`
 * candle ending at `etime` 1700000040.000000 whose open, high, low, close and vwap are all
 * `close` (default `30000.00000`).
 *
 * @example
 * ```ts
 * const update = buildOhlcUpdate({ interval: 5, etime: '1700000100.000000', close: '30010.00000', high: '30020.00000' });
 * ```
 * @param overrides The fields that matter to the test; `open`, `high`, `low` and `vwap`
 * default to `close`.
 * @return A complete `OhlcUpdate`.
 * @see ohlcMessage to put it on the wire.
 * @category Testing
 * @since 0.1.0
 */
export function buildOhlcUpdate(overrides: Partial<OhlcUpdate> = {}): OhlcUpdate {
  const close = overrides.close ?? '30000.00000';
  const etime = overrides.etime ?? '1700000040.000000';
  return {
    pair: 'XBT/USD',
    interval: 1,
    time: overrides.time ?? subtractSeconds(etime, 30),
    etime,
    open: close,
    high: close,
    low: close,
    close,
    vwap: close,
    volume: '1.00000000',
    count: 1,
    ...overrides,
  };
}

/**
 * A closed {@link Candle} (`final: true`), with defaults: one-minute `XBT/USD`, starting at 0.
 * Give `close` alone and the candle is flat; give `open` and `close` and `high`/`low` default to
 * the larger and the smaller of the two. `end` defaults to `start + intervalMs`.
 *
 * @example
 * ```ts
 * // closed one-minute candles number 0, 1, 2 with these closes
 * const candles = ['10', '11', '13'].map((close, i) => buildCandle({ start: i * 60_000, close }));
 * ```
 * @param overrides The fields that matter to the test.
 * @return A complete `Candle`.
 * @category Testing
 * @since 0.1.0
 */
export function buildCandle(overrides: Partial<Candle> = {}): Candle {
  const intervalMs = overrides.intervalMs ?? 60_000;
  const start = overrides.start ?? 0;
  const close = overrides.close ?? '30000.0';
  const open = overrides.open ?? close;
  const [low, high] = new Big(open).lte(close) ? [open, close] : [close, open];
  return {
    pair: 'XBT/USD',
    intervalMs,
    start,
    end: start + intervalMs,
    open,
    high,
    low,
    close,
    vwap: close,
    volume: '1',
    count: 1,
    final: true,
    ...overrides,
  };
}

/**
 * A {@link Ticker}, with defaults around a best bid of 29999.90000 and a best ask of
 * 30000.00000 (`XBT/USD`).
 *
 * @example
 * ```ts
 * const ticker = buildTicker({ bid: { price: '100.0', wholeLotVolume: 1, lotVolume: '1.000' } });
 * ```
 * @param overrides The fields that matter to the test.
 * @return A complete `Ticker`.
 * @see tickerMessage to put it on the wire.
 * @category Testing
 * @since 0.1.0
 */
export function buildTicker(overrides: Partial<Ticker> = {}): Ticker {
  const both = <T>(value: T): { today: T; last24h: T } => ({ today: value, last24h: value });
  return {
    pair: 'XBT/USD',
    ask: { price: '30000.00000', wholeLotVolume: 1, lotVolume: '1.00000000' },
    bid: { price: '29999.90000', wholeLotVolume: 2, lotVolume: '2.00000000' },
    last: { price: '30000.00000', volume: '0.10000000' },
    volume: both('100.00000000'),
    vwap: both('30000.00000'),
    trades: both(1000),
    low: both('29000.00000'),
    high: both('31000.00000'),
    open: both('29500.00000'),
    ...overrides,
  };
}

/**
 * A {@link Spread} (best bid and offer), with defaults: 29999.90000 / 30000.00000 on `XBT/USD`.
 *
 * @example
 * ```ts
 * const wide = buildSpread({ bid: '29990.00000', ask: '30010.00000' });
 * ```
 * @param overrides The fields that matter to the test.
 * @return A complete `Spread`.
 * @see spreadMessage to put it on the wire.
 * @category Testing
 * @since 0.1.0
 */
export function buildSpread(overrides: Partial<Spread> = {}): Spread {
  return {
    pair: 'XBT/USD',
    bid: '29999.90000',
    ask: '30000.00000',
    timestamp: '1700000000.000000',
    bidVolume: '1.00000000',
    askVolume: '1.00000000',
    ...overrides,
  };
}

/** `time` seconds earlier, keeping Kraken's six decimals; never below zero. */
function subtractSeconds(time: string, seconds: number): string {
  const result = new Big(time).minus(seconds);
  return (result.lt(0) ? new Big(0) : result).toFixed(6);
}
