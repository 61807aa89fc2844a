import { EXERCISED_INVARIANTS, type ChaosReport, type EpisodeReport } from './runChaos';
import { FAULT_KINDS } from './schedule';

/** Median and maximum of a list of numbers (undefined when empty). */
export function medianAndWorst(values: readonly number[]): { median: number; worst: number } | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
  return { median, worst: sorted[sorted.length - 1] as number };
}

const ms = (x: { median: number; worst: number } | undefined): string => (x === undefined ? '–' : `${x.median} / ${x.worst} ms`);
const n = (x: number): string => x.toLocaleString('en-US');

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
}

/** Aggregates of several rounds of the same run. */
export interface ChaosTotals {
  readonly reports: readonly ChaosReport[];
  /** Heap used after a full GC at the end of each round, in bytes (when measured). */
  readonly heapAfterRounds: readonly number[];
  /** CPU time of the whole run (user + system), in ms. */
  readonly cpuMs?: number;
}

/**
 * The summary table printed after a run: faults by kind with recoveries and times, what was
 * checked, what could not be delivered by design, and the violations (which must be 0). The
 * seed is printed so that the run can be replayed exactly.
 */
export function formatSummary(totals: ChaosTotals, replay: string): string {
  const { reports } = totals;
  const first = reports[0];
  if (first === undefined) return 'no chaos round ran';
  const episodes: EpisodeReport[] = reports.flatMap((r) => r.episodes);
  const lines: string[] = [];
  const duration = reports.reduce((sum, r) => sum + r.durationMs, 0);
  const depths = [...new Set(first.books.map((b) => b.depth))].sort((a, b) => a - b).join('/');
  lines.push(
    `kraken-rx chaos run — seed ${first.seed}, ${reports.length} round(s) of ${first.faults} faults, ${first.books.length} books (depths ${depths}), ${(duration / 1000).toFixed(1)} s`,
  );
  lines.push(`replay: ${replay}`);
  lines.push('');
  const widths = [26, 8, 9, 10, 22, 22];
  lines.push(pad(['fault', 'injected', 'recovered', 'reconnects', 'open again (med/worst)', 'resync (med/worst)'], widths));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const kind of FAULT_KINDS) {
    const of = episodes.filter((e) => e.step.kind === kind);
    if (of.length === 0) continue;
    lines.push(row(kind, of));
  }
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push(row('all', episodes));
  function row(label: string, of: readonly EpisodeReport[]): string {
    return pad(
      [
        label,
        n(of.length),
        n(of.filter((e) => e.recovered).length),
        n(of.reduce((sum, e) => sum + e.reconnects, 0)),
        ms(medianAndWorst(of.flatMap((e) => (e.timeToOpenMs === undefined ? [] : [e.timeToOpenMs])))),
        ms(medianAndWorst(of.flatMap((e) => (e.timeToResyncMs === undefined ? [] : [e.timeToResyncMs])))),
      ],
      widths,
    );
  }
  lines.push('');
  const sum = <K extends string>(pick: (r: ChaosReport) => Record<K, number>, key: K): number => reports.reduce((s, r) => s + pick(r)[key], 0);
  const resyncs = medianAndWorst(reports.flatMap((r) => r.resyncs));
  lines.push(`book resyncs (a book left synced and came back): ${n(reports.reduce((s, r) => s + r.resyncs.length, 0))}, ${ms(resyncs)}`);
  const checked = new Map<string, number>();
  for (const r of reports) for (const [k, v] of r.violations.checked) checked.set(k, (checked.get(k) ?? 0) + v);
  const group = (prefix: string): number => [...checked].filter(([k]) => k.startsWith(prefix)).reduce((s, [, v]) => s + v, 0);
  lines.push(
    `checks made: ${n([...checked.values()].reduce((s, v) => s + v, 0))} (books ${n(group('book.'))}, trades ${n(group('trade.'))}, tickers ${n(group('ticker.'))}, candles ${n(group('candle.'))}, openOrders ${n(group('openOrders.'))}, ownTrades ${n(group('ownTrades.'))}, orders ${n(group('order.'))}, recovery ${n(group('recovery') + group('backoff.') + group('checkpoint.'))})`,
  );
  const wireFrames = reports.reduce((s, r) => s + r.wire.framesIn, 0);
  const wireBytes = reports.reduce((s, r) => s + r.wire.bytesIn, 0);
  lines.push(`frames received: ${n(wireFrames)} (${(wireBytes / 1e6).toFixed(1)} MB) on ${n(reports.reduce((s, r) => s + r.wire.connections, 0))} connections; frames sent: ${n(reports.reduce((s, r) => s + r.wire.framesOut, 0))}`);
  lines.push(`checkpoints (market paused, books/tickers/trades/candles/orders/own trades compared with the simulator): ${n(reports.reduce((s, r) => s + r.checkpoints, 0))}`);
  const exercised = new Map<string, number>();
  for (const r of reports) for (const [k, v] of r.violations.exercised) exercised.set(k, (exercised.get(k) ?? 0) + v);
  lines.push(`exercised where they can break: ${EXERCISED_INVARIANTS.map((k) => `${k} ${n(exercised.get(k) ?? 0)}`).join(', ')}`);
  const never = EXERCISED_INVARIANTS.filter((k) => (exercised.get(k) ?? 0) === 0);
  if (never.length > 0) lines.push(`NEVER EXERCISED (this run proves nothing about them): ${never.join(', ')}`);
  lines.push('');
  const pub = (k: keyof ChaosReport['publicFeeds']) => sum((r) => r.publicFeeds, k);
  const priv = (k: keyof ChaosReport['privateFeeds']) => sum((r) => r.privateFeeds, k);
  const ord = (k: keyof ChaosReport['orders']) => sum((r) => r.orders, k);
  lines.push(
    `trades: ${n(pub('tradesDelivered'))} emitted, each once and in the simulator's order (${n(pub('tradesBackfilled'))} taken from REST Trades after a reconnect; ${n(pub('tradesNotDeliveredByKraken'))} were never on the wire, made while the pair had no live subscription); ${n(pub('tradesBeforeSubscription'))} before the first subscription`,
  );
  lines.push(`tickers: ${n(pub('tickers'))}; closed candles: ${n(pub('candles'))} (${n(pub('candlesRepaired'))} for intervals a gap left in doubt, taken from REST OHLC)`);
  lines.push(
    `openOrders: ${n(priv('openOrdersMessages'))} messages (${n(priv('openOrdersSnapshots'))} snapshots; ${n(priv('ordersClosedWhileAway'))} orders ended while disconnected); own trades: ${n(priv('ownTrades'))} (${n(priv('ownTradesRecovered'))} recovered from a snapshot after a reconnect)`,
  );
  lines.push(
    `orders: ${n(ord('requests'))} requests — ok ${n(ord('ok'))}, refused by Kraken ${n(ord('refused'))}, rate-limited ${n(ord('rateLimited'))}, outcome unknown ${n(ord('outcomeUnknown'))} (placed ${n(ord('outcomeUnknownPlaced'))}), not sent ${n(ord('notSent'))}; sent twice: ${n(reports.reduce((s, r) => s + (r.violations.byCheck.get('order.neverSentTwice') ?? 0), 0))}`,
  );
  const slowUp = reports.reduce((s, r) => s + r.slowConsumer.upstream, 0);
  const slowDown = reports.reduce((s, r) => s + r.slowConsumer.delivered, 0);
  lines.push(`slow consumer (conflateLatest): ${n(slowUp)} books offered, ${n(slowDown)} handled, ${n(slowUp - slowDown)} conflated; every one handled was the newest`);
  const errors = new Map<string, number>();
  for (const r of reports) for (const [k, v] of r.errorsByName) errors.set(k, (errors.get(k) ?? 0) + v);
  lines.push(`errors$ (reported, not fatal): ${[...errors].map(([k, v]) => `${k} ${n(v)}`).join(', ') || 'none'}`);
  if (totals.heapAfterRounds.length > 0) {
    lines.push(`heap after GC, per round: ${totals.heapAfterRounds.map((b) => `${(b / 1e6).toFixed(1)} MB`).join(', ')}`);
  }
  if (totals.cpuMs !== undefined) lines.push(`CPU: ${(totals.cpuMs / 1000).toFixed(1)} s for ${(duration / 1000).toFixed(1)} s of run (${Math.round((totals.cpuMs / duration) * 100)}% of one core)`);
  lines.push('');
  const slow = reports.flatMap((r) => r.timingWarnings);
  if (slow.length > 0) lines.push(`recoveries slower than the backoff bound (not asserted in this run): ${slow.join('; ')}`);
  const total = reports.reduce((s, r) => s + r.violations.total, 0);
  lines.push(`violations: ${total}`);
  for (const r of reports) {
    for (const [check, count] of r.violations.byCheck) lines.push(`  ${check}: ${count}`);
    for (const v of r.violations.kept.slice(0, 20)) lines.push(`  - [${v.check}] ${v.episode === undefined ? '' : `fault #${v.episode} `}+${v.atMs} ms: ${v.detail}`);
  }
  return lines.join('\n');
}
