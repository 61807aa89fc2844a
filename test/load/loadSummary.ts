import type { ConsumerFigures, LoadReport } from './runLoad';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Whether the client kept up: the trade latency of the last second is not far above the first's. */
export function keptUp(report: LoadReport): { ok: boolean; detail: string } {
  const steady = report.phases.filter((p) => p.name.startsWith('steady'));
  const worst = steady.map((p) => {
    const w = p.latency.windowP50;
    const first = Math.max(...w.slice(0, 2), 1);
    const last = w[w.length - 1] ?? 0;
    return { name: p.name, first, last, ok: last <= Math.max(250, first * 4) };
  });
  return {
    ok: worst.every((w) => w.ok),
    detail: worst.map((w) => `${w.name}: trade latency p50 ${Math.round(w.first)} ms at the start, ${Math.round(w.last)} ms in the last second`).join('; '),
  };
}

/** The load report as a table. */
export function formatLoadSummary(report: LoadReport, options: { workMs: number; blockMs: number }): string {
  const lines: string[] = [];
  lines.push(
    `kraken-rx load: ${report.pairs} pairs × (book depth ${report.depth} + trades) on ${report.connections} connection(s), ${report.eventsPerSecond} market events/s per pair (${n(report.pairs * report.eventsPerSecond)}/s), simulator ${report.simulator === 'child' ? 'in its own process (figures are the client alone)' : 'in the same process'}`,
  );
  lines.push(`startup: ${report.pairs} books synced ${n(report.startupMs)} ms after subscribing (one subscribe message per channel)`);
  lines.push('');
  const widths = [58, 9, 6, 8, 9, 5, 19, 9, 21];
  lines.push(pad(['phase', 'frames/s', 'MB/s', 'books/s', 'trades/s', 'CPU', 'heap MB start→end', 'loop p99', 'trade latency p50/p99'], widths));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const p of report.phases) {
    const s = p.durationMs / 1000;
    lines.push(
      pad(
        [
          p.name,
          n(p.frames / s),
          (p.megabytes / s).toFixed(2),
          n(p.bookValues / s),
          n(p.trades / s),
          `${Math.round(p.cpuShare * 100)}%`,
          `${p.heapStartMb.toFixed(0)}→${p.heapEndMb.toFixed(0)} (max ${p.heapMaxMb.toFixed(0)})`,
          `${p.loopDelayP99Ms.toFixed(0)} ms`,
          `${n(p.latency.p50)} / ${n(p.latency.p99)} ms`,
        ],
        widths,
      ),
    );
  }
  lines.push('');
  lines.push('trade latency p50 per second of each phase (growing = falling behind):');
  for (const p of report.phases) lines.push(`  ${p.name}: ${p.latency.windowP50.map((x) => n(Math.max(0, x))).join(', ')} ms`);
  lines.push('');
  const cw = [44, 8, 8, 12, 15, 26, 7];
  lines.push(pad(['slow consumer of every book (one per pair)', 'offered', 'handled', 'max waiting', 'waiting at end', 'arrival → handling p50/p99/max', 'stale'], cw));
  lines.push(cw.map((w) => '-'.repeat(w)).join('  '));
  const row = (label: string, c: ConsumerFigures) =>
    pad([label, n(c.offered), n(c.handled), n(c.maxWaiting), n(c.waitingAtEnd), `${n(c.waitP50)} / ${n(c.waitP99)} / ${n(c.waitMax)} ms`, n(c.stale)], cw);
  lines.push(row(`conflateLatest, ${options.workMs} ms async work per book`, report.conflated));
  lines.push(row(`concatMap, ${options.workMs} ms async work per book`, report.naive));
  lines.push(row(`conflateLatest(async), ${options.blockMs} ms CPU per book`, report.blocking));
  lines.push('');
  lines.push(`end: ${report.booksCompared - report.booksDiffering} of ${report.booksCompared} books equal the simulator's true books (market paused)`);
  const kept = keptUp(report);
  lines.push(`kept up: ${kept.ok ? 'yes' : 'NO'} (${kept.detail})`);
  return lines.join('\n');
}
