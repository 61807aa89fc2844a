import { TestScheduler } from 'rxjs/testing';
import { of, type Subscription } from 'rxjs';
import { createKrakenClient } from '../client/createKrakenClient';
import type { KrakenClient } from '../client/krakenClient';
import { BookChecksumError } from '../errors';
import { toOrderBook } from '../operators/toOrderBook';
import type { OrderBook } from '../book/orderBook';
import { bookChecksum } from '../book/checksum';
import { buildCandle, buildOhlcUpdate, buildSpread, buildTicker, buildTrade } from './builders';
import { encodeFrame } from './encodeFrame';
import { createFakeWebSocketFactory, type FakeWebSocketFactory } from './fakeWebSocket';
import {
  bookMessageSequence,
  bookSnapshotMessage,
  bookUpdateMessage,
  ohlcMessage,
  spreadMessage,
  subscriptionStatusMessages,
  systemStatusMessage,
  tickerMessage,
  tradeMessage,
} from './messages';

/** A real client on a fake socket, in virtual time; the test plays Kraken with the builders. */
function connected(): { kraken: KrakenClient; fake: FakeWebSocketFactory; advance(ms: number): void; answerSubscribes(): void } {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const kraken = createKrakenClient({ webSocket: fake.factory, scheduler, liveness: false });
  const advance = (ms: number): void => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => undefined, ms);
    scheduler.flush();
  };
  let answered = 0;
  return {
    kraken,
    fake,
    advance,
    answerSubscribes: () => {
      const socket = fake.latest();
      if (!socket.isOpen) {
        socket.serverOpen();
        socket.serverSend(encodeFrame(systemStatusMessage()));
      }
      advance(1);
      for (const request of socket.sent.slice(answered)) {
        if ((JSON.parse(request) as { event: string }).event !== 'subscribe') continue;
        for (const answer of subscriptionStatusMessages(request)) socket.serverSend(encodeFrame(answer));
      }
      answered = socket.sent.length;
    },
  };
}

describe('message builders, through a real client on a fake socket', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    subs.forEach((s) => s.unsubscribe());
    subs = [];
  });

  it('every public feed emits back exactly the typed values that were sent', () => {
    const { kraken, fake, answerSubscribes } = connected();
    const got: unknown[] = [];
    subs.push(kraken.trades('XBT/USD').subscribe((v) => got.push(v)));
    subs.push(kraken.ticker('ETH/USD').subscribe((v) => got.push(v)));
    subs.push(kraken.spread('XBT/USD').subscribe((v) => got.push(v)));
    subs.push(kraken.ohlc('XBT/USD', { interval: 5 }).subscribe((v) => got.push(v)));
    answerSubscribes();

    const trades = [buildTrade({ price: '30001.10000' }), buildTrade({ side: 'sell', orderType: 'limit', volume: '0.00100000' })];
    const ticker = buildTicker({ pair: 'ETH/USD' });
    const spread = buildSpread({ bid: '29990.00000' });
    const update = buildOhlcUpdate({ interval: 5, etime: '1700000100.000000', close: '30010.00000' });
    const socket = fake.latest();
    socket.serverSend(encodeFrame(tradeMessage(trades, { channelID: 42 })));
    socket.serverSend(encodeFrame(tickerMessage(ticker, { channelID: 43 })));
    socket.serverSend(encodeFrame(spreadMessage(spread)));
    socket.serverSend(encodeFrame(ohlcMessage(update)));
    expect(got).toEqual([...trades, ticker, spread, update]);
    kraken.close();
  });

  it('kraken.book() accepts a snapshot and updates whose checksums the builders computed', () => {
    const { kraken, fake, answerSubscribes } = connected();
    const books: OrderBook[] = [];
    subs.push(kraken.book('XBT/USD', { depth: 10 }).subscribe((b) => books.push(b)));
    answerSubscribes();
    const [snapshot, ...updates] = bookMessageSequence(
      { pair: 'XBT/USD', depth: 10, asks: [['30000.1', '1.0'], ['30000.5', '2.0']], bids: [['30000.0', '1.5'], ['29999.0', '0.5']] },
      [{ asks: [['30000.1', '0.0']] }, { bids: [['30000.0', '2.5'], ['29999.5', '1.0']] }, { asks: [['30000.2', '0.3']], bids: [['29999.0', '0.0']] }],
    );
    for (const message of [snapshot!, ...updates]) fake.latest().serverSend(encodeFrame(message));
    expect(books).toHaveLength(4);
    const last = books[3]!;
    expect(last.asks.map((l) => [l.price, l.volume])).toEqual([['30000.2', '0.3'], ['30000.5', '2.0']]);
    expect(last.bids.map((l) => [l.price, l.volume])).toEqual([['30000.0', '2.5'], ['29999.5', '1.0']]);
    expect(last.checksum).toBe(bookChecksum(last));
    kraken.close();
  });
});

describe('bookUpdateMessage', () => {
  const snapshot = bookSnapshotMessage({ pair: 'ETH/USD', depth: 25, asks: [['2000.01', '1']], bids: [{ price: '2000.00', volume: '2', timestamp: '1.5' }] });

  it('builds the snapshot Kraken would send', () => {
    expect(snapshot).toEqual({
      kind: 'bookSnapshot',
      channelID: 42,
      channelName: 'book-25',
      depth: 25,
      pair: 'ETH/USD',
      asks: [['2000.01', '1', '1700000000.000000']],
      bids: [['2000.00', '2', '1.5']],
    });
  });

  it('computes the checksum of the book after the update, from a book, a snapshot or a message list', () => {
    const update = bookUpdateMessage(snapshot, { bids: [['2000.00', '3']] });
    const book = of(snapshot).pipe(toOrderBook());
    let before: OrderBook | undefined;
    book.subscribe((b) => (before = b));
    expect(bookUpdateMessage(before!, { bids: [['2000.00', '3']] })).toEqual(update);
    const second = bookUpdateMessage([snapshot, update], { asks: [['2000.02', '1']] });
    const books: OrderBook[] = [];
    of(snapshot, update, second).pipe(toOrderBook()).subscribe((b) => books.push(b));
    expect(books).toHaveLength(3); // toOrderBook verified both checksums
    expect(books.slice(1).map((b) => String(b.checksum))).toEqual([update.checksum, second.checksum]);
  });

  it('sends a given wrong checksum, which toOrderBook rejects, or none at all', () => {
    const bad = bookUpdateMessage(snapshot, { asks: [['2000.02', '1']], checksum: '12345' });
    let error: unknown;
    of(snapshot, bad).pipe(toOrderBook()).subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toBeInstanceOf(BookChecksumError);
    expect(bookUpdateMessage(snapshot, { asks: [['2000.02', '1']], checksum: null })).not.toHaveProperty('checksum');
  });

  it('refuses an update with no level', () => {
    expect(() => bookUpdateMessage(snapshot, {})).toThrow(/at least one ask or bid level/);
  });
});

describe('subscriptionStatusMessages', () => {
  it('answers each pair of a subscribe with its reqid, channel name and subscription', () => {
    const request = JSON.stringify({ event: 'subscribe', reqid: 9, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'book', depth: 25 } });
    expect(subscriptionStatusMessages(request, { channelID: (_pair, i) => 100 + i })).toEqual([
      { kind: 'subscriptionStatus', status: 'subscribed', channelName: 'book-25', channelID: 100, pair: 'XBT/USD', reqid: 9, subscription: { name: 'book', depth: 25 } },
      { kind: 'subscriptionStatus', status: 'subscribed', channelName: 'book-25', channelID: 101, pair: 'ETH/USD', reqid: 9, subscription: { name: 'book', depth: 25 } },
    ]);
  });

  it('answers unsubscribes, errors and private feeds', () => {
    expect(subscriptionStatusMessages({ event: 'unsubscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 5 } })).toEqual([
      { kind: 'subscriptionStatus', status: 'unsubscribed', channelName: 'ohlc-5', channelID: 42, pair: 'XBT/USD', subscription: { name: 'ohlc', interval: 5 } },
    ]);
    expect(
      subscriptionStatusMessages({ event: 'subscribe', reqid: 1, pair: ['NOPE/USD'], subscription: { name: 'ticker' } }, { status: 'error', errorMessage: 'Currency pair not supported' }),
    ).toEqual([{ kind: 'subscriptionStatus', status: 'error', channelName: 'ticker', pair: 'NOPE/USD', reqid: 1, subscription: { name: 'ticker' }, errorMessage: 'Currency pair not supported' }]);
    expect(subscriptionStatusMessages({ event: 'subscribe', reqid: 2, subscription: { name: 'openOrders', token: 'secret' } })).toEqual([
      { kind: 'subscriptionStatus', status: 'subscribed', channelName: 'openOrders', reqid: 2, subscription: { name: 'openOrders' } },
    ]);
    expect(() => subscriptionStatusMessages('{"event":"ping"}')).toThrow(/subscribe or unsubscribe/);
  });
});

describe('value builders', () => {
  it('fill every field, and keep the given ones', () => {
    expect(buildTrade({ side: 'sell' })).toEqual({ pair: 'XBT/USD', price: '30000.00000', volume: '0.10000000', time: '1700000000.000000', side: 'sell', orderType: 'market', misc: '' });
    expect(buildOhlcUpdate({ close: '5.0', etime: '10.000000' })).toMatchObject({ open: '5.0', high: '5.0', low: '5.0', vwap: '5.0', time: '0.000000', etime: '10.000000' });
  });

  it('buildCandle derives high and low from open and close, and end from start', () => {
    expect(buildCandle({ start: 120_000, open: '12', close: '10' })).toEqual({
      pair: 'XBT/USD', intervalMs: 60_000, start: 120_000, end: 180_000, open: '12', high: '12', low: '10', close: '10', vwap: '10', volume: '1', count: 1, final: true,
    });
    expect(buildCandle({ close: '9', high: '20' })).toMatchObject({ open: '9', high: '20', low: '9' });
  });

  it('tradeMessage refuses no trade or trades of several pairs', () => {
    expect(() => tradeMessage([])).toThrow(/at least one value/);
    expect(() => tradeMessage([buildTrade(), buildTrade({ pair: 'ETH/USD' })])).toThrow(/one pair/);
  });

});
