import { EMPTY, Observable, Subject, catchError, defer, from, mergeMap, share, switchMap, takeUntil, throwError } from 'rxjs';
import type { PublicChannelSpec } from '../client/channelSpec';
import { KrakenError } from '../errors/krakenError';
import { TradeGapError } from '../errors/tradeGapError';
import type { AssetPairs, TradesHistory } from '../protocol/restMessages';
import { channelData } from './channelData';
import { perPair, type PublicFeedContext } from './publicFeeds';
import { restPairName } from './restPairName';
import { TradeSeams, type BackfillRequest } from './tradeSeams';
import { tradesOf, type Trade } from './values';

/**
 * Options of `kraken.trades()`.
 * @category Feeds
 * @since 0.1.0
 */
export interface TradesOptions {
  /**
   * Fill the gap a reconnect leaves from Kraken's REST `Trades` endpoint (see
   * {@link TradeBackfillConfig}). Default: on when the client has a REST API for its
   * WebSocket (a `restUrl` is configured, or both URLs are Kraken's defaults) and
   * `tradeBackfill` is not `false`.
   */
  readonly backfill?: boolean;
}

/**
 * How `kraken.trades()` fills the gaps reconnects leave (client option `tradeBackfill`).
 *
 * Kraken's v1 trade channel does not replay the trades made while a subscription was down;
 * the feed asks REST `GET /0/public/Trades?pair=...&since=...` for them once it is subscribed
 * again. Kraken rate-limits public REST calls per IP (roughly one per second sustained), so
 * the calls of every pair of a client go through one queue, one at a time and spaced by
 * `minIntervalMs`: after a reconnect with many trade feeds, the last pair's missed trades
 * (and its live trades, held back meanwhile) come `pairs × minIntervalMs` later.
 * @category Feeds
 * @since 0.1.0
 */
export interface TradeBackfillConfig {
  /**
   * Least time between two public REST calls the client's feeds make (all pairs together: these
   * Trades calls, and the OHLC calls of `candles()` history and repairs), in ms. Default 1000.
   */
  readonly minIntervalMs: number;
  /**
   * Most REST calls for one gap: one per 1000 trades missed, and one more each time REST has
   * not yet caught up with the live feed. Beyond it the rest of the gap is reported
   * (`TradeGapError`, reason `incomplete`). Default 10.
   */
  readonly maxRequests: number;
}

/**
 * Defaults of {@link TradeBackfillConfig}.
 * @category Feeds
 * @since 0.1.0
 */
export const DEFAULT_TRADE_BACKFILL_CONFIG: TradeBackfillConfig = Object.freeze({ minIntervalMs: 1000, maxRequests: 10 });

/** @internal */
export interface TradesFeedContext extends PublicFeedContext {
  readonly report: (error: KrakenError) => void;
  /** REST Trades by REST pair name, already paced with every other backfill call. */
  readonly restTrades: (restPair: string, since: string) => Observable<TradesHistory>;
  readonly assetPairs: () => Observable<AssetPairs>;
  readonly maxRequests: number;
}

function tradeSpec(pair: string): PublicChannelSpec {
  return { scope: 'public', name: 'trade', pair };
}

/**
 * `kraken.trades()`: one value per trade of the pairs, as Kraken's trade channel sends them;
 * with `backfill`, the trades made while a subscription was interrupted are added from REST
 * (see {@link TradeSeams}).
 * @internal
 */
export function tradesFeed(context: TradesFeedContext, pairs: readonly string[], backfill: boolean): Observable<Trade> {
  return perPair(context, pairs, (pair) =>
    backfill
      ? context.endpoint.shared(`trades+backfill|${pair}`, () =>
          backfilledTrades(context, pair).pipe(share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true })),
        )
      : context.endpoint.channel(tradeSpec(pair)).pipe(
          channelData('trade'),
          mergeMap((message) => from(tradesOf(message))),
        ),
  );
}

/**
 * One pair's trades with the gaps filled. One engine per pair is shared by every subscriber
 * (one REST call per gap, whatever the number of subscribers).
 */
function backfilledTrades(context: TradesFeedContext, pair: string): Observable<Trade> {
  return defer(() => {
    const seams = new TradeSeams(pair);
    const stopped$ = new Subject<void>();
    const stop = (): Observable<Trade> => {
      seams.stopped();
      stopped$.next();
      return EMPTY;
    };
    return context.endpoint.channel(tradeSpec(pair)).pipe(
      mergeMap((event): Observable<Trade> => {
        switch (event.kind) {
          case 'trade': {
            const out = seams.live(tradesOf(event));
            return out.length === 0 ? EMPTY : from(out);
          }
          case 'interrupted':
            return stop();
          case 'requested':
            return event.reason === 'subscribe' ? EMPTY : stop();
          case 'subscribed': {
            const request = seams.request();
            return request === undefined ? EMPTY : fillGap(context, pair, seams, request).pipe(takeUntil(stopped$));
          }
          case 'invalid':
            // As every feed: a frame of this channel that did not decode ends it with its DecodeError.
            return throwError(() => event.error);
          default:
            return EMPTY;
        }
      }),
    );
  });
}

/** Fetches the gap's trades page by page; emits them with the live trades held back meanwhile. */
function fillGap(context: TradesFeedContext, pair: string, seams: TradeSeams, request: BackfillRequest): Observable<Trade> {
  const page = (since: string, n: number): Observable<Trade> =>
    restPairName(context.assetPairs, pair).pipe(
      switchMap((restPair) => context.restTrades(restPair, since)),
      switchMap((answer) => {
        const outcome = seams.page(answer.trades, answer.last);
        return outcome.more && n < context.maxRequests ? page(outcome.since, n + 1) : finish();
      }),
    );
  const finish = (): Observable<Trade> => {
    const { trades, complete, from: windowFrom, to } = seams.restored();
    if (!complete) {
      context.report(new TradeGapError({ pair, from: windowFrom, ...(to === undefined ? {} : { to }), since: request.since, reason: 'incomplete' }));
    }
    return from(trades);
  };
  return page(request.since, 1).pipe(
    catchError((error: unknown) => {
      const failed = seams.failed();
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      context.report(
        new TradeGapError({ pair, from: failed.from, ...(failed.to === undefined ? {} : { to: failed.to }), since: failed.since, reason: 'rest-failed', detail }),
      );
      return from(failed.trades);
    }),
  );
}
