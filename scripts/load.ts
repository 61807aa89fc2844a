/**
 * `npm run test:load` — the load run: 200 pairs' books and trades on one connection against
 * the simulator (in its own process, so that CPU and memory are the client's alone) at a high
 * message rate, with slow consumers, and a report: throughput, CPU, memory, event-loop delay,
 * trade latency per second (growing = falling behind), and the backlog of a slow consumer
 * behind conflateLatest (bounded) and behind concatMap (growing). Exits with 1 when a book ends
 * unlike the simulator's, more than one connection was used, a conflating consumer was handed
 * a book that was not the newest or held more than one per pair, or the client fell behind.
 *
 *   npm run test:load
 *   npm run test:load -- --pairs 200 --events 25 --phase-ms 20000 --work-ms 250 --block-ms 2
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
  const options = {
    pairs: integer('pairs', 200),
    depth: depth as 10 | 25 | 100 | 500 | 1000,
    eventsPerSecond: integer('events', 25),
    phaseMs: integer('phase-ms', 15_000),
    workMs: integer('work-ms', 250),
    blockMs: integer('block-ms', 2),
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
    report.conflated.maxWaiting > report.pairs || report.blocking.maxWaiting > report.pairs ? 'a conflating consumer held more than one book per pair' : '',
    keptUp(report).ok ? '' : 'the client fell behind',
  ].filter((p) => p !== '');
  console.log(problems.length === 0 ? 'result: ok' : `result: FAILED (${problems.join('; ')})`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
