/**
 * `npm run test:chaos` — the long chaos run: the same seeded round (a fresh simulator and
 * client each time) repeated, with every invariant checked, the heap measured after a full GC
 * at the end of each round, and a summary table. Exits with 1 when any invariant broke.
 *
 *   npm run test:chaos                                  # a random seed (printed), 60 faults, 3 rounds
 *   npm run test:chaos -- --seed 20240611 --faults 20   # replay a run exactly
 *   npm run test:chaos -- --minutes 30                  # rounds until 30 minutes have passed
 *   npm run test:chaos -- --kinds drop,stallLong --trace 'book-25","ADA/USD'
 *
 * Options: --seed N, --faults N (per round), --rounds N, --minutes M (overrides --rounds),
 * --kinds a,b,c (see test/chaos/schedule.ts), --events N (market events per second per pair),
 * --trace REGEX (log the frames that match), --quiet (no progress lines).
 */
import { runChaos, type ChaosOptions } from '../test/chaos/runChaos';
import { settledHeap } from '../test/chaos/heap';
import type { ChaosReport } from '../test/chaos/runChaos';
import { FAULT_KINDS, type FaultKind } from '../test/chaos/schedule';
import { formatSummary } from '../test/chaos/summary';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

function integer(name: string, fallback: number): number {
  const raw = argument(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const seed = integer('seed', Math.floor(Math.random() * 2 ** 31));
  const faults = integer('faults', 60);
  const minutes = argument('minutes') === undefined ? undefined : Number(argument('minutes'));
  const rounds = minutes === undefined ? integer('rounds', 3) : Number.POSITIVE_INFINITY;
  const kinds = argument('kinds')?.split(',') as FaultKind[] | undefined;
  const unknown = (kinds ?? []).filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`unknown fault kind(s) ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`);
  const trace = argument('trace');
  const quiet = process.argv.includes('--quiet');
  const options: ChaosOptions = {
    seed,
    faults,
    ...(kinds === undefined ? {} : { kinds }),
    ...(argument('events') === undefined ? {} : { eventsPerSecond: integer('events', 12) }),
    ...(trace === undefined ? {} : { trace: new RegExp(trace) }),
    log: (line) => {
      if (!quiet) console.log(line);
    },
  };
  const replay = `npm run test:chaos -- --seed ${seed} --faults ${faults} --rounds 1${kinds === undefined ? '' : ` --kinds ${kinds.join(',')}`}`;
  console.log(`kraken-rx chaos: seed ${seed} (replay: ${replay})`);
  const deadline = minutes === undefined ? undefined : Date.now() + minutes * 60_000;
  const reports: ChaosReport[] = [];
  const heapAfterRounds: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let round = 0; round < rounds && (deadline === undefined || Date.now() < deadline); round++) {
    console.log(`— round ${round + 1}${Number.isFinite(rounds) ? ` of ${rounds}` : ''}`);
    const report = await runChaos({ ...options, ...(reports[0] === undefined ? {} : { port: reports[0].port }) });
    reports.push(report);
    heapAfterRounds.push(settledHeap());
    console.log(
      `  ${(report.durationMs / 1000).toFixed(1)} s, violations ${report.violations.total}, heap after GC ${((heapAfterRounds[heapAfterRounds.length - 1] ?? 0) / 1e6).toFixed(1)} MB`,
    );
    if (report.violations.total > 0) break;
  }
  // Heap flat across repeated runs: from the end of the second round (warm: modules loaded, code
  // optimised) to the end of the last one, the heap must not keep growing.
  const warm = heapAfterRounds[1];
  const last = heapAfterRounds[heapAfterRounds.length - 1];
  const lastReport = reports[reports.length - 1];
  if (warm !== undefined && last !== undefined && lastReport !== undefined && heapAfterRounds.length >= 3) {
    const growth = last - warm;
    lastReport.violations.expect(growth <= 8e6, 'heap.flat', () => `the heap grew by ${(growth / 1e6).toFixed(1)} MB from round 2 to round ${heapAfterRounds.length}`);
  }
  const cpu = process.cpuUsage(cpuStart);
  console.log('');
  console.log(formatSummary({ reports, heapAfterRounds, cpuMs: (cpu.user + cpu.system) / 1000 }, replay));
  const total = reports.reduce((sum, r) => sum + r.violations.total, 0);
  process.exitCode = total === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
