// The strategy example of docs/candles.md, verbatim below the imports (smaCross.test.ts checks it).
import Big from 'big.js';
import { filter, map, pairwise, scan, type OperatorFunction } from 'rxjs';
import type { Candle } from '../../src/candles';

/** A moving-average cross: `buy` when the fast average rises above the slow one, `sell` when it falls below. */
export interface CrossSignal {
  readonly side: 'buy' | 'sell';
  /** End (ms) of the candle that confirmed the cross. */
  readonly at: number;
  readonly close: string;
  readonly fast: string;
  readonly slow: string;
}

const mean = (closes: readonly string[]): Big => closes.reduce((sum, c) => sum.plus(c), new Big(0)).div(closes.length);

/** Simple moving averages of `fast` and `slow` closed candles; one signal per cross. */
export function smaCross(fast: number, slow: number): OperatorFunction<Candle, CrossSignal> {
  return (candles$) =>
    candles$.pipe(
      filter((candle) => candle.final), // decide on closed candles only
      scan((window: Candle[], candle: Candle) => [...window, candle].slice(-slow), []),
      filter((window) => window.length === slow),
      map((window) => {
        const closes = window.map((c) => c.close);
        const last = window[window.length - 1] as Candle;
        return { last, fast: mean(closes.slice(-fast)), slow: mean(closes) };
      }),
      pairwise(),
      filter(([before, now]) => before.fast.lte(before.slow) !== now.fast.lte(now.slow)),
      map(([, now]): CrossSignal => ({
        side: now.fast.gt(now.slow) ? 'buy' : 'sell',
        at: now.last.end,
        close: now.last.close,
        fast: now.fast.toFixed(2),
        slow: now.slow.toFixed(2),
      })),
    );
}
