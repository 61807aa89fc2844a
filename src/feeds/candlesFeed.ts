import { Observable, catchError, concatMap, defer, filter, map, of, share, switchMap, take, tap, type MonoTypeOperatorFunction } from 'rxjs';
import type { Candle } from '../candles/candle';
import { krakenTimeToMs } from '../candles/krakenTime';
import { closedCandlesFromRest } from '../candles/restCandles';
import type { PublicChannelSpec } from '../client/channelSpec';
import { KrakenError } from '../errors/krakenError';
import { toCandles } from '../operators/toCandles';
import { withCandleHistory } from '../operators/withCandleHistory';
import type { OhlcInterval } from '../protocol/channels';
import type { AssetPairs, OhlcHistory } from '../protocol/restMessages';
import { UnexpectedError } from '../errors/sessionErrors';
import { channelData } from './channelData';
import type { PublicFeedContext } from './publicFeeds';
import { restPairName } from './restPairName';
import { ohlcUpdateOf, type OhlcUpdate } from './values';
import type { SchedulerLike } from 'rxjs';

/**
 * Options of `kraken.candles()`.
 * @category Feeds
 * @since 0.1.0
 */
export interface CandlesOptions {
  /** Candle interval in minutes (Kraken's ohlc intervals): 1 (default), 5, 15, 30, 60, 240, 1440, 10080, 21600. */
  readonly interval?: number;
  /**
   * How many closed candles of history to emit first, from Kraken's REST OHLC endpoint (at most
   * 719: Kraken returns 720 rows, the last still running). Default 0: live candles only.
   */
  readonly history?: number;
  /** How long after an interval's end a candle is closed when no newer update came (ms). Default 2000. */
  readonly graceMs?: number;
  /** Also emit the running candle (`final: false`) on every update. Default false. */
  readonly includeRunning?: boolean;
}

/** @internal */
export interface CandlesFeedContext extends PublicFeedContext {
  readonly scheduler: SchedulerLike;
  readonly report: (error: KrakenError) => void;
  readonly restOhlc: (pair: string, interval: OhlcInterval) => Observable<OhlcHistory>;
  readonly assetPairs: () => Observable<AssetPairs>;
}

/**
 * `kraken.candles()`: closed candles of one pair, optionally preceded by REST history with no
 * gap and no duplicate at the seam. Late updates that would change an emitted candle, and gaps
 * between history and live, are reported on `errors$` (never emitted twice).
 *
 * Across an interruption of the ohlc subscription (a reconnect, a resubscription) Kraken
 * re-sends only the running candle: the last updates of the interval that was running when
 * the feed stopped, and every interval that passed while it was down, never come. Those
 * candles are taken from REST OHLC instead (see {@link repairAfterGaps}).
 * @internal
 */
export function candlesFeed(context: CandlesFeedContext, pair: string, interval: OhlcInterval, options: CandlesOptions): Observable<Candle> {
  return context.resolvePairs([pair]).pipe(
    switchMap(([resolved]) =>
      defer(() => {
        const wsname = resolved as string;
        const intervalMs = interval * 60_000;
        const gaps = new OhlcGaps();
        const spec: PublicChannelSpec = { scope: 'public', name: 'ohlc', pair: wsname, interval };
        const updates$ = context.endpoint.channel(spec).pipe(
          tap((event) => {
            if (event.kind === 'interrupted' || (event.kind === 'requested' && event.reason !== 'subscribe')) gaps.stopped();
          }),
          channelData('ohlc'),
          map(ohlcUpdateOf),
          tap((update) => gaps.received(update)),
          share(),
        );
        const closedFromRest = (): Observable<readonly Candle[]> =>
          restPairName(context.assetPairs, wsname).pipe(
            switchMap((restName) => context.restOhlc(restName, interval)),
            map((answer) => closedCandlesFromRest(answer.rows, wsname, intervalMs)),
          );
        const live$ = updates$.pipe(
          toCandles({
            scheduler: context.scheduler,
            onRevision: (revision) => context.report(revision),
            ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
            ...(options.includeRunning === undefined ? {} : { includeRunning: options.includeRunning }),
          }),
          repairAfterGaps(gaps, intervalMs, closedFromRest, (error) =>
            context.report(error instanceof KrakenError ? (error as KrakenError) : new UnexpectedError('candles: repair from REST OHLC', error)),
          ),
        );
        const history = options.history ?? 0;
        if (history <= 0) return live$;
        // History is fetched once the live feed has sent its first candle: REST then covers every
        // interval before it, whatever time passed between subscribing and fetching (otherwise an
        // interval ending in between would be missing from both).
        const history$ = updates$.pipe(
          take(1),
          switchMap(closedFromRest),
          map((closed) => closed.slice(-history)),
        );
        return live$.pipe(withCandleHistory(history$, { onGap: (gap) => context.report(gap) }));
      }),
    ),
  );
}

/**
 * Follows the interruptions of an ohlc subscription and the intervals they leave in doubt.
 * When the feed stops, the candle that was running may miss its last updates. When it starts
 * again with an update for a later interval, every interval from that one up to (not
 * including) the new one is in doubt: closed with trades missing, or never sent at all. An
 * update for the same interval is Kraken's running candle re-sent whole: no doubt remains.
 * @internal
 */
export class OhlcGaps {
  /** Start (ms) of the newest interval an update was received for. */
  private newest: number | undefined;
  /** The feed stopped and no update came since. */
  private down = false;
  /** Start of the first interval in doubt, while there is one. */
  from: number | undefined;
  /** Once the feed is back: start of the first interval known whole (the doubt ends before it). */
  until: number | undefined;

  stopped(): void {
    this.down = true;
    if (this.from === undefined && this.newest !== undefined) this.from = this.newest;
  }

  received(update: OhlcUpdate): void {
    const start = krakenTimeToMs(update.etime) - update.interval * 60_000;
    if (this.down) {
      this.down = false;
      if (this.from !== undefined && start <= this.from) this.clear();
      else if (this.from !== undefined) this.until = start;
    }
    if (this.newest === undefined || start > this.newest) this.newest = start;
  }

  /** Whether the closed candle starting at `start` is in doubt. */
  doubts(start: number): boolean {
    return this.from !== undefined && start >= this.from && (this.until === undefined || start < this.until);
  }

  /** Every interval before `end` (exclusive) is settled. */
  settledBefore(end: number): void {
    if (this.from === undefined) return;
    this.from = end;
    if (this.until !== undefined && this.from >= this.until) this.clear();
  }

  private clear(): void {
    this.from = undefined;
    this.until = undefined;
  }
}

/**
 * Replaces a closed candle that a gap left in doubt by REST OHLC's candle of that interval,
 * and adds the candles of the intervals the gap hid (up to the interval the feed came back
 * in), in order. When no closed candle in doubt comes (the one running at the drop had
 * already closed), the hidden intervals are fetched before the first candle after the gap.
 * Candles outside a gap pass unchanged; no final candle is ever emitted twice.
 * If REST fails, the error is reported and the candle is emitted as the feed left it.
 * @internal
 */
export function repairAfterGaps(
  gaps: OhlcGaps,
  intervalMs: number,
  closedFromRest: () => Observable<readonly Candle[]>,
  report: (error: unknown) => void,
): MonoTypeOperatorFunction<Candle> {
  return (source) =>
    defer(() => {
      let lastFinal: number | undefined;
      return source.pipe(
        // Decided when the candle is emitted (the gap state is current then), run in order.
        map((candle): Observable<Candle> => {
          const inDoubt = candle.final && gaps.doubts(candle.start);
          // A gap the feed came back from, before this candle, that no closed candle in doubt
          // brought up (the candle running at the drop had already been closed by the grace
          // timer): the intervals it hid must still be fetched, before this candle.
          const passedGap = !inDoubt && gaps.from !== undefined && gaps.until !== undefined && candle.start >= gaps.until;
          if (!inDoubt && !passedGap) return of(candle);
          const end = inDoubt ? (gaps.until ?? candle.start + intervalMs) : (gaps.until as number);
          // Intervals already emitted as final before the drop are settled (closed in time).
          const from = passedGap && lastFinal !== undefined ? Math.max(gaps.from as number, lastFinal + intervalMs) : (gaps.from as number);
          gaps.settledBefore(end);
          if (from >= end) return of(candle);
          return closedFromRest().pipe(
            map((closed) => {
              const repaired = closed.filter((c) => c.start >= from && c.start < end);
              return repaired.some((c) => c.start === candle.start) ? repaired : [...repaired, candle].sort((x, y) => x.start - y.start);
            }),
            catchError((error: unknown) => {
              report(error);
              return of([candle]);
            }),
            concatMap((candles) => candles),
          );
        }),
        concatMap((candle$) => candle$),
        filter((candle) => {
          if (!candle.final) return true;
          if (lastFinal !== undefined && candle.start <= lastFinal) return false;
          lastFinal = candle.start;
          return true;
        }),
      );
    });
}
