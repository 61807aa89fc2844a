import { NEVER, EMPTY, Subject, asyncScheduler } from 'rxjs';
import { CandleRevisionError, InvalidArgumentError } from '../errors';
import { candleOf, marbles, ohlc, probeScheduler, timeline } from '../../test/candles/support';
import { toCandles } from './toCandles';

// ohlc-1 candles in virtual time: the interval [0 s, 60 s) has etime 60, one frame is 1 ms.
const a1 = ohlc(60, '10.000000', { open: '100.0', high: '101.0', low: '100.0', close: '101.0', vwap: '100.5', volume: '2.00000000', count: 2 });
const a2 = ohlc(60, '30.500000', { open: '100.0', high: '102.0', low: '99.0', close: '99.5', vwap: '100.4', volume: '3.50000000', count: 4 });
const b1 = ohlc(120, '61.000000', { open: '99.6', high: '99.6', low: '99.6', close: '99.6', vwap: '99.6', volume: '0.10000000', count: 1 });
const c1 = ohlc(180, '130.000000', { open: '98.0', high: '98.0', low: '98.0', close: '98.0', vwap: '98.0', volume: '0.20000000', count: 1 });

const values = { a: a1, b: a2, c: b1, d: c1 };
const A1 = candleOf(a1, false);
const A2 = candleOf(a2, false);
const A = candleOf(a2, true);
const B1 = candleOf(b1, false);
const B = candleOf(b1, true);
const C = candleOf(c1, true);

// The time-operator checklist, and where each case is:
// - values on time: 'closes a candle when an update for the next interval arrives...';
// - late values: 'drops a late update equal to the final candle, and reports one that differs...';
// - an interval with no trades: 'emits nothing for an interval with no trades...';
// - a reconnect in the middle of a candle: 'merges running candles re-sent after a reconnect...'
//   (outage shorter than graceMs) and 'after an outage longer than graceMs...' (the timer closed it);
// - duplicate running candles: 'merges running candles re-sent after a reconnect...';
// - early unsubscribe: 'releases the grace timer on early unsubscribe';
// - error propagation: 'passes an error through and releases the timer', 'errors with what onRevision throws'.
describe('toCandles', () => {
  it('never emits for a source that never emits', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<typeof a1>('-');
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes with an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<typeof a1>('|');
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('closes a candle when an update for the next interval arrives, and the last one after the grace period', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold(timeline([[10_000, 'a'], [30_500, 'b'], [61_000, 'c'], [200_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler, graceMs: 2000 }))).toBe(
        timeline([[61_000, 'A'], [122_000, 'B'], [200_000, '|']]),
        { A, B },
      );
      expectSubscriptions(source.subscriptions).toBe(timeline([[0, '^'], [200_000, '!']]));
    });
  });

  it('emits the running candle on each change with includeRunning', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold(timeline([[10_000, 'a'], [30_500, 'b'], [61_000, 'c'], [200_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler, includeRunning: true }))).toBe(
        timeline([[10_000, 'a'], [30_500, 'b'], [61_000, 'A'], [61_000, 'c'], [122_000, 'B'], [200_000, '|']]),
        { a: A1, b: A2, A, c: B1, B },
      );
    });
  });

  it('closes by the grace timer exactly at end + graceMs (graceMs 0 closes at the end)', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold(timeline([[10_000, 'a'], [100_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler, graceMs: 0 }))).toBe(timeline([[60_000, 'A'], [100_000, '|']]), {
        A: candleOf(a1, true),
      });
    });
  });

  it('emits nothing for an interval with no trades (Kraken sends nothing) and closes the next by time', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const source = cold(timeline([[10_000, 'a'], [130_000, 'd'], [300_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe(
        timeline([[62_000, 'A'], [182_000, 'C'], [300_000, '|']]),
        { A: candleOf(a1, true), C },
      );
    });
  });

  it('merges running candles re-sent after a reconnect: no duplicate, one final with the newest values', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      // a, then the connection drops; on resubscribe Kraken re-sends a, then a newer a2, and
      // the old a arrives once more (stale); then the next interval.
      const source = cold(
        timeline([[10_000, 'a'], [20_000, 'a'], [30_500, 'b'], [31_000, 'a'], [31_500, 'b'], [61_000, 'c'], [70_000, '|']]),
        values,
      );
      expectObservable(source.pipe(toCandles({ scheduler, includeRunning: true }))).toBe(
        timeline([[10_000, 'a'], [30_500, 'b'], [61_000, 'A'], [61_000, 'c'], [70_000, '|']]),
        { a: A1, b: A2, A, c: B1 },
      );
    });
  });

  it('after an outage longer than graceMs: the timer closes the candle with the values it had; the re-sent candle gives no second final, only a revision', () => {
    marbles(({ cold, expectObservable, flush }, scheduler) => {
      // a at 10 s, then the connection is down from 20 s to 90 s. The grace timer closes the
      // 0–60 s candle at 62 s with a's values: nothing newer was received. On resubscribe (90 s)
      // Kraken's snapshot is that candle again, first as it was (a), then with the trade made
      // during the outage (b, newer time), then b re-sent; then the 120–180 s interval (d).
      const revisions: CandleRevisionError[] = [];
      const source = cold(timeline([[10_000, 'a'], [90_000, 'a'], [90_500, 'b'], [91_000, 'b'], [130_000, 'd'], [300_000, '|']]), values);
      const F = candleOf(a1, true);
      expectObservable(source.pipe(toCandles({ scheduler, includeRunning: true, onRevision: (r) => revisions.push(r) }))).toBe(
        // No running or final candle for the closed interval after the reconnect.
        timeline([[10_000, 'a'], [62_000, 'F'], [130_000, 'd'], [182_000, 'C'], [300_000, '|']]),
        { a: A1, F, d: candleOf(c1, false), C },
      );
      flush();
      // The promise for late data: the emitted final stays as it was; a change is reported once.
      expect(revisions.map((r) => r.info)).toEqual([{ pair: 'XBT/USD', intervalMs: 60_000, start: 0, emitted: F, received: a2 }]);
    });
  });

  it('closes at once a snapshot whose interval ended more than graceMs ago (old candle on subscribe)', () => {
    marbles(({ cold, expectObservable }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler, 100_000); // the clock reads 100 s at frame 0
      const source = cold(timeline([[5, 'a'], [10_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe(timeline([[5, 'A'], [10_000, '|']]), { A: candleOf(a1, true) });
    });
  });

  it('closes a snapshot that ended less than graceMs ago when the grace period ends', () => {
    marbles(({ cold, expectObservable }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler, 61_000); // 1 s after the end
      const source = cold(timeline([[5, 'a'], [10_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler, graceMs: 2000 }))).toBe(timeline([[1000, 'A'], [10_000, '|']]), {
        A: candleOf(a1, true),
      });
    });
  });

  it('drops a late update equal to the final candle, and reports one that differs without a second final', () => {
    marbles(({ cold, expectObservable, flush }, scheduler) => {
      const late = { ...a2, time: '59.900000', close: '99.9', volume: '3.60000000', count: 5 };
      const revisions: CandleRevisionError[] = [];
      const source = cold(timeline([[10_000, 'b'], [63_000, 'b'], [64_000, 'x'], [65_000, 'x'], [70_000, '|']]), { b: a2, x: late });
      expectObservable(source.pipe(toCandles({ scheduler, onRevision: (r) => revisions.push(r) }))).toBe(
        timeline([[62_000, 'A'], [70_000, '|']]),
        { A },
      );
      flush();
      expect(revisions).toHaveLength(1);
      expect(revisions[0]).toBeInstanceOf(CandleRevisionError);
      expect(revisions[0]?.info).toEqual({ pair: 'XBT/USD', intervalMs: 60_000, start: 0, emitted: A, received: late });
    });
  });

  it('errors with what onRevision throws', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const late = ohlc(60, '59.900000', { volume: '9.00000000' });
      const boom = new Error('stop on revision');
      const source = cold(timeline([[10_000, 'a'], [64_000, 'x'], [70_000, '|']]), { a: a1, x: late });
      const onRevision = (): void => {
        throw boom;
      };
      expectObservable(source.pipe(toCandles({ scheduler, onRevision }))).toBe(timeline([[62_000, 'A'], [64_000, '#']]), { A: candleOf(a1, true) }, boom);
    });
  });

  it('releases the grace timer on early unsubscribe', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const pending: number[] = [];
      testScheduler.schedule(() => pending.push(scheduler.pending()), 29_999);
      testScheduler.schedule(() => pending.push(scheduler.pending()), 30_001);
      const source = cold(timeline([[10_000, 'a'], [200_000, '|']]), values);
      const unsub = timeline([[0, '^'], [30_000, '!']]);
      expectObservable(source.pipe(toCandles({ scheduler })), unsub).toBe('-');
      expectSubscriptions(source.subscriptions).toBe(unsub);
      testScheduler.flush();
      expect(pending).toEqual([1, 0]);
    });
  });

  it('passes an error through and releases the timer', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const source = cold(timeline([[10_000, 'a'], [20_000, '#']]), values, new Error('socket closed'));
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe(timeline([[20_000, '#']]), undefined, new Error('socket closed'));
      expectSubscriptions(source.subscriptions).toBe(timeline([[0, '^'], [20_000, '!']]));
      testScheduler.flush();
      expect(scheduler.scheduled()).toBe(1);
      expect(scheduler.pending()).toBe(0);
    });
  });

  it('completes with the source and does not emit the running candle as final', () => {
    marbles(({ cold, expectObservable }, testScheduler) => {
      const scheduler = probeScheduler(testScheduler);
      const source = cold(timeline([[10_000, 'a'], [20_000, '|']]), values);
      expectObservable(source.pipe(toCandles({ scheduler, includeRunning: true }))).toBe(timeline([[10_000, 'a'], [20_000, '|']]), { a: A1 });
      testScheduler.flush();
      expect(scheduler.pending()).toBe(0);
    });
  });

  it('errors with InvalidArgumentError when updates of another pair or interval arrive', () => {
    marbles(({ cold, expectObservable }, scheduler) => {
      const other = ohlc(300, '250.000000', { interval: 5 });
      const source = cold(timeline([[10, 'a'], [20, 'x']]), { a: a1, x: other });
      expectObservable(source.pipe(toCandles({ scheduler }))).toBe(
        timeline([[20, '#']]),
        undefined,
        new InvalidArgumentError('ohlc update', 'XBT/USD ohlc-5', 'updates of XBT/USD ohlc-1 only', 'Build candles per pair and interval (e.g. with groupBy)'),
      );
    });
  });

  it('keeps one state per subscription (cold)', () => {
    const source = new Subject<typeof a1>();
    const first: unknown[] = [];
    const second: unknown[] = [];
    // A clock at 0 s: the candle stays open; its timer (real) is released by the unsubscribes.
    const scheduler = { now: () => 0, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
    const candles$ = source.pipe(toCandles({ includeRunning: true, scheduler }));
    const s1 = candles$.subscribe((c) => first.push(c));
    source.next(a1);
    const s2 = candles$.subscribe((c) => second.push(c));
    source.next(a1);
    s1.unsubscribe();
    s2.unsubscribe();
    expect(first).toEqual([A1]);
    expect(second).toEqual([A1]);
  });

  it('works with NEVER and EMPTY on the default scheduler', () => {
    const seen: string[] = [];
    EMPTY.pipe(toCandles()).subscribe({ complete: () => seen.push('complete') });
    NEVER.pipe(toCandles()).subscribe().unsubscribe();
    expect(seen).toEqual(['complete']);
  });

  it('rejects an invalid graceMs when called', () => {
    expect(() => toCandles({ graceMs: -1 })).toThrow(InvalidArgumentError);
    expect(() => toCandles({ graceMs: Number.NaN })).toThrow(InvalidArgumentError);
  });
});
