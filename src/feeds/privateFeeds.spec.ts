import type { Subscription } from 'rxjs';
import type { KrakenError } from '../errors';
import { fakeSocketClient } from '../../test/support/fakeSocketClient';

const subs: Subscription[] = [];
afterEach(() => subs.splice(0).forEach((s) => s.unsubscribe()));

/** The shared fake-socket client, with what it reported on errors$ and an acknowledgement helper. */
function setup() {
  const t = fakeSocketClient();
  const reported: KrakenError[] = [];
  subs.push(t.kraken.errors$.subscribe((e) => reported.push(e)));
  const ack = (name: string) =>
    t.socket().serverSend(JSON.stringify({ channelName: name, event: 'subscriptionStatus', status: 'subscribed', subscription: { name } }));
  return { ...t, reported, ack };
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
