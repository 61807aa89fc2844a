import { Observable, map, merge, switchMap } from 'rxjs';
import type { Endpoint } from '../client/endpoint';
import type { PublicChannelSpec } from '../client/channelSpec';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';
import { channelData } from './channelData';
import { ohlcUpdateOf, spreadOf, tickerOf } from './values';
import type { OhlcUpdate, Spread, Ticker } from './values';

/**
 * Turns the pairs a user named into WebSocket names (see the client's pair resolver).
 * @internal
 */
export type PairsResolver = (pairs: readonly string[]) => Observable<readonly string[]>;

/** A book message, as `bookMessages()` emits and `toOrderBook()` consumes. @category Feeds @since 0.1.0 */
export type BookMessage = BookSnapshotMessage | BookUpdateMessage;

/** @internal */
export interface PublicFeedContext {
  readonly endpoint: Endpoint;
  readonly resolvePairs: PairsResolver;
}

/** One channel per pair, merged; all subscribed in the same tick, so batched into one request. @internal */
export function perPair<T>(
  context: PublicFeedContext,
  pairs: readonly string[],
  feed: (pair: string) => Observable<T>,
): Observable<T> {
  return context.resolvePairs(pairs).pipe(switchMap((resolved) => merge(...resolved.map(feed))));
}

function spec(name: PublicChannelSpec['name'], pair: string, extra: { depth?: number; interval?: number } = {}): PublicChannelSpec {
  return { scope: 'public', name, pair, ...extra };
}

/** @internal */
export function tickerFeed(context: PublicFeedContext, pairs: readonly string[]): Observable<Ticker> {
  return perPair(context, pairs, (pair) => context.endpoint.channel(spec('ticker', pair)).pipe(channelData('ticker'), map(tickerOf)));
}

/** @internal */
export function spreadFeed(context: PublicFeedContext, pairs: readonly string[]): Observable<Spread> {
  return perPair(context, pairs, (pair) => context.endpoint.channel(spec('spread', pair)).pipe(channelData('spread'), map(spreadOf)));
}

/** @internal */
export function ohlcFeed(context: PublicFeedContext, pairs: readonly string[], interval: number): Observable<OhlcUpdate> {
  return perPair(context, pairs, (pair) =>
    context.endpoint.channel(spec('ohlc', pair, { interval })).pipe(channelData('ohlc'), map(ohlcUpdateOf)),
  );
}

/** @internal */
export function bookMessagesFeed(context: PublicFeedContext, pairs: readonly string[], depth: number): Observable<BookMessage> {
  return perPair(context, pairs, (pair) =>
    context.endpoint.channel(spec('book', pair, { depth })).pipe(channelData('bookSnapshot', 'bookUpdate')),
  );
}
