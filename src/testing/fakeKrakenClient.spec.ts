import { TestScheduler } from 'rxjs/testing';
import { combineLatest, filter, map, switchMap, take, type Observable } from 'rxjs';
import type { KrakenClient } from '../client/krakenClient';
import type { Candle } from '../candles/candle';
import { buildCandle, buildTrade } from './builders';
import { createFakeKrakenClient } from './fakeKrakenClient';
import { bookMessageSequence } from './messages';
import { toOrderBook } from '../operators/toOrderBook';

const run = (fn: Parameters<TestScheduler['run']>[0]) => new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(fn);

/** Code under test: buy when a closed candle closes above 100, but only while the book is synced. */
function buySignals(kraken: KrakenClient): Observable<string> {
  const synced$ = kraken.bookSync('XBT/USD').pipe(map((s) => s.state === 'synced'));
  return combineLatest([kraken.candles('XBT/USD', { interval: 1 }), synced$]).pipe(
    filter(([candle, synced]: [Candle, boolean]) => synced && Number(candle.close) > 100),
    map(([candle]) => `buy@${candle.close}`),
  );
}

describe('createFakeKrakenClient', () => {
  it('drives a strategy with marble feeds and shows its subscriptions', () => {
    run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const candles$ = cold('-a--b--c-|', { a: buildCandle({ close: '101' }), b: buildCandle({ start: 60_000, close: '99' }), c: buildCandle({ start: 120_000, close: '102' }) });
      const sync$ = hot('s---r--s--', {
        s: { pair: 'XBT/USD', depth: 10, state: 'synced' } as const,
        r: { pair: 'XBT/USD', depth: 10, state: 'resyncing', reason: 'checksum' } as never,
      });
      const kraken = createFakeKrakenClient({ candles: candles$, bookSync: sync$ });
      expectObservable(buySignals(kraken), '^------------!').toBe('-x-----y-----', { x: 'buy@101', y: 'buy@102' });
      expectSubscriptions(candles$.subscriptions).toBe('^--------!');
      expectSubscriptions(sync$.subscriptions).toBe('^------------!');
      expect(kraken.calls.map((c) => c.method)).toEqual(['bookSync', 'candles']);
    });
  });

  it('answers per argument when scripted with a function, and records every call', () => {
    run(({ cold, expectObservable }) => {
      const xbt = buildTrade();
      const eth = buildTrade({ pair: 'ETH/USD', price: '2000.00000' });
      const kraken = createFakeKrakenClient({
        trades: (pairs) => (pairs === 'ETH/USD' ? cold('--e|', { e: eth }) : cold('x|', { x: xbt })),
      });
      expectObservable(kraken.trades('ETH/USD')).toBe('--e|', { e: eth });
      expectObservable(kraken.trades('XBT/USD')).toBe('x|', { x: xbt });
      expect(kraken.calls).toEqual([
        { method: 'trades', args: ['ETH/USD'] },
        { method: 'trades', args: ['XBT/USD'] },
      ]);
    });
  });

  it('scripts trading requests like feeds', () => {
    run(({ cold, expectObservable }) => {
      const kraken = createFakeKrakenClient({ addOrder: (params) => cold('---(r|)', { r: { txid: `O-${params.userref}`, descr: 'buy' } as never }) });
      const placed$ = kraken.addOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: '30000.0', volume: '0.01', userref: 7 });
      expectObservable(placed$.pipe(map((r) => r.txid))).toBe('---(t|)', { t: 'O-7' });
    });
  });

  it('feeds book messages from the builders through the real operators', () => {
    run(({ cold, expectObservable }) => {
      const [s, u] = bookMessageSequence({ asks: [['10.1', '1']], bids: [['10.0', '1']] }, [{ asks: [['10.1', '0.0'], ['10.2', '3']] }]);
      const kraken = createFakeKrakenClient({ bookMessages: cold('-s-u-|', { s: s!, u: u! }) });
      const bestAsk$ = kraken.bookMessages('XBT/USD').pipe(toOrderBook(), map((b) => b.asks[0]?.price));
      expectObservable(bestAsk$).toBe('-a-b-|', { a: '10.1', b: '10.2' });
    });
  });

  it('errors a method that was not scripted, naming it', () => {
    run(({ expectObservable }) => {
      const kraken = createFakeKrakenClient();
      expectObservable(kraken.ticker('XBT/USD')).toBe(
        '#',
        undefined,
        new Error("createFakeKrakenClient: ticker() was called but not scripted; pass { ticker: cold('...') } (or a function of its arguments)"),
      );
    });
  });

  it('never ends the state streams by default, and they can be scripted', () => {
    run(({ cold, expectObservable }) => {
      const plain = createFakeKrakenClient();
      expectObservable(plain.status$).toBe('');
      expectObservable(plain.errors$).toBe('');
      const scripted = createFakeKrakenClient({ status$: cold('a', { a: { state: 'open', connectionId: 1 } }) });
      expectObservable(scripted.status$.pipe(take(1), switchMap(() => scripted.privateStatus$))).toBe('');
      expectObservable(scripted.status$).toBe('a', { a: { state: 'open', connectionId: 1 } });
    });
  });

  it('records close()', () => {
    const kraken = createFakeKrakenClient();
    expect(kraken.closed).toBe(false);
    kraken.close();
    expect(kraken.closed).toBe(true);
    expect(kraken.calls).toEqual([{ method: 'close', args: [] }]);
  });
});
