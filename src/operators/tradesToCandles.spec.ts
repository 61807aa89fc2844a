import type { Trade } from '../feeds/values';
import { CandleRevisionError, InvalidArgumentError } from '../errors';
import { candle, marbles, probeScheduler, timeline, trade } from '../../test/candles/support';
import { tradesToCandles } from './tradesToCandles';

// 10 ms candles in virtual time (one frame = 1 ms); trade times in µs since the epoch.
const a = trade(1_000, '100.0', '1.00000000');
const b = trade(2_000, '102.0', '0.50000000');
const c = trade(12_000, '101.0', '2.00000000');
const d = trade(35_000, '99.0', '0.25000000');
const values = { a, b, c, d };

const A = candle(0, 10, { open: '100.0', high: '102.0', low: '100.0', close: '102.0', vwap: '100.66667', volume: '1.50000000', count: 2, final: true });
const C = candle(10, 10, { open: '101.0', high: '101.0', low: '101.0', close: '101.0', vwap: '101.00000', volume: '2.00000000', count: 1, final: true });
const D = candle(30, 10, { open: '99.0', high: '99.0', low: '99.0', close: '99.0', vwap: '99.00000', volume: '0.25000000', count: 1, final: true });
const empty = (start: number, price: string) =>
  candle(start, 10, { open: price, high: price, low: price, close: price, vwap: price, volume: '0', count: 0, final: true });

// The time-operator checklist, and where each case is:
// - values on time: 'closes a candle at the first trade of a later interval...';
// - late values: 'drops a trade that arrives after its candle closed...';
// - an interval with no trades: 'emits nothing for an interval with no trades by default',
//   'emits empty candles for intervals with no trades with emitEmpty...';
// - a reconnect in the middle of a candle: 'counts each trade once when Kraken replays recent trades...';
// - duplicate running candles: 'emits no duplicate running candle for replayed trades with includeRunning';
// - early unsubscribe: 'releases the grace timer on early unsubscribe';
// - error propagation: 'passes an error through and releases the timer', 'errors with what onRevision throws'.
describe('tradesToCandles', () => {
  it('never emits for a source that never emits', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<Trade>('-');
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, scheduler }))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes with an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<Trade>('|');
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, scheduler }))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('closes a candle at the first trade of a later interval, and the last one after the grace period', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('  -ab---------c---------------------------------|', values);
      const expected = '     ------------A----------C----------------------|';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler }))).toBe(expected, { A, C });
      expectSubscriptions(source.subscriptions).toBe('^---------------------------------------------!');
    });
  });

  it('emits the running candle after each trade with includeRunning', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('  -ab---------c-----|', values);
      const expected = '     -xy---------(Az)--|';
      const x = candle(0, 10, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: false });
      const y = { ...A, final: false };
      const z = { ...C, final: false };
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, includeRunning: true, scheduler }))).toBe(expected, { x, y, A, z });
    });
  });

  it('puts a trade at exactly the border into the next interval', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const before = trade(9_999, '1.5', '1.0');
      const border = trade(10_000, '2.5', '1.0');
      const source = cold('  ---------xy-------------|', { x: before, y: border });
      const expected = '     ----------X---------Y---|';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 0, scheduler }))).toBe(expected, {
        X: candle(0, 10, { open: '1.5', high: '1.5', low: '1.5', close: '1.5', vwap: '1.50000', volume: '1.0', count: 1, final: true }),
        Y: candle(10, 10, { open: '2.5', high: '2.5', low: '2.5', close: '2.5', vwap: '2.50000', volume: '1.0', count: 1, final: true }),
      });
    });
  });

  it('drops a trade that arrives after its candle closed, reports it, and never emits a second final', () => {
    marbles(({ cold, expectObservable, flush }, scheduler) => {
      const late = trade(9_000, '103.0', '1.00000000');
      const revisions: CandleRevisionError[] = [];
      const source = cold('  -ab-------------x----|', { a, b, x: late });
      const expected = '     -------------A-------|';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler, onRevision: (r) => revisions.push(r) }))).toBe(expected, { A });
      flush();
      expect(revisions.map((r) => r.info)).toEqual([{ pair: 'XBT/USD', intervalMs: 10, start: 0, emitted: A, received: late }]);
    });
  });

  it('emits nothing for an interval with no trades by default', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('  -a---------------------------------d--------------|', values);
      const expected = '     -------------A-----------------------------D------|';
      const A1 = candle(0, 10, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: true });
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler }))).toBe(expected, { A: A1, D });
    });
  });

  it('emits empty candles for intervals with no trades with emitEmpty, by time and at the next trade', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const A1 = candle(0, 10, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: true });
      const source = cold('  -a---------------------------------d--------------|', values);
      const expected = '     -------------A---------E---------F---------D------|';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, emitEmpty: true, scheduler }))).toBe(expected, {
        A: A1,
        E: empty(10, '100.0'),
        F: empty(20, '100.0'),
        D,
      });
    });
  });

  it('emits the empty candles in between at once when a later trade comes first', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const A1 = candle(0, 10, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: true });
      const source = cold('  -a---------------------------------d-----|', values);
      const expected = '     -----------------------------------(AEF)-|';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 100, emitEmpty: true, scheduler }))).toBe(expected, {
        A: A1,
        E: empty(10, '100.0'),
        F: empty(20, '100.0'),
      });
    });
  });

  it('counts each trade once when Kraken replays recent trades after a reconnect in the middle of a candle', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const e = trade(3_000, '99.0', '1.00000000');
      // a and b, then the connection drops; the resubscription replays a and b, then e is new.
      const source = cold('  -ab--abe---------------|', { a, b, e });
      const expected = '     -------------X---------|';
      const X = candle(0, 10, { open: '100.0', high: '102.0', low: '99.0', close: '99.0', vwap: '100.00000', volume: '2.50000000', count: 3, final: true });
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler }))).toBe(expected, { X });
    });
  });

  it('emits no duplicate running candle for replayed trades with includeRunning', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const e = trade(3_000, '99.0', '1.00000000');
      // a and b, then a reconnect in the middle of the candle: Kraken replays a and b (which
      // would give the running candle x and y again), then e is new.
      const source = cold('  -ab--abe---------------|', { a, b, e });
      const expected = '     -xy----w-----X---------|';
      const x = candle(0, 10, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: false });
      const y = { ...A, final: false };
      const X = candle(0, 10, { open: '100.0', high: '102.0', low: '99.0', close: '99.0', vwap: '100.00000', volume: '2.50000000', count: 3, final: true });
      const w = { ...X, final: false };
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, includeRunning: true, scheduler }))).toBe(expected, { x, y, w, X });
    });
  });

  it('waits longer than setTimeout allows (30-day candles) by re-arming the timer', () => {
    marbles(({ cold, expectObservable }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const day30 = 30 * 24 * 3_600_000; // 2_592_000_000 ms > 2^31 − 1
      const source = cold(timeline([[1, 'a'], [day30 + 5000, '|']]), { a });
      const X = candle(0, day30, { open: '100.0', high: '100.0', low: '100.0', close: '100.0', vwap: '100.00000', volume: '1.00000000', count: 1, final: true });
      expectObservable(source.pipe(tradesToCandles({ intervalMs: day30, scheduler }))).toBe(timeline([[day30 + 2000, 'X'], [day30 + 5000, '|']]), { X });
      testScheduler.flush();
      expect(scheduler.scheduled()).toBe(2); // one capped wait of 2^31 − 1 ms, then the rest
    });
  });

  it('releases the grace timer on early unsubscribe', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const pending: number[] = [];
      testScheduler.schedule(() => pending.push(scheduler.pending()), 4);
      testScheduler.schedule(() => pending.push(scheduler.pending()), 6);
      const source = cold('  -ab------------|', values);
      const unsub = '        ^----!';
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, emitEmpty: true, scheduler })), unsub).toBe('-');
      expectSubscriptions(source.subscriptions).toBe(unsub);
      testScheduler.flush();
      expect(pending).toEqual([1, 0]);
    });
  });

  it('passes an error through and releases the timer', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const source = cold('  -ab--#', values);
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, scheduler }))).toBe('-----#');
      expectSubscriptions(source.subscriptions).toBe('^----!');
      testScheduler.flush();
      expect(scheduler.pending()).toBe(0);
    });
  });

  it('completes with the source without emitting the running candle as final', () => {
    marbles(({ cold, expectObservable }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const source = cold('  -ab---------c--|', values);
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler }))).toBe('------------A--|', { A });
      testScheduler.flush();
      expect(scheduler.pending()).toBe(0);
    });
  });

  it('errors with what onRevision throws', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const boom = new Error('no late trades');
      const source = cold('  -ab---------------x--|', { a, b, x: trade(9_500, '1.0', '1.0') });
      const onRevision = (): void => {
        throw boom;
      };
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, graceMs: 3, scheduler, onRevision }))).toBe('-------------A----#', { A }, boom);
    });
  });

  it('errors with InvalidArgumentError for a trade of another pair', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold('  -ax|', { a, x: { ...b, pair: 'ETH/USD' } });
      expectObservable(source.pipe(tradesToCandles({ intervalMs: 10, scheduler }))).toBe(
        '--#',
        undefined,
        new InvalidArgumentError('trade', 'ETH/USD', 'trades of XBT/USD only', 'Build candles per pair (e.g. with groupBy)'),
      );
    });
  });

  it('rejects an invalid configuration when called', () => {
    for (const intervalMs of [0, -10, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => tradesToCandles({ intervalMs })).toThrow(InvalidArgumentError);
    }
    expect(() => tradesToCandles({ intervalMs: 10, graceMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => tradesToCandles({ intervalMs: 10, vwapDecimals: -1 })).toThrow(InvalidArgumentError);
    expect(() => tradesToCandles({ intervalMs: 10, vwapDecimals: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => tradesToCandles({ intervalMs: 10_000, vwapDecimals: 2 })).not.toThrow();
  });
});
