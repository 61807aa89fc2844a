import { resolveConfig } from '../config';
import { Prng } from '../core/prng';
import type { BookSide } from './bookSide';
import { CandleSeries, PairCandles } from './candles';
import { generateHistory } from './history';
import { PairMarket } from './pairMarket';
import { TickerStats } from './tickerStats';

const T = Date.UTC(2023, 10, 12, 14, 27, 30) * 1000;
const noop = { onBookChange: () => undefined };

function checkSide(side: BookSide): void {
  for (let i = 0; i < side.size; i++) {
    const l = side.at(i);
    expect(l !== undefined && Number.isSafeInteger(l.lots) && l.lots > 0 && l.price >= 1).toBe(true);
    if (i > 0) expect(side.isBetter((side.at(i - 1) as { price: number }).price, (l as { price: number }).price)).toBe(true);
  }
}

describe('PairMarket', () => {
  it.each(['XBT/USD', 'ETH/USD', 'ETH/XBT', 'XDG/USD', 'SHIB/EUR'])('%s keeps a sane, deep, uncrossed book over 3000 events', (name) => {
    const config = resolveConfig({ pairs: [name] });
    const pair = config.pairs[0]!;
    const m = new PairMarket(pair, 99, T, noop, { recent: 50, log: 100 });
    const min = Math.floor(pair.levelsPerSide * 0.92);
    for (let i = 0; i < 3000; i++) {
      const applied = m.step(T + i * 100_000);
      expect(m.asks.size).toBeGreaterThanOrEqual(min);
      expect(m.bids.size).toBeGreaterThanOrEqual(min);
      expect(m.asks.size).toBeGreaterThan(1000);
      expect((m.bids.best()?.price ?? 0) < (m.asks.best()?.price ?? 0)).toBe(true);
      for (const t of applied.event.trades) expect(t.pair).toBe(name);
    }
    checkSide(m.asks);
    checkSide(m.bids);
    expect(m.tradeLog.length).toBe(100);
    // The market stays near its start price.
    const mid = ((m.asks.best()?.price ?? 0) + (m.bids.best()?.price ?? 0)) / 2;
    expect(Math.abs(mid - pair.startTicks) / pair.startTicks).toBeLessThan(0.3);
  });

  it('produces every kind of event with the expected shape', () => {
    const pair = resolveConfig({ pairs: ['XBT/USD'] }).pairs[0]!;
    const m = new PairMarket(pair, 5, T, noop, { recent: 50, log: 100 });
    const sweep = m.step(T, 'sweep').event;
    expect(sweep.trades.length).toBeGreaterThan(0);
    expect(new Set(sweep.changes.map((c) => c.side))).toEqual(new Set(['a', 'b']));
    expect(sweep.trades.every((t) => t.orderType === 'l')).toBe(true);
    const trade = m.step(T + 1000, 'trade').event;
    expect(trade.trades.length).toBeGreaterThan(0);
    expect(trade.trades.every((t) => t.orderType === 'm')).toBe(true);
    expect(new Set(trade.changes.slice(0, trade.trades.length).map((c) => c.side)).size).toBe(1);
    expect(m.step(T + 2000, 'place').event.trades).toEqual([]);
    // Each change of one event gets its own microsecond, after the previous event's.
    const times = [sweep, trade].flatMap((e) => e.changes.map((c) => c.time));
    expect([...times].sort()).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('candles and ticker statistics', () => {
  it('aligns candles to the interval and starts a new one at the border', () => {
    const s = new CandleSeries(5);
    const t0 = 1_699_797_000; // a multiple of 300
    s.addTrade(100, 2, (t0 + 10) * 1e6);
    s.addTrade(105, 1, (t0 + 20) * 1e6);
    s.addTrade(95, 1, (t0 + 299) * 1e6);
    s.addTrade(97, 3, (t0 + 300) * 1e6);
    expect(s.candles).toHaveLength(2);
    expect(s.candles[0]).toMatchObject({ start: t0, open: 100, high: 105, low: 95, close: 95, volume: 4n, notional: 200n + 105n + 95n, count: 3 });
    expect(s.candles[1]).toMatchObject({ start: t0 + 300, open: 97, count: 1 });
    expect(s.endOf(s.candles[1]!)).toBe(t0 + 600);
  });

  it('generates a history that ends at the start price and is consistent across intervals', () => {
    const pair = resolveConfig({ pairs: ['ETH/USD'] }).pairs[0]!;
    const candles = new PairCandles();
    const end = 1_699_797_600; // 14:00 UTC, a multiple of 3600
    const { recent, last } = generateHistory(pair, new Prng(3), end, 600, candles, 50);
    expect(recent).toHaveLength(50);
    expect(last?.price).toBe(pair.startTicks);
    const minutes = candles.at(1).candles;
    expect(minutes).toHaveLength(600);
    expect(minutes.at(-1)?.start).toBe(end - 60);
    const hours = candles.at(60).candles;
    expect(hours).toHaveLength(10);
    const sum = (cs: { volume: bigint; count: number }[]): [bigint, number] => [cs.reduce((a, c) => a + c.volume, 0n), cs.reduce((a, c) => a + c.count, 0)];
    expect(sum(hours)).toEqual(sum(minutes));
    expect(hours.at(-1)?.close).toBe(minutes.at(-1)?.close);
    expect(hours[0]?.open).toBe(minutes[0]?.open);
  });

  it('computes today from the UTC day and the last 24 h from minute candles', () => {
    const candles = new PairCandles();
    const day = 1_699_747_200; // 2023-11-12 00:00 UTC
    candles.addTrade(100, 1, (day - 3600) * 1e6); // yesterday, within 24 h of the time below
    candles.addTrade(110, 2, (day + 60) * 1e6);
    candles.addTrade(90, 1, (day + 7200) * 1e6);
    const stats = new TickerStats(candles);
    const now = day + 7230;
    expect(stats.today(now)).toMatchObject({ volume: 3n, count: 2, low: 90, high: 110, open: 110 });
    expect(stats.last24h(now)).toMatchObject({ volume: 4n, count: 3, low: 90, high: 110, open: 100 });
    expect(stats.last24h(day + 86_400 + 60)).toMatchObject({ volume: 1n, count: 1, open: 90 });
  });
});

describe('PairMarket with resting account orders', () => {
  it('random events never take account volume except by trading it, in queue order, over 3000 events', () => {
    const pair = resolveConfig({ pairs: ['XBT/USD'] }).pairs[0]!;
    const filled = new Map<string, number>();
    const m = new PairMarket(pair, 17, T, noop, { recent: 50, log: 100 });
    m.restingFills = {
      onRestingFill: (_m, order, fill) => {
        filled.set(order.txid, (filled.get(order.txid) ?? 0) + fill.lots);
      },
    };
    const orders: { txid: string; side: 'a' | 'b'; price: number; lots: number }[] = [];
    m.runEvent(T, () => {
      for (const [i, side, rank] of [[0, 'b', 0], [1, 'b', 3], [2, 'a', 1], [3, 'a', 8], [4, 'b', 1150], [5, 'a', 1150]] as const) {
        const level = m.side(side).at(rank)!;
        const o = { txid: `O${i}`, side, price: level.price, lots: pair.typicalLots * (i + 1) };
        orders.push(o);
        m.rest(o, side, o.price, o.lots);
      }
      return 'place';
    });
    for (let i = 1; i <= 3000; i++) {
      m.step(T + i * 100_000);
      expect((m.bids.best()?.price ?? 0) < (m.asks.best()?.price ?? 0)).toBe(true);
      for (const o of orders) {
        const left = m.restingLots(o);
        // Remaining + filled is the order's volume: nothing else ever removed account volume.
        expect((left ?? 0) + (filled.get(o.txid) ?? 0)).toBe(o.lots);
        if (left !== undefined) {
          const book = m.side(o.side);
          expect(book.at(book.rankOf(o.price))!.lots).toBeGreaterThanOrEqual(m.ownLots(o.side, o.price));
        }
      }
    }
    // The orders near the top were traded, the deep ones (beyond the trimming depth) survived.
    expect(orders.slice(0, 4).some((o) => (filled.get(o.txid) ?? 0) > 0)).toBe(true);
    expect(m.restingLots(orders[4]!)).toBe(orders[4]!.lots);
    expect(m.restingLots(orders[5]!)).toBe(orders[5]!.lots);
    checkSide(m.asks);
    checkSide(m.bids);
  });

  it('take() walks levels within the limit in queue order and stops before a self order', () => {
    const pair = resolveConfig({ pairs: ['XBT/USD'] }).pairs[0]!;
    const m = new PairMarket(pair, 3, T, noop, { recent: 50, log: 100 });
    const [a0, a1] = [m.asks.at(0)!, m.asks.at(1)!];
    const [v0, v1] = [a0.lots, a1.lots];
    const mine = { txid: 'OMINE' };
    m.runEvent(T, () => {
      m.rest(mine, 'a', a1.price, 5);
      return 'place';
    });
    let result: ReturnType<PairMarket['take']> | undefined;
    m.runEvent(T + 1, () => {
      result = m.take('b', v0 + v1 + 10, a1.price, 'l', (o) => o === mine);
      return 'trade';
    });
    // All of level 0, all market volume of level 1 (ahead of the order), then the self stop.
    expect(result).toMatchObject({ lots: v0 + v1, stoppedBySelf: true });
    expect(result!.fills.map((f) => [f.price, f.lots])).toEqual([[a0.price, v0], [a1.price, v1]]);
    expect(m.asks.at(0)).toMatchObject({ price: a1.price, lots: 5 });
    expect(m.restingLots(mine)).toBe(5);
  });
});
