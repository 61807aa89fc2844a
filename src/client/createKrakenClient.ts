import {
  Observable,
  ReplaySubject,
  Subject,
  asyncScheduler,
  defer,
  filter,
  forkJoin,
  map,
  of,
  share,
  switchMap,
  take,
  tap,
  throwError,
  timeout,
} from 'rxjs';
import { KrakenCredentials } from '../auth/credentials';
import { createTokenSource } from '../auth/tokenProvider';
import { openOrdersFeed, ownTradesFeed } from '../feeds/privateFeeds';
import { applyOpenOrdersMessage, findOrderByUserref } from '../private/openOrders';
import { validateAddOrder, validateEditOrder, type AddOrderParams, type EditOrderParams } from '../protocol/tradingRequests';
import type { AssetPairs } from '../protocol/restMessages';
import { createPairResolver, nonWsPairNameError } from '../rest/pairResolver';
import { createRestClient } from '../rest/restClient';
import { closedOrdersByUserref } from '../trading/closedOrders';
import { deadMansSwitch } from '../trading/deadMansSwitch';
import {
  addOrder,
  cancelAll,
  cancelAllOrdersAfter,
  cancelOrder,
  editOrder,
  type RequestOptions,
  type TradingCallOptions,
} from '../trading/orders';
import type { TradingContext } from '../trading/tradingRequest';
import type { KrakenError } from '../errors/krakenError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { AuthenticationError } from '../errors/authenticationError';
import { RequestTimeoutError, type RequestOutcomeInfo } from '../errors/requestErrors';
import { bookMessagesFeed, ohlcFeed, spreadFeed, tickerFeed } from '../feeds/publicFeeds';
import { DEFAULT_TRADE_BACKFILL_CONFIG, tradesFeed, type TradesFeedContext } from '../feeds/tradesFeed';
import { createRestPacer } from '../rest/restPacer';
import { DEFAULT_BOOK_RESYNC_CONFIG, bookFeed, bookSyncFeed, type BookFeedContext } from '../feeds/bookFeed';
import { candlesFeed, type CandlesFeedContext } from '../feeds/candlesFeed';
import type { PublicFeedContext } from '../feeds/publicFeeds';

import type { SystemStatusMessage } from '../protocol/messages';
import { pingRequest } from '../protocol/requests';
import { defaultWebSocketFactory } from '../transport/defaultWebSocketFactory';
import { createReconnectingSocket } from '../transport/reconnectingSocket';
import { webSocketFactoryFrom } from '../transport/webSocketLike';
import type { WebSocketFactory, WebSocketLike } from '../transport/webSocketLike';
import { DEFAULT_KRAKEN_CLIENT_CONFIG, type BookOptions, type KrakenClientConfig } from './clientConfig';
import { Endpoint } from './endpoint';
import type { KrakenClient } from './krakenClient';
import { createReqidSource } from './reqids';
import { DEFAULT_SUBSCRIPTION_CONFIG, type SubscriptionConfig } from './subscriptionConfig';
import {
  checkBoolean,
  checkClientConfig,
  checkDepth,
  checkInterval,
  checkOptions,
  checkPairs,
  checkRequestOptions,
  checkUserref,
  isWsPairName,
} from './validateArguments';

/**
 * Creates a Kraken client. Nothing connects until a feed is subscribed.
 *
 * @example
 * ```ts
 * import { createKrakenClient } from 'kraken-rx';
 * const kraken = createKrakenClient();
 * const sub = kraken.ticker('XBT/USD').subscribe((t) => console.log(t.bid.price, t.ask.price));
 * // later: sub.unsubscribe(); kraken.close();
 * ```
 * @category Client
 * @since 0.1.0
 */
export function createKrakenClient(config: KrakenClientConfig = {}): KrakenClient {
  checkClientConfig(config);
  const scheduler = config.scheduler ?? asyncScheduler;
  const url = config.url ?? DEFAULT_KRAKEN_CLIENT_CONFIG.url;
  const reqids = createReqidSource();
  const errors$ = new Subject<KrakenError>();
  const systemStatus$ = new ReplaySubject<SystemStatusMessage>(1);
  const webSocketFactory = toFactory(config.webSocket);
  const subscriptionConfig: SubscriptionConfig = { ...DEFAULT_SUBSCRIPTION_CONFIG, ...config.subscriptions };
  const pingTimeoutMs = config.pingTimeoutMs ?? DEFAULT_KRAKEN_CLIENT_CONFIG.pingTimeoutMs;

  const publicSocket = createReconnectingSocket({
    url,
    webSocketFactory,
    scheduler,
    lingerMs: config.lingerMs ?? DEFAULT_KRAKEN_CLIENT_CONFIG.lingerMs,
    ...(config.reconnect === undefined ? {} : { backoff: config.reconnect }),
    ...(config.rateBudget === undefined ? {} : { rateBudget: config.rateBudget }),
    liveness: config.liveness === false ? false : { ...config.liveness, probe: () => pingRequest(reqids.next()) },
  });
  const publicEndpoint = new Endpoint(publicSocket, {
    url,
    reqids,
    scheduler,
    config: subscriptionConfig,
    report: (error) => errors$.next(error),
    systemStatus: (message) => systemStatus$.next(message),
  });

  const authUrl = config.authUrl ?? DEFAULT_KRAKEN_CLIENT_CONFIG.authUrl;
  const rest = createRestClient({
    restUrl: config.restUrl ?? DEFAULT_KRAKEN_CLIENT_CONFIG.restUrl,
    scheduler,
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  });
  const credentials =
    config.credentials === undefined || config.credentials instanceof KrakenCredentials
      ? config.credentials
      : new KrakenCredentials(config.credentials);
  const tokens = createTokenSource({
    rest,
    ...(credentials === undefined ? {} : { credentials }),
    ...(config.tokenProvider === undefined ? {} : { tokenProvider: config.tokenProvider }),
  });
  const privateSocket = createReconnectingSocket({
    url: authUrl,
    webSocketFactory,
    scheduler,
    lingerMs: config.lingerMs ?? DEFAULT_KRAKEN_CLIENT_CONFIG.lingerMs,
    ...(config.reconnect === undefined ? {} : { backoff: config.reconnect }),
    ...(config.rateBudget === undefined ? {} : { rateBudget: config.rateBudget }),
    liveness: config.liveness === false ? false : { ...config.liveness, probe: () => pingRequest(reqids.next()) },
  });
  const privateEndpoint = new Endpoint(privateSocket, {
    url: authUrl,
    reqids,
    scheduler,
    config: subscriptionConfig,
    report: (error) => errors$.next(error),
    systemStatus: (message) => systemStatus$.next(message),
    token: () => tokens.token(),
    onInvalidToken: (token) => tokens.invalidate(token),
  });

  // One cached AssetPairs for kraken.assetPairs() and the pair resolver.
  let assetPairs$: Observable<AssetPairs> | undefined;
  const assetPairs = (): Observable<AssetPairs> => (assetPairs$ ??= rest.assetPairs().pipe(shareReplayOnSuccess()));
  const pairResolver = createPairResolver({ assetPairs });
  const strictPairs = config.pairNames === 'strict';
  const resolvePairs = (pairs: readonly string[]): Observable<readonly string[]> => {
    if (strictPairs) {
      // Strict: WebSocket names only, refused locally (no REST call) with a guessed wsname.
      const other = pairs.find((pair) => !isWsPairName(pair));
      return other === undefined ? of(pairs) : throwError(() => nonWsPairNameError(other));
    }
    return forkJoin(pairs.map((pair) => pairResolver.resolve(pair)));
  };
  const context: PublicFeedContext = { endpoint: publicEndpoint, resolvePairs };
  const bookContext: BookFeedContext = {
    ...context,
    scheduler,
    report: (error) => errors$.next(error),
    resync: { ...DEFAULT_BOOK_RESYNC_CONFIG, ...config.bookResync },
  };
  // Public REST calls made by the feeds (candle history and repairs, trades backfill) share one
  // queue, one at a time and spaced, so a reconnect of many feeds stays within Kraken's REST limits.
  const tradeBackfill = config.tradeBackfill === false ? undefined : { ...DEFAULT_TRADE_BACKFILL_CONFIG, ...config.tradeBackfill };
  const pacedRest = createRestPacer({ minIntervalMs: (tradeBackfill ?? DEFAULT_TRADE_BACKFILL_CONFIG).minIntervalMs, scheduler });
  const candlesContext: CandlesFeedContext = {
    ...context,
    scheduler,
    report: (error) => errors$.next(error),
    restOhlc: (pair, interval) => pacedRest(rest.ohlc(pair, interval)),
    assetPairs,
  };
  // Trades backfill: on by default when REST serves the same market as the socket (a restUrl
  // was given, or both are Kraken's defaults). Every pair's REST Trades calls share one queue.
  const backfillByDefault = tradeBackfill !== undefined && (config.restUrl !== undefined || url === DEFAULT_KRAKEN_CLIENT_CONFIG.url);
  const tradesContext: TradesFeedContext = {
    ...context,
    report: (error) => errors$.next(error),
    restTrades: (pair, since) => pacedRest(rest.trades(pair, since)),
    assetPairs,
    maxRequests: (tradeBackfill ?? DEFAULT_TRADE_BACKFILL_CONFIG).maxRequests,
  };
  const privateContext = { endpoint: privateEndpoint, report: (error: KrakenError) => errors$.next(error) };
  const trading: TradingContext = {
    endpoint: privateEndpoint,
    reqids,
    scheduler,
    timeoutMs: config.requestTimeoutMs ?? DEFAULT_KRAKEN_CLIENT_CONFIG.requestTimeoutMs,
  };

  /** Validates arguments on subscribe, before anything touches the network. */
  function feed<T>(build: () => Observable<T>): Observable<T> {
    return defer(() => {
      try {
        return build();
      } catch (error) {
        return throwError(() => error);
      }
    });
  }

  /**
   * A trading request whose parameters hold a pair: once the other parameters are valid, a
   * malformed pair is refused, and a REST name (`XBTUSD`) is resolved like the feeds' pairs
   * (or refused with a hint in strict mode) before the request is sent.
   *
   * The request's timeout bounds the whole call, the lookup included: a lookup that outlasts
   * it fails the call with a `not-sent` RequestTimeoutError, and the request itself gets what
   * is left of it (an order no longer takes the REST timeout plus the request timeout to fail).
   */
  function withWsPair<P extends { readonly pair: string }, T>(
    params: P,
    valid: boolean,
    options: RequestOptions | undefined,
    /** What a timeout during the lookup reports (asked only of valid parameters). */
    outcomeOf: (params: P) => Pick<RequestOutcomeInfo, 'request' | 'userref' | 'txid'>,
    send: (params: P, options: TradingCallOptions | undefined) => Observable<T>,
  ): Observable<T> {
    // Invalid parameters: the request errors with InvalidOrderError listing every problem.
    if (!valid) return send(params, options);
    const [pair] = checkPairs(params.pair);
    if (pair === undefined || isWsPairName(pair)) return send(params, options);
    return defer(() => {
      const timeoutMs = options?.timeoutMs ?? trading.timeoutMs;
      const deadline = scheduler.now() + timeoutMs;
      return resolvePairs([pair]).pipe(
        timeout({
          first: timeoutMs,
          scheduler,
          with: () => throwError(() => new RequestTimeoutError({ ...outcomeOf(params), outcome: 'not-sent', timeoutMs })),
        }),
        switchMap(([wsname]) =>
          send({ ...params, pair: wsname ?? pair }, { timeoutMs: Math.max(1, deadline - scheduler.now()), totalTimeoutMs: timeoutMs }),
        ),
      );
    });
  }

  /** The book feeds take the same arguments: pairs and `{ depth }`. */
  function bookFeedOf<T>(
    pairs: string | readonly string[],
    options: BookOptions | undefined,
    build: (pairs: readonly string[], depth: number) => Observable<T>,
  ): Observable<T> {
    return feed(() => {
      checkOptions(options, ['depth']);
      return build(checkPairs(pairs), checkDepth(options?.depth));
    });
  }

  return {
    status$: publicEndpoint.status$,
    errors$: errors$.asObservable(),
    systemStatus$: systemStatus$.asObservable(),
    ticker: (pairs) => feed(() => tickerFeed(context, checkPairs(pairs))),
    trades: (pairs, options) =>
      feed(() => {
        checkOptions(options, ['backfill']);
        checkBoolean(options?.backfill, 'backfill');
        return tradesFeed(tradesContext, checkPairs(pairs), options?.backfill ?? backfillByDefault);
      }),
    spread: (pairs) => feed(() => spreadFeed(context, checkPairs(pairs))),
    ohlc: (pairs, options) =>
      feed(() => {
        checkOptions(options, ['interval']);
        return ohlcFeed(context, checkPairs(pairs), checkInterval(options?.interval));
      }),
    bookMessages: (pairs, options) => bookFeedOf(pairs, options, (checked, depth) => bookMessagesFeed(context, checked, depth)),
    candles: (pair, options) =>
      feed(() => {
        checkOptions(options, ['interval', 'history', 'graceMs', 'includeRunning']);
        checkBoolean(options?.includeRunning, 'includeRunning');
        if (typeof pair !== 'string') {
          throw new InvalidArgumentError('pair', pair, 'one pair such as "XBT/USD" (candles() follows one pair per call)');
        }
        const [one] = checkPairs(pair);
        const history = options?.history;
        if (history !== undefined && !(Number.isInteger(history) && history >= 0 && history <= 719)) {
          throw new InvalidArgumentError('history', history, 'an integer from 0 to 719 (closed candles from REST)');
        }
        return candlesFeed(candlesContext, one as string, checkInterval(options?.interval), options ?? {});
      }),
    book: (pairs, options) => bookFeedOf(pairs, options, (checked, depth) => bookFeed(bookContext, checked, depth)),
    bookSync: (pairs, options) => bookFeedOf(pairs, options, (checked, depth) => bookSyncFeed(bookContext, checked, depth)),
    ping: () => publicEndpoint.ping(pingTimeoutMs, scheduler),
    privateStatus$: privateEndpoint.status$,
    openOrders: (options) =>
      feed(() => {
        checkOptions(options, ['rateCounter']);
        checkBoolean(options?.rateCounter, 'rateCounter');
        return openOrdersFeed(privateContext, options ?? {});
      }),
    ownTrades: (options) =>
      feed(() => {
        checkOptions(options, ['snapshot', 'consolidateTaker']);
        checkBoolean(options?.snapshot, 'snapshot');
        checkBoolean(options?.consolidateTaker, 'consolidateTaker');
        return ownTradesFeed(privateContext, options ?? {});
      }),
    addOrder: (params, options) =>
      feed(() => {
        checkRequestOptions(options);
        const outcomeOf = (p: AddOrderParams) => ({ request: 'addOrder', ...(p.userref === undefined ? {} : { userref: p.userref }) });
        return withWsPair(params, validateAddOrder(params).ok, options, outcomeOf, (p, o) => addOrder(trading, p, o));
      }),
    editOrder: (params, options) =>
      feed(() => {
        checkRequestOptions(options);
        const outcomeOf = (p: EditOrderParams) => ({
          request: 'editOrder',
          txid: [String(p.orderid)],
          ...(p.newuserref === undefined ? {} : { userref: p.newuserref }),
        });
        return withWsPair(params, validateEditOrder(params).ok, options, outcomeOf, (p, o) => editOrder(trading, p, o));
      }),
    cancelOrder: (txid, options) =>
      feed(() => {
        checkRequestOptions(options);
        return cancelOrder(trading, { txid }, options);
      }),
    cancelAll: (options) =>
      feed(() => {
        checkRequestOptions(options);
        return cancelAll(trading, options);
      }),
    cancelAllOrdersAfter: (timeoutSeconds, options) =>
      feed(() => {
        checkRequestOptions(options);
        return cancelAllOrdersAfter(trading, { timeout: timeoutSeconds }, options);
      }),
    deadMansSwitch: (switchConfig) =>
      feed(() => {
        checkOptions(switchConfig, ['timeoutSeconds', 'refreshSeconds']);
        return deadMansSwitch(trading, switchConfig ?? {}, (error) => errors$.next(error));
      }),
    findOrderByUserref: (userref) =>
      feed(() => {
        checkUserref(userref);
        return openOrdersFeed(privateContext, {}).pipe(
          take(1),
          filter((message) => message.sequence === 1 || message.sequence === undefined),
          map((snapshot) => findOrderByUserref(applyOpenOrdersMessage(undefined, snapshot), userref)),
        );
      }),
    findClosedOrdersByUserref: (userref) =>
      feed(() => {
        checkUserref(userref);
        if (credentials === undefined) {
          throw new AuthenticationError(
            'no-credentials',
            "Closed orders come from Kraken's REST ClosedOrders, which only `credentials` can sign (a tokenProvider cannot).",
          );
        }
        return closedOrdersByUserref(rest, credentials, userref);
      }),
    assetPairs,
    resolvePair: (name) =>
      feed(() => {
        if (typeof name !== 'string') throw new InvalidArgumentError('pair', name, 'one pair name such as "XBT/USD" or "XBTUSD"');
        const [one] = checkPairs(name);
        return pairResolver.resolve(one as string);
      }),
    close() {
      publicEndpoint.close();
      privateEndpoint.close();
      errors$.complete();
      systemStatus$.complete();
    },
  };
}

function toFactory(webSocket: KrakenClientConfig['webSocket']): WebSocketFactory {
  if (webSocket === undefined) return defaultWebSocketFactory;
  // A class (constructor) has a prototype whose constructor is itself; a factory arrow function has none.
  const prototype: unknown = (webSocket as { prototype?: unknown }).prototype;
  if (typeof prototype === 'object' && prototype !== null && (prototype as { constructor?: unknown }).constructor === webSocket) {
    return webSocketFactoryFrom(webSocket as new (url: string) => WebSocketLike);
  }
  return webSocket as WebSocketFactory;
}

/** Shares one successful result with every later subscriber; a failure is not kept. */
function shareReplayOnSuccess<T>(): (source: Observable<T>) => Observable<T> {
  return (source) => {
    let cached: { value: T } | undefined;
    let inFlight: Observable<T> | undefined;
    return defer(() => {
      if (cached !== undefined) return of(cached.value);
      inFlight ??= source.pipe(
        tap({
          next: (value) => (cached = { value }),
          error: () => (inFlight = undefined),
        }),
        share(),
      );
      return inFlight;
    });
  };
}
