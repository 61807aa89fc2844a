import type { ConsumerFigures, LoadReport } from './runLoad';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * Whether the client kept up in the steady phases (the first, and the one after the slow and
 * blocking consumers, which shows it caught up): in each, the trade latency p50 of the last
 * window is not far above that of the first windows (at most 4 times, or `floorMs`), and its
 * p99 over the phase stays under `p99Ms`. A client that falls behind has a latency that keeps
 * growing through the phase. Phases need at least 3 windows for the comparison to mean anything.
 */
export function keptUp(report: LoadReport, bounds: { readonly floorMs?: number; readonly p99Ms?: number } = {}): { ok: boolean; detail: string } {
  const floorMs = bounds.floorMs ?? 250;
  const p99Ms = bounds.p99Ms ?? 2000;
  const steady = report.phases.filter((p) => p.name.startsWith('steady'));
  const worst = steady.map((p) => {
    const w = p.latency.windowP50;
    const first = Math.max(...w.slice(0, 2), 1);
    const last = w[w.length - 1] ?? Number.POSITIVE_INFINITY;
    const ok = w.length >= 3 && last <= Math.max(floorMs, first * 4) && p.latency.p99 <= p99Ms;
    return { name: p.name, first, last, p99: p.latency.p99, windows: w.length, ok };
  });
  return {
    ok: worst.length >= 2 && worst.every((w) => w.ok),
    detail: worst
      .map((w) => `${w.name}: trade latency p50 ${Math.round(w.first)} ms at the start, ${Math.round(w.last)} ms in the last of ${w.windows} windows, p99 ${Math.round(w.p99)} ms`)
      .join('; '),
  };
}

/** The load report as a table. */
export function formatLoadSummary(
  report: LoadReport,
  options: { workMs: number; blockMs: number },
  /** The bounds the "kept up" line is judged by (those the caller asserts); default keptUp's own. */
  bounds: Parameters<typeof keptUp>[1] = {},
): string {
  const lines: string[] = [];
  lines.push(
    `kraken-rx load: ${report.pairs} pairs × (book depth ${report.depth} + trades) on ${report.connections} connection(s), ${report.eventsPerSecond} market events/s per pair (${n(report.pairs * report.eventsPerSecond)}/s), simulator ${report.simulator === 'child' ? 'in its own process (figures are the client alone)' : 'in the same process'}`,
  );
  lines.push(`startup: ${report.pairs} books synced ${n(report.startupMs)} ms after subscribing (one subscribe message per channel)`);
  lines.push('');
  const widths = [58, 9, 9, 6, 8, 9, 5, 19, 9, 21];
  lines.push(pad(['phase', 'events/s', 'frames/s', 'MB/s', 'books/s', 'trades/s', 'CPU', 'heap MB start→end', 'loop p99', 'trade latency p50/p99'], widths));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const p of report.phases) {
    const s = p.durationMs / 1000;
    lines.push(
      pad(
        [
          p.name,
          n(p.marketEvents === undefined ? report.pairs * report.eventsPerSecond : p.marketEvents / s),
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
  lines.push('trade latency p50 per window of each phase (growing = falling behind):');
  for (const p of report.phases) lines.push(`  ${p.name}: ${p.latency.windowP50.map((x) => n(Math.max(0, x))).join(', ')} ms`);
  lines.push('');
  const cw = [44, 8, 8, 12, 14, 15, 26, 7];
  lines.push(pad(['slow consumer of every book (one per pair)', 'offered', 'handled', 'max waiting', 'max per pair', 'waiting at end', 'arrival → handling p50/p99/max', 'stale'], cw));
  lines.push(cw.map((w) => '-'.repeat(w)).join('  '));
  const row = (label: string, c: ConsumerFigures) =>
    pad([label, n(c.offered), n(c.handled), n(c.maxWaiting), n(c.maxWaitingPerPair), n(c.waitingAtEnd), `${n(c.waitP50)} / ${n(c.waitP99)} / ${n(c.waitMax)} ms`, n(c.stale)], cw);
  lines.push(row(`conflateLatest, ${options.workMs} ms async work per book`, report.conflated));
  lines.push(row(`concatMap, ${options.workMs} ms async work per book`, report.naive));
  lines.push(row(`conflateLatest(async), ${options.blockMs} ms CPU per book`, report.blocking));
  lines.push('(waiting = books emitted by the feed and held for the consumer: not yet started, not dropped; counted on every change)');
  lines.push('');
  if (report.maxRate !== undefined) {
    const m = report.maxRate;
    const best = m.best;
    lines.push(
      best === undefined
        ? `max rate: the client did not keep up with the first step (trade latency bound ${n(m.latencyBoundMs)} ms)`
        : `max rate kept up with: ${n(best.marketEventsPerSecond)} market events/s → ${n(best.phase.frames / (best.phase.durationMs / 1000))} frames/s, ${n(best.phase.bookValues / (best.phase.durationMs / 1000))} verified books/s, ${n(best.phase.trades / (best.phase.durationMs / 1000))} trades/s; CPU ${Math.round(best.phase.cpuShare * 100)}% of a core, heap max ${best.phase.heapMaxMb.toFixed(0)} MB, RSS max ${best.phase.rssMaxMb.toFixed(0)} MB`,
    );
    const last = m.steps[m.steps.length - 1];
    if (last !== undefined) {
      const asked = `${n(last.targetPerPair * report.pairs)} events/s asked`;
      if (!last.keptUp) {
        lines.push(`  stopped at ${asked}: the client fell behind (trade latency p50 above ${n(m.latencyBoundMs)} ms in the last window)`);
      } else if (!last.reached) {
        lines.push(
          `  stopped at ${asked}: the market reached only ${n(last.marketEventsPerSecond)}/s${report.simulator === 'child' ? " (the simulator process's own ceiling)" : ' (the process is saturated: simulator and client share it)'}; the client kept up, using ${Math.round(last.phase.cpuShare * 100)}% of a core`,
        );
      } else {
        lines.push(`  the last step (${asked}) was kept up with: the ceiling is higher (raise --max-steps)`);
      }
    }
    lines.push('');
  }
  lines.push(`end: ${report.booksCompared - report.booksDiffering} of ${report.booksCompared} books equal the simulator's true books (market paused)`);
  const kept = keptUp(report, bounds);
  lines.push(`kept up: ${kept.ok ? 'yes' : 'NO'} (${kept.detail})`);
  return lines.join('\n');
}
