import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Candle } from '../../src/candles';
import { tradesToCandles } from '../../src/operators/tradesToCandles';
import { smaCross } from './smaCross';
import { candle, marbles, trade } from './support';

const closed = (i: number, close: string, final = true): Candle =>
  candle(i * 60_000, 60_000, { open: close, high: close, low: close, close, vwap: close, volume: '1', count: 1, final });

describe('smaCross, the strategy example of docs/candles.md', () => {
  // closes:      10   10   10   13   13    7    5    5
  // sma2:                  10  11.5  13   10    6    5
  // sma3:                  10   11   12   11  8.33 5.67
  // fast > slow:            no  yes  yes  no   no   no
  it('signals buy when the fast average crosses above the slow one and sell when it crosses below', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const values = {
        a: closed(0, '10'), b: closed(1, '10'), c: closed(2, '10'), d: closed(3, '13'),
        e: closed(4, '13'), f: closed(5, '7'), g: closed(6, '5'), h: closed(7, '5'),
        r: closed(8, '100', false), // a running candle: ignored
      };
      const candles = cold('  -a-b-c-d-e-f-g-h-r-|', values);
      const signals = '       -------B---S-------|';
      expectObservable(candles.pipe(smaCross(2, 3))).toBe(signals, {
        B: { side: 'buy', at: 240_000, close: '13', fast: '11.50', slow: '11.00' },
        S: { side: 'sell', at: 360_000, close: '7', fast: '10.00', slow: '11.00' },
      });
      expectSubscriptions(candles.subscriptions).toBe('^------------------!');
    });
  });

  it('passes an error through and emits nothing before the slow window is full', () => {
    marbles(({ cold, expectObservable }) => {
      const candles = cold('  -a-b-#', { a: closed(0, '1'), b: closed(1, '2') });
      expectObservable(candles.pipe(smaCross(2, 3))).toBe('-----#');
    });
  });

  it('runs on candles built from trades in virtual time (the whole pipeline of the guide)', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      // One trade per 10 ms candle: prices 10, 10, 10, 13 → the 4th candle closes at 42 ms
      // (grace 2 ms) and confirms the cross up.
      const trades = cold('  -a---------b---------c---------d------------------|', {
        a: trade(1_000, '10', '1'), b: trade(11_000, '10', '1'), c: trade(21_000, '10', '1'), d: trade(31_000, '13', '1'),
      });
      const signals = '      ------------------------------------------B-------|';
      expectObservable(trades.pipe(tradesToCandles({ intervalMs: 10, graceMs: 2, scheduler }), smaCross(2, 3))).toBe(signals, {
        B: { side: 'buy', at: 40, close: '13', fast: '11.50', slow: '11.00' },
      });
    });
  });

  it('is the code shown in docs/candles.md', () => {
    const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'candles.md'), 'utf8');
    const block = /<!-- smaCross:start -->\s*```ts\n([\s\S]*?)```\s*<!-- smaCross:end -->/.exec(doc)?.[1];
    const source = readFileSync(path.join(__dirname, 'smaCross.ts'), 'utf8');
    const body = (text: string) => text.slice(text.indexOf('/** A moving-average cross'));
    expect(block).toBeDefined();
    expect(body(block ?? '')).toBe(body(source));
  });
});
