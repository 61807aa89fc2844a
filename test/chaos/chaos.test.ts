/**
 * The short seeded chaos run of `npm test`: every kind of fault once (see schedule.ts), against
 * ten books at mixed depths, tickers, trades, candles, both private feeds and a stream of
 * orders, with every invariant checked (see runChaos.ts and the checkers). What it asserts is
 * deterministic: the schedule comes from the seed, and the invariants hold whatever the timing
 * (real time only paces the run; no assertion is about time: the wall-clock bound on recovery
 * is only reported here, and asserted by the long run). The long run is `npm run test:chaos`;
 * see docs/reliability.md.
 */
import { runChaos, type ChaosReport } from './runChaos';
import { FAULT_KINDS } from './schedule';
import { formatSummary } from './summary';

const SEED = 20240611;

describe('chaos: a short seeded run', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({ seed: SEED, faults: FAULT_KINDS.length, quietMs: [250, 600], timingChecks: false });
    // The table is part of the test output, so a failure can be read and replayed.
    console.log(formatSummary({ reports: [report], heapAfterRounds: [] }, `npm run test:chaos -- --seed ${SEED} --faults ${FAULT_KINDS.length} --rounds 1`));
  }, 180_000);

  it('injects every kind of fault, and the client recovers from each', () => {
    expect(new Set(report.episodes.map((e) => e.step.kind))).toEqual(new Set(FAULT_KINDS));
    expect(report.episodes.filter((e) => !e.recovered).map((e) => e.step.kind)).toEqual([]);
  });

  it('breaks no invariant (books, trades, candles, tickers, private feeds, orders, recovery, process)', () => {
    const detail = report.violations.kept.map((v) => `[${v.check}] fault #${v.episode}: ${v.detail}`);
    expect(detail).toEqual([]);
    expect(report.violations.total).toBe(0);
  });

  it('actually checked every kind of value', () => {
    const checked = report.violations.checked;
    for (const check of [
      'book.equalsReference',
      'book.equalsTrueBook',
      'trade.equalsFrameInOrder',
      'trade.fromSimulator',
      'ticker.equalsFrame',
      'candle.equalsSimulator',
      'openOrders.equalsFrame',
      'openOrders.equalsSimulator',
      'ownTrades.tradeEqualsSimulator',
      'order.neverSentTwice',
      'slowConsumer.getsLatest',
      'recovery.openWithinBackoffBound',
      'backoff.delayInWindow',
      'process.noOpenHandle',
    ]) {
      expect([check, (checked.get(check) ?? 0) > 0]).toEqual([check, true]);
    }
    expect(report.orders.requests).toBeGreaterThan(0);
    expect(report.privateFeeds.ownTrades).toBeGreaterThan(0);
  });
});
