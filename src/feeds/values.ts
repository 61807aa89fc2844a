import type { OhlcMessage, SpreadMessage, TickerMessage, TradeMessage } from '../protocol/messages';

/**
 * One public trade, as the trade feed emits it (one value per trade, not Kraken's batches).
 * Prices, volumes and times keep Kraken's exact decimal strings.
 * @example
 * ```ts
 * kraken.trades('XBT/USD').subscribe((t) => console.log(t.side, t.volume, '@', t.price));
 * ```
 * @category Feeds
 * @since 0.1.0
 */
export interface Trade {
  readonly pair: string;
  readonly price: string;
  readonly volume: string;
  /** Seconds since the epoch with microseconds, e.g. `"1699797222.188887"`. */
  readonly time: string;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  /** The taker's order type. */
  readonly orderType: 'market' | 'limit';
  readonly misc: string;
  /**
   * `true` on a trade the feed did not receive live but took from Kraken's REST `Trades` after
   * a reconnect (written as the live feed writes that pair); absent on live trades.
   */
  readonly backfilled?: true;
}

/**
 * The running OHLC candle as Kraken's ohlc feed sends it (re-sent on every trade).
 * @category Feeds
 * @since 0.1.0
 */
export interface OhlcUpdate {
  readonly pair: string;
  /** Interval in minutes. */
  readonly interval: number;
  /** Time of the candle's last update (not aligned to the interval). */
  readonly time: string;
  /** End of the candle's interval (aligned); the interval starts `interval * 60` s earlier. */
  readonly etime: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly vwap: string;
  readonly volume: string;
  readonly count: number;
}

/** A price with the volume at it and that volume truncated to whole lots. @category Feeds @since 0.1.0 */
export interface TickerQuote {
  readonly price: string;
  readonly wholeLotVolume: number;
  readonly lotVolume: string;
}

/** A value for today (since 00:00 UTC) and for the last 24 hours. @category Feeds @since 0.1.0 */
export interface TodayAnd24h<T> {
  readonly today: T;
  readonly last24h: T;
}

/**
 * The ticker (reference 6.1) with named fields.
 * @category Feeds
 * @since 0.1.0
 */
export interface Ticker {
  readonly pair: string;
  readonly ask: TickerQuote;
  readonly bid: TickerQuote;
  readonly last: { readonly price: string; readonly volume: string };
  readonly volume: TodayAnd24h<string>;
  readonly vwap: TodayAnd24h<string>;
  readonly trades: TodayAnd24h<number>;
  readonly low: TodayAnd24h<string>;
  readonly high: TodayAnd24h<string>;
  readonly open: TodayAnd24h<string>;
}

/**
 * Best bid and offer (reference 6.4).
 * @category Feeds
 * @since 0.1.0
 */
export interface Spread {
  readonly pair: string;
  readonly bid: string;
  readonly ask: string;
  readonly timestamp: string;
  readonly bidVolume: string;
  readonly askVolume: string;
}

/** @internal */
export function tradesOf(message: TradeMessage): Trade[] {
  return message.trades.map(([price, volume, time, side, orderType, misc]) => ({
    pair: message.pair,
    price,
    volume,
    time,
    side: side === 'b' ? 'buy' : 'sell',
    orderType: orderType === 'm' ? 'market' : 'limit',
    misc,
  }));
}

/** @internal */
export function ohlcUpdateOf(message: OhlcMessage): OhlcUpdate {
  const [time, etime, open, high, low, close, vwap, volume, count] = message.data;
  return { pair: message.pair, interval: message.interval, time, etime, open, high, low, close, vwap, volume, count };
}

/** @internal */
export function tickerOf(message: TickerMessage): Ticker {
  const { a, b, c, v, p, t, l, h, o } = message.data;
  const pair2 = <T>(x: readonly [T, T]): TodayAnd24h<T> => ({ today: x[0], last24h: x[1] });
  return {
    pair: message.pair,
    ask: { price: a[0], wholeLotVolume: a[1], lotVolume: a[2] },
    bid: { price: b[0], wholeLotVolume: b[1], lotVolume: b[2] },
    last: { price: c[0], volume: c[1] },
    volume: pair2(v),
    vwap: pair2(p),
    trades: pair2(t),
    low: pair2(l),
    high: pair2(h),
    open: pair2(o),
  };
}

/** @internal */
export function spreadOf(message: SpreadMessage): Spread {
  const [bid, ask, timestamp, bidVolume, askVolume] = message.data;
  return { pair: message.pair, bid, ask, timestamp, bidVolume, askVolume };
}
