import { startSimulator, type Simulator } from '../../src/simulator';
import { delay, isObject, TestClient, until } from './support/testClient';

type Obj = Record<string, unknown>;

describe('simulator protocol (public and private endpoints)', () => {
  let sim: Simulator;
  const clients: TestClient[] = [];
  const connect = async (url: string): Promise<TestClient> => {
    const c = await TestClient.connect(url);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    sim = await startSimulator({ seed: 3, paused: true, historyMinutes: 10 });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it('greets with one systemStatus carrying a u64 connectionID and version 1.9.2, before anything else', async () => {
    const c = await connect(sim.url);
    const status = await c.event('systemStatus');
    expect(status).toMatchObject({ event: 'systemStatus', status: 'online', version: '1.9.2' });
    expect(c.raw[0]).toMatch(/^\{"connectionID":\d{1,20},"event":"systemStatus","status":"online","version":"1\.9\.2"\}$/);
    const other = await connect(sim.url);
    await other.event('systemStatus');
    expect(other.raw[0]).not.toBe(c.raw[0]);
    expect(sim.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.authUrl).toBe(`${sim.url}/auth`);
    expect(sim.restUrl).toBe(sim.url.replace('ws://', 'http://'));
  });

  it('answers ping with pong echoing reqid, on both endpoints', async () => {
    const pub = await connect(sim.url);
    pub.send({ event: 'ping', reqid: 42 });
    expect(await pub.event('pong')).toEqual({ event: 'pong', reqid: 42 });
    pub.send({ event: 'ping' });
    await pub.event('pong');
    expect(pub.raw).toContain('{"event":"pong"}');
    pub.send({ event: 'ping', reqid: 0 });
    expect(await pub.event('pong', (m) => m['reqid'] === 0)).toEqual({ event: 'pong', reqid: 0 });
    const priv = await connect(sim.authUrl);
    await priv.event('systemStatus');
    priv.send({ event: 'ping', reqid: 1693415329704 });
    expect(await priv.event('pong')).toEqual({ event: 'pong', reqid: 1693415329704 });
  });

  it('sends one subscriptionStatus per pair with unique channelIDs, suffixed channelName, reqid and subscription echo', async () => {
    const c = await connect(sim.url);
    c.send({ event: 'subscribe', reqid: 7, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'book', depth: 25 } });
    const a = await c.event('subscriptionStatus', (m) => m['pair'] === 'XBT/USD');
    const b = await c.event('subscriptionStatus', (m) => m['pair'] === 'ETH/USD');
    for (const s of [a, b]) {
      expect(s).toMatchObject({ channelName: 'book-25', event: 'subscriptionStatus', reqid: 7, status: 'subscribed', subscription: { depth: 25, name: 'book' } });
      expect(typeof s['channelID']).toBe('number');
    }
    expect(a['channelID']).not.toBe(b['channelID']);
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 5 } });
    const o = await c.event('subscriptionStatus', (m) => m['channelName'] === 'ohlc-5');
    expect(o).toMatchObject({ pair: 'XBT/USD', status: 'subscribed', subscription: { interval: 5, name: 'ohlc' } });
    expect(o).not.toHaveProperty('reqid');
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book' } });
    expect(await c.event('subscriptionStatus', (m) => m['channelName'] === 'book-10')).toMatchObject({ subscription: { depth: 10, name: 'book' } });
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc' } });
    expect(await c.event('subscriptionStatus', (m) => m['channelName'] === 'ohlc-1')).toMatchObject({ subscription: { interval: 1, name: 'ohlc' } });
    // Data arrays carry the subscription's channelID.
    const snapshot = await c.take<unknown[]>((m) => Array.isArray(m) && m[2] === 'book-25' && m[3] === 'XBT/USD');
    expect(snapshot[0]).toBe(a['channelID']);
    // Unsubscribe answers with the same channelID.
    c.send({ event: 'unsubscribe', reqid: 8, pair: ['XBT/USD'], subscription: { name: 'book', depth: 25 } });
    expect(await c.event('subscriptionStatus', (m) => m['status'] === 'unsubscribed')).toEqual({
      channelID: a['channelID'],
      channelName: 'book-25',
      event: 'subscriptionStatus',
      pair: 'XBT/USD',
      reqid: 8,
      status: 'unsubscribed',
      subscription: { depth: 25, name: 'book' },
    });
    sim.market.step(20);
    await c.sync(99);
    const after = c.messages.slice(c.messages.findIndex((m) => isObject(m) && m['status'] === 'unsubscribed'));
    expect(after.some((m) => Array.isArray(m) && m[0] === a['channelID'])).toBe(false);
  });

  describe('errors, with the exact texts of the protocol reference', () => {
    const cases: [string, Obj, Obj][] = [
      ['unknown well-formed pair', { event: 'subscribe', reqid: 1, pair: ['FOO/BAR'], subscription: { name: 'ticker' } },
        { errorMessage: 'Currency pair not supported FOO/BAR', event: 'subscriptionStatus', pair: 'FOO/BAR', reqid: 1, status: 'error', subscription: { name: 'ticker' } }],
      ['pair not in BASE/QUOTE form', { event: 'subscribe', reqid: 1574146735269, pair: ['foobar'], subscription: { name: 'ticker' } },
        { errorMessage: 'Currency pair not in ISO 4217-A3 format foobar', event: 'subscriptionStatus', pair: 'foobar', reqid: 1574146735269, status: 'error', subscription: { name: 'ticker' } }],
      ['unsupported depth', { event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth: 42 } },
        { errorMessage: 'Subscription depth not supported', event: 'subscriptionStatus', pair: 'XBT/USD', status: 'error', subscription: { depth: 42, name: 'book' } }],
      ['unsupported interval', { event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 2 } },
        { errorMessage: 'Subscription ohlc interval not supported', event: 'subscriptionStatus', pair: 'XBT/USD', status: 'error', subscription: { interval: 2, name: 'ohlc' } }],
      ['pair not an array', { event: 'subscribe', pair: 'XBT/USD', subscription: { name: 'ticker' } },
        { errorMessage: 'Pair field must be an array', event: 'subscriptionStatus', status: 'error', subscription: { name: 'ticker' } }],
      ['unknown event', { event: 'subscribez', reqid: 5 },
        { errorMessage: 'Event(s) not found', event: 'subscriptionStatus', reqid: 5, status: 'error' }],
      ['subscribe without subscription', { event: 'subscribe', pair: ['XBT/USD'] },
        { errorMessage: 'Malformed request', event: 'subscriptionStatus', pair: 'XBT/USD', status: 'error' }],
      ['invalid name', { event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'candles' } },
        { errorMessage: 'Subscription name invalid', event: 'subscriptionStatus', pair: 'XBT/USD', status: 'error', subscription: { name: 'candles' } }],
      ['unsubscribe from nothing', { event: 'unsubscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } },
        { errorMessage: 'Subscription Not Found', event: 'subscriptionStatus', pair: 'XBT/USD', status: 'error', subscription: { name: 'ticker' } }],
      ['private feed on the public endpoint', { event: 'subscribe', reqid: 3, subscription: { name: 'ownTrades', token: 'abc' } },
        { errorMessage: 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com', event: 'subscriptionStatus', reqid: 3, status: 'error', subscription: { name: 'ownTrades', token: 'abc' } }],
      ['trading request on the public endpoint', { event: 'addOrder', reqid: 4, pair: 'XBT/USD' },
        { errorMessage: 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com', event: 'error', reqid: 4 }],
      ['invalid reqid', { event: 'ping', reqid: -1 },
        { errorMessage: 'Reqid field must be a positive integer less than 18446744073709551616', event: 'error' }],
      ['JSON without event', { foo: 1 }, { errorMessage: 'Malformed request', event: 'error' }],
    ];

    it.each(cases)('%s', async (_name, request, expected) => {
      const c = await connect(sim.url);
      await c.event('systemStatus');
      c.send(request);
      const reply = await c.take((m) => isObject(m) && m['event'] !== 'systemStatus');
      expect(reply).toEqual(expected);
    });

    it('answers a frame that is not JSON with Malformed request', async () => {
      const c = await connect(sim.url);
      c.send('{"event":"ping"');
      expect(await c.event('error')).toEqual({ errorMessage: 'Malformed request', event: 'error' });
    });

    it('refuses a second identical subscription with Already subscribed, per pair', async () => {
      const c = await connect(sim.url);
      c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'spread' } });
      await c.event('subscriptionStatus', (m) => m['status'] === 'subscribed');
      c.send({ event: 'subscribe', reqid: 9, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'spread' } });
      expect(await c.event('subscriptionStatus', (m) => m['status'] === 'error')).toEqual({
        errorMessage: 'Already subscribed',
        event: 'subscriptionStatus',
        pair: 'XBT/USD',
        reqid: 9,
        status: 'error',
        subscription: { name: 'spread' },
      });
      expect(await c.event('subscriptionStatus', (m) => m['status'] === 'subscribed')).toMatchObject({ pair: 'ETH/USD' });
    });

    it('refuses public data on /auth and private feeds without a session', async () => {
      const c = await connect(sim.authUrl);
      c.send({ event: 'subscribe', reqid: 1, pair: ['XBT/USD'], subscription: { name: 'ticker' } });
      expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 1)).toEqual({
        errorMessage: 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com',
        event: 'subscriptionStatus',
        pair: 'XBT/USD',
        reqid: 1,
        status: 'error',
        subscription: { name: 'ticker' },
      });
      c.send({ event: 'subscribe', reqid: 2, subscription: { name: 'openOrders', token: 'nope' } });
      expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 2)).toMatchObject({
        errorMessage: 'ESession:Invalid session',
        status: 'error',
        subscription: { name: 'openOrders' },
      });
      c.send({ event: 'addOrder', reqid: 3, ordertype: 'limit' });
      expect(await c.event('addOrderStatus')).toEqual({ errorMessage: 'ESession:Invalid session', event: 'addOrderStatus', reqid: 3, status: 'error' });
    });
  });

  it('sends heartbeats on an idle subscribed connection and none on one without subscriptions', async () => {
    await sim.close();
    sim = await startSimulator({ seed: 3, paused: true, historyMinutes: 5, heartbeatIntervalMs: 40 });
    const quiet = await connect(sim.url);
    const busy = await connect(sim.url);
    busy.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
    await busy.event('subscriptionStatus');
    for (let i = 0; i < 3; i++) expect(await busy.event('heartbeat')).toEqual({ event: 'heartbeat' });
    await quiet.sync(1);
    expect(quiet.messages.some((m) => isObject(m) && m['event'] === 'heartbeat')).toBe(false);
    // After unsubscribing, heartbeats stop: the count stays put across a barrier.
    busy.send({ event: 'unsubscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
    await busy.event('subscriptionStatus', (m) => m['status'] === 'unsubscribed');
    await busy.sync(2);
    const count = busy.raw.filter((r) => r === '{"event":"heartbeat"}').length;
    await delay(150);
    await busy.sync(3);
    expect(busy.raw.filter((r) => r === '{"event":"heartbeat"}').length).toBe(count);
  });

  it('closes a connection that holds no subscription after idleCloseMs, but not a subscribed one', async () => {
    await sim.close();
    sim = await startSimulator({ seed: 3, paused: true, historyMinutes: 5, idleCloseMs: 100, heartbeatIntervalMs: 30 });
    const idle = await connect(sim.url);
    const held = await connect(sim.url);
    held.send({ event: 'subscribe', pair: ['ETH/USD'], subscription: { name: 'ticker' } });
    await held.event('subscriptionStatus');
    const closed = await idle.closed;
    expect(closed.code).toBe(1000);
    await held.sync(1);
    expect(held.isClosed).toBe(false);
    await until(() => sim.connectionCount === 1, 2000, 'connectionCount 1');
  });

  it('logs every inbound message with its connection and endpoint', async () => {
    const a = await connect(sim.url);
    const b = await connect(sim.authUrl);
    a.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } });
    await a.sync(1);
    await b.sync(2);
    b.send('not json');
    await b.event('error');
    expect(sim.connectionCount).toBe(2);
    const log = sim.received;
    expect(log.filter((r) => r.endpoint === 'public').map((r) => (r.message as Obj)['event'])).toEqual(['subscribe', 'ping']);
    expect(log.filter((r) => r.endpoint === 'private').map((r) => r.raw)).toEqual(['{"event":"ping","reqid":2}', 'not json']);
    expect(log.find((r) => r.raw === 'not json')?.message).toBeUndefined();
    expect(new Set(log.map((r) => r.connectionId)).size).toBe(2);
    sim.clearReceived();
    expect(sim.received).toHaveLength(0);
  });

  it('announces a system status change to every connection', async () => {
    const c = await connect(sim.url);
    await c.event('systemStatus');
    sim.setSystemStatus('maintenance');
    expect(await c.event('systemStatus')).toEqual({ event: 'systemStatus', status: 'maintenance', version: '1.9.2' });
    const late = await connect(sim.url);
    expect(await late.event('systemStatus')).toMatchObject({ status: 'maintenance' });
  });
});
