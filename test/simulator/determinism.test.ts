import { startSimulator, type Simulator, type SimulatorMarketEvent } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { TestClient, until } from './support/testClient';

describe('simulator determinism and running mode', () => {
  const sims: Simulator[] = [];
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  async function start(seed: number, clock = new ManualClock(T0)): Promise<Simulator> {
    const sim = await startSimulator({ seed, paused: true, historyMinutes: 60, clock: clock.read });
    sims.push(sim);
    return sim;
  }

  const strip = (events: SimulatorMarketEvent[]): unknown[] =>
    events.map((e) => ({ ...e, time: undefined, changes: e.changes.map((c) => ({ ...c, time: undefined })), trades: e.trades.map((t) => ({ ...t, time: undefined })) }));

  it('the same seed gives the same event sequence, a different seed another one', async () => {
    const [a, b, c] = [await start(7), await start(7), await start(8)];
    const ea = a.market.step(200);
    const eb = b.market.step(200);
    expect(ea).toHaveLength(200 * a.market.pairs.length);
    expect(eb).toEqual(ea);
    expect(strip(c.market.step(200))).not.toEqual(strip(ea));
    expect(new Set(ea.map((e) => e.kind))).toEqual(new Set(['place', 'cancel', 'amend', 'trade', 'sweep', 'requote', 'ladder']));
    expect(a.trueBook('XBT/USD', 1000)).toEqual(b.trueBook('XBT/USD', 1000));
  });

  it('the event sequence does not depend on the clock, nor on the other pairs', async () => {
    const a = await start(7);
    const b = await startSimulator({ seed: 7, paused: true, historyMinutes: 3, pairs: ['ETH/USD'] });
    sims.push(b);
    expect(strip(b.market.step(50))).toEqual(strip(a.market.step(50, { pair: 'ETH/USD' })));
  });

  it('the same seed and clock give byte-identical wire traffic and REST history', async () => {
    const sa = await start(21);
    const sb = await start(21);
    const run = async (sim: Simulator): Promise<string[]> => {
      const c = await TestClient.connect(sim.url);
      clients.push(c);
      for (const subscription of [{ name: 'book', depth: 25 }, { name: 'ticker' }, { name: 'trade' }, { name: 'spread' }, { name: 'ohlc', interval: 15 }]) {
        c.send({ event: 'subscribe', reqid: 1, pair: ['XBT/USD', 'SHIB/EUR'], subscription });
      }
      await c.sync(2);
      for (let i = 0; i < 30; i++) sim.market.step(1);
      await c.sync(3);
      const ohlc = await (await fetch(`${sim.restUrl}/0/public/OHLC?pair=SHIBEUR&interval=5`)).text();
      return [...c.raw, ohlc];
    };
    const wa = await run(sa);
    const wb = await run(sb);
    expect(wa.length).toBeGreaterThan(100);
    expect(wb).toEqual(wa);
  });

  it('runs by itself at eventsPerSecond, and pause()/resume() stop and restart it', async () => {
    const sim = await startSimulator({ seed: 2, eventsPerSecond: 200, historyMinutes: 2, pairs: ['XBT/USD', 'ETH/XBT'] });
    sims.push(sim);
    const seen: SimulatorMarketEvent[] = [];
    const off = sim.market.onEvent((e) => seen.push(e));
    const c = await TestClient.connect(sim.url);
    clients.push(c);
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    await until(() => c.channel('book-10').length > 5, 5000, 'book updates');
    expect(sim.market.paused).toBe(false);
    sim.market.pause();
    expect(sim.market.paused).toBe(true);
    const count = seen.length;
    await c.sync(1);
    expect(seen.length).toBe(count);
    sim.market.resume();
    await until(() => seen.length > count + 10, 5000, 'more events');
    off();
    expect(new Set(seen.map((e) => e.pair))).toEqual(new Set(['XBT/USD', 'ETH/XBT']));
  });

  it('close() is idempotent and leaves nothing running', async () => {
    const sim = await startSimulator({ seed: 1, eventsPerSecond: 50, historyMinutes: 1, pairs: ['XBT/USD'], heartbeatIntervalMs: 10 });
    const c = await TestClient.connect(sim.url);
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } });
    await c.event('heartbeat');
    sim.faults.stall(10_000);
    await Promise.all([sim.close(), sim.close()]);
    expect((await c.closed).code).toBe(1006);
    await expect(TestClient.connect(sim.url)).rejects.toThrow();
  });

  it('accepts pairs by name, derived configurations and rejects bad options', async () => {
    const sim = await startSimulator({ seed: 4, paused: true, historyMinutes: 1, pairs: ['XBT/USD', 'ABC/EUR', { wsname: 'SOL/EUR', priceDecimals: 2, startPrice: '150.00' }] });
    sims.push(sim);
    expect(sim.market.pairs).toEqual(['XBT/USD', 'ABC/EUR', 'SOL/EUR']);
    expect(sim.trueBook('SOL/EUR', 1).asks[0]?.[0]).toMatch(/^15\d\.\d\d$/);
    expect(sim.trueBook('ABC/EUR', 1000).bids).toHaveLength(1000);
    await expect(startSimulator({ pairs: ['nope'] })).rejects.toThrow(/pair name/);
    await expect(startSimulator({ pairs: [{ wsname: 'X/Y', priceDecimals: 2, startPrice: '0.01' }] })).rejects.toThrow(/startPrice/);
    await expect(startSimulator({ heartbeatIntervalMs: 0 })).rejects.toThrow(/heartbeatIntervalMs/);
    await expect(startSimulator({ pairs: ['XBT/USD', 'XBT/USD'] })).rejects.toThrow(/distinct/);
  });
});
