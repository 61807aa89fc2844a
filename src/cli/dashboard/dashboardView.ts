import type { BookLevel, OrderBook } from '../../book/orderBook';
import { midPrice, spread } from '../../book/bookPrices';
import type { Candle } from '../../candles/candle';
import type { BookSyncState } from '../../feeds/bookFeed';
import type { Ticker, Trade } from '../../feeds/values';
import type { ConnectionStatus } from '../../transport/connection';

/**
 * Everything the dashboard shows, as plain data: the renderer is a pure function of it.
 * @example
 * ```ts
 * const view = initialView({ pair: 'XBT/USD', levels: 10, depth: 10, source: 'simulator ws://127.0.0.1:8080', now: Date.now() });
 * const lines = renderDashboard(view, { width: 100, color: false });
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface DashboardView {
  readonly pair: string;
  /** Levels per side shown. */
  readonly levels: number;
  /** The book depth subscribed (`book-<depth>`). */
  readonly depth: number;
  /** Where the data comes from, for the header. */
  readonly source: string;
  /** Time of the last update, ms since the epoch. */
  readonly now: number;
  /** The top `levels` of the last verified book, with spread and mid (exact strings). */
  readonly book?: DashboardBook;
  /** The last trades, newest first. */
  readonly trades: readonly Trade[];
  /** Closed candles, oldest first. */
  readonly candles: readonly Candle[];
  readonly ticker?: Ticker;
  readonly connection: ConnectionStatus;
  /** Successful reconnections (opens after the first). */
  readonly reconnects: number;
  /** Frames received in the last second. */
  readonly messagesPerSecond: number;
  /** Book updates whose checksum was verified. */
  readonly verified: number;
  /** Times the book was found wrong and rebuilt from a fresh snapshot. */
  readonly resyncs: number;
  readonly sync?: BookSyncState['state'];
  /** Kraken's engine status (`online`, `maintenance`...). */
  readonly systemStatus?: string;
  /** The last non-fatal problem reported (`errors$`, candle history). */
  readonly lastError?: string;
  /** Internal counters: books received and snapshots (verified = books - snapshots). */
  readonly counts: { readonly books: number; readonly snapshots: number; readonly opens: number };
}

/**
 * The top of a book as the dashboard shows it.
 * @example
 * ```ts
 * const top: DashboardBook | undefined = view.book;
 * console.log(top?.asks[0]?.price, top?.spread, top?.mid);
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface DashboardBook {
  /** Best ask first. */
  readonly asks: readonly BookLevel[];
  /** Best bid first. */
  readonly bids: readonly BookLevel[];
  readonly checksum: number;
  readonly spread?: string;
  readonly mid?: string;
}

/**
 * One thing that happened, as fed to {@link reduceDashboard}.
 * @example
 * ```ts
 * const event: DashboardEvent = { type: 'tick', now: Date.now(), frames: 42 };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export type DashboardEvent =
  | { readonly type: 'book'; readonly book: OrderBook }
  | { readonly type: 'sync'; readonly state: BookSyncState }
  | { readonly type: 'trade'; readonly trade: Trade }
  | { readonly type: 'ticker'; readonly ticker: Ticker }
  | { readonly type: 'candle'; readonly candle: Candle }
  | { readonly type: 'status'; readonly status: ConnectionStatus }
  | { readonly type: 'system'; readonly status: string }
  | { readonly type: 'problem'; readonly message: string }
  /** Once a second: the time and the frames received since the last tick. */
  | { readonly type: 'tick'; readonly now: number; readonly frames: number };

/** How many trades and candles the view keeps. @internal */
export const KEEP = Object.freeze({ trades: 200, candles: 400 });

/**
 * The view before anything arrived.
 * @example
 * ```ts
 * const view = initialView({ pair: 'ETH/USD', levels: 25, depth: 25, source: 'Kraken wss://ws.kraken.com', now: Date.now() });
 * ```
 * @category CLI
 * @since 0.1.0
 */
export function initialView(options: { readonly pair: string; readonly levels: number; readonly depth: number; readonly source: string; readonly now: number }): DashboardView {
  return {
    ...options,
    trades: [],
    candles: [],
    connection: { state: 'closed', reason: 'idle' },
    reconnects: 0,
    messagesPerSecond: 0,
    verified: 0,
    resyncs: 0,
    counts: { books: 0, snapshots: 0, opens: 0 },
  };
}

/**
 * The dashboard's pure reducer: the view after one event.
 * @example
 * ```ts
 * const view = events.reduce(reduceDashboard, initialView({ pair: 'XBT/USD', levels: 10, depth: 10, source: 'test', now: 0 }));
 * ```
 * @category CLI
 * @since 0.1.0
 */
export function reduceDashboard(view: DashboardView, event: DashboardEvent): DashboardView {
  switch (event.type) {
    case 'book': {
      const book = event.book;
      const top: DashboardBook = {
        asks: book.asks.slice(0, view.levels),
        bids: book.bids.slice(0, view.levels),
        checksum: book.checksum,
        ...optional('spread', spread(book)),
        ...optional('mid', midPrice(book)),
      };
      const counts = { ...view.counts, books: view.counts.books + 1 };
      return { ...view, book: top, counts, verified: Math.max(0, counts.books - counts.snapshots) };
    }
    case 'sync': {
      const state = event.state;
      const counts = state.state === 'synced' ? { ...view.counts, snapshots: view.counts.snapshots + 1 } : view.counts;
      const resyncs = state.state === 'resyncing' ? view.resyncs + 1 : view.resyncs;
      return { ...view, sync: state.state, counts, resyncs, verified: Math.max(0, counts.books - counts.snapshots) };
    }
    case 'trade':
      return { ...view, trades: [event.trade, ...view.trades].slice(0, KEEP.trades) };
    case 'ticker':
      return { ...view, ticker: event.ticker };
    case 'candle': {
      const candle = event.candle;
      if (!candle.final) return view;
      const candles = [...view.candles.filter((c) => c.start !== candle.start), candle].sort((a, b) => a.start - b.start).slice(-KEEP.candles);
      return { ...view, candles };
    }
    case 'status': {
      const status = event.status;
      if (status.state !== 'open') return { ...view, connection: status };
      const counts = { ...view.counts, opens: view.counts.opens + 1 };
      return { ...view, connection: status, counts, reconnects: Math.max(0, counts.opens - 1) };
    }
    case 'system':
      return { ...view, systemStatus: event.status };
    case 'problem':
      return { ...view, lastError: event.message };
    case 'tick':
      return { ...view, now: event.now, messagesPerSecond: event.frames };
  }
}

/**
 * What the view still lacks before it shows everything (`--once` waits for an empty list):
 * `book`, `ticker`, `trades`, `candles`.
 * @internal
 */
export function missingParts(view: DashboardView, expectCandles: boolean): string[] {
  const missing: string[] = [];
  if (view.book === undefined) missing.push('book');
  if (view.ticker === undefined) missing.push('ticker');
  if (view.trades.length === 0) missing.push('trades');
  if (expectCandles && view.candles.length === 0) missing.push('candles');
  return missing;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
