import { concatMap, from, map, merge, reduce, scan, type MonoTypeOperatorFunction, type ObservableInput } from 'rxjs';
import type { Candle } from '../candles/candle';
import { applyCandleHistory, applyLiveCandle, initialCandleSeam, type CandleSeamStep } from '../candles/candleSeam';
import { CandleGapError } from '../errors/candleErrors';

/**
 * Options of {@link withCandleHistory}.
 * @category Operators
 * @since 0.1.0
 */
export interface WithCandleHistoryConfig {
  /**
   * Called with a {@link CandleGapError} when the first live candle starts more than one
   * interval after the last history candle. The gap is not filled. If it throws, the result
   * errors with what it threw. Default: none.
   */
  readonly onGap?: (gap: CandleGapError) => void;
}

type SeamEvent = { readonly history: readonly Candle[] } | { readonly live: Candle };

/**
 * Starts a live candle stream with closed candles from history (e.g. Kraken's REST OHLC),
 * with no duplicate and no silent gap at the seam.
 *
 * <span class="informal">The live stream is subscribed at once, together with the history,
 * and its candles wait until the history has completed.</span>
 *
 * ```
 * live:     ---c-----d--e--|        live candles c, d, e start in intervals 1, 2, 3
 * history:  -----(x|)              x = [a, b], candles of intervals 0 and 1
 * withCandleHistory(history)
 * result:   -----(ab)d--e--|        c waited for the history, then was dropped: interval 1 is b's
 * ```
 *
 * Every array the history emits is collected until it completes; its final candles are then
 * emitted oldest first (one per start), followed by the live candles that waited and all
 * later ones. A live candle that starts at or before the last history candle is dropped. If
 * the first live candle starts more than one interval after the last history candle, the
 * missing intervals are reported to `onGap` (Kraken's ohlc feed sends nothing for intervals
 * without trades, so a gap may be legitimate). Errors of either side pass through; the result
 * completes when both have completed.
 *
 * @example
 * ```ts
 * // Closed five-minute candles you already have (a store, your own REST client...);
 * // kraken.candles('XBT/USD', { interval: 5, history: 100 }) fetches them from Kraken's REST OHLC for you.
 * const history$ = of(savedCandles);
 * kraken.ohlc('XBT/USD', { interval: 5 }).pipe(toCandles(), withCandleHistory(history$, { onGap: (gap) => console.warn(gap.message) }));
 * ```
 * @param history Arrays of closed candles (e.g. one REST answer), then completion.
 * @param config The gap callback.
 * @return A function that returns an Observable that emits the history's candles, then the
 * live candles after them.
 * @see `mergeHistoryAndLive` (in `src/candles`) for the pure form.
 * @see `candleFromRestRow`, which turns Kraken REST OHLC rows into candles.
 * @category Operators
 * @since 0.1.0
 */
export function withCandleHistory(history: ObservableInput<readonly Candle[]>, config: WithCandleHistoryConfig = {}): MonoTypeOperatorFunction<Candle> {
  const { onGap } = config;
  return (live$) =>
    merge(
      from(history).pipe(
        reduce((all: readonly Candle[], batch: readonly Candle[]) => all.concat(batch), []),
        map((candles): SeamEvent => ({ history: candles })),
      ),
      live$.pipe(map((candle): SeamEvent => ({ live: candle }))),
    ).pipe(
      scan(
        (step: CandleSeamStep, event: SeamEvent) =>
          'history' in event ? applyCandleHistory(step.seam, event.history) : applyLiveCandle(step.seam, event.live),
        { seam: initialCandleSeam(), emitted: [], gap: undefined },
      ),
      concatMap((step) => {
        if (step.gap !== undefined && onGap !== undefined) onGap(new CandleGapError(step.gap));
        return step.emitted;
      }),
    );
}
