import { asyncScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Candle } from '../candles/candle';
import { closeDueCandles } from '../candles/closeDueCandles';
import { applyTrade, initialTradeCandleState, DEFAULT_TRADE_CANDLE_CONFIG, type TradeCandleState } from '../candles/tradeCandles';
import type { CandleRevisionError } from '../errors/candleErrors';
import type { Trade } from '../feeds/values';
import { candleOperator } from './toCandles';

/**
 * Options of {@link tradesToCandles}.
 * @category Operators
 * @since 0.1.0
 */
export interface TradesToCandlesConfig {
  /** Interval length in ms, a positive integer: `10_000` (10 s), `180_000` (3 min), `7_200_000` (2 h). */
  readonly intervalMs: number;
  /**
   * Emit an empty candle for each interval without trades, once a first trade was seen:
   * open = high = low = close = vwap = the previous close, volume `"0"`, count 0. Default false.
   */
  readonly emitEmpty?: boolean;
  /** Close the running candle this long (ms) after its interval's end. Default 2000. */
  readonly graceMs?: number;
  /** Also emit the running candle (`final: false`) after each trade. Default false. */
  readonly includeRunning?: boolean;
  /**
   * Decimals of `vwap` (rounded half-up). Default: the candle's most precise price's decimals
   * plus 4 (`VWAP_EXTRA_DECIMALS`).
   */
  readonly vwapDecimals?: number;
  /**
   * Called with a {@link CandleRevisionError} for a trade that arrives after its interval's
   * candle was emitted as final. If it throws, the result errors with what it threw.
   * Default: none (the trade is dropped).
   */
  readonly onRevision?: (revision: CandleRevisionError) => void;
  /** Scheduler of the grace timer; its `now()` is the wall clock. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Defaults of {@link TradesToCandlesConfig} (all but `intervalMs`).
 * @category Operators
 * @since 0.1.0
 */
export const DEFAULT_TRADES_TO_CANDLES_CONFIG = Object.freeze({
  emitEmpty: DEFAULT_TRADE_CANDLE_CONFIG.emitEmpty,
  graceMs: DEFAULT_TRADE_CANDLE_CONFIG.graceMs,
  includeRunning: false,
}) satisfies Omit<TradesToCandlesConfig, 'intervalMs'>;

/**
 * Builds candles of any interval from the trade feed, by the trades' own timestamps, and
 * emits each once it is closed.
 *
 * <span class="informal">Kraken's ohlc feed has nine fixed intervals; this makes 10-second,
 * 3-minute or 2-hour candles from trades, with exact decimal arithmetic.</span>
 *
 * ```
 * source:  -a-b--------c-----------|    trades a, b at 1 and 3 ms; c at 12 ms
 * tradesToCandles({ intervalMs: 10, graceMs: 3 })
 * result:  ------------A----------C|    A (a + b) closed by c; C closed at 10 + 10 + 3 ms
 * ```
 *
 * A trade belongs to the interval containing its time, computed exactly (a trade at exactly
 * a border opens the next interval). A candle is emitted as final when a trade for a later
 * interval arrives, or when `end + graceMs` is reached on `scheduler.now()`. high/low compare
 * exactly, volume is the exact sum and vwap is Σ(price × volume) / Σ volume rounded half-up
 * (big.js). Trades older than the newest one seen are taken as a re-send and dropped; a trade
 * for an interval already emitted as final is dropped and given to `onRevision`. When the
 * source completes, the result completes without emitting the running candle as final.
 *
 * @example
 * ```ts
 * kraken.trades('XBT/USD').pipe(tradesToCandles({ intervalMs: 10_000, emitEmpty: true })).subscribe(console.log);
 * ```
 * @param config Interval, grace period, empty candles, running candles, vwap decimals, revision
 * callback and scheduler.
 * @return A function that returns an Observable that emits each candle once closed (and,
 * with `includeRunning`, the running candle after each trade).
 * @throws {InvalidArgumentError} When `intervalMs`, `graceMs` or `vwapDecimals` is invalid.
 * @see {@link toCandles} for Kraken's own candles.
 * @category Operators
 * @since 0.1.0
 */
export function tradesToCandles(config: TradesToCandlesConfig): OperatorFunction<Trade, Candle> {
  const stateConfig = {
    intervalMs: config.intervalMs,
    graceMs: config.graceMs ?? DEFAULT_TRADES_TO_CANDLES_CONFIG.graceMs,
    emitEmpty: config.emitEmpty ?? DEFAULT_TRADES_TO_CANDLES_CONFIG.emitEmpty,
    vwapDecimals: config.vwapDecimals,
  };
  initialTradeCandleState(stateConfig); // validates now, not at subscription
  return candleOperator<Trade, TradeCandleState>({
    initial: () => initialTradeCandleState(stateConfig),
    apply: applyTrade,
    close: closeDueCandles,
    includeRunning: config.includeRunning ?? DEFAULT_TRADES_TO_CANDLES_CONFIG.includeRunning,
    onRevision: config.onRevision,
    scheduler: config.scheduler ?? asyncScheduler,
  });
}
