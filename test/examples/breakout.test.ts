/**
 * The example strategy (examples/strategies/breakout.ts), tested as docs/testing.md shows:
 * a fake client whose trade feed is a marble Observable, in virtual time.
 */
import { TestScheduler } from 'rxjs/testing';
import { buildCandle, buildTrade, createFakeKrakenClient } from 'kraken-rx/testing';
import { breakout, breakoutSignals } from '../../examples/strategies/breakout';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A trade at `ms` (virtual time = the trade's own time) and `price`. */
const trade = (ms: number, price: string) => buildTrade({ price, time: (ms / 1000).toFixed(6) });

describe('breakout (pure operator, marble test)', () => {
  it('signals a close above the previous highs and below the previous lows, once per direction', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const closes = ['10', '11', '10', '12', '13', '12', '9'];
      const values = Object.fromEntries(closes.map((close, i) => [String.fromCharCode(97 + i), buildCandle({ start: i * 60_000, open: close, close })]));
      //                   a b c d e f g     lookback 2: d (12) > max(11, 10): buy; e (13) also above: no repeat; g (9) < min(13, 12): sell
      const candles = cold('a-b-c-d-e-f-g-|', values);
      expectObservable(candles.pipe(breakout(2))).toBe('------b-----s-|', {
        b: { side: 'buy', at: 240_000, close: '12', level: '11' },
        s: { side: 'sell', at: 420_000, close: '9', level: '12' },
      });
    });
  });

  it('ignores running candles', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const running = (i: number, close: string) => buildCandle({ start: i * 60_000, close, final: false });
      expectObservable(cold('abc|', { a: running(0, '1'), b: running(1, '2'), c: running(2, '3') }).pipe(breakout(1))).toBe('---|');
    });
  });
});

describe('breakoutSignals (the whole strategy on a fake client)', () => {
  it('builds 10 ms candles from the trade feed and signals when the grace timer closes the breakout candle', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      // one trade per 10 ms candle at 1, 11, 21, 31 ms; the last one breaks the range of the two before it
      const trades = hot('-a 9ms b 9ms c 9ms d', { a: trade(1, '100'), b: trade(11, '101'), c: trade(21, '100.5'), d: trade(31, '102') });
      const kraken = createFakeKrakenClient({ trades: trades });
      const signals = breakoutSignals(kraken, { pair: 'XBT/USD', intervalMs: 10, lookback: 2, scheduler });
      // candle [30, 40) closes at 40 ms + the default 2 s grace
      expectObservable(signals, '^ 3s !').toBe('2040ms s', { s: { side: 'buy', at: 40, close: '102', level: '101' } });
      expectSubscriptions(trades.subscriptions).toBe('^ 3s !');
      expect(kraken.calls).toEqual([{ method: 'trades', args: ['XBT/USD'] }]);
    });
  });
});
