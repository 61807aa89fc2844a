/**
 * trades() across reconnects against the simulator: the trades made while the connection was
 * down come from REST Trades, and the stream equals the simulator's own trade log exactly
 * (same strings, same order, nothing lost, nothing twice).
 */
import type { Subscription } from 'rxjs';
import type { Trade } from '../../src/feeds/values';
import type { SimulatorTrade } from '../../src/simulator';
import { eventually, startHarness, type SimHarness } from '../support/simulatorClient';

const wire = (t: SimulatorTrade): string => `${t.price} ${t.volume} ${t.time} ${t.side} ${t.orderType}`;
const emitted = (t: Trade): string => `${t.price} ${t.volume} ${t.time} ${t.side === 'buy' ? 'b' : 's'} ${t.orderType === 'market' ? 'm' : 'l'}`;

describe('trades() backfill across reconnects (simulator)', () => {
  let h: SimHarness;
  let subs: Subscription[] = [];
  afterEach(async () => {
    subs.forEach((s) => s.unsubscribe());
    subs = [];
    await h.close();
  });

  it('emits the trades missed while disconnected, in order, then the live ones: equal to the simulator log', async () => {
    h = await startHarness({ paused: true, pairs: ['XBT/USD', 'ETH/USD'], heartbeatIntervalMs: 100 }, { tradeBackfill: { minIntervalMs: 50 } });
    const trades: Trade[] = [];
    subs.push(h.kraken.trades(['XBT/USD', 'ETH/USD']).subscribe((t) => trades.push(t)));
    const states: string[] = [];
    subs.push(h.kraken.status$.subscribe((s) => states.push(s.state)));
    await eventually(() => h.sim.connectionCount > 0 && h.sim.received.filter((r) => (r.message as { event?: string }).event === 'subscribe').length > 0);
    await new Promise((r) => setTimeout(r, 100));
    const stepTrades = (n: number) => {
      for (let i = 0; i < n; i++) {
        h.sim.market.step(1, { pair: 'XBT/USD', kind: i % 3 === 2 ? 'sweep' : 'trade' });
        h.sim.market.step(1, { pair: 'ETH/USD', kind: 'trade' });
      }
    };
    stepTrades(4);
    await eventually(() => trades.length >= h.sim.trades().length);
    for (let round = 0; round < 3; round++) {
      const opens = states.filter((s) => s === 'open').length;
      h.sim.faults.dropAll();
      stepTrades(3); // made while the client is away: Kraken would never send them
      await eventually(() => states.filter((s) => s === 'open').length > opens);
      stepTrades(2); // live again (possibly before the REST answer)
    }
    await eventually(() => trades.length >= h.sim.trades().length, 5_000);
    await new Promise((r) => setTimeout(r, 200));
    for (const pair of ['XBT/USD', 'ETH/USD']) {
      expect(trades.filter((t) => t.pair === pair).map(emitted)).toEqual(h.sim.trades(pair).map(wire));
    }
    expect(trades.filter((t) => t.backfilled === true).length).toBeGreaterThanOrEqual(h.sim.trades().length / 4);
    expect(h.errors.filter((e) => e.name === 'TradeGapError')).toEqual([]);
  });

  it('when REST cannot answer, reports the gap as a TradeGapError on errors$ and carries on live', async () => {
    // A REST URL where nothing listens: the backfill call fails at once.
    h = await startHarness(
      { paused: true, pairs: ['XBT/USD'], heartbeatIntervalMs: 100 },
      { restUrl: 'http://127.0.0.1:9', tradeBackfill: { minIntervalMs: 10, maxRequests: 2 } },
    );
    const trades: Trade[] = [];
    let feedError: unknown;
    subs.push(h.kraken.trades('XBT/USD').subscribe({ next: (t) => trades.push(t), error: (e: unknown) => (feedError = e) }));
    const states: string[] = [];
    subs.push(h.kraken.status$.subscribe((s) => states.push(s.state)));
    await eventually(() => h.sim.received.some((r) => (r.message as { event?: string }).event === 'subscribe'));
    await new Promise((r) => setTimeout(r, 100));
    const step = (n: number) => {
      for (let i = 0; i < n; i++) h.sim.market.step(1, { pair: 'XBT/USD', kind: 'trade' });
    };
    step(2);
    await eventually(() => trades.length >= h.sim.trades('XBT/USD').length);
    const before = trades.length;
    const opens = states.filter((s) => s === 'open').length;
    h.sim.faults.dropAll();
    step(3); // lost: REST is down
    const away = h.sim.trades('XBT/USD').length;
    await eventually(() => states.filter((s) => s === 'open').length > opens);
    await new Promise((r) => setTimeout(r, 100));
    step(2); // live again
    await eventually(() => h.errors.some((e) => e.name === 'TradeGapError'), 5_000);
    await eventually(() => trades.length >= before + h.sim.trades('XBT/USD').length - away, 5_000);
    const gap = h.errors.find((e) => e.name === 'TradeGapError');
    expect(gap?.info).toMatchObject({ pair: 'XBT/USD', from: trades[before - 1]?.time, reason: 'rest-failed' });
    expect(feedError).toBeUndefined();
    // The trades made while away are missing (and said to be); the live ones arrive, none twice.
    const all = h.sim.trades('XBT/USD').map(wire);
    expect(trades.map(emitted)).toEqual([...all.slice(0, before), ...all.slice(away)]);
    expect(trades.some((t) => t.backfilled === true)).toBe(false);
  });
});
