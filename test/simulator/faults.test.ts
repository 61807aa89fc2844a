import { startSimulator, type Simulator } from '../../src/simulator';
import { ReferenceBook } from './support/referenceBook';
import { delay, isObject, TestClient, until } from './support/testClient';

describe('simulator faults', () => {
  let sim: Simulator;
  const clients: TestClient[] = [];
  const connect = async (url = sim.url): Promise<TestClient> => {
    const c = await TestClient.connect(url);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    sim = await startSimulator({ seed: 9, paused: true, historyMinutes: 5, heartbeatIntervalMs: 30 });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it('dropAll() ends every connection abruptly (1006), dropAll(code) with a close frame', async () => {
    const a = await connect();
    const b = await connect(sim.authUrl);
    await until(() => sim.connectionCount === 2, 2000, 'two connections');
    sim.faults.dropAll();
    expect((await a.closed).code).toBe(1006);
    expect((await b.closed).code).toBe(1006);
    await until(() => sim.connectionCount === 0, 2000, 'no connections');
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.dropAll(4000, 'maintenance');
    expect(await c.closed).toEqual({ code: 4000, reason: 'maintenance' });
    expect(() => sim.faults.dropAll(1005)).toThrow(/close code/);
  });

  it('dropMidSnapshot() cuts the connection in the middle of a book snapshot frame, after one snapshot went out whole', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.dropMidSnapshot();
    c.send({ event: 'subscribe', pair: ['XBT/USD', 'ETH/USD', 'XDG/USD'], subscription: { name: 'book', depth: 100 } });
    expect((await c.closed).code).toBe(1006);
    // XBT/USD: status and snapshot whole; ETH/USD: status, then half a frame (never delivered); XDG/USD: nothing.
    const statuses = c.raw.filter((t) => t.includes('"subscriptionStatus"')).map((t) => (JSON.parse(t) as { pair: string }).pair);
    expect(statuses).toEqual(['XBT/USD', 'ETH/USD']);
    const books = c.raw.filter((t) => t.startsWith('[')).map((t) => JSON.parse(t) as unknown[]);
    expect(books.map((m) => m[m.length - 1])).toEqual(['XBT/USD']);
    // The next snapshot on a new connection goes out whole: the fault fired once.
    const d = await connect();
    d.send({ event: 'subscribe', pair: ['ETH/USD'], subscription: { name: 'book', depth: 10 } });
    await until(() => d.channel('book-10', 'ETH/USD').length === 1, 2000, 'a whole snapshot');
    expect(() => sim.faults.dropMidSnapshot({ after: -1 })).toThrow(/after/);
  });

  it('stall() holds everything, heartbeats included, until resume()', async () => {
    const c = await connect();
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'spread' } });
    await c.event('subscriptionStatus');
    await c.event('heartbeat');
    sim.faults.stall();
    expect(sim.faults.stalled).toBe(true);
    const frames = c.raw.length;
    c.send({ event: 'ping', reqid: 77 });
    sim.market.step(5, { pair: 'XBT/USD', kind: 'trade' });
    await delay(200);
    expect(c.raw.length).toBe(frames);
    sim.faults.resume();
    await c.event('pong', (m) => m['reqid'] === 77);
    expect(c.channel('spread', 'XBT/USD').length).toBeGreaterThanOrEqual(2);
    await c.event('heartbeat');
  });

  it('stall(ms) resumes by itself', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.stall(100);
    c.send({ event: 'ping', reqid: 1 });
    await c.event('pong');
    expect(sim.faults.stalled).toBe(false);
  });

  it('sendMalformed() and sendRaw() deliver frames verbatim', async () => {
    const pub = await connect();
    const priv = await connect(sim.authUrl);
    await pub.event('systemStatus');
    await priv.event('systemStatus');
    sim.faults.sendMalformed();
    await pub.take((_m, raw) => raw === '{not json');
    sim.faults.sendMalformed('[1,2');
    await pub.take((_m, raw) => raw === '[1,2');
    sim.faults.sendRaw('{"event":"bogus"}');
    await pub.event('bogus');
    sim.faults.sendRaw('{"event":"both"}', 'all');
    await pub.event('both');
    await priv.event('both');
    await priv.sync(5);
    expect(priv.raw).not.toContain('{not json');
  });

  it('corruptNextChecksum(pair) makes exactly the next update of every subscribed depth fail its checksum', async () => {
    const c = await connect();
    for (const depth of [10, 100]) c.send({ event: 'subscribe', pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'book', depth } });
    await c.sync(1);
    const books = new Map<string, ReferenceBook>();
    for (const p of ['XBT/USD', 'ETH/USD']) for (const d of [10, 100]) books.set(`${p}|book-${d}`, new ReferenceBook(d));
    const failures: string[] = [];
    let next = 0;
    const feed = (): void => {
      for (; next < c.messages.length; next++) {
        const m = c.messages[next];
        if (!Array.isArray(m)) continue;
        const k = `${m[m.length - 1] as string}|${m[m.length - 2] as string}`;
        if (!(books.get(k) as ReferenceBook).apply(m)) failures.push(k);
      }
    };
    feed();
    sim.faults.corruptNextChecksum('XBT/USD');
    for (let i = 0; i < 40; i++) {
      sim.market.step(1, { kind: 'cancel' });
      await c.sync(100 + i);
      feed();
    }
    expect(failures.sort()).toEqual(['XBT/USD|book-10', 'XBT/USD|book-100']);
    expect(() => sim.faults.corruptNextChecksum('NOPE/USD')).toThrow(/unknown pair/);
  });

  it('refuseConnections() answers the upgrade with an HTTP status, count times', async () => {
    sim.faults.refuseConnections({ status: 403, count: 2 });
    await expect(TestClient.connect(sim.url)).rejects.toThrow(/403/);
    await expect(TestClient.connect(sim.authUrl)).rejects.toThrow(/403/);
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.refuseConnections({ status: 503 });
    await expect(TestClient.connect(sim.url)).rejects.toThrow(/503/);
    await expect(TestClient.connect(sim.url)).rejects.toThrow(/503/);
    sim.faults.reset();
    await (await connect()).event('systemStatus');
  });

  it('connectionRateLimit() accepts, sends the capacity error and closes, count times', async () => {
    sim.faults.connectionRateLimit({ count: 1 });
    const c = await connect();
    expect(await c.event('error')).toEqual({ errorMessage: 'You have reached maximum capacity for WebSocket connections', event: 'error' });
    expect((await c.closed).code).toBe(1008);
    expect(c.messages.some((m) => isObject(m) && m['event'] === 'systemStatus')).toBe(false);
    const ok = await connect();
    await ok.event('systemStatus');
  });

  it('messageRateLimit() refuses the next N messages with Exceeded msg rate and does not process them', async () => {
    const c = await connect();
    await c.event('systemStatus');
    sim.faults.messageRateLimit({ count: 2 });
    c.send({ event: 'subscribe', reqid: 5, pair: ['XBT/USD'], subscription: { name: 'ticker' } });
    c.send({ event: 'ping' });
    c.send({ event: 'ping', reqid: 7 });
    expect(await c.event('error', (m) => m['reqid'] === 5)).toEqual({ errorMessage: 'Exceeded msg rate', event: 'error', reqid: 5 });
    expect(await c.event('error')).toEqual({ errorMessage: 'Exceeded msg rate', event: 'error' });
    await c.event('pong', (m) => m['reqid'] === 7);
    expect(c.messages.some((m) => isObject(m) && m['event'] === 'subscriptionStatus')).toBe(false);
    expect(sim.received.map((r) => r.rateLimited)).toEqual([true, true, false]);
  });
});
