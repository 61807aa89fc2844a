import type { CandleRevisionErrorInfo } from '../errors/candleErrors';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { OhlcUpdate } from '../feeds/values';
import { sameCandleValues, type Candle } from './candle';
import { advanceTo, checkGraceMs, closeDueParts, type CandleStep } from './closing';
import { krakenTimeToMicros, krakenTimeToMs } from './krakenTime';

/**
 * Options of the ohlc candle state (and of `toCandles`).
 * @category Candles
 * @since 0.1.0
 */
export interface OhlcCandleConfig {
  /**
   * How long after an interval's end (ms, on the scheduler's clock) the running candle is
   * closed when no update for a later interval arrived. Must exceed the feed's latency plus
   * the local clock's lead over Kraken's.
   */
  readonly graceMs: number;
}

/**
 * Defaults of {@link OhlcCandleConfig}: a grace period of 2 s.
 * @category Candles
 * @since 0.1.0
 */
export const DEFAULT_OHLC_CANDLE_CONFIG: OhlcCandleConfig = Object.freeze({ graceMs: 2000 });

/**
 * The state of candles rebuilt from Kraken's ohlc feed: the running candle, the last final
 * candle and the Kraken times needed to tell new data from re-sent data. Treat it as opaque;
 * create it with {@link initialOhlcCandleState}.
 * @category Candles
 * @since 0.1.0
 */
export interface OhlcCandleState {
  readonly kind: 'ohlc';
  readonly graceMs: number;
  readonly emitEmpty: false;
  readonly pair: string | undefined;
  readonly intervalMs: number | undefined;
  /** The running candle (`final: false`), if an interval is open. */
  readonly running: Candle | undefined;
  /** Kraken `time` (µs) of the update that set `running`. */
  readonly runningTime: number;
  /** The last candle emitted as final. */
  readonly lastFinal: Candle | undefined;
  /** Kraken `time` (µs) of the newest update seen for `lastFinal`'s interval. */
  readonly finalTime: number;
}

/**
 * A fresh ohlc candle state.
 *
 * @example
 * ```ts
 * let state = initialOhlcCandleState({ graceMs: 1000 });
 * ```
 * @throws {InvalidArgumentError} When `graceMs` is negative or not finite.
 * @category Candles
 * @since 0.1.0
 */
export function initialOhlcCandleState(config: Partial<OhlcCandleConfig> = {}): OhlcCandleState {
  const graceMs = checkGraceMs(config.graceMs ?? DEFAULT_OHLC_CANDLE_CONFIG.graceMs, 'ohlc candles');
  return {
    kind: 'ohlc',
    graceMs,
    emitEmpty: false,
    pair: undefined,
    intervalMs: undefined,
    running: undefined,
    runningTime: -1,
    lastFinal: undefined,
    finalTime: -1,
  };
}

/**
 * Applies one update of Kraken's ohlc feed, then closes what `now` says has closed.
 *
 * Rules (see docs/candles.md):
 * - An update for the running interval replaces the running candle, unless its `time` is
 *   older than the running candle's (stale) or its values are the same (a re-sent duplicate,
 *   e.g. after a reconnect): both are dropped and nothing is emitted.
 * - An update for a later interval closes the running candle (emitted final, with the values
 *   of the last update) and starts a new running candle.
 * - An update for an interval already closed is late: dropped when its values equal the
 *   emitted final candle's or its `time` is not newer, else reported in `revisions`. The
 *   emitted candle is never revised.
 * - Afterwards every running candle whose end plus `graceMs` is at or before `now` is closed;
 *   so Kraken's snapshot of a candle that ended long ago closes at once.
 *
 * `emitted` holds the running candle (`final: false`) whenever it changed, and each closed
 * candle (`final: true`) once.
 *
 * @example
 * ```ts
 * const step = applyOhlcUpdate(initialOhlcCandleState(), update, Date.now());
 * step.emitted.filter((c) => c.final).forEach(console.log);
 * ```
 * @param now The current wall-clock time in ms since the epoch.
 * @throws {InvalidArgumentError} When the update is for another pair or interval than the
 * previous ones, or its times are malformed.
 * @category Candles
 * @since 0.1.0
 */
export function applyOhlcUpdate(state: OhlcCandleState, update: OhlcUpdate, now: number): CandleStep<OhlcCandleState> {
  const intervalMs = update.interval * 60_000;
  if (state.pair !== undefined && (update.pair !== state.pair || intervalMs !== state.intervalMs)) {
    throw new InvalidArgumentError(
      'ohlc update',
      `${update.pair} ohlc-${update.interval}`,
      `updates of ${state.pair} ohlc-${(state.intervalMs ?? 0) / 60_000} only`,
      'Build candles per pair and interval (e.g. with groupBy)',
    );
  }
  const end = krakenTimeToMs(update.etime);
  const time = krakenTimeToMicros(update.time);
  const candle: Candle = {
    pair: update.pair,
    intervalMs,
    start: end - intervalMs,
    end,
    open: update.open,
    high: update.high,
    low: update.low,
    close: update.close,
    vwap: update.vwap,
    volume: update.volume,
    count: update.count,
    final: false,
  };
  const out: Candle[] = [];
  const revisions: CandleRevisionErrorInfo[] = [];
  let next: OhlcCandleState = { ...state, pair: update.pair, intervalMs };
  const { running, lastFinal } = state;

  if (running !== undefined && candle.start === running.start) {
    if (time >= state.runningTime && !sameCandleValues(candle, running)) {
      next = { ...next, running: candle, runningTime: time };
      out.push(candle);
    }
  } else if (running !== undefined ? candle.start > running.start : lastFinal === undefined || candle.start > lastFinal.start) {
    const closed = advanceTo(state, update.pair, intervalMs, candle.start, out);
    next = { ...next, running: candle, runningTime: time, lastFinal: closed, finalTime: running !== undefined ? state.runningTime : state.finalTime };
    out.push(candle);
  } else if (lastFinal !== undefined && candle.start === lastFinal.start) {
    if (time > state.finalTime && !sameCandleValues(candle, lastFinal)) {
      revisions.push({ pair: update.pair, intervalMs, start: candle.start, emitted: lastFinal, received: update });
      next = { ...next, finalTime: time };
    }
  } else {
    revisions.push({ pair: update.pair, intervalMs, start: candle.start, received: update });
  }
  return closeDueOhlc(next, now, out, revisions);
}

/** @internal */
export function closeDueOhlc(
  state: OhlcCandleState,
  now: number,
  out: Candle[] = [],
  revisions: readonly CandleRevisionErrorInfo[] = [],
): CandleStep<OhlcCandleState> {
  const { running, lastFinal } = closeDueParts(state, now, out);
  const closedNow = running !== state.running;
  const next: OhlcCandleState = closedNow
    ? { ...state, running, lastFinal, runningTime: -1, finalTime: state.runningTime }
    : state;
  return { state: next, emitted: out, revisions };
}
