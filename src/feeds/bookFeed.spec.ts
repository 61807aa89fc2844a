import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import { createKrakenClient } from '../client/createKrakenClient';
import type { OrderBook } from '../book/orderBook';
import { createFakeWebSocketFactory } from '../testing/fakeWebSocket';
import type { KrakenError } from '../errors/krakenError';
import type { BookSyncState } from './bookFeed';
import { fixtureFrames } from '../../test/support/fixtures';

const FRAMES = fixtureFrames('kraken-book-python-kraken-sdk-2023-08.jsonl');
const BOOK_FRAMES = FRAMES.filter((f) => f.startsWith('[336,'));
const SNAPSHOT = BOOK_FRAMES[0] as string;
const UPDATES = BOOK_FRAMES.slice(1);

function setup() {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const kraken = createKrakenClient({ webSocket: fake.factory, scheduler, liveness: false, reconnect: { random: () => 0.5 } });
  const advance = (ms: number) => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => undefined, ms);
    scheduler.flush();
  };
  const socket = () => fake.latest();
  const sent = () => socket().sent.map((t) => JSON.parse(t) as Record<string, unknown>);
  const open = () => {
    socket().serverOpen();
    advance(1);
  };
  const errors: string[] = [];
  const reported: KrakenError[] = [];
  kraken.errors$.subscribe((e) => {
    errors.push(e.name);
    reported.push(e);
  });
  /** Acknowledges every subscribe sent since the last call, as Kraken does (one status per pair). */
  let acked = 0;
  const ackNew = () => {
    const requests = sent();
    for (const request of requests.slice(acked)) {
      if (request['event'] !== 'subscribe' && request['event'] !== 'unsubscribe') continue;
      const subscription = request['subscription'] as { name: string; depth?: number };
      const channelName = subscription.name === 'book' ? `book-${subscription.depth}` : subscription.name;
      const status = request['event'] === 'subscribe' ? 'subscribed' : 'unsubscribed';
      for (const pair of request['pair'] as string[]) {
        socket().serverSend(JSON.stringify({ channelID: 336, channelName, event: 'subscriptionStatus', pair, reqid: request['reqid'], status, subscription }));
      }
    }
    acked = requests.length;
  };
  return { scheduler, fake, kraken, advance, socket, sent, open, errors, reported, ackNew };
}

/** The same recorded frame, as if it were of another pair on another channel id. */
function asPair(frame: string, pair: string, channelId: number): string {
  return frame.replace(/^\[336,/, `[${channelId},`).replace(/,"XBT\/USD"\]$/, `,"${pair}"]`);
}

/** Flips one digit of an update's checksum. */
function corrupt(frame: string): string {
  return frame.replace(/"c":"(\d+)"/, (_m, c: string) => `"c":"${(Number(c) + 1) % 4294967296}"`);
}

describe('kraken.book(): verified and self-healing (fake socket, real recorded frames)', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    for (const s of subs) s.unsubscribe();
    subs = [];
  });

  it('emits a verified book per message of the recording', () => {
    const t = setup();
    const books: OrderBook[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => books.push(b)));
    t.open();
    expect(t.sent()[0]).toMatchObject({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    for (const frame of BOOK_FRAMES) t.socket().serverSend(frame);
    expect(books).toHaveLength(BOOK_FRAMES.length);
    expect(t.errors).toEqual([]);
    const last = books[books.length - 1] as OrderBook;
    expect(last.asks).toHaveLength(10);
    expect(last.bids).toHaveLength(10);
    t.kraken.close();
  });

  it('on a checksum mismatch resubscribes that pair alone, reports it, emits nothing stale, and is back in sync after the fresh snapshot', () => {
    const t = setup();
    const books: OrderBook[] = [];
    const states: BookSyncState['state'][] = [];
    const spreads: string[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => books.push(b)));
    subs.push(t.kraken.bookSync('XBT/USD').subscribe((s) => states.push(s.state)));
    subs.push(t.kraken.spread('ETH/USD').subscribe((s) => spreads.push(s.bid)));
    t.open();
    t.socket().serverSend(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    t.socket().serverSend(corrupt(UPDATES[1] as string));
    expect(states).toEqual(['awaiting-snapshot', 'synced', 'resyncing']);
    expect(t.errors).toEqual(['BookChecksumError']);
    // Updates of the old subscription still arriving are ignored: no book while resyncing.
    t.socket().serverSend(UPDATES[2] as string);
    expect(books).toHaveLength(2);
    t.advance(1);
    const requests = t.sent().map((r) => `${r['event']} ${JSON.stringify(r['pair'])} ${(r['subscription'] as { name: string }).name}`);
    expect(requests).toEqual([
      'subscribe ["XBT/USD"] book',
      'subscribe ["ETH/USD"] spread',
      'unsubscribe ["XBT/USD"] book',
      'subscribe ["XBT/USD"] book',
    ]);
    t.socket().serverSend('[341,["3.10000","3.20000","1699797184.943422","21.82608437","0.50775187"],"spread","ETH/USD"]');
    t.socket().serverSend(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    expect(states).toEqual(['awaiting-snapshot', 'synced', 'resyncing', 'synced']);
    expect(books).toHaveLength(4);
    expect(spreads).toEqual(['3.10000']);
    t.kraken.close();
  });

  it.each([
    ['no stray update', false],
    ['a stray update of the old subscription after the resubscribe', true],
  ])('a resync acknowledged but never sent its snapshot is reported as stalled (first-message) and resubscribed (%s)', (_label, stray) => {
    const t = setup();
    const states: string[] = [];
    subs.push(t.kraken.bookSync('XBT/USD').subscribe((s) => states.push(s.state === 'awaiting-snapshot' ? `${s.state}:${s.reason}` : s.state)));
    t.open();
    t.ackNew();
    t.socket().serverSend(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    t.socket().serverSend(corrupt(UPDATES[1] as string));
    t.advance(1);
    const subscribes = () => t.sent().filter((r) => r['event'] === 'subscribe').length;
    expect(subscribes()).toBe(2);
    // Sent by the old subscription before Kraken processed the unsubscribe: not the new one's first message.
    if (stray) t.socket().serverSend(UPDATES[2] as string);
    t.ackNew();
    t.advance(9_999);
    expect(t.errors).toEqual(['BookChecksumError']);
    t.advance(1);
    expect(t.errors).toEqual(['BookChecksumError', 'SubscriptionStalledError']);
    expect(t.reported[1]?.info).toMatchObject({ channel: 'book-10', pair: 'XBT/USD', waitingFor: 'first-message', timeoutMs: 10_000, attempt: 1 });
    t.advance(1);
    expect(t.sent().slice(-2).map((r) => r['event'])).toEqual(['unsubscribe', 'subscribe']);
    expect(states).toEqual(['awaiting-snapshot:subscribe', 'synced', 'resyncing', 'awaiting-snapshot:retry']);
    t.ackNew();
    t.socket().serverSend(SNAPSHOT);
    expect(states[states.length - 1]).toBe('synced');
    t.advance(60_000);
    expect(t.errors).toHaveLength(2);
    t.kraken.close();
  });

  it('a first subscription acknowledged but sent only an update, no snapshot, is reported as stalled (first-message)', () => {
    const t = setup();
    subs.push(t.kraken.book('XBT/USD').subscribe());
    t.open();
    t.ackNew();
    t.socket().serverSend(UPDATES[0] as string);
    t.advance(10_000);
    expect(t.errors).toEqual(['SubscriptionStalledError']);
    expect(t.reported[0]?.info).toMatchObject({ waitingFor: 'first-message', attempt: 1 });
    t.kraken.close();
  });

  it.each([
    ['a level with a volume that is not a decimal', '[336,{"a":[["27120.0","x","1616663113.2"]],"c":"123"},"book-10","XBT/USD"]'],
    ['a payload that is not an object', '[336,"oops","book-10","XBT/USD"]'],
    ['a snapshot level with two elements', '[336,{"as":[["1.0","1.0"]],"bs":[]},"book-10","XBT/USD"]'],
  ])('an ill-shaped frame of one book (%s) resyncs that book alone; a second book on the connection keeps emitting', (_label, bad) => {
    const t = setup();
    const xbt: number[] = [];
    const eth: number[] = [];
    const states: string[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => xbt.push(b.checksum)));
    subs.push(t.kraken.book('ETH/USD').subscribe((b) => eth.push(b.checksum)));
    subs.push(t.kraken.bookSync(['XBT/USD', 'ETH/USD']).subscribe((s) => states.push(`${s.pair} ${s.state}${s.state === 'resyncing' ? `:${s.reason}` : ''}`)));
    t.open();
    t.ackNew();
    expect(t.sent().map((r) => r['pair'])).toEqual([['XBT/USD', 'ETH/USD']]);
    const eth$ = (frame: string) => t.socket().serverSend(asPair(frame, 'ETH/USD', 337));
    t.socket().serverSend(SNAPSHOT);
    eth$(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    eth$(UPDATES[0] as string);
    t.socket().serverSend(bad);
    expect(t.errors).toEqual(['DecodeError']);
    expect(t.reported[0]?.info).toMatchObject({ channelName: 'book-10', pair: 'XBT/USD' });
    expect(states.filter((s) => s.endsWith(':decode'))).toEqual(['XBT/USD resyncing:decode']);
    // The other book goes on, verified, while XBT/USD waits for its fresh snapshot.
    for (const frame of UPDATES.slice(1, 4)) eth$(frame);
    t.socket().serverSend(UPDATES[1] as string); // left over from the old XBT/USD subscription: ignored
    expect(eth).toHaveLength(5);
    expect(xbt).toHaveLength(2);
    t.advance(1);
    const requests = t.sent().map((r) => `${r['event']} ${JSON.stringify(r['pair'])}`);
    expect(requests).toEqual(['subscribe ["XBT/USD","ETH/USD"]', 'unsubscribe ["XBT/USD"]', 'subscribe ["XBT/USD"]']);
    t.ackNew();
    t.socket().serverSend(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    eth$(UPDATES[4] as string);
    expect(xbt).toHaveLength(4);
    expect(eth).toHaveLength(6);
    expect(states.filter((s) => s.startsWith('ETH/USD'))).toEqual(['ETH/USD awaiting-snapshot', 'ETH/USD synced']);
    expect(states.filter((s) => s.startsWith('XBT/USD'))).toEqual(['XBT/USD awaiting-snapshot', 'XBT/USD synced', 'XBT/USD resyncing:decode', 'XBT/USD synced']);
    expect(t.errors).toEqual(['DecodeError']);
    t.kraken.close();
  });

  it('backs off on repeated mismatches', () => {
    const t = setup();
    subs.push(t.kraken.book('XBT/USD').subscribe());
    t.open();
    const resubscribes = () => t.sent().filter((r) => r['event'] === 'unsubscribe').length;
    for (let i = 0; i < 3; i++) {
      t.socket().serverSend(SNAPSHOT);
      t.socket().serverSend(corrupt(UPDATES[0] as string));
      t.advance(1);
    }
    // First resync at once; the second waits 500 ms, the third 1 s.
    expect(resubscribes()).toBe(1);
    t.advance(500);
    expect(resubscribes()).toBe(2);
    t.advance(1000);
    expect(resubscribes()).toBe(3);
    t.kraken.close();
  });

  it('after a reconnect waits for the new snapshot; a late subscriber gets the current book at once', () => {
    const t = setup();
    const books: number[] = [];
    const states: string[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => books.push(b.checksum)));
    subs.push(t.kraken.bookSync('XBT/USD').subscribe((s) => states.push(s.state === 'awaiting-snapshot' ? `${s.state}:${s.reason}` : s.state)));
    t.open();
    t.socket().serverSend(SNAPSHOT);
    t.socket().serverSend(UPDATES[0] as string);
    const late: number[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => late.push(b.checksum)));
    expect(late).toEqual([books[1]]);
    t.socket().serverClose(1006, 'gone');
    // Not synced the moment the connection drops, before any reconnect.
    expect(states).toEqual(['awaiting-snapshot:subscribe', 'synced', 'awaiting-snapshot:reconnect']);
    t.advance(1000);
    t.open();
    expect(states).toEqual(['awaiting-snapshot:subscribe', 'synced', 'awaiting-snapshot:reconnect']);
    const lateAfterDrop: number[] = [];
    subs.push(t.kraken.book('XBT/USD').subscribe((b) => lateAfterDrop.push(b.checksum)));
    expect(lateAfterDrop).toEqual([]);
    t.socket().serverSend(SNAPSHOT);
    expect(states[states.length - 1]).toBe('synced');
    expect(lateAfterDrop).toHaveLength(1);
    t.kraken.close();
  });
});
