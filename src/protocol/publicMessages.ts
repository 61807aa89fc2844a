import * as t from 'io-ts';
import { DecimalString } from './decimalString';
import { tupleOf } from './tupleOf';

const Pair2 = t.tuple([DecimalString, DecimalString]);

/**
 * The ticker payload (reference 6.1). Decimals stay strings; the whole-lot volumes of `a`/`b`
 * and the trade counts `t` are JSON integers on the wire.
 * @category Protocol
 * @since 0.1.0
 */
export const TickerPayload = t.type({
  a: t.tuple([DecimalString, t.number, DecimalString]),
  b: t.tuple([DecimalString, t.number, DecimalString]),
  c: Pair2,
  v: Pair2,
  p: Pair2,
  t: t.tuple([t.number, t.number]),
  l: Pair2,
  h: Pair2,
  o: Pair2,
});
/** @category Protocol @since 0.1.0 */
export type TickerPayload = t.TypeOf<typeof TickerPayload>;

/**
 * The ohlc payload (reference 6.2): `[time, etime, open, high, low, close, vwap, volume, count]`.
 * `time` is the candle's last update; `etime` is the interval's end.
 * @category Protocol
 * @since 0.1.0
 */
export const OhlcPayload = tupleOf('OhlcPayload', [
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  t.number,
] as const);
/** @category Protocol @since 0.1.0 */
export type OhlcPayload = t.TypeOf<typeof OhlcPayload>;

/**
 * One trade of a trade message (reference 6.3): `[price, volume, time, side, orderType, misc]`,
 * side `b`/`s` (taker), orderType `m`/`l`.
 * @category Protocol
 * @since 0.1.0
 */
export const TradeTuple = tupleOf('TradeTuple', [
  DecimalString,
  DecimalString,
  DecimalString,
  t.keyof({ b: null, s: null }),
  t.keyof({ m: null, l: null }),
  t.string,
] as const);
/** @category Protocol @since 0.1.0 */
export type TradeTuple = t.TypeOf<typeof TradeTuple>;

/** A trade message's payload: one or more trades in engine order. @category Protocol @since 0.1.0 */
export const TradePayload = t.array(TradeTuple);

/**
 * The spread payload (reference 6.4): `[bid, ask, timestamp, bidVolume, askVolume]`.
 * @category Protocol
 * @since 0.1.0
 */
export const SpreadPayload = t.tuple([DecimalString, DecimalString, DecimalString, DecimalString, DecimalString]);
/** @category Protocol @since 0.1.0 */
export type SpreadPayload = t.TypeOf<typeof SpreadPayload>;
