import { Observable, catchError, map, of, share, switchMap, take } from 'rxjs';
import type { Candle } from '../candles/candle';
import { closedCandlesFromRest } from '../candles/restCandles';
import type { KrakenError } from '../errors/krakenError';
import { toCandles } from '../operators/toCandles';
import { withCandleHistory } from '../operators/withCandleHistory';
import type { OhlcInterval } from '../protocol/channels';
import type { AssetPairs, OhlcHistory } from '../protocol/restMessages';
import { ohlcFeed, type PublicFeedContext } from './publicFeeds';
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
 * @internal
 */
export function candlesFeed(context: CandlesFeedContext, pair: string, interval: OhlcInterval, options: CandlesOptions): Observable<Candle> {
  return context.resolvePairs([pair]).pipe(
    switchMap(([wsname]) => {
      const updates$ = ohlcFeed(context, [wsname as string], interval).pipe(share());
      const live$ = updates$.pipe(
        toCandles({
          scheduler: context.scheduler,
          onRevision: (revision) => context.report(revision),
          ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
          ...(options.includeRunning === undefined ? {} : { includeRunning: options.includeRunning }),
        }),
      );
      const history = options.history ?? 0;
      if (history <= 0) return live$;
      const intervalMs = interval * 60_000;
      // History is fetched once the live feed has sent its first candle: REST then covers every
      // interval before it, whatever time passed between subscribing and fetching (otherwise an
      // interval ending in between would be missing from both).
      const history$ = updates$.pipe(
        take(1),
        switchMap(() => restNameOf(context, wsname as string)),
        switchMap((restName) => context.restOhlc(restName, interval)),
        map((answer) => closedCandlesFromRest(answer.rows, wsname as string, intervalMs).slice(-history)),
      );
      return live$.pipe(withCandleHistory(history$, { onGap: (gap) => context.report(gap) }));
    }),
  );
}

/**
 * Kraken's REST OHLC takes REST pair names (`XBTUSD`); the WebSocket name is translated with
 * AssetPairs (cached). If AssetPairs cannot be read, the WebSocket name is tried as is.
 */
function restNameOf(context: CandlesFeedContext, wsname: string): Observable<string> {
  return context.assetPairs().pipe(
    map((pairs) => Object.values(pairs).find((p) => p.wsname === wsname)?.altname ?? wsname),
    catchError(() => of(wsname)),
  );
}
