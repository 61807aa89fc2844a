import type { CandleRevisionErrorInfo } from '../errors/candleErrors';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { emptyCandle, type Candle } from './candle';

/**
 * What a candle reducer returns: the next state, the candles to emit (in order; running
 * candles have `final: false`) and late data that would have changed a closed candle.
 * @category Candles
 * @since 0.1.0
 */
export interface CandleStep<S> {
  readonly state: S;
  readonly emitted: readonly Candle[];
  readonly revisions: readonly CandleRevisionErrorInfo[];
}

/**
 * The part of a candle state (of `toCandles` or `tradesToCandles`) that decides closing: the
 * grace period, whether empty candles are emitted, the running and the last final candle.
 * @category Candles
 * @since 0.1.0
 */
export interface ClosingParts {
  readonly graceMs: number;
  readonly emitEmpty: boolean;
  readonly running: Candle | undefined;
  readonly lastFinal: Candle | undefined;
}

/** @internal */
export function finalOf(candle: Candle): Candle {
  return { ...candle, final: true };
}

/**
 * Closes the running candle (and, with `emitEmpty`, emits the empty candles between it and
 * `start`) because data for the interval starting at `start` arrived. Pushes the final
 * candles to `out` and returns the new last final candle. The caller sets the new running one.
 * @internal
 */
export function advanceTo(parts: ClosingParts, pair: string, intervalMs: number, start: number, out: Candle[]): Candle | undefined {
  let lastFinal = parts.lastFinal;
  if (parts.running !== undefined) {
    lastFinal = finalOf(parts.running);
    out.push(lastFinal);
  }
  if (parts.emitEmpty && lastFinal !== undefined) {
    for (let s = lastFinal.start + intervalMs; s < start; s += intervalMs) {
      lastFinal = finalOf(emptyCandle(pair, intervalMs, s, lastFinal.close));
      out.push(lastFinal);
    }
  }
  return lastFinal;
}

/**
 * Closes every running candle whose end plus the grace period is at or before `now`. With
 * `emitEmpty`, each closed candle is followed by an empty running candle for the next
 * interval, which closes in turn when its time has passed.
 * @internal
 */
export function closeDueParts(parts: ClosingParts, now: number, out: Candle[]): { running: Candle | undefined; lastFinal: Candle | undefined } {
  if (!Number.isFinite(now)) throw new InvalidArgumentError('now', now, 'a finite time in ms since the epoch');
  let { running, lastFinal } = parts;
  while (running !== undefined && now >= running.end + parts.graceMs) {
    lastFinal = finalOf(running);
    out.push(lastFinal);
    running = parts.emitEmpty ? emptyCandle(lastFinal.pair, lastFinal.intervalMs, lastFinal.end, lastFinal.close) : undefined;
  }
  return { running, lastFinal };
}

/**
 * The wall-clock time (ms, on the scheduler's clock) at which the running candle closes if
 * nothing else arrives: its end plus the grace period; `undefined` when no candle is running.
 *
 * @example
 * ```ts
 * const due = nextCloseTime(state); // e.g. 1699797242000 for a candle ending ...240000 with 2 s grace
 * ```
 * @category Candles
 * @since 0.1.0
 */
export function nextCloseTime(state: ClosingParts): number | undefined {
  return state.running === undefined ? undefined : state.running.end + state.graceMs;
}

/** Validates a grace period. @internal */
export function checkGraceMs(graceMs: unknown, where: string): number {
  if (typeof graceMs !== 'number' || !Number.isFinite(graceMs) || graceMs < 0) {
    throw new InvalidArgumentError(`${where} graceMs`, graceMs, 'a finite number of milliseconds, 0 or more');
  }
  return graceMs;
}
