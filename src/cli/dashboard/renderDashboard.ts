import type { BookLevel } from '../../book/orderBook';
import type { Trade } from '../../feeds/values';
import { candleChart } from './candleChart';
import { beside, dateTime, fit, krakenClock, lineWidth, paint, seg, spread, title, type Line, type Segment, type Style } from './text';
import type { DashboardView } from './dashboardView';

/**
 * How to render: the screen size and whether to colour.
 * @example
 * ```ts
 * const options: RenderOptions = { width: process.stdout.columns, height: process.stdout.rows, color: true, interactive: true };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface RenderOptions {
  /** Columns. Every line is cut to it. */
  readonly width: number;
  /**
   * Rows (full screen): the ladder and chart shrink to fit and exactly `height` lines are
   * returned. Without it (plain snapshots), every level is shown and the chart is 10 rows.
   */
  readonly height?: number;
  /** ANSI colours (picocolors). */
  readonly color: boolean;
  /** Show the key hints (`q quit`). */
  readonly interactive?: boolean;
}

/** Rows of everything but the ladder levels and the chart plot: header, ticker, titles, column names, spread, axis, status. */
const FIXED_ROWS = 8;
const MIN_CHART_ROWS = 3;
const PLAIN_CHART_ROWS = 10;
const BAR = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * Renders the dashboard: a pure function from the view to the lines of the screen (header,
 * ticker, order book ladder with size bars and the spread and mid between asks and bids, the
 * last trades coloured by side, a candlestick chart of closed candles, and the status line).
 *
 * @example
 * ```ts
 * const lines = renderDashboard(view, { width: 100, color: false });
 * console.log(lines.join('\n'));
 * ```
 * @param view What to show.
 * @param options Size and colours.
 * @returns The lines, none wider than `options.width` columns (escape codes aside).
 * @category CLI
 * @since 0.1.0
 */
export function renderDashboard(view: DashboardView, options: RenderOptions): string[] {
  const width = Math.max(40, options.width);
  let levels = view.levels;
  let chartRows = PLAIN_CHART_ROWS;
  if (options.height !== undefined) {
    const available = Math.max(0, options.height - FIXED_ROWS);
    levels = Math.max(1, Math.min(view.levels, Math.floor((available - MIN_CHART_ROWS) / 2)));
    chartRows = Math.max(MIN_CHART_ROWS, Math.min(16, available - 2 * levels));
  }
  const leftWidth = width >= 100 ? 56 : Math.floor(width * 0.55);
  const rightWidth = width - leftWidth - 2;

  const lines: Line[] = [];
  lines.push(header(view, width));
  lines.push(tickerLine(view, width));
  const checksum = view.book === undefined ? '' : ` · checksum ${view.book.checksum}`;
  lines.push(beside(title('Book', leftWidth, seg(` ${view.pair} book-${view.depth}${checksum}`, 'gray')), leftWidth, title('Trades', rightWidth)));
  const ladder = ladderLines(view, levels, leftWidth);
  const trades = tradeLines(view.trades, ladder.length, rightWidth);
  ladder.forEach((line, i) => lines.push(beside(line, leftWidth, trades[i] ?? [])));
  lines.push(title('Candles 1m', width, seg(` ${view.candles.length} closed`, 'gray')));
  lines.push(...candleChart(view.candles, width, chartRows));
  if (options.height !== undefined) {
    while (lines.length < options.height - 1) lines.push([seg('')]);
  }
  lines.push(statusLine(view, width, options.interactive === true));
  const out = (options.height === undefined ? lines : lines.slice(-options.height)).map((line) => paint(fit(line, width), options.color).trimEnd());
  return out;
}

function header(view: DashboardView, width: number): Line {
  return spread([seg('kraken-rx', 'bold'), seg(' · '), seg(view.pair, 'bold', 'cyan'), seg(' · '), seg(view.source, 'gray')], [seg(dateTime(view.now), 'gray')], width);
}

/** The ticker: last trade and 24 h change, best bid and ask, then 24 h statistics while they fit (whole fields only). */
function tickerLine(view: DashboardView, width: number): Line {
  const t = view.ticker;
  if (t === undefined) return [seg('ticker ', 'gray'), seg('waiting…', 'dim')];
  const open = Number(t.open.last24h);
  const change = open > 0 ? ((Number(t.last.price) - open) / open) * 100 : undefined;
  const first: Segment[] = [seg('last ', 'gray'), seg(t.last.price, 'bold'), seg(` × ${t.last.volume}`, 'gray')];
  if (change !== undefined && Number.isFinite(change)) first.push(seg(` ${change >= 0 ? '+' : ''}${change.toFixed(2)}% 24h`, change >= 0 ? 'green' : 'red'));
  const field = (name: string, value: string | number, ...styles: Style[]): Line => [seg(` · ${name} `, 'gray'), seg(String(value), ...styles)];
  const fields: Line[] = [
    field('bid', t.bid.price, 'green'),
    field('ask', t.ask.price, 'red'),
    field('high', t.high.last24h),
    field('low', t.low.last24h),
    field('vol', t.volume.last24h),
    field('vwap', t.vwap.last24h),
    field('trades', t.trades.last24h),
  ];
  const out: Segment[] = [...first];
  for (const group of fields) {
    if (lineWidth(out) + lineWidth(group) > width) break;
    out.push(...group);
  }
  return out;
}

/** The ladder: asks (worst at the top, best next to the spread), the spread row, then bids. */
function ladderLines(view: DashboardView, levels: number, width: number): Line[] {
  const book = view.book;
  const rows = 2 * levels + 2;
  if (book === undefined) {
    const lines: Line[] = Array.from({ length: rows }, () => [seg('')]);
    lines[levels + 1] = [seg(`  ${view.sync === 'resyncing' ? 'resyncing the book…' : 'waiting for the book…'}`, 'dim')];
    return lines;
  }
  const asks = book.asks.slice(0, levels);
  const bids = book.bids.slice(0, levels);
  const shown = [...asks, ...bids];
  const priceWidth = Math.max(5, ...shown.map((l) => l.price.length));
  const volumeWidth = Math.max(6, ...shown.map((l) => l.volume.length));
  const barWidth = Math.max(1, width - priceWidth - volumeWidth - 8);
  const maxVolume = Math.max(0, ...shown.map((l) => Number(l.volume)));
  const row = (level: BookLevel | undefined, side: 'ask' | 'bid'): Line => {
    if (level === undefined) return [seg('')];
    const style: Style = side === 'ask' ? 'red' : 'green';
    return [
      seg(` ${side} `, 'gray'),
      seg(level.price.padStart(priceWidth), style),
      seg(' '),
      seg(level.volume.padStart(volumeWidth)),
      seg('  '),
      seg(bar(Number(level.volume), maxVolume, barWidth), style),
    ];
  };
  const lines: Line[] = [[seg(`     ${'price'.padStart(priceWidth)} ${'volume'.padStart(volumeWidth)}`, 'gray')]];
  for (let i = levels - 1; i >= 0; i--) lines.push(row(asks[i], 'ask'));
  lines.push([
    seg('     spread ', 'gray'),
    seg(book.spread ?? '–', 'yellow'),
    seg(' · mid ', 'gray'),
    seg(book.mid ?? '–', 'bold'),
  ]);
  for (let i = 0; i < levels; i++) lines.push(row(bids[i], 'bid'));
  return lines;
}

/** A horizontal bar of `value / max` of `width` columns, in eighths of a column; never empty for a positive value. @internal */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0)) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (BAR[eighths % 8] ?? '');
}

function tradeLines(trades: readonly Trade[], rows: number, width: number): Line[] {
  const shown = trades.slice(0, Math.max(0, rows - 1));
  const priceWidth = Math.max(5, ...shown.map((t) => t.price.length));
  const volumeWidth = Math.max(6, ...shown.map((t) => t.volume.length));
  const lines: Line[] = [[seg(`${'time (UTC)'.padEnd(12)}  side ${'price'.padStart(priceWidth)} ${'volume'.padStart(volumeWidth)}`, 'gray')]];
  if (shown.length === 0) lines.push([seg('waiting for trades…', 'dim')]);
  for (const trade of shown) {
    const style: Style = trade.side === 'buy' ? 'green' : 'red';
    lines.push(
      fit(
        [
          seg(krakenClock(trade.time), 'gray'),
          seg('  '),
          seg(trade.side.padEnd(4), style),
          seg(' '),
          seg(trade.price.padStart(priceWidth), style),
          seg(' '),
          seg(trade.volume.padStart(volumeWidth)),
        ],
        width,
      ),
    );
  }
  return lines;
}

function statusLine(view: DashboardView, width: number, interactive: boolean): Line {
  const c = view.connection;
  const state: Segment =
    c.state === 'open'
      ? seg('● open', 'green')
      : c.state === 'connecting'
        ? seg('◌ connecting', 'yellow')
        : c.state === 'reconnecting'
          ? seg(`↻ reconnecting (attempt ${c.attempt})`, 'red')
          : seg(`○ closed (${c.reason})`, c.reason === 'gave-up' ? 'red' : 'yellow');
  const sync = view.sync ?? 'awaiting-snapshot';
  const groups: Line[] = [
    [state],
    [seg(' · reconnects ', 'gray'), seg(String(view.reconnects))],
    [seg(' · ', 'gray'), seg(String(view.messagesPerSecond)), seg(' msg/s', 'gray')],
    [seg(' · checksums verified ', 'gray'), seg(String(view.verified))],
    [seg(' · resyncs ', 'gray'), seg(String(view.resyncs), view.resyncs > 0 ? 'yellow' : 'gray')],
    [seg(' · book ', 'gray'), seg(sync, sync === 'synced' ? 'green' : sync === 'resyncing' ? 'red' : 'yellow')],
  ];
  if (view.systemStatus !== undefined) groups.push([seg(' · system ', 'gray'), seg(view.systemStatus, view.systemStatus === 'online' ? 'green' : 'yellow')]);
  const keys: Line = interactive ? [seg('  q', 'bold'), seg(' quit', 'gray')] : [];
  const room = width - lineWidth(keys) - (interactive ? 1 : 0);
  // Whole groups while they fit; the last problem, if any, takes what is left (cut with an ellipsis).
  const parts: Segment[] = [];
  for (const group of groups) {
    if (lineWidth(parts) + lineWidth(group) > room) break;
    parts.push(...group);
  }
  if (view.lastError !== undefined) {
    const left = room - lineWidth(parts) - 5;
    if (left >= 8) {
      const message = view.lastError.length <= left ? view.lastError : `${view.lastError.slice(0, left - 1)}…`;
      parts.push(seg(' · ', 'gray'), seg(`⚠ ${message}`, 'yellow'));
    }
  }
  return interactive ? spread(parts, keys, width) : parts;
}
