import { NEVER, Observable, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { KrakenClient } from '../../client/krakenClient';
import { SubscriptionError } from '../../errors';
import { dashboardEvents, frames, toViews } from './dashboardEvents';
import { initialView, type DashboardEvent } from './dashboardView';

const run = <T>(fn: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0]) => T): T =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(fn);

describe('frames (conflation to a bounded rate)', () => {
  it('emits the first view at once, then the latest of each period', () => {
    run(({ cold, expectObservable, expectSubscriptions }) => {
      const views = cold('a-b-c-------d-e--|');
      const sub = '      ^----------------!';
      expectObservable(views.pipe(frames(10))).toBe('a---------c---------(e|)');
      expectSubscriptions(views.subscriptions).toBe(sub);
    });
  });

  it('passes through never, empty and errors', () => {
    run(({ cold, expectObservable }) => {
      expectObservable(cold('-').pipe(frames(10))).toBe('-');
      expectObservable(cold('|').pipe(frames(10))).toBe('|');
      expectObservable(cold('a-#').pipe(frames(10))).toBe('a-#');
    });
  });

  it('unsubscribes from the views when the screen goes away', () => {
    run(({ hot, expectObservable, expectSubscriptions }) => {
      const views = hot('a-b-c-d-e-f-g');
      expectObservable(views.pipe(frames(4)), '^------!').toBe('a---c---');
      expectSubscriptions(views.subscriptions).toBe('^------!');
    });
  });
});

describe('dashboardEvents', () => {
  /** A client whose feeds are the given observables (everything else: never). */
  function fakeClient(feeds: Partial<Record<'book' | 'bookSync' | 'trades' | 'ticker' | 'candles', Observable<unknown>>>): KrakenClient {
    const feed = (name: keyof typeof feeds) => () => feeds[name] ?? NEVER;
    return {
      status$: NEVER,
      systemStatus$: NEVER,
      errors$: NEVER,
      book: feed('book'),
      bookSync: feed('bookSync'),
      trades: feed('trades'),
      ticker: feed('ticker'),
      candles: feed('candles'),
    } as unknown as KrakenClient;
  }

  it('merges the feeds into events and ticks once a second with the frames received', () => {
    run(({ cold, expectObservable }) => {
      let frameCount = 0;
      const kraken = fakeClient({ trades: cold('-t').pipe(map(() => ({ price: '1.0' }))) });
      const events$ = dashboardEvents({ kraken, pair: 'XBT/USD', depth: 10, history: 0, takeFrames: () => (frameCount += 7) });
      expectObservable(events$.pipe(map((e) => (e.type === 'tick' ? e.frames : e.type))), '^ 2500ms !').toBe('-t 998ms a 999ms b', { t: 'trade', a: 7, b: 14 });
    });
  });

  it('shows a failing candle feed as a problem and carries on; a failing book ends the stream', () => {
    run(({ cold, expectObservable }) => {
      const refused = new SubscriptionError({ channel: 'book-10', pair: 'DOT/USD', errorMessage: 'Currency pair not supported DOT/USD' });
      const candlesFail = fakeClient({ candles: cold('--#', undefined, new Error('no REST')), ticker: cold('----x') });
      expectObservable(dashboardEvents({ kraken: candlesFail, pair: 'XBT/USD', depth: 10, history: 5, takeFrames: () => 0 }).pipe(map((e) => (e.type === 'problem' ? e.message : e.type))), '^ 10ms !').toBe(
        '--p-x',
        { p: 'candles: no REST', x: 'ticker' },
      );
      const bookFails = fakeClient({ book: cold('---#', undefined, refused) });
      expectObservable(dashboardEvents({ kraken: bookFails, pair: 'DOT/USD', depth: 10, history: 5, takeFrames: () => 0 })).toBe('---#', undefined, refused);
    });
  });

  it('reduces events to views', () => {
    run(({ cold, expectObservable }) => {
      const initial = initialView({ pair: 'XBT/USD', levels: 1, depth: 10, source: 't', now: 0 });
      const events = cold<DashboardEvent>('ab|', { a: { type: 'system', status: 'online' }, b: { type: 'tick', now: 5, frames: 3 } });
      expectObservable(events.pipe(toViews(initial), map((v) => [v.systemStatus, v.messagesPerSecond]))).toBe('ab|', { a: ['online', 0], b: ['online', 3] });
    });
  });
});
