import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runChaos, type ChaosOptions, type ChaosReport } from './runChaos';
import type { ChaosTotals } from './summary';

/** A full garbage collection, whether or not node was started with --expose-gc. */
export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) {
    exposed();
    return;
  }
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Heap used after two full collections, in bytes. */
export function settledHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Options of {@link runChaosRounds}. */
export interface ChaosRoundsOptions extends ChaosOptions {
  /** How many times to run the same round (a fresh simulator and client each time). */
  readonly rounds: number;
  /**
   * Largest growth of the heap (after GC) allowed from the end of the first round to the end of
   * the last, in bytes; more is a `heap.flat` violation. Default 16 MB.
   */
  readonly heapGrowthLimit?: number;
}

/**
 * Runs the same chaos round several times and measures the heap after a full GC at the end of
 * each: a client that leaks (subscriptions, timers, buffers, books) grows from round to round.
 */
export async function runChaosRounds(options: ChaosRoundsOptions): Promise<ChaosTotals & { heapGrowth: number | undefined }> {
  const reports: ChaosReport[] = [];
  const heapAfterRounds: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let round = 0; round < options.rounds; round++) {
    options.log?.(`— round ${round + 1} of ${options.rounds}`);
    reports.push(await runChaos(options));
    heapAfterRounds.push(settledHeap());
  }
  const cpu = process.cpuUsage(cpuStart);
  const first = heapAfterRounds[0];
  const last = heapAfterRounds[heapAfterRounds.length - 1];
  const heapGrowth = first === undefined || last === undefined || heapAfterRounds.length < 2 ? undefined : last - first;
  const limit = options.heapGrowthLimit ?? 16e6;
  const lastReport = reports[reports.length - 1];
  if (heapGrowth !== undefined && lastReport !== undefined) {
    lastReport.violations.expect(heapGrowth <= limit, 'heap.flat', () => `heap grew by ${(heapGrowth / 1e6).toFixed(1)} MB over ${heapAfterRounds.length} rounds (limit ${(limit / 1e6).toFixed(0)} MB)`);
  }
  return { reports, heapAfterRounds, cpuMs: (cpu.user + cpu.system) / 1000, heapGrowth };
}
