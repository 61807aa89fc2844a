import { startSimulator, type Simulator } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { TestClient } from './support/testClient';

type Row = [number, string, string, string, string, string, string, number];
interface Envelope<T> {
  error: string[];
  result?: T;
}

describe('simulator REST', () => {
  let sim: Simulator;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.now = T0;
    sim = await startSimulator({ seed: 5, paused: true, clock: clock.read });
  });

  afterEach(async () => {
    await sim.close();
  });

  async function get<T>(path: string): Promise<{ status: number; body: Envelope<T> }> {
    const res = await fetch(`${sim.restUrl}${path}`);
    return { status: res.status, body: (await res.json()) as Envelope<T> };
  }

  it('AssetPairs lists every pair keyed by REST name with Kraken\'s fields', async () => {
    const { status, body } = await get<Record<string, Record<string, unknown>>>('/0/public/AssetPairs');
    expect(status).toBe(200);
    expect(body.error).toEqual([]);
    expect(Object.keys(body.result ?? {})).toEqual(['XXBTZUSD', 'XETHZUSD', 'XETHXXBT', 'XDGUSD', 'SHIBEUR']);
    expect(body.result?.['XXBTZUSD']).toMatchObject({
      altname: 'XBTUSD',
      wsname: 'XBT/USD',
      base: 'XXBT',
      quote: 'ZUSD',
      pair_decimals: 1,
      lot_decimals: 8,
      cost_decimals: 5,
      ordermin: '0.0001',
      tick_size: '0.1',
      status: 'online',
    });
    expect(body.result?.['SHIBEUR']).toMatchObject({ wsname: 'SHIB/EUR', pair_decimals: 8, tick_size: '0.00000001' });
    expect(body.result?.['XDGUSD']).toMatchObject({ wsname: 'XDG/USD', pair_decimals: 7 });
  });

  it('AssetPairs filters with pair= (REST name, altname or wsname) and rejects unknown pairs', async () => {
    const { body } = await get<Record<string, unknown>>('/0/public/AssetPairs?pair=XBTUSD,ETH/USD,XETHXXBT');
    expect(Object.keys(body.result ?? {})).toEqual(['XXBTZUSD', 'XETHZUSD', 'XETHXXBT']);
    const bad = await get('/0/public/AssetPairs?pair=NOPE');
    expect(bad.body).toEqual({ error: ['EQuery:Unknown asset pair'] });
  });

  it('answers unknown paths with a 404 JSON envelope', async () => {
    const { status, body } = await get('/0/public/Nothing');
    expect(status).toBe(404);
    expect(body).toEqual({ error: ['EGeneral:Unknown method'] });
  });

  it('OHLC has Kraken\'s shape: rows [time, o, h, l, c, vwap, volume, count] keyed by REST name, plus last', async () => {
    const { body } = await get<Record<string, Row[] | number>>('/0/public/OHLC?pair=XBTUSD&interval=1');
    expect(body.error).toEqual([]);
    const rows = body.result?.['XXBTZUSD'] as Row[];
    expect(rows).toHaveLength(720);
    for (const r of rows) {
      expect(r).toHaveLength(8);
      expect(Number.isInteger(r[0])).toBe(true);
      expect(r[0] % 60).toBe(0);
      for (const x of r.slice(1, 6)) expect(x).toMatch(/^\d+\.\d$/);
      expect(r[6]).toMatch(/^\d+\.\d{8}$/);
      expect(Number.isInteger(r[7])).toBe(true);
      expect(Number(r[3])).toBeLessThanOrEqual(Math.min(Number(r[1]), Number(r[4])));
      expect(Number(r[2])).toBeGreaterThanOrEqual(Math.max(Number(r[1]), Number(r[4])));
    }
    for (let i = 1; i < rows.length; i++) expect((rows[i] as Row)[0] - (rows[i - 1] as Row)[0]).toBe(60);
    const minute = Math.floor(T0 / 60_000) * 60;
    expect(rows.at(-1)?.[0]).toBe(minute - 60);
    expect(body.result?.['last']).toBe(minute - 60);
  });

  it('OHLC honours since (the latest row is always present) and validates its arguments', async () => {
    const minute = Math.floor(T0 / 60_000) * 60;
    const { body } = await get<Record<string, Row[] | number>>(`/0/public/OHLC?pair=XBT/USD&interval=5&since=${minute - 1800}`);
    const rows = body.result?.['XXBTZUSD'] as Row[];
    expect(rows.every((r) => r[0] > minute - 1800)).toBe(true);
    expect(rows.length).toBe(6);
    const none = await get<Record<string, Row[] | number>>(`/0/public/OHLC?pair=XBTUSD&interval=5&since=${minute + 3600}`);
    expect(none.body.result?.['XXBTZUSD']).toHaveLength(1);
    expect((await get('/0/public/OHLC?pair=XBTUSD&interval=7')).body).toEqual({ error: ['EGeneral:Invalid arguments:interval'] });
    expect((await get('/0/public/OHLC?pair=FOOBAR')).body).toEqual({ error: ['EQuery:Unknown asset pair'] });
    expect((await get('/0/public/OHLC')).body).toEqual({ error: ['EGeneral:Invalid arguments:pair'] });
  });

  it('OHLC history continues seamlessly into the live ohlc feed (no gap, no overlap, same candles)', async () => {
    const client = await TestClient.connect(sim.url);
    try {
      const minute = Math.floor(T0 / 60_000) * 60;
      const before = await get<Record<string, Row[] | number>>('/0/public/OHLC?pair=ETHUSD&interval=1');
      const closed = before.body.result?.['XETHZUSD'] as Row[];
      const lastClosed = closed.at(-1) as Row;
      client.send({ event: 'subscribe', pair: ['ETH/USD'], subscription: { name: 'ohlc', interval: 1 } });
      const status = await client.event('subscriptionStatus');
      const id = status['channelID'];
      const snap = await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id);
      // The feed's snapshot is the last REST candle (prices padded to 5 decimals on the WebSocket).
      const s = snap[1] as string[];
      expect(Number(s[1]) - 60).toBe(lastClosed[0]);
      expect([s[2], s[3], s[4], s[5], s[7]].map(Number)).toEqual([lastClosed[1], lastClosed[2], lastClosed[3], lastClosed[4], lastClosed[6]].map(Number));
      expect(s[8]).toBe(lastClosed[7]);
      sim.market.step(3, { pair: 'ETH/USD', kind: 'trade' });
      await client.sync(1);
      const live = (client.channel('ohlc-1', 'ETH/USD').at(-1) as unknown[])[1] as [string, string, string, string, string, string, string, string, number];
      const liveStart = Number(live[1]) - 60;
      expect(liveStart).toBe(minute);
      expect(liveStart).toBe(lastClosed[0] + 60);
      // REST now shows the running candle as its last row, identical to the live one.
      const after = await get<Record<string, Row[] | number>>('/0/public/OHLC?pair=ETHUSD&interval=1');
      const rows = after.body.result?.['XETHZUSD'] as Row[];
      const running = rows.at(-1) as Row;
      expect(rows.at(-2)).toEqual(lastClosed);
      expect(running[0]).toBe(liveStart);
      expect([running[1], running[2], running[3], running[4], running[6]].map(Number)).toEqual([live[2], live[3], live[4], live[5], live[7]].map(Number));
      expect(running[7]).toBe(live[8]);
      expect(after.body.result?.['last']).toBe(lastClosed[0]);
      // Once the minute is over, the running candle becomes the last committed one.
      clock.advance(60_000);
      const later = await get<Record<string, Row[] | number>>('/0/public/OHLC?pair=ETHUSD&interval=1');
      expect(later.body.result?.['last']).toBe(liveStart);
    } finally {
      await client.close();
    }
  });

  it('OHLC at 60 minutes: the running hour mixes history and live trades, like the feed', async () => {
    const client = await TestClient.connect(sim.url);
    try {
      const hour = Math.floor(T0 / 3_600_000) * 3600;
      const rest = await get<Record<string, Row[] | number>>('/0/public/OHLC?pair=XBTUSD&interval=60');
      const running = (rest.body.result?.['XXBTZUSD'] as Row[]).at(-1) as Row;
      expect(running[0]).toBe(hour);
      client.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 60 } });
      const id = (await client.event('subscriptionStatus'))['channelID'];
      const snap = (await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id))[1] as string[];
      expect(Number(snap[1])).toBe(hour + 3600);
      expect(Number(snap[7])).toBe(Number(running[6]));
      const [event] = sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' });
      const upd = (await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id))[1] as unknown[];
      expect(upd[8]).toBe(running[7] + (event?.trades.length ?? 0));
    } finally {
      await client.close();
    }
  });

  it('Trades serves the trade log with Kraken\'s REST shape: the same trades the trade channel sent, in order', async () => {
    const client = await TestClient.connect(sim.url);
    try {
      client.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
      const id = (await client.event('subscriptionStatus'))['channelID'];
      const sent: string[][] = [];
      for (let i = 0; i < 6; i++) {
        clock.advance(7);
        const [event] = sim.market.step(1, { pair: 'XBT/USD', kind: i % 2 === 0 ? 'trade' : 'sweep' });
        if ((event?.trades.length ?? 0) === 0) continue;
        sent.push(...((await client.take<unknown[]>((m) => Array.isArray(m) && m[0] === id))[1] as string[][]));
      }
      expect(sent.length).toBeGreaterThan(2);
      type TradeRow = [string, string, number, string, string, string, number];
      const { body } = await get<Record<string, TradeRow[] | string>>('/0/public/Trades?pair=XBTUSD');
      const rows = body.result?.['XXBTZUSD'] as TradeRow[];
      expect(rows).toHaveLength(sent.length);
      for (const [i, row] of rows.entries()) {
        const w = sent[i] as string[];
        // REST writes the price with pair_decimals and the time as a number: equal as values.
        expect(Number(row[0])).toBe(Number(w[0]));
        expect(row[0].split('.')[1]?.length ?? 0).toBeLessThanOrEqual(1);
        expect([row[1], row[3], row[4], row[5]]).toEqual([w[1], w[3], w[4], '']);
        expect(typeof row[2]).toBe('number');
        expect(row[2]).toBe(Number(w[2]));
        expect(row[6]).toBe(i + 1);
      }
      const lastNs = (t: string) => `${t.replace('.', '')}000`;
      expect(body.result?.['last']).toBe(lastNs(sent[sent.length - 1]?.[2] as string));
      // since (nanoseconds) keeps the trades after it; count limits them; last chains the calls.
      const since = lastNs(sent[0]?.[2] as string);
      const after = await get<Record<string, TradeRow[] | string>>(`/0/public/Trades?pair=XBT/USD&since=${since}&count=1`);
      expect((after.body.result?.['XXBTZUSD'] as TradeRow[]).map((r) => r[6])).toEqual([2]);
      const next = await get<Record<string, TradeRow[] | string>>(`/0/public/Trades?pair=XXBTZUSD&since=${String(after.body.result?.['last'])}`);
      expect((next.body.result?.['XXBTZUSD'] as TradeRow[]).map((r) => r[6])).toEqual(rows.slice(2).map((r) => r[6]));
      const none = await get<Record<string, TradeRow[] | string>>(`/0/public/Trades?pair=XBTUSD&since=${lastNs(sent[sent.length - 1]?.[2] as string)}`);
      expect(none.body.result).toEqual({ XXBTZUSD: [], last: lastNs(sent[sent.length - 1]?.[2] as string) });
      expect((await get('/0/public/Trades?pair=XBTUSD&since=abc')).body).toEqual({ error: ['EGeneral:Invalid arguments:since'] });
      expect((await get('/0/public/Trades?pair=FOOBAR')).body).toEqual({ error: ['EQuery:Unknown asset pair'] });
      expect((await get('/0/public/Trades')).body).toEqual({ error: ['EGeneral:Invalid arguments:pair'] });
    } finally {
      await client.close();
    }
  });
});
