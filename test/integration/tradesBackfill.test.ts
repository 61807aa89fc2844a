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
});
