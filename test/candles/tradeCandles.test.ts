import {
  applyTrade,
  closeDueCandles,
  initialTradeCandleState,
  krakenTimeToMs,
  type Candle,
  type TradeCandleState,
} from '../../src/candles';
import { InvalidArgumentError } from '../../src/errors';
import type { Trade } from '../../src/feeds/values';
import { trade } from './support';
import { fixtureTrades } from './fixtureFeeds';

const recorded = fixtureTrades('kraken-trade-cryptofeed-2021-04.jsonl');

/** Applies trades, each arriving `latency` ms after its own time, then closes everything due at `until`. */
function build(trades: readonly Trade[], state: TradeCandleState, until: number, latency = 0) {
  const emitted: Candle[] = [];
  const revisions: unknown[] = [];
  for (const t of trades) {
    const step = applyTrade(state, t, krakenTimeToMs(t.time) + latency);
    state = step.state;
    emitted.push(...step.emitted);
    revisions.push(...step.revisions);
  }
  const last = closeDueCandles(state, until);
  emitted.push(...last.emitted);
  return { state: last.state, finals: emitted.filter((c) => c.final), emitted, revisions };
}

describe('applyTrade with recorded trades (expected values computed independently with exact decimals)', () => {
  it('builds the 10 s candles of SC/EUR', () => {
    const sc = recorded.filter((t) => t.pair === 'SC/EUR');
    expect(sc).toHaveLength(6);
    const { finals, revisions } = build(sc, initialTradeCandleState({ intervalMs: 10_000 }), 1_618_678_162_000, 100);
    expect(revisions).toEqual([]);
    expect(finals).toEqual([
      {
        pair: 'SC/EUR', intervalMs: 10_000, start: 1_618_678_140_000, end: 1_618_678_150_000,
        open: '0.042990', high: '0.042990', low: '0.042990', close: '0.042990',
        vwap: '0.0429900000', volume: '15979.71727919', count: 1, final: true,
      },
      {
        pair: 'SC/EUR', intervalMs: 10_000, start: 1_618_678_150_000, end: 1_618_678_160_000,
        open: '0.042980', high: '0.043040', low: '0.042960', close: '0.043040',
        vwap: '0.0430125106', volume: '36964.89328529', count: 5, final: true,
      },
    ]);
  });

  it('builds the 10 s candles of XMR/USD, the second one closed by the grace timer', () => {
    const xmr = recorded.filter((t) => t.pair === 'XMR/USD');
    expect(xmr).toHaveLength(4);
    const { finals } = build(xmr, initialTradeCandleState({ intervalMs: 10_000 }), 1_618_678_162_000, 100);
    expect(finals.map((c) => [c.start, c.open, c.high, c.low, c.close, c.vwap, c.volume, c.count])).toEqual([
      [1_618_678_140_000, '354.11000000', '354.55000000', '354.11000000', '354.55000000', '354.366886956371', '2.15284339', 2],
      [1_618_678_150_000, '354.04000000', '354.04000000', '353.81000000', '353.81000000', '353.842482205400', '2.00000000', 2],
    ]);
  });

  it('builds one 1 min candle of both XMR/USD minutes worth of trades (interval of any length)', () => {
    const xmr = recorded.filter((t) => t.pair === 'XMR/USD');
    const { finals } = build(xmr, initialTradeCandleState({ intervalMs: 60_000, vwapDecimals: 5 }), 1_618_678_202_000, 100);
    expect(finals).toEqual([
      expect.objectContaining({ start: 1_618_678_140_000, end: 1_618_678_200_000, open: '354.11000000', high: '354.55000000', low: '353.81000000', close: '353.81000000', volume: '4.15284339', count: 4, vwap: '354.11433' }),
    ]);
  });
});

describe('applyTrade rules', () => {
  const base = initialTradeCandleState({ intervalMs: 10, graceMs: 3 });

  it('sums volumes exactly with the most decimals seen, keeps the first string of an equal high', () => {
    const { state } = build([trade(1000, '100.10', '1.5'), trade(2000, '100.1', '0.25'), trade(3000, '99', '2')], base, 0);
    expect(state.running).toMatchObject({ high: '100.10', low: '99', close: '99', volume: '3.75', count: 3 });
  });

  it('rounds vwap half-up at the price decimals plus 4, or at vwapDecimals', () => {
    // (1 × 1 + 2 × 2) / 3 = 1.6666…
    const trades = [trade(1000, '1', '1'), trade(2000, '2', '2')];
    expect(build(trades, base, 0).state.running?.vwap).toBe('1.6667');
    expect(build(trades, initialTradeCandleState({ intervalMs: 10, vwapDecimals: 0 }), 0).state.running?.vwap).toBe('2');
    // (0.4 × 1 + 0.5 × 1) / 2 = 0.45 exactly: half-up at 1 decimal gives 0.5 (half-even would give 0.4)
    expect(build([trade(1000, '0.4', '1'), trade(2000, '0.5', '1')], initialTradeCandleState({ intervalMs: 10, vwapDecimals: 1 }), 0).state.running?.vwap).toBe('0.5');
    // (0 × 11 + 1 × 9) / 20 = 0.45, shown with 0 + 4 decimals (the prices have none)
    expect(build([trade(1000, '0', '11'), trade(2000, '1', '9')], base, 0).state.running?.vwap).toBe('0.4500');
  });

  it('puts a trade at exactly the border into the next interval (microsecond exact)', () => {
    const { emitted } = build([trade(1_618_678_149_999_999, '1', '1'), trade(1_618_678_150_000_000, '2', '1')], initialTradeCandleState({ intervalMs: 10_000 }), 0);
    expect(emitted.map((c) => [c.start, c.close, c.final])).toEqual([
      [1_618_678_140_000, '1', false],
      [1_618_678_140_000, '1', true],
      [1_618_678_150_000, '2', false],
    ]);
  });

  it('counts identical trades at the same microsecond (two fills), but not a replay of them', () => {
    const fill = trade(5000, '10', '1');
    const older = trade(4000, '9', '1');
    const live = build([older, fill, fill], base, 0);
    expect(live.state.running?.count).toBe(3);
    // Resubscribe: Kraken replays older, fill, fill; then a new trade at the same microsecond.
    const replayed = build([older, fill, fill, trade(5000, '11', '1')], live.state, 0);
    expect(replayed.state.running).toMatchObject({ count: 4, close: '11', volume: '4' });
  });

  it('reports a trade for a closed interval and does not add it', () => {
    const closed = build([trade(1000, '1', '1')], base, 13).state;
    const late = trade(9000, '5', '1');
    const step = applyTrade(closed, late, 14);
    expect(step.emitted).toEqual([]);
    expect(step.revisions).toEqual([{ pair: 'XBT/USD', intervalMs: 10, start: 0, emitted: closed.lastFinal, received: late }]);
  });

  it('with emitEmpty closes one empty candle per interval as time passes, at the previous close', () => {
    const state = build([trade(1000, '7.5', '1')], initialTradeCandleState({ intervalMs: 10, graceMs: 3, emitEmpty: true }), 0).state;
    const step = closeDueCandles(state, 43);
    expect(step.emitted.map((c) => [c.start, c.open, c.high, c.low, c.close, c.vwap, c.volume, c.count])).toEqual([
      [0, '7.5', '7.5', '7.5', '7.5', '7.50000', '1', 1],
      [10, '7.5', '7.5', '7.5', '7.5', '7.5', '0', 0],
      [20, '7.5', '7.5', '7.5', '7.5', '7.5', '0', 0],
      [30, '7.5', '7.5', '7.5', '7.5', '7.5', '0', 0],
    ]);
    // The running empty candle becomes a real one at the first trade: open is that trade's price.
    const next = applyTrade(step.state, trade(45_000, '8', '2'), 45);
    expect(next.emitted).toEqual([expect.objectContaining({ start: 40, open: '8', high: '8', low: '8', close: '8', volume: '2', count: 1, final: false })]);
  });

  it('rejects a time that is not finite (an infinite clock would never stop emitting empty candles)', () => {
    const state = build([trade(1000, '1', '1')], initialTradeCandleState({ intervalMs: 10, emitEmpty: true }), 0).state;
    expect(() => closeDueCandles(state, Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => applyTrade(state, trade(2000, '1', '1'), Number.NaN)).toThrow(InvalidArgumentError);
  });

  it('emits no empty candle before the first trade', () => {
    const state = initialTradeCandleState({ intervalMs: 10, emitEmpty: true });
    expect(closeDueCandles(state, 1000).emitted).toEqual([]);
    expect(applyTrade(state, trade(95_000, '1', '1'), 95).emitted).toEqual([expect.objectContaining({ start: 90, final: false })]);
  });

  it('throws InvalidArgumentError for a trade of another pair', () => {
    const state = build([trade(1000, '1', '1')], base, 0).state;
    expect(() => applyTrade(state, trade(2000, '1', '1', { pair: 'ETH/USD' }), 2)).toThrow(InvalidArgumentError);
  });
});
