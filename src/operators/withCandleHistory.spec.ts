import type { Candle } from '../candles/candle';
import { CandleGapError } from '../errors';
import { candle, marbles } from '../../test/candles/support';
import { withCandleHistory } from './withCandleHistory';

const at = (start: number, close: string, final = true): Candle =>
  candle(start, 10, { open: close, high: close, low: close, close, vwap: close, volume: '1', count: 1, final });

const h0 = at(0, '1');
const h1 = at(10, '2');
const l1 = at(10, '2.1'); // the live feed's version of the last history candle
const l2 = at(20, '3');
const l3 = at(30, '4');
const r2 = at(20, '2.9', false); // running candle of l2's interval
const l5 = at(50, '6');

// The time-operator checklist, and where each case is (this operator has no timer: "time" is
// the order in which history and live candles arrive):
// - values on time: 'emits the history, then live candles after it...';
// - late values (live candles the history already covers): '...dropping the live duplicate at the seam';
// - an interval with no trades: 'reports a gap between the history and the first live candle...'
//   (Kraken sends nothing for it: reported, not filled);
// - a reconnect in the middle of a candle: 'keeps one candle per interval across a reconnect in the middle of a candle';
// - duplicate running candles: 'holds live candles that arrive before the history...' (a running
//   candle replaces the held one of its interval) and the reconnect case;
// - early unsubscribe: 'unsubscribes both sides on early unsubscribe';
// - error propagation: 'errors when the history errors...', 'errors when the live stream errors...',
//   'errors with what onGap throws'.
describe('withCandleHistory', () => {
  it('emits nothing while the history never completes, keeping the live subscription', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold<Candle[]>('-');
      const live = cold<Candle>('--a--b-', { a: l2, b: l3 });
      expectObservable(live.pipe(withCandleHistory(history))).toBe('-');
      expectSubscriptions(history.subscriptions).toBe('^');
      expectSubscriptions(live.subscriptions).toBe('^');
    });
  });

  it('completes when an empty history and an empty live stream complete', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold<Candle[]>('|');
      const live = cold<Candle>('|');
      expectObservable(live.pipe(withCandleHistory(history))).toBe('|');
      expectSubscriptions(history.subscriptions).toBe('(^!)');
      expectSubscriptions(live.subscriptions).toBe('(^!)');
    });
  });

  it('emits the history, then live candles after it, dropping the live duplicate at the seam', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold('  --x|', { x: [h0, h1] });
      const live = cold('     -----a--b--c--|', { a: l1, b: l2, c: l3 });
      const expected = '      ---(hi)-b--c--|';
      expectObservable(live.pipe(withCandleHistory(history))).toBe(expected, { h: h0, i: h1, b: l2, c: l3 });
      expectSubscriptions(history.subscriptions).toBe('^--!');
      expectSubscriptions(live.subscriptions).toBe('^-------------!');
    });
  });

  it('holds live candles that arrive before the history, then emits them after it without duplicates', () => {
    marbles(({ cold, expectObservable }) => {
      const history = cold('  --------x|', { x: [h1, h0] }); // unsorted on purpose
      const live = cold('     -a-r-b----------c--|', { a: l1, r: r2, b: l2, c: l3 });
      const expected = '      ---------(hib)--c--|';
      expectObservable(live.pipe(withCandleHistory(history))).toBe(expected, { h: h0, i: h1, b: l2, c: l3 });
    });
  });

  it('keeps one candle per interval across a reconnect in the middle of a candle', () => {
    marbles(({ cold, expectObservable }) => {
      // Interval 20 is running (r) when the connection drops; after the reconnect the live
      // stream (toCandles with includeRunning) sends it again with newer values (s), before the
      // history has arrived. After the history: a running candle of interval 10 that the
      // resubscription's snapshot brought (q: the history's interval, dropped), interval 20
      // running again (t), then final (l2), then interval 30 (l3).
      const s = at(20, '2.95', false);
      const q = at(10, '2.05', false);
      const t = at(20, '2.99', false);
      const history = cold('  ------x|', { x: [h0, h1] });
      const live = cold('     -r--s------q-t--b--c|', { r: r2, s, q, t, b: l2, c: l3 });
      const expected = '      -------(his)-t--b--c|';
      expectObservable(live.pipe(withCandleHistory(history))).toBe(expected, { h: h0, i: h1, s, t, b: l2, c: l3 });
    });
  });

  it('collects several history arrays, drops running history candles and keeps one candle per start', () => {
    marbles(({ cold, expectObservable }) => {
      const history = cold('  -x-y|', { x: [h0, at(10, '1.5')], y: [h1, at(20, '9', false)] });
      const live = cold('     ---------b|', { b: l2 });
      expectObservable(live.pipe(withCandleHistory(history))).toBe('----(hi)-b|', { h: h0, i: h1, b: l2 });
    });
  });

  it('reports a gap between the history and the first live candle, once, and does not fill it', () => {
    marbles(({ cold, expectObservable, flush }) => {
      const gaps: CandleGapError[] = [];
      const history = cold('  -x|', { x: [h0, h1] });
      const live = cold('     -------e--f|', { e: l5, f: at(70, '8') });
      expectObservable(live.pipe(withCandleHistory(history, { onGap: (g) => gaps.push(g) }))).toBe('--(hi)-e--f|', { h: h0, i: h1, e: l5, f: at(70, '8') });
      flush();
      expect(gaps.map((g) => g.info)).toEqual([{ pair: 'XBT/USD', intervalMs: 10, lastHistoryStart: 10, firstLiveStart: 50, missing: 3 }]);
      expect(gaps[0]).toBeInstanceOf(CandleGapError);
    });
  });

  it('passes live candles through after an empty history', () => {
    marbles(({ cold, expectObservable }) => {
      const history = cold<Candle[]>('---|');
      const live = cold('     -b----c|', { b: l2, c: l3 });
      expectObservable(live.pipe(withCandleHistory(history))).toBe('---b--c|', { b: l2, c: l3 });
    });
  });

  it('waits for the history when the live stream completes first', () => {
    marbles(({ cold, expectObservable }) => {
      const history = cold('  -----x|', { x: [h0] });
      const live = cold('     -b|', { b: l2 });
      expectObservable(live.pipe(withCandleHistory(history))).toBe('------(hb|)', { h: h0, b: l2 });
    });
  });

  it('errors when the history errors, unsubscribing the live stream', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold<Candle[]>('---#', undefined, new Error('REST failed'));
      const live = cold('     -b------|', { b: l2 });
      expectObservable(live.pipe(withCandleHistory(history))).toBe('---#', undefined, new Error('REST failed'));
      expectSubscriptions(live.subscriptions).toBe('^--!');
    });
  });

  it('errors when the live stream errors, unsubscribing the history', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold<Candle[]>('------x|', { x: [h0] });
      const live = cold<Candle>('  --#', undefined, new Error('socket'));
      expectObservable(live.pipe(withCandleHistory(history))).toBe('--#', undefined, new Error('socket'));
      expectSubscriptions(history.subscriptions).toBe('^-!');
    });
  });

  it('unsubscribes both sides on early unsubscribe', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }) => {
      const history = cold('  -x|', { x: [h0, h1] });
      const live = cold('     ------b---c---|', { b: l2, c: l3 });
      const unsub = '         ^-------!';
      expectObservable(live.pipe(withCandleHistory(history)), unsub).toBe('--(hi)b', { h: h0, i: h1, b: l2 });
      expectSubscriptions(history.subscriptions).toBe('^-!');
      expectSubscriptions(live.subscriptions).toBe(unsub);
    });
  });

  it('errors with what onGap throws', () => {
    marbles(({ cold, expectObservable }) => {
      const boom = new Error('gap');
      const history = cold('  -x|', { x: [h0] });
      const live = cold('     ---e-|', { e: l5 });
      const onGap = (): void => {
        throw boom;
      };
      expectObservable(live.pipe(withCandleHistory(history, { onGap }))).toBe('--h#', { h: h0 }, boom);
    });
  });

  it('accepts a Promise or an array as history', async () => {
    const { firstValueFrom, of, toArray } = await import('rxjs');
    const fromPromise = await firstValueFrom(of(l1, l2).pipe(withCandleHistory(Promise.resolve([h0, h1])), toArray()));
    expect(fromPromise).toEqual([h0, h1, l2]);
    const fromArray = await firstValueFrom(of(l2).pipe(withCandleHistory([[h0], [h1]]), toArray()));
    expect(fromArray).toEqual([h0, h1, l2]);
  });
});
