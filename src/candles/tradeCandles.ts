import type { CandleRevisionErrorInfo } from '../errors/candleErrors';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { Trade } from '../feeds/values';
import type { Candle } from './candle';
import { advanceTo, checkGraceMs, closeDueParts, type CandleStep } from './closing';
import { Big, decimalsOf, divideRounded } from './decimals';
import { krakenTimeToMicros } from './krakenTime';

/**
 * Options of the trade candle state (and of `tradesToCandles`).
 * @category Candles
 * @since 0.1.0
 */
export interface TradeCandleConfig {
  /** Interval length in ms: a positive integer, e.g. `10_000`, `180_000`, `7_200_000`. */
  readonly intervalMs: number;
  /** Close the running candle this long (ms) after its interval's end. Default 2000. */
  readonly graceMs: number;
  /**
   * Emit an empty candle for each interval with no trades once a first trade was seen:
   * open = high = low = close = vwap = the previous close, volume `"0"`, count 0. Default false.
   */
  readonly emitEmpty: boolean;
  /**
   * Decimals of `vwap`, rounded half-up. Default `undefined`: the largest number of decimals
   * of the candle's prices plus {@link VWAP_EXTRA_DECIMALS}.
   */
  readonly vwapDecimals: number | undefined;
}

/**
 * Decimals added to the candle's most precise price for its `vwap` when `vwapDecimals` is not
 * set (prices with 5 decimals give a vwap with 9).
 * @category Candles
 * @since 0.1.0
 */
export const VWAP_EXTRA_DECIMALS = 4;

/**
 * Defaults of {@link TradeCandleConfig} (all but `intervalMs`).
 * @category Candles
 * @since 0.1.0
 */
export const DEFAULT_TRADE_CANDLE_CONFIG: Omit<TradeCandleConfig, 'intervalMs'> = Object.freeze({
  graceMs: 2000,
  emitEmpty: false,
  vwapDecimals: undefined,
});

/**
 * The exact running sums of a running candle, opaque: exact decimals (big.js) inside, which a
 * user's types never need to see.
 * @category Candles
 * @since 0.1.0
 */
export interface TradeCandleSums {
  readonly opaque: 'TradeCandleSums';
}

/** What {@link TradeCandleSums} holds. */
interface TradeSums {
  readonly high: Big;
  readonly low: Big;
  readonly volume: Big;
  /** Sum of price × volume. */
  readonly notional: Big;
  readonly priceDecimals: number;
  readonly volumeDecimals: number;
}

/**
 * The state of candles built from trades. Treat it as opaque; create it with
 * {@link initialTradeCandleState}.
 * @category Candles
 * @since 0.1.0
 */
export interface TradeCandleState {
  readonly kind: 'trades';
  readonly intervalMs: number;
  readonly graceMs: number;
  readonly emitEmpty: boolean;
  readonly vwapDecimals: number | undefined;
  readonly pair: string | undefined;
  /** The running candle (`final: false`); with `emitEmpty` it may be empty (count 0). */
  readonly running: Candle | undefined;
  /** @internal */
  readonly sums: TradeCandleSums | undefined;
  readonly lastFinal: Candle | undefined;
  /** Time (µs) of the newest trade seen. */
  readonly newestTime: number;
  /** Identities of the trades counted at `newestTime`. @internal */
  readonly atNewest: readonly string[];
  /** While Kraken re-sends trades already counted: those at `newestTime` not yet matched. @internal */
  readonly replay: readonly string[] | undefined;
}

/**
 * A fresh trade candle state.
 *
 * @example
 * ```ts
 * let state = initialTradeCandleState({ intervalMs: 10_000 });
 * ```
 * @throws {InvalidArgumentError} When `intervalMs` is not a positive safe integer, `graceMs`
 * is negative, or `vwapDecimals` is not an integer from 0 to 100.
 * @category Candles
 * @since 0.1.0
 */
export function initialTradeCandleState(config: Pick<TradeCandleConfig, 'intervalMs'> & Partial<TradeCandleConfig>): TradeCandleState {
  const { intervalMs } = config;
  if (typeof intervalMs !== 'number' || !Number.isSafeInteger(intervalMs) || !Number.isSafeInteger(intervalMs * 1000) || intervalMs <= 0) {
    throw new InvalidArgumentError('trade candles intervalMs', intervalMs, 'a positive whole number of milliseconds, e.g. 10_000');
  }
  const graceMs = checkGraceMs(config.graceMs ?? DEFAULT_TRADE_CANDLE_CONFIG.graceMs, 'trade candles');
  const vwapDecimals = config.vwapDecimals ?? DEFAULT_TRADE_CANDLE_CONFIG.vwapDecimals;
  if (vwapDecimals !== undefined && !(Number.isInteger(vwapDecimals) && vwapDecimals >= 0 && vwapDecimals <= 100)) {
    throw new InvalidArgumentError('trade candles vwapDecimals', vwapDecimals, 'an integer from 0 to 100');
  }
  return {
    kind: 'trades',
    intervalMs,
    graceMs,
    emitEmpty: config.emitEmpty ?? DEFAULT_TRADE_CANDLE_CONFIG.emitEmpty,
    vwapDecimals,
    pair: undefined,
    running: undefined,
    sums: undefined,
    lastFinal: undefined,
    newestTime: -1,
    atNewest: [],
    replay: undefined,
  };
}

/**
 * Adds one trade to the candles, then closes what `now` says has closed.
 *
 * Rules (see docs/candles.md):
 * - A trade belongs to the interval `[start, start + intervalMs)` containing its own time,
 *   computed exactly in microseconds: a trade at exactly a border opens the next interval.
 * - A trade for the running interval updates it: high/low by exact comparison, close = its
 *   price, volume = exact sum, vwap = Σ(price × volume) / Σ volume rounded half-up.
 * - A trade for a later interval closes the running candle (and with `emitEmpty` emits the
 *   empty candles between) and opens a new one.
 * - A trade older than the newest trade seen is a re-send (Kraken sends trades in time order;
 *   after a resubscribe it may replay recent ones) and is dropped; while such a replay lasts,
 *   trades at the newest time identical to ones already counted are dropped too.
 * - A trade for an interval already closed is late: reported in `revisions`, never added.
 * - Afterwards every running candle whose end plus `graceMs` is at or before `now` closes.
 *
 * @example
 * ```ts
 * let state = initialTradeCandleState({ intervalMs: 10_000 });
 * const step = applyTrade(state, trade, Date.now());
 * state = step.state;
 * ```
 * @param now The current wall-clock time in ms since the epoch.
 * @throws {InvalidArgumentError} When the trade is for another pair than the previous ones,
 * or its time or decimals are malformed.
 * @category Candles
 * @since 0.1.0
 */
export function applyTrade(state: TradeCandleState, trade: Trade, now: number): CandleStep<TradeCandleState> {
  if (state.pair !== undefined && trade.pair !== state.pair) {
    throw new InvalidArgumentError('trade', trade.pair, `trades of ${state.pair} only`, 'Build candles per pair (e.g. with groupBy)');
  }
  const micros = krakenTimeToMicros(trade.time);
  const identity = `${trade.price} ${trade.volume} ${trade.side} ${trade.orderType} ${trade.misc}`;
  const out: Candle[] = [];
  const revisions: CandleRevisionErrorInfo[] = [];

  // Re-sent trades: older than the newest, or identical ones at the newest time during a replay.
  if (micros < state.newestTime) {
    return closeDueTrades({ ...state, replay: state.replay ?? state.atNewest }, now, out, revisions);
  }
  let next: TradeCandleState = { ...state, pair: trade.pair };
  if (micros === state.newestTime) {
    const at = state.replay === undefined ? -1 : state.replay.indexOf(identity);
    if (at >= 0 && state.replay !== undefined) {
      return closeDueTrades({ ...next, replay: state.replay.filter((_, i) => i !== at) }, now, out, revisions);
    }
    next = { ...next, atNewest: [...state.atNewest, identity] };
  } else {
    next = { ...next, newestTime: micros, atNewest: [identity], replay: undefined };
  }

  const intervalUs = state.intervalMs * 1000;
  const start = (micros - (micros % intervalUs)) / 1000;
  const { running, lastFinal } = state;
  if (running !== undefined && start === running.start) {
    next = addTrade(next, running.count === 0 ? undefined : openSums(state.sums), trade, start);
    out.push(next.running as Candle);
  } else if (running !== undefined ? start > running.start : lastFinal === undefined || start > lastFinal.start) {
    const closed = advanceTo(state, trade.pair, state.intervalMs, start, out);
    next = addTrade({ ...next, lastFinal: closed }, undefined, trade, start);
    out.push(next.running as Candle);
  } else {
    revisions.push({
      pair: trade.pair,
      intervalMs: state.intervalMs,
      start,
      ...(lastFinal !== undefined && lastFinal.start === start ? { emitted: lastFinal } : {}),
      received: trade,
    });
  }
  return closeDueTrades(next, now, out, revisions);
}

function addTrade(state: TradeCandleState, sums: TradeSums | undefined, trade: Trade, start: number): TradeCandleState {
  const price = new Big(trade.price);
  const volume = new Big(trade.volume);
  const running = sums === undefined ? undefined : state.running;
  const next: TradeSums =
    sums === undefined
      ? {
          high: price,
          low: price,
          volume,
          notional: price.times(volume),
          priceDecimals: decimalsOf(trade.price),
          volumeDecimals: decimalsOf(trade.volume),
        }
      : {
          high: price.gt(sums.high) ? price : sums.high,
          low: price.lt(sums.low) ? price : sums.low,
          volume: sums.volume.plus(volume),
          notional: sums.notional.plus(price.times(volume)),
          priceDecimals: Math.max(sums.priceDecimals, decimalsOf(trade.price)),
          volumeDecimals: Math.max(sums.volumeDecimals, decimalsOf(trade.volume)),
        };
  const vwapDecimals = state.vwapDecimals ?? next.priceDecimals + VWAP_EXTRA_DECIMALS;
  const candle: Candle = {
    pair: trade.pair,
    intervalMs: state.intervalMs,
    start,
    end: start + state.intervalMs,
    open: running?.open ?? trade.price,
    high: running !== undefined && next.high === sums?.high ? running.high : trade.price,
    low: running !== undefined && next.low === sums?.low ? running.low : trade.price,
    close: trade.price,
    vwap: next.volume.eq(0) ? trade.price : divideRounded(next.notional, next.volume, vwapDecimals),
    volume: next.volume.toFixed(next.volumeDecimals),
    count: (running?.count ?? 0) + 1,
    final: false,
  };
  return { ...state, running: candle, sums: sealSums(next) };
}

/** @internal */
export function closeDueTrades(
  state: TradeCandleState,
  now: number,
  out: Candle[] = [],
  revisions: readonly CandleRevisionErrorInfo[] = [],
): CandleStep<TradeCandleState> {
  const { running, lastFinal } = closeDueParts(state, now, out);
  const next: TradeCandleState = running !== state.running ? { ...state, running, lastFinal, sums: undefined } : state;
  return { state: next, emitted: out, revisions };
}

function openSums(sums: TradeCandleSums | undefined): TradeSums | undefined {
  return sums as unknown as TradeSums | undefined;
}

function sealSums(sums: TradeSums): TradeCandleSums {
  return sums as unknown as TradeCandleSums;
}
