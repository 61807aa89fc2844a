import { filter, map, scan, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { Candle, KrakenClient } from 'kraken-rx';
import { tradesToCandles } from 'kraken-rx/operators';

/** A breakout signal: a closed candle closed above the highest high (or below the lowest low) of the ones before it. */
export interface BreakoutSignal {
  readonly side: 'buy' | 'sell';
  /** End (ms since the epoch) of the candle that broke out. */
  readonly at: number;
  readonly close: string;
  /** The high (buy) or low (sell) it broke. */
  readonly level: string;
}

/** Options of {@link breakoutSignals}. */
export interface BreakoutConfig {
  readonly pair: string;
  /** Candle length, ms (any interval: candles are built from trades). */
  readonly intervalMs: number;
  /** How many previous closed candles make the range. */
  readonly lookback: number;
  /** Scheduler of the candle grace timer (a TestScheduler in tests). */
  readonly scheduler?: SchedulerLike;
}

/** Breakouts of closed candles out of the range of the `lookback` candles before them. */
export function breakout(lookback: number): OperatorFunction<Candle, BreakoutSignal> {
  return (candles$) =>
    candles$.pipe(
      filter((c) => c.final),
      scan((window: Candle[], c: Candle) => [...window, c].slice(-(lookback + 1)), []),
      filter((window) => window.length === lookback + 1),
      map((window) => {
        const last = window[lookback] as Candle;
        const range = window.slice(0, lookback);
        const high = range.reduce((h, c) => (Number(c.high) > Number(h) ? c.high : h), range[0]!.high);
        const low = range.reduce((l, c) => (Number(c.low) < Number(l) ? c.low : l), range[0]!.low);
        if (Number(last.close) > Number(high)) return { side: 'buy', at: last.end, close: last.close, level: high } as const;
        if (Number(last.close) < Number(low)) return { side: 'sell', at: last.end, close: last.close, level: low } as const;
        return undefined;
      }),
      filter((signal): signal is BreakoutSignal => signal !== undefined),
      // one signal per direction change: a second buy in a row says nothing new
      scan((previous: { signal?: BreakoutSignal; emit: boolean }, signal: BreakoutSignal) => ({ signal, emit: previous.signal?.side !== signal.side }), { emit: false }),
      filter((s) => s.emit),
      map((s) => s.signal as BreakoutSignal),
    );
}

/**
 * The strategy as a function of the client: trades → candles of any interval → breakouts.
 * Taking the client as an argument is what makes it testable with `createFakeKrakenClient`
 * (see test/examples/breakout.test.ts).
 */
export function breakoutSignals(kraken: KrakenClient, config: BreakoutConfig): Observable<BreakoutSignal> {
  return kraken
    .trades(config.pair)
    .pipe(
      tradesToCandles({ intervalMs: config.intervalMs, ...(config.scheduler === undefined ? {} : { scheduler: config.scheduler }) }),
      breakout(config.lookback),
    );
}

