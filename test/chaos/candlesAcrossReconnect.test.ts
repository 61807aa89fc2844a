/**
 * Regression test found by the chaos suite: a connection that drops before an interval's last
 * trades and comes back in a later interval left `candles()` closing the candle with the values
 * of the last update it had seen (trades missed), and the intervals that passed entirely during
 * the outage were never emitted. Kraken re-sends only the running candle after a reconnect;
 * the closed ones must come from REST OHLC.
 */
import type { Subscription } from 'rxjs';
import type { Candle } from '../../src/candles/candle';
import { ManualClock } from '../simulator/support/manualClock';
import { eventually, startHarness, type SimHarness } from '../support/simulatorClient';

/** Same decimal value (REST and WebSocket pad prices differently). */
function sameDecimal(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return norm(a) === norm(b);
}

/** `a` is `b` rounded to `a`'s decimals (REST gives the vwap at the pair's price decimals). */
function roundedTo(a: string, b: string): boolean {
  const decimals = a.split('.')[1]?.length ?? 0;
  return Math.abs(Number(a) - Number(b)) <= 0.5 * 10 ** -decimals + 1e-9;
}

describe('candles() across a reconnect (regression)', () => {
  let h: SimHarness;
  let subs: Subscription[] = [];
  afterEach(async () => {
    subs.forEach((s) => s.unsubscribe());
    subs = [];
    await h.close();
  });

  it('closes the interval that was running at the drop with its true values, and emits the intervals that passed during the outage', async () => {
    // Interval A starts at the next whole minute (in the future: the grace timer cannot close it).
    const a = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    const clock = new ManualClock(a + 5_000);
    h = await startHarness({ paused: true, pairs: ['XBT/USD'], clock: clock.read, heartbeatIntervalMs: 100 }, { reconnect: { baseMs: 50, capMs: 100 } });
    const candles: Candle[] = [];
    const updates: string[] = [];
    subs.push(h.kraken.candles('XBT/USD', { interval: 1 }).subscribe((c) => candles.push(c)));
    subs.push(h.kraken.ohlc('XBT/USD', { interval: 1 }).subscribe((u) => updates.push(u.etime)));
    await eventually(() => updates.length > 0);

    // Trades in A that the client sees.
    h.sim.market.step(2, { pair: 'XBT/USD', kind: 'trade' });
    await eventually(() => updates.length >= 3);
    // The connection drops; A gets more trades, B passes with trades, C begins: all unseen.
    h.sim.faults.dropAll();
    clock.advance(20_000);
    h.sim.market.step(3, { pair: 'XBT/USD', kind: 'trade' });
    clock.advance(40_000); // B
    h.sim.market.step(2, { pair: 'XBT/USD', kind: 'trade' });
    clock.advance(60_000); // C
    h.sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' });

    // After the reconnect Kraken re-sends C's running candle: A and B are closed.
    // (The candle before A, Kraken's snapshot on subscribe, closed when A began.)
    const ours = (): Candle[] => candles.filter((c) => c.start >= a);
    await eventually(() => ours().length >= 2, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    const truth = h.sim.candles('XBT/USD', 1).filter((c) => c.start * 1000 >= a);
    expect(truth.map((c) => c.start * 1000)).toEqual([a, a + 60_000, a + 120_000]);
    expect(ours().map((c) => c.start)).toEqual([a, a + 60_000]);
    for (const [i, candle] of ours().entries()) {
      const t = truth[i]!;
      expect(candle.final).toBe(true);
      for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
        expect([field, sameDecimal(candle[field], t[field])]).toEqual([field, true]);
      }
      expect([candle.vwap, roundedTo(candle.vwap, t.vwap)]).toEqual([candle.vwap, true]);
      expect(candle.count).toBe(t.count);
    }
  });

  it('keeps the running candle re-sent after a reconnect within the same interval (no REST needed, no duplicate)', async () => {
    const a = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    const clock = new ManualClock(a + 5_000);
    h = await startHarness({ paused: true, pairs: ['XBT/USD'], clock: clock.read, heartbeatIntervalMs: 100 }, { reconnect: { baseMs: 50, capMs: 100 } });
    const candles: Candle[] = [];
    const updates: string[] = [];
    subs.push(h.kraken.candles('XBT/USD', { interval: 1 }).subscribe((c) => candles.push(c)));
    subs.push(h.kraken.ohlc('XBT/USD', { interval: 1 }).subscribe((u) => updates.push(u.etime)));
    await eventually(() => updates.length > 0);
    h.sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' });
    await eventually(() => updates.length >= 2);
    h.sim.faults.dropAll();
    clock.advance(10_000);
    h.sim.market.step(2, { pair: 'XBT/USD', kind: 'trade' }); // missed, but A is re-sent whole after the reconnect
    const seen = updates.length;
    await eventually(() => updates.length > seen); // the re-sent running candle of A
    clock.advance(60_000);
    h.sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' }); // B closes A
    const ours = (): Candle[] => candles.filter((c) => c.start >= a);
    await eventually(() => ours().length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const t = h.sim.candles('XBT/USD', 1).find((c) => c.start * 1000 === a)!;
    expect(ours()).toHaveLength(1);
    expect(ours()[0]).toMatchObject({ start: a, open: t.open, high: t.high, low: t.low, close: t.close, volume: t.volume, count: t.count });
  });
});
