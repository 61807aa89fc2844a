import { startSimulator, type Simulator } from '../../src/simulator';
import { fetchToken, orderEntries, orderUpdate, request, subscribePrivate } from './support/privateSupport';
import { isObject, TestClient } from './support/testClient';

describe('simulator private faults', () => {
  let sim: Simulator;
  let token: string;
  const clients: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const c = await TestClient.connect(sim.authUrl);
    clients.push(c);
    return c;
  };
  const order = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
    event: 'addOrder',
    token,
    ordertype: 'limit',
    type: 'buy',
    pair: 'XBT/USD',
    price: '29000.0',
    volume: '0.5',
    ...fields,
  });
  /** Index in `c.raw` of the first frame matching `match`. */
  const indexOf = (c: TestClient, match: (m: unknown) => boolean): number => c.messages.findIndex(match);
  /** A trading answer (`addOrderStatus`, `cancelOrderStatus`...), not `systemStatus`/`subscriptionStatus`. */
  const isAnswer = (m: unknown): boolean => isObject(m) && /^(addOrder|editOrder|cancelOrder|cancelAll|cancelAllOrdersAfter)Status$/.test(String(m['event']));
  const isStatus = (reqid: number) => (m: unknown): boolean => isObject(m) && m['event'] === 'addOrderStatus' && m['reqid'] === reqid;

  beforeEach(async () => {
    sim = await startSimulator({ seed: 8, paused: true, historyMinutes: 2, pairs: ['XBT/USD'], tradingRateLimit: false });
    token = await fetchToken(sim);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it('dropAfterNextOrder(): the order is placed, the connection dropped before the answer; nothing is sent twice', async () => {
    const watcher = await connect();
    await subscribePrivate(watcher, 'openOrders', token);
    const c = await connect();
    await subscribePrivate(c, 'openOrders', token, {}, 5);
    sim.faults.dropAfterNextOrder();
    c.send(order({ reqid: 1, userref: '4242' }));
    expect((await c.closed).code).toBe(1006);
    expect(c.messages.some((m) => isObject(m) && m['event'] === 'addOrderStatus')).toBe(false);
    expect(orderEntries(c)).toEqual([]);
    const [placed] = sim.orders();
    expect(placed).toMatchObject({ status: 'open', userref: 4242 });
    // The other connection saw it; the client can reconcile by userref.
    await orderUpdate(watcher, placed!.txid, (f) => f['status'] === 'open');
    expect(sim.requestCount('addOrder', { userref: 4242 })).toBe(1);
    expect(sim.requestCount('addOrder', { reqid: 1 })).toBe(1);
    // Only the next request was affected.
    const d = await connect();
    expect(await request(d, 'addOrder', 2, order())).toMatchObject({ status: 'ok' });
  });

  it('delayResponses(ms): answers come late, after the openOrders messages of the same order; 0 ends it', async () => {
    const c = await connect();
    await subscribePrivate(c, 'openOrders', token);
    // Normally the answer comes first.
    await request(c, 'addOrder', 2, order());
    const first = sim.orders()[0]!.txid;
    await orderUpdate(c, first, (f) => f['status'] === 'open');
    expect(indexOf(c, isStatus(2))).toBeLessThan(indexOf(c, (m) => Array.isArray(m) && JSON.stringify(m).includes(first)));
    expect(orderEntries(c).filter((e) => e.id === first).map((e) => e.fields['status'])).toEqual(['pending', 'open']);
    sim.faults.delayResponses(150);
    c.send(order({ reqid: 3 }));
    const answer = await c.event('addOrderStatus', (m) => m['reqid'] === 3);
    const second = answer['txid'] as string;
    const firstFeed = indexOf(c, (m) => Array.isArray(m) && JSON.stringify(m).includes(second));
    expect(firstFeed).toBeGreaterThan(-1);
    expect(firstFeed).toBeLessThan(indexOf(c, isStatus(3)));
    sim.faults.delayResponses(0);
    await request(c, 'addOrder', 4, order());
    const third = sim.orders()[2]!.txid;
    await orderUpdate(c, third, (f) => f['status'] === 'open');
    expect(indexOf(c, isStatus(4))).toBeLessThan(indexOf(c, (m) => Array.isArray(m) && JSON.stringify(m).includes(third)));
  });

  it('reorderResponses(n): the next n answers (across requests) arrive all together in another order', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.reorderResponses(5);
    c.send(order({ reqid: 1 }));
    c.send(order({ reqid: 2 }));
    c.send({ event: 'cancelOrder', reqid: 3, token, txid: ['OUNKNO-WN000-000000', 'OUNKNO-WN000-000001'] });
    c.send({ event: 'ping', reqid: 9 });
    await c.event('pong'); // the pong is not an answer to a trading request: not held
    expect(c.messages.filter(isAnswer)).toEqual([]);
    await c.sync(10);
    c.send({ event: 'cancelAll', reqid: 4, token });
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) answers.push(await c.take(isAnswer));
    const ids = answers.map((m) => (m as Record<string, unknown>)['reqid']);
    expect([...ids].sort()).toEqual([1, 2, 3, 3, 4]);
    expect(ids).not.toEqual([1, 2, 3, 3, 4]);
    expect(answers.find((m) => (m as Record<string, unknown>)['reqid'] === 4)).toMatchObject({ count: 2 });
    // Then back to normal.
    expect(await request(c, 'cancelAll', 5, { token })).toMatchObject({ count: 0 });
  });

  it('expireTokens(): held subscriptions keep streaming, but new subscriptions and requests with old tokens fail', async () => {
    const c = await connect();
    await subscribePrivate(c, 'openOrders', token);
    sim.faults.expireTokens();
    expect(await request(c, 'addOrder', 2, order())).toEqual({ errorMessage: 'ESession:Invalid session', event: 'addOrderStatus', reqid: 2, status: 'error' });
    expect(await subscribePrivate(c, 'ownTrades', token, {}, 3)).toMatchObject({ errorMessage: 'ESession:Invalid session', status: 'error' });
    const placed = sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: '29000.0', volume: '0.5' });
    await orderUpdate(c, placed.txid!, (f) => f['status'] === 'open');
    const fresh = await fetchToken(sim);
    expect(await request(c, 'addOrder', 4, order({ token: fresh }))).toMatchObject({ status: 'ok' });
    expect(sim.issueToken()).not.toBe(fresh);
  });

  it('messageRateLimit works on /auth: the refused request is not processed', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.messageRateLimit({ count: 1 });
    c.send(order({ reqid: 7 }));
    expect(await c.event('error', (m) => m['reqid'] === 7)).toEqual({ errorMessage: 'Exceeded msg rate', event: 'error', reqid: 7 });
    await c.sync(8);
    expect(sim.orders()).toEqual([]);
    expect(sim.received.filter((r) => r.endpoint === 'private').map((r) => r.rateLimited)).toEqual([true, false]);
    expect(await request(c, 'addOrder', 9, order())).toMatchObject({ status: 'ok' });
  });

  it('tradingRateLimit({count}) refuses the next adds and edits with EOrder:Rate limit exceeded; cancels still work', async () => {
    const c = await connect();
    const txid = (await request(c, 'addOrder', 1, order()))['txid'] as string;
    sim.faults.tradingRateLimit({ count: 2 });
    expect(await request(c, 'addOrder', 2, order())).toEqual({ errorMessage: 'EOrder:Rate limit exceeded', event: 'addOrderStatus', reqid: 2, status: 'error' });
    expect(await request(c, 'editOrder', 3, { token, orderid: txid, pair: 'XBT/USD', volume: '1' })).toEqual({
      errorMessage: 'EOrder:Rate limit exceeded',
      event: 'editOrderStatus',
      reqid: 3,
      status: 'error',
    });
    expect(await request(c, 'cancelOrder', 4, { token, txid: [txid] })).toMatchObject({ status: 'ok' });
    expect(await request(c, 'addOrder', 5, order())).toMatchObject({ status: 'ok' });
    expect(sim.orders()).toHaveLength(2);
  });

  it('the trading rate counter refuses orders beyond maxCount, per pair, and reports ratecount', async () => {
    const own = await startSimulator({ seed: 8, paused: true, historyMinutes: 1, pairs: ['XBT/USD', 'ETH/USD'], tradingRateLimit: { maxCount: 3, decayPerSecond: 0 } });
    try {
      const t = own.issueToken();
      const c = await TestClient.connect(own.authUrl);
      clients.push(c);
      await subscribePrivate(c, 'openOrders', t, { ratecounter: true });
      for (let i = 1; i <= 3; i++) expect(await request(c, 'addOrder', i + 1, order({ token: t }))).toMatchObject({ status: 'ok' });
      expect(await request(c, 'addOrder', 5, order({ token: t }))).toMatchObject({ errorMessage: 'EOrder:Rate limit exceeded' });
      expect(await request(c, 'addOrder', 6, order({ token: t, pair: 'ETH/USD', price: '1500.00' }))).toMatchObject({ status: 'ok' });
      // A young order's cancel costs 8: it is done, and the counter shows it.
      const txid = own.orders()[0]!.txid;
      expect(await request(c, 'cancelOrder', 7, { token: t, txid: [txid] })).toMatchObject({ status: 'ok' });
      expect(await orderUpdate(c, txid, (f) => f['status'] === 'canceled')).toMatchObject({ ratecount: 11 });
    } finally {
      await own.close();
    }
  });

  it('reset() clears the trading faults and releases held answers in order', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.reorderResponses(3);
    sim.faults.tradingRateLimit({ count: 5 });
    sim.faults.dropAfterNextOrder();
    sim.faults.reset();
    expect(await request(c, 'addOrder', 1, order())).toMatchObject({ status: 'ok' });
    sim.faults.reorderResponses(3);
    c.send(order({ reqid: 2 }));
    c.send(order({ reqid: 3 }));
    await c.sync(4);
    sim.faults.reset();
    expect(await c.event('addOrderStatus', (m) => m['reqid'] === 2)).toMatchObject({ status: 'ok' });
    expect(await c.event('addOrderStatus', (m) => m['reqid'] === 3)).toMatchObject({ status: 'ok' });
    expect(indexOf(c, isStatus(2))).toBeLessThan(indexOf(c, isStatus(3)));
    expect(() => sim.faults.reorderResponses(-1)).toThrow(/non-negative/);
    expect(() => sim.faults.delayResponses(Number.NaN)).toThrow(/milliseconds/);
  });
});
