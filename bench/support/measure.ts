/**
 * Timing and memory helpers for the benchmarks: medians over interleaved rounds, a GC when
 * node runs with --expose-gc (`npm run bench` does), and the machine description.
 */
import { cpus } from 'node:os';

export function nowNs(): number {
  return Number(process.hrtime.bigint());
}

export function median(values: ReadonlyArray<number>): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const maybeGc = (globalThis as { gc?: () => void }).gc;

/** Whether a full GC can be forced (node --expose-gc). */
export const canGc = typeof maybeGc === 'function';

/** Forces a full GC when available. */
export function collect(): void {
  if (maybeGc !== undefined) {
    maybeGc();
    maybeGc();
  }
}

/** Heap in use, in MB (after a GC when available). */
export function heapMb(gcFirst = true): number {
  if (gcFirst) collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `node ${process.version}, ${cpu}, ${cpus().length} cores, ${process.platform} ${process.arch}`;
}

/** Times `fn` once, in ns per item. */
export function timePerItem(items: number, fn: () => void): number {
  const start = nowNs();
  fn();
  return (nowNs() - start) / items;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
