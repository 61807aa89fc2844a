import { startSimulator, type Simulator, type SimulatorTrade } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { TestClient } from './support/testClient';

const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
const DECIMAL = /^\d+\.\d+$/;
const TIME = /^\d{10}\.\d{6}$/;

/** Exact decimal → [units, decimals] (test-side arithmetic, independent of the simulator). */
function units(s: string): [bigint, number] {
  const [i = '0', f = ''] = s.split('.');
  return [BigInt(i + f), f.length];
}

function format(u: bigint, decimals: number): string {
  const t = u.toString().padStart(decimals + 1, '0');
  return `${t.slice(0, t.length - decimals)}.${t.slice(t.length - decimals)}`;
}

describe('simulator public feeds', () => {
  let sim: Simulator;
  let client: TestClient;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.now = T0;
    sim = await startSimulator({ seed: 11, paused: true, historyMinutes: 180, clock: clock.read });
    client = await TestClient.connect(sim.url);
  });

  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  async function subscribe(pair: string, subscription: Record<string, unknown>): Promise<number> {
    client.send({ event: 'subscribe', pair: [pair], subscription });
    const s = await client.event('subscriptionStatus', (m) => m['pair'] === pair && m['status'] === 'subscribed');
    return s['channelID'] as number;
  }

  it('book snapshot: as ascending, bs descending, depth levels each, [price, volume, timestamp]', async () => {
    for (const depth of [10, 25, 100, 500, 1000]) {
      const id = await subscribe('ETH/XBT', { name: 'book', depth });
      const snap = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
      expect(snap).toHaveLength(4);
      expect(snap.slice(2)).toEqual([`book-${depth}`, 'ETH/XBT']);
      const { as, bs } = snap[1] as { as: string[][]; bs: string[][] };
      expect(as).toHaveLength(depth);
      expect(bs).toHaveLength(depth);
      for (const l of [...as, ...bs]) {
        expect(l).toHaveLength(3);
        expect(l[0]).toMatch(/^0\.\d{5}$/);
        expect(l[1]).toMatch(/^\d+\.\d{8}$/);
        expect(l[2]).toMatch(TIME);
      }
      const asks = as.map((l) => Number(l[0]));
      const bids = bs.map((l) => Number(l[0]));
      expect(asks).toEqual([...asks].sort((a, b) => a - b));
      expect(bids).toEqual([...bids].sort((a, b) => b - a));
      expect(bids[0]).toBeLessThan(asks[0] as number);
      const truth = sim.trueBook('ETH/XBT', depth);
      expect(as.map((l) => [l[0], l[1]])).toEqual(truth.asks);
      expect(bs.map((l) => [l[0], l[1]])).toEqual(truth.bids);
    }
  });

  it('formats each default pair with its own decimals', () => {
    const expected: Record<string, RegExp> = {
      'XBT/USD': /^\d+\.\d0000$/,
      'ETH/USD': /^\d+\.\d\d000$/,
      'ETH/XBT': /^0\.\d{5}$/,
      'XDG/USD': /^0\.\d{7}$/,
      'SHIB/EUR': /^0\.0000\d{4}$/,
    };
    for (const [pair, re] of Object.entries(expected)) {
      const book = sim.trueBook(pair, 1000);
      expect(book.asks).toHaveLength(1000);
      for (const [p, v] of [...book.asks, ...book.bids]) {
        expect(p).toMatch(re);
        expect(v).toMatch(/^\d+\.\d{8}$/);
      }
    }
  });

  it('ticker: sent on subscribe then on changes, with Kraken\'s a/b/c/v/p/t/l/h/o shape', async () => {
    const id = await subscribe('XBT/USD', { name: 'ticker' });
    const first = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    expect(first.slice(2)).toEqual(['ticker', 'XBT/USD']);
    const t = first[1] as Record<string, unknown[]>;
    expect(Object.keys(t)).toEqual(['a', 'b', 'c', 'v', 'p', 't', 'l', 'h', 'o']);
    for (const k of ['a', 'b'] as const) {
      const [price, whole, lot] = t[k] as [string, number, string];
      expect(price).toMatch(DECIMAL);
      expect(Number.isInteger(whole)).toBe(true);
      expect(whole).toBe(Number(lot.split('.')[0]));
    }
    const truth = sim.trueBook('XBT/USD', 1);
    expect((t['a'] as string[])[0]).toBe(truth.asks[0]?.[0]);
    expect((t['b'] as string[])[0]).toBe(truth.bids[0]?.[0]);
    for (const k of ['v', 'p', 'l', 'h', 'o'] as const) for (const x of t[k] as string[]) expect(x).toMatch(DECIMAL);
    for (const x of t['t'] as number[]) expect(Number.isInteger(x)).toBe(true);
    expect((t['t'] as number[])[1]).toBeGreaterThan(0);
    sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' });
    const update = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    const last = sim.trades('XBT/USD').at(-1) as SimulatorTrade;
    expect((update[1] as Record<string, string[]>)['c']).toEqual([last.price, last.volume]);
  });

  it('trade: no snapshot by default, then batches [price, volume, time, side, type, ""] equal to the trade log', async () => {
    const id = await subscribe('XDG/USD', { name: 'trade' });
    await client.sync(1);
    expect(client.channel('trade')).toHaveLength(0);
    const events = sim.market.step(5, { pair: 'XDG/USD', kind: 'trade' });
    await client.sync(2);
    const msgs = client.channel('trade', 'XDG/USD');
    expect(msgs).toHaveLength(5);
    const wire = msgs.flatMap((m) => m[1] as string[][]);
    for (const m of msgs) expect(m[0]).toBe(id);
    for (const tr of wire) {
      expect(tr).toHaveLength(6);
      expect(tr[0]).toMatch(/^0\.\d{7}$/);
      expect(tr[2]).toMatch(TIME);
      expect(['b', 's']).toContain(tr[3]);
      expect(['m', 'l']).toContain(tr[4]);
      expect(tr[5]).toBe('');
    }
    const log = sim.trades('XDG/USD').map((t) => [t.price, t.volume, t.time, t.side, t.orderType, '']);
    expect(wire).toEqual(log);
    expect(events.flatMap((e) => e.trades).length).toBe(wire.length);
  });

  it('trade: sends the last 50 trades first when tradeSnapshot is on', async () => {
    await client.close();
    await sim.close();
    sim = await startSimulator({ seed: 11, paused: true, historyMinutes: 30, tradeSnapshot: true, clock: clock.read });
    client = await TestClient.connect(sim.url);
    const id = await subscribe('XBT/USD', { name: 'trade' });
    const snap = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    expect(snap[1] as unknown[]).toHaveLength(50);
  });

  it('spread: five elements on subscribe and whenever the top of book changes', async () => {
    const id = await subscribe('SHIB/EUR', { name: 'spread' });
    const first = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    const s = first[1] as string[];
    expect(s).toHaveLength(5);
    const top = sim.trueBook('SHIB/EUR', 1);
    expect([s[0], s[1], s[3], s[4]]).toEqual([top.bids[0]?.[0], top.asks[0]?.[0], top.bids[0]?.[1], top.asks[0]?.[1]]);
    expect(s[2]).toMatch(TIME);
    sim.market.step(1, { pair: 'SHIB/EUR', kind: 'sweep' });
    const next = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    const after = sim.trueBook('SHIB/EUR', 1);
    const n = next[1] as string[];
    expect([n[0], n[1], n[3], n[4]]).toEqual([after.bids[0]?.[0], after.asks[0]?.[0], after.bids[0]?.[1], after.asks[0]?.[1]]);
  });

  it.each(INTERVALS)('ohlc-%i: snapshot of the latest candle, then the running candle on every trade', async (interval) => {
    const id = await subscribe('ETH/USD', { name: 'ohlc', interval });
    const snap = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    expect(snap.slice(2)).toEqual([`ohlc-${interval}`, 'ETH/USD']);
    const c = snap[1] as [string, string, string, string, string, string, string, string, number];
    expect(c).toHaveLength(9);
    expect(c[0]).toMatch(TIME);
    expect(c[1]).toMatch(/^\d{10}\.000000$/);
    expect(Number(c[1].split('.')[0]) % (interval * 60)).toBe(0);
    expect(Number.isInteger(c[8])).toBe(true);
    const before = sim.candles('ETH/USD', interval).at(-1);
    expect(c).toEqual([before?.time, before?.etime, before?.open, before?.high, before?.low, before?.close, before?.vwap, before?.volume, before?.count]);
    sim.market.step(1, { pair: 'ETH/USD', kind: 'trade' });
    const upd = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    const u = upd[1] as [string, string, string, string, string, string, string, string, number];
    const lastTrade = sim.trades('ETH/USD').at(-1) as SimulatorTrade;
    expect(u[5]).toBe(lastTrade.price);
    expect(u[0]).toBe(lastTrade.time);
    expect(Number(u[0])).toBeLessThanOrEqual(Number(u[1]));
  });

  it('ohlc: builds the candle from the simulator\'s own trades with exact arithmetic', async () => {
    const id = await subscribe('XBT/USD', { name: 'ohlc', interval: 1 });
    await client.take((m) => Array.isArray(m) && m[0] === id);
    sim.market.step(12, { pair: 'XBT/USD', kind: 'trade' });
    sim.market.step(4, { pair: 'XBT/USD', kind: 'sweep' });
    await client.sync(1);
    const last = client.channel('ohlc-1', 'XBT/USD').at(-1) as unknown[];
    const c = last[1] as string[];
    // History ends before T0's minute, so this minute's candle holds only live trades.
    const trades = sim.trades('XBT/USD');
    const prices = trades.map((t) => units(t.price)[0]);
    let vol = 0n;
    let notional = 0n;
    for (const t of trades) {
      const [v] = units(t.volume);
      vol += v;
      notional += v * units(t.price)[0];
    }
    const big = (xs: bigint[], f: (a: bigint, b: bigint) => boolean): bigint => xs.reduce((a, b) => (f(a, b) ? a : b));
    const priceDecimals = units(trades[0]?.price as string)[1];
    expect(c[1]).toBe(`${Math.floor(T0 / 60_000) * 60 + 60}.000000`);
    expect(c[2]).toBe(trades[0]?.price);
    expect(c[3]).toBe(format(big(prices, (a, b) => a > b), priceDecimals));
    expect(c[4]).toBe(format(big(prices, (a, b) => a < b), priceDecimals));
    expect(c[5]).toBe(trades.at(-1)?.price);
    expect(c[7]).toBe(format(vol, 8));
    expect(c[8]).toBe(trades.length);
    // vwap = notional / volume, rounded half-up to the price decimals.
    const vwap = (2n * notional + vol) / (2n * vol);
    expect(c[6]).toBe(format(vwap, priceDecimals));
  });

  it('ohlc: nothing is sent across an interval border until the next trade, which starts a new candle', async () => {
    const id = await subscribe('ETH/XBT', { name: 'ohlc', interval: 1 });
    await client.take((m) => Array.isArray(m) && m[0] === id);
    sim.market.step(1, { pair: 'ETH/XBT', kind: 'trade' });
    const a = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    clock.advance(90_000);
    sim.market.step(1, { pair: 'ETH/XBT', kind: 'place' });
    await client.sync(1);
    expect(client.channel('ohlc-1')).toHaveLength(2); // snapshot + one update
    const [event] = sim.market.step(1, { pair: 'ETH/XBT', kind: 'trade' });
    const b = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
    const ea = Number(((a[1] as string[])[1] as string).split('.')[0]);
    const eb = Number(((b[1] as string[])[1] as string).split('.')[0]);
    expect(eb - ea).toBe(120);
    const candle = b[1] as [string, string, string, string, string, string, string, string, number];
    const trades = event?.trades ?? [];
    expect(candle[8]).toBe(trades.length);
    expect(candle[2]).toBe(trades[0]?.price);
    expect(candle[5]).toBe(trades.at(-1)?.price);
  });
});
