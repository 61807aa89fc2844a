import type { CandleGapErrorInfo } from '../errors/candleErrors';
import type { Candle } from './candle';

/**
 * The state of the seam between REST history and live candles. Create it with
 * {@link initialCandleSeam}; treat it as opaque.
 * @category Candles
 * @since 0.1.0
 */
export interface CandleSeam {
  /** `false` until the history arrived; live candles wait in `buffer` until then. */
  readonly historyDone: boolean;
  readonly buffer: readonly Candle[];
  /** Start (ms) of the last history candle; live candles starting at or before it are dropped. */
  readonly lastHistoryStart: number | undefined;
  /** Whether the first live candle after the history was checked for a gap. */
  readonly gapChecked: boolean;
}

/**
 * What the seam reducers return: the next seam, the candles to emit and the gap found, if any.
 * @category Candles
 * @since 0.1.0
 */
export interface CandleSeamStep {
  readonly seam: CandleSeam;
  readonly emitted: readonly Candle[];
  readonly gap: CandleGapErrorInfo | undefined;
}

/**
 * A seam waiting for its history.
 * @example
 * ```ts
 * let seam = initialCandleSeam();
 * ```
 * @category Candles
 * @since 0.1.0
 */
export function initialCandleSeam(): CandleSeam {
  return { historyDone: false, buffer: [], lastHistoryStart: undefined, gapChecked: false };
}

/**
 * Hands the history to the seam: emits its final candles oldest first (one per start; a
 * candle with `final: false` is dropped), then the live candles that waited for it, with the
 * seam rules of {@link applyLiveCandle}.
 *
 * @example
 * ```ts
 * const step = applyCandleHistory(initialCandleSeam(), closedCandlesFromRest(rows, 'XBT/USD', 300_000));
 * ```
 * @category Candles
 * @since 0.1.0
 */
export function applyCandleHistory(seam: CandleSeam, history: readonly Candle[]): CandleSeamStep {
  if (seam.historyDone) return { seam, emitted: [], gap: undefined };
  const byStart = new Map<number, Candle>();
  for (const candle of history) if (candle.final) byStart.set(candle.start, candle);
  const emitted = [...byStart.values()].sort((a, b) => a.start - b.start);
  let next: CandleSeam = {
    historyDone: true,
    buffer: [],
    lastHistoryStart: emitted.length === 0 ? undefined : (emitted[emitted.length - 1] as Candle).start,
    gapChecked: false,
  };
  let gap: CandleGapErrorInfo | undefined;
  for (const candle of seam.buffer) {
    const step = applyLiveCandle(next, candle);
    next = step.seam;
    emitted.push(...step.emitted);
    gap ??= step.gap;
  }
  return { seam: next, emitted, gap };
}

/**
 * Hands one live candle to the seam.
 *
 * Before the history arrived it is kept (a running candle replaces the kept running candle of
 * the same interval). Afterwards: a candle starting at or before the last history candle is
 * dropped (no duplicate at the seam); the first candle after it is checked for a gap (it
 * should start exactly one interval after the last history candle; if later, `gap` reports
 * the missing intervals, which are not filled); every other candle passes.
 *
 * @example
 * ```ts
 * const step = applyLiveCandle(seam, candle);
 * seam = step.seam;
 * ```
 * @category Candles
 * @since 0.1.0
 */
export function applyLiveCandle(seam: CandleSeam, candle: Candle): CandleSeamStep {
  if (!seam.historyDone) {
    const buffer = seam.buffer.filter((c) => !(c.start === candle.start && !c.final));
    return { seam: { ...seam, buffer: [...buffer, candle] }, emitted: [], gap: undefined };
  }
  const last = seam.lastHistoryStart;
  if (last !== undefined && candle.start <= last) return { seam, emitted: [], gap: undefined };
  if (seam.gapChecked || last === undefined) return { seam, emitted: [candle], gap: undefined };
  const missing = Math.round((candle.start - last) / candle.intervalMs) - 1;
  const gap: CandleGapErrorInfo | undefined =
    missing > 0
      ? { pair: candle.pair, intervalMs: candle.intervalMs, lastHistoryStart: last, firstLiveStart: candle.start, missing }
      : undefined;
  return { seam: { ...seam, gapChecked: true }, emitted: [candle], gap };
}

/**
 * Merges a history and the live candles received so far into one sequence with no duplicate
 * at the seam; the pure form of `withCandleHistory`.
 *
 * @example
 * ```ts
 * const { candles, gaps } = mergeHistoryAndLive(history, live);
 * ```
 * @category Candles
 * @since 0.1.0
 */
export function mergeHistoryAndLive(history: readonly Candle[], live: readonly Candle[]): { candles: Candle[]; gaps: CandleGapErrorInfo[] } {
  let step = applyCandleHistory(initialCandleSeam(), history);
  const candles = [...step.emitted];
  const gaps: CandleGapErrorInfo[] = [];
  for (const candle of live) {
    step = applyLiveCandle(step.seam, candle);
    candles.push(...step.emitted);
    if (step.gap !== undefined) gaps.push(step.gap);
  }
  return { candles, gaps };
}
