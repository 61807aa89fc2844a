import { Observable, asyncScheduler, catchError, interval, map, merge, of, scan, throttleTime, type SchedulerLike } from 'rxjs';
import type { KrakenClient } from '../../client/krakenClient';
import { messageOf } from '../args';
import { reduceDashboard, type DashboardEvent, type DashboardView } from './dashboardView';

/**
 * Where the dashboard's events come from: the client's public feeds, and a frame counter.
 * @internal
 */
export interface DashboardSources {
  readonly kraken: KrakenClient;
  readonly pair: string;
  /** Book depth to subscribe. */
  readonly depth: number;
  /** Closed candles of REST history to start the chart with. */
  readonly history: number;
  /** Returns the frames received since the last call. */
  readonly takeFrames: () => number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Every event of the dashboard, built only from the client's public API: the verified book
 * and its sync state, trades, ticker, closed 1-minute candles (with `history` from REST), the
 * connection status, the engine status, non-fatal errors, and a tick per second carrying the
 * frame count. A failing candle feed (e.g. no REST history behind a replay) is shown, not fatal;
 * the book, trades and ticker feeds error the stream.
 * @internal
 */
export function dashboardEvents(sources: DashboardSources): Observable<DashboardEvent> {
  const { kraken, pair, depth } = sources;
  const scheduler = sources.scheduler ?? asyncScheduler;
  return merge(
    kraken.status$.pipe(map((status): DashboardEvent => ({ type: 'status', status }))),
    kraken.systemStatus$.pipe(map((message): DashboardEvent => ({ type: 'system', status: message.status }))),
    kraken.errors$.pipe(map((error): DashboardEvent => ({ type: 'problem', message: error.message }))),
    kraken.bookSync(pair, { depth }).pipe(map((state): DashboardEvent => ({ type: 'sync', state }))),
    kraken.book(pair, { depth }).pipe(map((book): DashboardEvent => ({ type: 'book', book }))),
    kraken.trades(pair).pipe(map((trade): DashboardEvent => ({ type: 'trade', trade }))),
    kraken.ticker(pair).pipe(map((ticker): DashboardEvent => ({ type: 'ticker', ticker }))),
    kraken.candles(pair, { interval: 1, history: sources.history }).pipe(
      map((candle): DashboardEvent => ({ type: 'candle', candle })),
      catchError((error: unknown) => of<DashboardEvent>({ type: 'problem', message: `candles: ${messageOf(error)}` })),
    ),
    interval(1000, scheduler).pipe(map((): DashboardEvent => ({ type: 'tick', now: scheduler.now(), frames: sources.takeFrames() }))),
  );
}

/**
 * The views of a stream of events, one per event.
 * @internal
 */
export function toViews(initial: DashboardView): (events$: Observable<DashboardEvent>) => Observable<DashboardView> {
  return (events$) => events$.pipe(scan(reduceDashboard, initial));
}

/**
 * Conflates views to at most one per `periodMs` (default 100 ms, i.e. 10 frames per second):
 * the first view at once, then the latest one at the end of each period in which views arrived.
 *
 * ```text
 * views:   a-b-c-------d-e--|
 * frames:  a---------c---------(e|)        (period 10 frames: b and d are conflated away)
 * ```
 * @internal
 */
export function frames<T>(periodMs = 100, scheduler: SchedulerLike = asyncScheduler): (views$: Observable<T>) => Observable<T> {
  return (views$) => views$.pipe(throttleTime(periodMs, scheduler, { leading: true, trailing: true }));
}
