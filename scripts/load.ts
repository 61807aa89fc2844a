/**
 * `npm run test:load` — the load run: 200 pairs' books and trades on one connection against
 * the simulator (in its own process, so that CPU and memory are the client's alone) at a high
 * message rate, with slow consumers, then a max-rate ramp, and a report: throughput, CPU,
 * memory, event-loop delay, trade latency per second (growing = falling behind), the backlog of
 * a slow consumer behind conflateLatest (bounded: at most one book per pair, counted on every
 * change) and behind concatMap (growing), and the highest rate the client kept up with
 * (market events/s, frames/s, verified books/s, with its CPU and memory). Exits with 1 when a
 * book ends unlike the simulator's, more than one connection was used, a conflating consumer
 * was handed a book that was not the newest or held more than one per pair, the client fell
 * behind in a steady phase, or it could not keep up with the first max-rate step.
 *
 *   npm run test:load
 *   npm run test:load -- --pairs 200 --events 25 --phase-ms 20000 --work-ms 250 --block-ms 2
 *   npm run test:load -- --max-start 100 --max-steps 6 --step-ms 8000   # the max-rate ramp
 *   npm run test:load -- --no-max-rate                                  # skip it
 *   npm run test:load -- --in-process      # simulator in the same process
 */
import * as path from 'node:path';
import { runLoad } from '../test/load/runLoad';
import { formatLoadSummary, keptUp } from '../test/load/loadSummary';

function integer(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

async function main(): Promise<void> {
  const depth = integer('depth', 10);
  if (![10, 25, 100, 500, 1000].includes(depth)) throw new Error('--depth must be 10, 25, 100, 500 or 1000');
  const eventsPerSecond = integer('events', 25);
  const phaseMs = integer('phase-ms', 15_000);
  const options = {
    pairs: integer('pairs', 200),
    depth: depth as 10 | 25 | 100 | 500 | 1000,
    eventsPerSecond,
    phaseMs,
    workMs: integer('work-ms', 250),
    blockMs: integer('block-ms', 2),
    maxRate: process.argv.includes('--no-max-rate')
      ? (false as const)
      : { start: integer('max-start', eventsPerSecond * 4), factor: 2, steps: integer('max-steps', 6), stepMs: integer('step-ms', Math.round(phaseMs / 2)) },
    simulator: process.argv.includes('--in-process') ? ('in-process' as const) : ('child' as const),
    // scripts/load.ts is the entry script (no import.meta: the repo's tooling also runs CommonJS).
    simulatorEntry: path.resolve(path.dirname(process.argv[1] ?? path.join(process.cwd(), 'scripts', 'load.ts')), '..', 'test', 'load', 'simulatorProcess.ts'),
    log: (line: string) => console.log(line),
  };
  const report = await runLoad(options);
  console.log('');
  console.log(formatLoadSummary(report, options));
  const problems = [
    report.connections !== 1 ? `${report.connections} connections` : '',
    report.booksDiffering > 0 ? `${report.booksDiffering} books differ from the true book` : '',
    report.conflated.stale + report.blocking.stale > 0 ? 'a conflating consumer got a book that was not the newest' : '',
    report.conflated.maxWaitingPerPair > 1 || report.blocking.maxWaitingPerPair > 1 ? 'a conflating consumer held more than one book per pair' : '',
    keptUp(report).ok ? '' : 'the client fell behind',
    report.maxRate !== undefined && report.maxRate.best === undefined ? 'the client did not keep up with the first max-rate step' : '',
  ].filter((p) => p !== '');
  console.log(problems.length === 0 ? 'result: ok' : `result: FAILED (${problems.join('; ')})`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
