import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { orderEntries, privateMessages, request, subscribePrivate, type PrivateMessage } from './support/privateSupport';
import { delay, isObject, TestClient, until } from './support/testClient';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const recorded = readFileSync(path.join(FIXTURES, 'kraken-private-kraken-async-rs-2023-11.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const recordedPrivate = recorded.filter((m): m is PrivateMessage => Array.isArray(m));
/** The fields of the first entry of a recorded private message whose first entry matches. */
function recordedEntry(channel: string, match: (f: Record<string, unknown>) => boolean): Record<string, unknown> {
  for (const m of recordedPrivate) {
    if (m[1] !== channel) continue;
    const f = Object.values(m[0][0] ?? {})[0];
    if (f !== undefined && match(f)) return f;
  }
  throw new Error(`no recorded ${channel} entry`);
}
const entryFields = (m: PrivateMessage, i = 0): Record<string, unknown> => Object.values(m[0][i] ?? {})[0] as Record<string, unknown>;

describe('simulator private feeds (openOrders, ownTrades)', () => {
  let sim: Simulator;
  let token: string;
  const clients: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const c = await TestClient.connect(sim.authUrl);
    clients.push(c);
    return c;
  };
  const place = (fields: Record<string, unknown>) => ({ token, ordertype: 'limit', type: 'buy', pair: 'XBT/USD', volume: '0.5', ...fields });

  beforeEach(async () => {
    sim = await startSimulator({ seed: 11, paused: true, historyMinutes: 2, pairs: ['XBT/USD', 'ETH/USD'], heartbeatIntervalMs: 40, tradingRateLimit: false });
    token = sim.issueToken();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it('openOrders: snapshot of every open order (newest first) with sequence 1, in the recorded shape', async () => {
    sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: 'buy', ordertype: 'limit', volume: '0.5', price: '29000.0', userref: 5 });
    sim.placeOrder({ by: 'account', pair: 'ETH/USD', type: 'sell', ordertype: 'limit', volume: '1.25', price: '2100.00' });
    sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.1' }); // closed: not in the snapshot
    const c = await connect();
    // No maxratecount: this simulator runs without a trading rate limit.
    expect(await subscribePrivate(c, 'openOrders', token)).toEqual({
      channelName: 'openOrders',
      event: 'subscriptionStatus',
      reqid: 1,
      status: 'subscribed',
      subscription: { name: 'openOrders' },
    });
    const snap = await c.take<PrivateMessage>((m) => Array.isArray(m));
    expect(snap[1]).toBe('openOrders');
    expect(snap[2]).toEqual({ sequence: 1 });
    expect(snap[0]).toHaveLength(2);
    const [eth, xbt] = [entryFields(snap, 0), entryFields(snap, 1)];
    const [ethOrder, xbtOrder] = [sim.orders()[1]!, sim.orders()[0]!];
    expect(Object.keys(snap[0][0]!)).toEqual([ethOrder.txid]);
    expect(Object.keys(snap[0][1]!)).toEqual([xbtOrder.txid]);
    const shape = recordedEntry('openOrders', (f) => f['status'] === 'open' && 'descr' in f);
    expect(Object.keys(xbt)).toEqual(Object.keys(shape));
    expect(Object.keys(xbt['descr'] as object)).toEqual(Object.keys(shape['descr'] as object));
    expect(xbt).toEqual({
      avg_price: '0.00000',
      cost: '0.00000',
      descr: { close: null, leverage: null, order: 'buy 0.50000000 XBT/USD @ limit 29000.00000', ordertype: 'limit', pair: 'XBT/USD', price: '29000.00000', price2: '0.00000', type: 'buy' },
      expiretm: null,
      fee: '0.00000',
      limitprice: '0.00000',
      misc: '',
      oflags: 'fciq',
      opentm: xbtOrder.openTime,
      refid: null,
      starttm: null,
      status: 'open',
      stopprice: '0.00000',
      timeinforce: 'GTC',
      userref: 5,
      vol: '0.50000000',
      vol_exec: '0.00000000',
    });
    expect(eth).toMatchObject({ descr: { order: 'sell 1.25000000 ETH/USD @ limit 2100.00000', type: 'sell' }, userref: 0 });
  });

  it('openOrders: an empty snapshot is [[],"openOrders",{"sequence":1}]; updates keep the recorded key order', async () => {
    const c = await connect();
    await subscribePrivate(c, 'openOrders', token);
    await c.take((_m, raw) => raw === '[[],"openOrders",{"sequence":1}]');
    const ok = await request(c, 'addOrder', 2, place({ price: '20000.0', userref: '9' }));
    const txid = ok['txid'] as string;
    await request(c, 'cancelOrder', 3, { token, txid: [txid] });
    await c.sync(4);
    const entries = orderEntries(c).filter((e) => e.id === txid);
    expect(entries.map((e) => e.sequence)).toEqual([2, 3, 4]);
    const [pending, open, canceled] = entries.map((e) => e.fields);
    expect(Object.keys(pending!)).toEqual(Object.keys(recordedEntry('openOrders', (f) => f['status'] === 'pending')));
    expect(pending).toMatchObject({ status: 'pending', userref: 9, vol: '0.50000000' });
    expect(open).toEqual({ status: 'open', userref: 9 });
    const recordedCancel = recordedEntry('openOrders', (f) => f['status'] === 'canceled');
    expect(Object.keys(canceled!)).toEqual(Object.keys(recordedCancel));
    expect(canceled).toEqual({
      lastupdated: expect.stringMatching(/^\d{10}\.\d{6}$/),
      status: 'canceled',
      vol_exec: '0.00000000',
      cost: '0.00000',
      fee: '0.00000',
      avg_price: '0.00000',
      userref: 9,
      cancel_reason: 'User requested',
    });
  });

  it('every subscription counts its own sequence, by one, without gaps', async () => {
    const a = await connect();
    await subscribePrivate(a, 'openOrders', token);
    await request(a, 'addOrder', 2, place({ price: '20000.0' }));
    const b = await connect();
    await subscribePrivate(b, 'openOrders', token);
    await subscribePrivate(b, 'ownTrades', token, {}, 3);
    await request(a, 'addOrder', 4, place({ ordertype: 'market', price: undefined, volume: '0.01' }));
    await request(b, 'cancelAll', 5, { token });
    await a.sync(6);
    await b.sync(7);
    const seqs = (c: TestClient, ch: 'openOrders' | 'ownTrades'): number[] => privateMessages(c, ch).map((m) => m[2].sequence);
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
    expect(seqs(a, 'openOrders')).toEqual(range(seqs(a, 'openOrders').length));
    expect(seqs(b, 'openOrders')).toEqual(range(seqs(b, 'openOrders').length));
    expect(seqs(b, 'ownTrades')).toEqual([1, 2]);
    // a saw 2 more messages than b: the first order's pending and open came before b subscribed
    // (b's snapshot holds that order instead, as a's holds nothing).
    expect(seqs(a, 'openOrders').length - seqs(b, 'openOrders').length).toBe(2);
    expect(privateMessages(b, 'openOrders')[0]![0]).toHaveLength(1);
  });

  it('ownTrades: the last 50 trades, newest first, in the recorded shape; snapshot:false sends none', async () => {
    for (let i = 0; i < 55; i++) sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: i % 2 === 0 ? 'buy' : 'sell', ordertype: 'market', volume: '0.001', userref: i });
    const all = sim.ownTrades();
    expect(all).toHaveLength(55);
    const c = await connect();
    expect(await subscribePrivate(c, 'ownTrades', token)).toEqual({ channelName: 'ownTrades', event: 'subscriptionStatus', reqid: 1, status: 'subscribed', subscription: { name: 'ownTrades' } });
    const snap = await c.take<PrivateMessage>((m) => Array.isArray(m));
    expect(snap[2]).toEqual({ sequence: 1 });
    expect(snap[0].map((e) => Object.keys(e)[0])).toEqual(all.slice(-50).reverse().map((t) => t.id));
    const first = entryFields(snap, 0);
    const shape = recordedEntry('ownTrades', () => true);
    expect(Object.keys(first)).toEqual(Object.keys(shape));
    const newest = all[54]!;
    expect(first).toEqual({
      cost: newest.cost,
      fee: newest.fee,
      margin: '0.00000',
      ordertxid: newest.orderTxid,
      ordertype: 'market',
      pair: 'XBT/USD',
      postxid: 'TKH2SE-M7IF5-CFI7LT',
      price: newest.price,
      time: newest.time,
      type: 'buy',
      vol: '0.00100000',
    });

    const quiet = await connect();
    await subscribePrivate(quiet, 'ownTrades', token, { snapshot: false }, 2);
    sim.placeOrder({ by: 'account', pair: 'ETH/USD', type: 'buy', ordertype: 'market', volume: '0.01' });
    const live = await quiet.take<PrivateMessage>((m) => Array.isArray(m));
    expect(live[2]).toEqual({ sequence: 1 });
    expect(entryFields(live)).toMatchObject({ pair: 'ETH/USD', type: 'buy', vol: '0.01000000' });
  });

  it('ownTrades: consolidate_taker false shows every fill of a taker order, true one trade at the average price', async () => {
    const asks = sim.trueBook('XBT/USD', 3).asks;
    // Buy exactly the first two ask levels and part of the third: three fills.
    const lots = (v: string): bigint => BigInt(v.replace('.', ''));
    const volume = lots(asks[0]![1]) + lots(asks[1]![1]) + 1_000n;
    const vol = `${volume / 100_000_000n}.${String(volume % 100_000_000n).padStart(8, '0')}`;
    const merged = await connect();
    await subscribePrivate(merged, 'ownTrades', token);
    const split = await connect();
    await subscribePrivate(split, 'ownTrades', token, { consolidate_taker: false }, 2);
    await request(merged, 'addOrder', 3, place({ ordertype: 'market', price: undefined, volume: vol }));
    const one = await merged.take<PrivateMessage>((m) => Array.isArray(m) && m[2].sequence === 2);
    const three = await split.take<PrivateMessage>((m) => Array.isArray(m) && m[2].sequence === 2);
    expect(one[0]).toHaveLength(1);
    expect(three[0]).toHaveLength(3);
    expect(three[0].map((e) => entryFields({ 0: [e] } as unknown as PrivateMessage)['price'])).toEqual(asks.map((a) => a[0]));
    const fills = sim.ownTrades({ consolidateTaker: false });
    const trade = sim.ownTrades()[0]!;
    expect(entryFields(one)).toMatchObject({ vol, price: trade.price, cost: trade.cost, fee: trade.fee });
    // The consolidated cost and fee are the sums of the fills'.
    const sum = (k: 'cost' | 'fee'): bigint => fills.reduce((s, f) => s + BigInt(f[k].replace('.', '')), 0n);
    expect(BigInt(trade.cost.replace('.', ''))).toBe(sum('cost'));
    expect(BigInt(trade.fee.replace('.', ''))).toBe(sum('fee'));
  });

  it('ratecounter: true adds ratecount to every order entry (and maxratecount to the status)', async () => {
    const own = await startSimulator({ seed: 2, paused: true, historyMinutes: 1, pairs: ['XBT/USD'], tradingRateLimit: { maxCount: 60, decayPerSecond: 0 } });
    try {
      const t = own.issueToken();
      const c = await TestClient.connect(own.authUrl);
      clients.push(c);
      expect((await subscribePrivate(c, 'openOrders', t, { ratecounter: true }))['subscription']).toEqual({ maxratecount: 60, name: 'openOrders' });
      const plain = await TestClient.connect(own.authUrl);
      clients.push(plain);
      await subscribePrivate(plain, 'openOrders', t);
      await request(c, 'addOrder', 2, { token: t, ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '20000.0', volume: '0.5' });
      await request(c, 'addOrder', 3, { token: t, ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '20000.0', volume: '0.5' });
      await c.sync(4);
      await plain.sync(5);
      const counted = orderEntries(c);
      expect(counted.map((e) => e.fields['ratecount'])).toEqual([1, 1, 2, 2]);
      expect(Object.keys(counted[1]!.fields)).toEqual(['status', 'userref', 'ratecount']);
      expect(orderEntries(plain).every((e) => !('ratecount' in e.fields))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('Already subscribed, unsubscribe, Subscription Not Found, bad flags, public channels refused', async () => {
    const c = await connect();
    await subscribePrivate(c, 'ownTrades', token);
    expect(await subscribePrivate(c, 'ownTrades', token, {}, 2)).toMatchObject({ errorMessage: 'Already subscribed', status: 'error' });
    c.send({ event: 'unsubscribe', reqid: 3, subscription: { name: 'ownTrades', token } });
    expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 3)).toEqual({
      channelName: 'ownTrades',
      event: 'subscriptionStatus',
      reqid: 3,
      status: 'unsubscribed',
      subscription: { name: 'ownTrades' },
    });
    c.send({ event: 'unsubscribe', reqid: 4, subscription: { name: 'ownTrades', token } });
    expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 4)).toMatchObject({ errorMessage: 'Subscription Not Found', status: 'error' });
    expect(await subscribePrivate(c, 'ownTrades', token, { snapshot: 'yes' }, 5)).toMatchObject({ errorMessage: 'EGeneral:Invalid arguments:snapshot', status: 'error' });
    c.send({ event: 'subscribe', reqid: 6, pair: ['XBT/USD'], subscription: { name: 'ticker' } });
    expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 6)).toMatchObject({
      errorMessage: 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com',
    });
    c.send({ event: 'amendOrder', reqid: 7, token });
    expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 7)).toMatchObject({ errorMessage: 'Event(s) not found' });
  });

  it('heartbeats while a private subscription is held and idle, none before or after', async () => {
    const c = await connect();
    await c.event('systemStatus');
    await delay(150);
    expect(c.messages.some((m) => isObject(m) && m['event'] === 'heartbeat')).toBe(false);
    await subscribePrivate(c, 'openOrders', token);
    await c.event('heartbeat');
    await c.event('heartbeat');
    c.send({ event: 'unsubscribe', reqid: 2, subscription: { name: 'openOrders', token } });
    await c.event('subscriptionStatus', (m) => m['reqid'] === 2);
    const count = c.messages.filter((m) => isObject(m) && m['event'] === 'heartbeat').length;
    await delay(150);
    await c.sync(3);
    expect(c.messages.filter((m) => isObject(m) && m['event'] === 'heartbeat').length).toBe(count);
  });

  it('a closed connection leaves nothing behind', async () => {
    const c = await connect();
    await subscribePrivate(c, 'openOrders', token);
    await c.close();
    await until(() => sim.connectionCount === 0, 2000, 'close');
    sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: 'buy', ordertype: 'limit', volume: '0.5', price: '20000.0' });
    const d = await connect();
    await subscribePrivate(d, 'openOrders', token);
    const snap = await d.take<PrivateMessage>((m) => Array.isArray(m));
    expect(snap[0]).toHaveLength(1);
  });
});
