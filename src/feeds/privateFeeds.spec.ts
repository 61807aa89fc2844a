import { TestScheduler } from 'rxjs/testing';
import { of, type Subscription } from 'rxjs';
import { createKrakenClient } from '../client/createKrakenClient';
import type { KrakenError } from '../errors';
import { createFakeWebSocketFactory } from '../testing/fakeWebSocket';

const TOKEN = 'dGhlIHByaXZhdGUgZmVlZCBzcGVjIHRva2Vu';
const subs: Subscription[] = [];
afterEach(() => subs.splice(0).forEach((s) => s.unsubscribe()));

function setup() {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const kraken = createKrakenClient({
    authUrl: 'wss://ws-auth.kraken.com',
    webSocket: fake.factory,
    scheduler,
    liveness: false,
    reconnect: { random: () => 0.5 },
    tokenProvider: () => of(TOKEN),
  });
  const advance = (ms: number) => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => undefined, ms);
    scheduler.flush();
  };
  const socket = () => fake.latest();
  const sent = () => socket().sent.map((t) => JSON.parse(t) as Record<string, unknown>);
  const reported: KrakenError[] = [];
  subs.push(kraken.errors$.subscribe((e) => reported.push(e)));
  const ack = (name: string) =>
    socket().serverSend(JSON.stringify({ channelName: name, event: 'subscriptionStatus', status: 'subscribed', subscription: { name } }));
  return { kraken, advance, socket, sent, reported, ack };
}

const TRADE = (time: string) =>
  `{"ordertxid":"O1","pair":"XBT/USD","time":"${time}","type":"buy","ordertype":"limit","price":"1.0","cost":"1.0","fee":"0.1","vol":"1.0"}`;

describe('private feeds: a frame that does not decode (fake socket, virtual time)', () => {
  it('openOrders: reported once on errors$, healed by a resubscribe for a fresh snapshot, the feed lives on', () => {
    const t = setup();
    const sequences: number[] = [];
    subs.push(t.kraken.openOrders().subscribe({ next: (m) => sequences.push(m.sequence ?? -1), error: () => sequences.push(Number.NaN) }));
    t.socket().serverOpen();
    t.advance(1);
    t.ack('openOrders');
    t.socket().serverSend('[[],"openOrders",{"sequence":1}]');
    t.socket().serverSend('[[{"OA":{"status":7}}],"openOrders",{"sequence":2}]');
    expect(t.reported.map((e) => e.name)).toEqual(['DecodeError']);
    t.advance(1);
    expect(t.sent().map((r) => r['event'])).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    t.ack('openOrders');
    t.socket().serverSend('[[{"OA":{"status":"open","vol":"1.0","vol_exec":"0.0"}}],"openOrders",{"sequence":1}]');
    expect(sequences).toEqual([1, 1]);
    // Once on errors$, although both the session and the feed saw it.
    expect(t.reported.map((e) => e.name)).toEqual(['DecodeError']);
    t.kraken.close();
  });

  it('ownTrades: reported once on errors$, healed by a resubscribe; the fill in the bad frame comes from the fresh snapshot, once', () => {
    const t = setup();
    const ids: string[] = [];
    subs.push(t.kraken.ownTrades().subscribe({ next: (trade) => ids.push(trade.id), error: () => ids.push('errored') }));
    t.socket().serverOpen();
    t.advance(1);
    t.ack('ownTrades');
    t.socket().serverSend(`[[{"T1":${TRADE('1.0')}}],"ownTrades",{"sequence":1}]`);
    t.socket().serverSend('[[{"T2":{"price":1.5}}],"ownTrades",{"sequence":2}]');
    expect(t.reported.map((e) => e.name)).toEqual(['DecodeError']);
    t.advance(1);
    expect(t.sent().map((r) => r['event'])).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    t.ack('ownTrades');
    t.socket().serverSend(`[[{"T2":${TRADE('2.0')}},{"T1":${TRADE('1.0')}}],"ownTrades",{"sequence":1}]`);
    expect(ids).toEqual(['T1', 'T2']);
    expect(t.reported.map((e) => e.name)).toEqual(['DecodeError']);
    t.kraken.close();
  });

  it('ownTrades: a snapshot with a negative trade time is a DecodeError that heals; nothing is thrown', () => {
    const t = setup();
    const ids: string[] = [];
    let feedError: unknown;
    subs.push(t.kraken.ownTrades().subscribe({ next: (trade) => ids.push(trade.id), error: (e: unknown) => (feedError = e) }));
    t.socket().serverOpen();
    t.advance(1);
    t.ack('ownTrades');
    expect(() => t.socket().serverSend(`[[{"T1":${TRADE('-1')}},{"T2":${TRADE('2.0')}}],"ownTrades",{"sequence":1}]`)).not.toThrow();
    t.advance(1);
    expect(t.reported.map((e) => e.name)).toEqual(['DecodeError']);
    expect(t.sent().map((r) => r['event'])).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    t.ack('ownTrades');
    t.socket().serverSend(`[[{"T2":${TRADE('2.0')}},{"T1":${TRADE('1.0')}}],"ownTrades",{"sequence":1}]`);
    expect(ids).toEqual(['T1', 'T2']);
    expect(feedError).toBeUndefined();
    t.kraken.close();
  });

  it('ownTrades: a snapshot whose times are beyond microsecond precision still sorts, exactly, oldest first', () => {
    const t = setup();
    const ids: string[] = [];
    subs.push(t.kraken.ownTrades().subscribe((trade) => ids.push(trade.id)));
    t.socket().serverOpen();
    t.advance(1);
    t.ack('ownTrades');
    const huge = '99999999999999999999.000001';
    const huger = '99999999999999999999.000002';
    expect(() => t.socket().serverSend(`[[{"T2":${TRADE(huger)}},{"T1":${TRADE(huge)}}],"ownTrades",{"sequence":1}]`)).not.toThrow();
    expect(ids).toEqual(['T1', 'T2']);
    expect(t.reported).toEqual([]);
    t.kraken.close();
  });
});
