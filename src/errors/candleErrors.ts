import type { Candle } from '../candles/candle';
import type { OhlcUpdate, Trade } from '../feeds/values';
import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface CandleRevisionErrorInfo {
  readonly pair: string;
  readonly intervalMs: number;
  /** Start (ms since the epoch) of the interval the late data belongs to. */
  readonly start: number;
  /**
   * The final candle already emitted for that interval, when it is the most recent final
   * candle; absent when the late data is for an older interval or one that was skipped.
   */
  readonly emitted?: Candle;
  /** The late data exactly as received: an ohlc update or a trade. */
  readonly received: OhlcUpdate | Trade;
}

/**
 * Data arrived for an interval whose candle was already emitted as final (or passed), with
 * values that change it: an ohlc update with a later `time` and other values, or a trade.
 *
 * It happens when the grace period was too short for the connection's latency or clock skew,
 * or when the connection dropped across the interval's end and the data missed then arrives
 * after a resubscribe. The candle stream is never revised (one final candle per interval);
 * `toCandles` and `tradesToCandles` hand this error to their `onRevision` callback and carry
 * on. Consider a longer `graceMs`.
 * @category Errors
 * @since 0.1.0
 */
export class CandleRevisionError extends KrakenError<CandleRevisionErrorInfo> {
  override readonly name = 'CandleRevisionError' as const;

  constructor(info: CandleRevisionErrorInfo) {
    const at = new Date(info.start).toISOString();
    const what = 'etime' in info.received ? 'an ohlc update' : 'a trade';
    const against = info.emitted === undefined ? 'an interval already passed' : 'its final candle, already emitted';
    super(
      `Late data for the ${info.pair} candle starting ${at} (${info.intervalMs} ms): ${what} changes ${against}. The emitted candle was kept; a longer graceMs avoids this.`,
      info,
    );
  }
}

/** @category Errors @since 0.1.0 */
export interface CandleGapErrorInfo {
  readonly pair: string;
  readonly intervalMs: number;
  /** Start (ms) of the last history candle. */
  readonly lastHistoryStart: number;
  /** Start (ms) of the first live candle after the history. */
  readonly firstLiveStart: number;
  /** How many intervals lie between them with no candle. */
  readonly missing: number;
}

/**
 * Between the last candle of the REST history and the first live candle, one or more
 * intervals have no candle. Either no trade happened in them (Kraken's ohlc feed sends
 * nothing for such intervals) or the live feed started too late to see a candle that the
 * history did not yet hold. `withCandleHistory` hands this error to its `onGap` callback and
 * carries on; fetch the history again to fill the gap.
 * @category Errors
 * @since 0.1.0
 */
export class CandleGapError extends KrakenError<CandleGapErrorInfo> {
  override readonly name = 'CandleGapError' as const;

  constructor(info: CandleGapErrorInfo) {
    super(
      `No candle for ${info.missing} interval(s) of ${info.intervalMs} ms between the ${info.pair} history (last start ${new Date(info.lastHistoryStart).toISOString()}) and the first live candle (start ${new Date(info.firstLiveStart).toISOString()}). Fetch the history again to fill it, or treat the intervals as having no trades.`,
      info,
    );
  }
}
