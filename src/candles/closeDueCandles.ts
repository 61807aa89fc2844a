import type { CandleStep } from './closing';
import { closeDueOhlc, type OhlcCandleState } from './ohlcCandles';
import { closeDueTrades, type TradeCandleState } from './tradeCandles';

/**
 * Closes every running candle whose interval ended at least the grace period before `now`
 * (and, for trade candles with `emitEmpty`, emits the empty candles of intervals that passed
 * with no trade). This is what the operators run when their grace timer fires.
 *
 * @example
 * ```ts
 * const step = closeDueCandles(state, Date.now());
 * state = step.state;
 * step.emitted.forEach((candle) => console.log(candle.final, candle.close));
 * ```
 * @param now The current wall-clock time in ms since the epoch.
 * @category Candles
 * @since 0.1.0
 */
export function closeDueCandles(state: OhlcCandleState, now: number): CandleStep<OhlcCandleState>;
export function closeDueCandles(state: TradeCandleState, now: number): CandleStep<TradeCandleState>;
export function closeDueCandles(
  state: OhlcCandleState | TradeCandleState,
  now: number,
): CandleStep<OhlcCandleState> | CandleStep<TradeCandleState> {
  return state.kind === 'ohlc' ? closeDueOhlc(state, now) : closeDueTrades(state, now);
}
