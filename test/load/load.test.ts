/**
 * The load test of `npm test`, short: 200 pairs' books and trades on one connection against the
 * simulator, with slow consumers behind `conflateLatest` and behind `concatMap`. It asserts what
 * does not depend on timing: one connection, every book equal to the simulator's true book at
 * the end, a conflating consumer never given anything but the newest book and never holding
 * more than one waiting book per pair. Throughput, CPU, memory and latency figures are printed;
 * the long run is `npm run test:load` (see docs/reliability.md).
 */
import { runLoad, type LoadReport } from './runLoad';
import { formatLoadSummary } from './loadSummary';

describe('load: 200 pairs on one connection', () => {
  let report: LoadReport;
  const options = { pairs: 200, depth: 10, eventsPerSecond: 5, phaseMs: 1500, workMs: 300, blockMs: 1 } as const;

  beforeAll(async () => {
    report = await runLoad(options);
    console.log(formatLoadSummary(report, options));
  }, 120_000);

  it('carries every book and trade on one connection, and every book equals the true book at the end', () => {
    expect(report.connections).toBe(1);
    expect(report.booksDiffering).toBe(0);
    expect(report.booksCompared).toBe(200);
    for (const phase of report.phases) {
      expect([phase.name, phase.bookValues > 0 && phase.trades > 0]).toEqual([phase.name, true]);
    }
  });

  it('gives a slow consumer behind conflateLatest only the newest book, never more than one waiting per pair', () => {
    for (const consumer of [report.conflated, report.blocking]) {
      expect(consumer.stale).toBe(0);
      expect(consumer.maxWaiting).toBeLessThanOrEqual(200);
      expect(consumer.waitingAtEnd).toBeLessThanOrEqual(200);
      expect(consumer.handled).toBeLessThanOrEqual(consumer.offered);
    }
  });
});
