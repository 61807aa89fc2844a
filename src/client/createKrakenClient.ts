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
  type SchedulerLike,
} from 'rxjs';
import { KrakenCredentials, type CredentialsConfig } from '../auth/credentials';
import { createTokenSource, type TokenProvider } from '../auth/tokenProvider';
import { openOrdersFeed, ownTradesFeed, type OpenOrdersOptions, type OwnTradeEvent, type OwnTradesOptions } from '../feeds/privateFeeds';
import { applyOpenOrdersMessage, findOrderByUserref, type OpenOrder } from '../private/openOrders';
import type { OpenOrdersMessage } from '../protocol/messages';
import { validateAddOrder, validateEditOrder, type AddOrderParams, type CancelOrderParams, type EditOrderParams } from '../protocol/tradingRequests';
import type { AssetPairs } from '../protocol/restMessages';
import { createPairResolver, nonWsPairNameError } from '../rest/pairResolver';
import { createRestClient, type FetchLike } from '../rest/restClient';
import { closedOrdersByUserref, type ClosedOrder } from '../trading/closedOrders';
import { deadMansSwitch, type DeadMansSwitchConfig } from '../trading/deadMansSwitch';
import {
  addOrder,
  cancelAll,
  cancelAllOrdersAfter,
  cancelOrder,
  editOrder,
  type AddOrderResult,
  type CancelAllOrdersAfterResult,
  type CancelAllResult,
  type CancelOrderResult,
  type EditOrderResult,
  type RequestOptions,
  type TradingCallOptions,
} from '../trading/orders';
import type { TradingContext } from '../trading/tradingRequest';
import type { KrakenError } from '../errors/krakenError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import { AuthenticationError } from '../errors/authenticationError';
import { RequestTimeoutError, type RequestOutcomeInfo } from '../errors/requestErrors';
import { bookMessagesFeed, ohlcFeed, spreadFeed, tickerFeed } from '../feeds/publicFeeds';
import { DEFAULT_TRADE_BACKFILL_CONFIG, tradesFeed, type TradeBackfillConfig, type TradesFeedContext, type TradesOptions } from '../feeds/tradesFeed';
import { createRestPacer } from '../rest/restPacer';
import { DEFAULT_BOOK_RESYNC_CONFIG, bookFeed, bookSyncFeed, type BookFeedContext, type BookResyncConfig, type BookSyncState } from '../feeds/bookFeed';
import type { OrderBook } from '../book/orderBook';
import type { Candle } from '../candles/candle';
import { candlesFeed, type CandlesFeedContext, type CandlesOptions } from '../feeds/candlesFeed';
import type { BookMessage, PublicFeedContext } from '../feeds/publicFeeds';

import type { OhlcUpdate, Spread, Ticker, Trade } from '../feeds/values';
import type { SystemStatusMessage } from '../protocol/messages';
import { pingRequest } from '../protocol/requests';
import type { BackoffConfig } from '../transport/backoff';
import { defaultWebSocketFactory } from '../transport/defaultWebSocketFactory';
import type { RateBudgetConfig } from '../transport/rateBudget';
import { createReconnectingSocket } from '../transport/reconnectingSocket';
import type { ConnectionStatus, LivenessConfig } from '../transport/reconnectingSocket';
import { webSocketFactoryFrom } from '../transport/webSocketLike';
import type { WebSocketFactory, WebSocketLike } from '../transport/webSocketLike';
import { Endpoint } from './endpoint';
import { createReqidSource } from './reqids';
import { DEFAULT_SUBSCRIPTION_CONFIG, type SubscriptionConfig } from './session';
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
 * Options of {@link createKrakenClient}. Every field is optional.
 * @category Client
 * @since 0.1.0
 */
export interface KrakenClientConfig {
  /** Public endpoint. Default `wss://ws.kraken.com`. */
  readonly url?: string;
  /** Private and trading endpoint. Default `wss://ws-auth.kraken.com`. */
  readonly authUrl?: string;
  /** REST API (AssetPairs, OHLC history, tokens). Default `https://api.kraken.com`. */
  readonly restUrl?: string;
  /**
   * How sockets are made: a factory, or a WebSocket constructor such as the browser's
   * native `WebSocket`. Default: the `ws` package in Node, with TLS SNI.
   */
  readonly webSocket?: WebSocketFactory | (new (url: string) => WebSocketLike);
  /** Scheduler of every timer (backoff, linger, liveness, timeouts). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** How long a socket stays open after its last feed left, in ms. Default 1000. */
  readonly lingerMs?: number;
  /** Reconnection backoff (base, cap, attempt limit...). */
  readonly reconnect?: Partial<BackoffConfig>;
  /** Outgoing message budget per connection. Default: a burst of 10, then one per 100 ms. */
  readonly rateBudget?: Partial<RateBudgetConfig>;
  /** Liveness watchdog per socket (default: 5 s of silence is fatal, a ping after 2.5 s); `false` disables it. */
  readonly liveness?: Partial<Omit<LivenessConfig, 'probe'>> | false;
  /** Subscription acknowledgement and first-message timeouts, rate-limit pauses. */
  readonly subscriptions?: Partial<SubscriptionConfig>;
  /** How long `ping()` waits for its `pong`, in ms. Default 5000. */
  readonly pingTimeoutMs?: number;
  /**
   * Your API key and secret, for private feeds and trading. Kept out of every log, error and
   * `toString()`; used only to sign `GetWebSocketsToken` requests.
   */
  readonly credentials?: CredentialsConfig | KrakenCredentials;
  /** Your own source of WebSocket tokens (e.g. your backend), instead of `credentials`. */
  readonly tokenProvider?: TokenProvider;
  /** The `fetch` used for REST calls. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Default deadline of trading requests, in ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
  /**
   * Pair names not in WebSocket form (`XBTUSD`, `XXBTZUSD`): `'resolve'` (default) looks them
   * up in Kraken's AssetPairs and uses the `wsname`; `'strict'` rejects them with a hint naming
   * the `wsname`. Names in WebSocket form (`XBT/USD`) are always sent as given.
   */
  readonly pairNames?: 'resolve' | 'strict';
  /** Backoff of repeated resyncs of one book (`book()`): first at once, then 0.5 s doubling to 30 s. */
  readonly bookResync?: Partial<BookResyncConfig>;
  /**
   * How `trades()` fills the gaps reconnects leave from REST `Trades`: the spacing of those
   * calls across every pair (default 1000 ms, Kraken's public REST rate limit) and the most
   * calls per gap (default 10). `false` turns backfill off for every `trades()` feed.
   */
  readonly tradeBackfill?: Partial<TradeBackfillConfig> | false;
}

/**
 * The defaults of {@link KrakenClientConfig}.
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_KRAKEN_CLIENT_CONFIG = Object.freeze({
  url: 'wss://ws.kraken.com',
  authUrl: 'wss://ws-auth.kraken.com',
  restUrl: 'https://api.kraken.com',
  lingerMs: 1_000,
  pingTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
});

/** Options of `ohlc()`. @category Feeds @since 0.1.0 */
export interface OhlcOptions {
  /** Candle interval in minutes: 1 (default), 5, 15, 30, 60, 240, 1440, 10080 or 21600. */
  readonly interval?: number;
}

/** Options of `bookMessages()`. @category Feeds @since 0.1.0 */
export interface BookOptions {
  /** Levels per side: 10 (default), 25, 100, 500 or 1000. */
  readonly depth?: number;
}

/**
 * A Kraken WebSocket v1 client: cold feeds on one shared, reconnecting socket per endpoint.
 * @category Client
 * @since 0.1.0
 */
export interface KrakenClient {
  /** State of the public socket; replays the current state. */
  readonly status$: Observable<ConnectionStatus>;
  /**
   * Problems that did not end a feed: frames that did not decode, rate limits, stalled
   * subscriptions, checksum resyncs. Hot; never errors.
   */
  readonly errors$: Observable<KrakenError>;
  /** Kraken's `systemStatus` messages (engine online, maintenance, cancel_only...). Replays the last. */
  readonly systemStatus$: Observable<SystemStatusMessage>;
  /** The ticker of one or more pairs. */
  ticker(pairs: string | readonly string[]): Observable<Ticker>;
  /**
   * Public trades, one value per trade, of one or more pairs. After a reconnect the trades
   * made meanwhile are taken from REST `Trades` and emitted first (`backfilled: true`), with
   * no trade lost or repeated at either seam; if REST fails, `TradeGapError` on `errors$`
   * names the window and the feed carries on live. See {@link TradesOptions}.
   */
  trades(pairs: string | readonly string[], options?: TradesOptions): Observable<Trade>;
  /** Best bid and offer of one or more pairs. */
  spread(pairs: string | readonly string[]): Observable<Spread>;
  /** The running OHLC candle, re-sent on every trade (see `toCandles()` for closed candles). */
  ohlc(pairs: string | readonly string[], options?: OhlcOptions): Observable<OhlcUpdate>;
  /** Raw book snapshots and updates (see `toOrderBook()`, or `book()` for a verified book). */
  bookMessages(pairs: string | readonly string[], options?: BookOptions): Observable<BookMessage>;
  /**
   * Verified, self-healing order books: every update's checksum is checked; on a mismatch, a
   * bad frame or a reconnect, that pair alone is resubscribed for a fresh snapshot while other
   * feeds carry on. Emits only books known to be right (see `bookSync()`).
   */
  book(pairs: string | readonly string[], options?: BookOptions): Observable<OrderBook>;
  /**
   * Closed candles of one pair: emitted once each interval is over (see `toCandles()`), after
   * `history` closed candles from Kraken's REST OHLC, with no gap or duplicate at the seam.
   */
  candles(pair: string, options?: CandlesOptions): Observable<Candle>;
  /** Whether each book is `synced`, `awaiting-snapshot` or `resyncing`: gate a strategy on it. */
  bookSync(pairs: string | readonly string[], options?: BookOptions): Observable<BookSyncState>;
  /**
   * Sends a `ping` on the public socket, emits the round trip in ms and completes. Errors with
   * `HeartbeatTimeoutError` when no `pong` arrives within `pingTimeoutMs`, and with Kraken's
   * refusal when it answers the ping with an error (`MessageRateLimitError` for `Exceeded msg rate`).
   */
  ping(): Observable<number>;

  /** State of the private (trading) socket; replays the current state. */
  readonly privateStatus$: Observable<ConnectionStatus>;
  /**
   * Your open orders feed: a snapshot first (for every subscriber), then partial updates.
   * Sequence gaps are healed by resubscribing. Pipe it into `toOpenOrders()` for the live map.
   */
  openOrders(options?: OpenOrdersOptions): Observable<OpenOrdersMessage>;
  /** Your fills, one value per trade, each exactly once across reconnects. */
  ownTrades(options?: OwnTradesOptions): Observable<OwnTradeEvent>;
  /** Places an order; emits Kraken's answer (txid) and completes. Never sent twice. */
  addOrder(params: AddOrderParams, options?: RequestOptions): Observable<AddOrderResult>;
  /** Replaces an order by a new one (new txid). */
  editOrder(params: EditOrderParams, options?: RequestOptions): Observable<EditOrderResult>;
  /** Cancels orders by txid or userref; completes once every id has its answer. */
  cancelOrder(txid: CancelOrderParams['txid'], options?: RequestOptions): Observable<CancelOrderResult>;
  /** Cancels every open order. */
  cancelAll(options?: RequestOptions): Observable<CancelAllResult>;
  /** Sets (seconds) or disables (0) Kraken's dead man's switch once. */
  cancelAllOrdersAfter(timeoutSeconds: number, options?: RequestOptions): Observable<CancelAllOrdersAfterResult>;
  /**
   * Keeps the dead man's switch armed while subscribed; only unsubscribing disarms it. A failed
   * refresh ends the stream with `DeadMansSwitchError` and leaves the switch armed.
   */
  deadMansSwitch(config?: DeadMansSwitchConfig): Observable<CancelAllOrdersAfterResult>;
  /**
   * Looks an order up by its `userref` in a fresh openOrders snapshot: after a request ended
   * with `outcome: 'unknown'`, this tells whether the order was placed and is still open.
   * Emits the order (or `undefined`) and completes.
   *
   * Open orders only: an order that filled, was cancelled or expired meanwhile (a market order
   * at once) is not in the snapshot, and Kraken's ownTrades carry no userref. Ask
   * {@link KrakenClient.findClosedOrdersByUserref | findClosedOrdersByUserref()} too.
   */
  findOrderByUserref(userref: number): Observable<OpenOrder | undefined>;
  /**
   * The orders placed with `userref` that are no longer open (filled, cancelled, expired),
   * most recently closed first, from Kraken's REST `ClosedOrders`: with
   * {@link KrakenClient.findOrderByUserref | findOrderByUserref()}, it tells whether an order
   * whose request ended with `outcome: 'unknown'` was placed, and whether it filled
   * (`status: 'closed'`, `vol_exec`). Emits one array (empty when there is none) and completes.
   *
   * Needs `credentials` (the call is signed like the token request; a `tokenProvider` cannot
   * sign it: `AuthenticationError` `no-credentials`) and a key with the "Query closed orders &
   * trades" permission (otherwise `KrakenRestError` `EGeneral:Permission denied`). Reads up to
   * 20 pages of 50; each call counts against Kraken's REST rate limit.
   * @example
   * ```ts
   * kraken.findClosedOrdersByUserref(42).subscribe((orders) => {
   *   for (const o of orders) console.log(o.id, o.status, o.vol_exec, '@', o.price);
   * });
   * ```
   */
  findClosedOrdersByUserref(userref: number): Observable<readonly ClosedOrder[]>;
  /**
   * Kraken's AssetPairs (REST), fetched once and cached: later calls, and the pair names the
   * feeds resolve, use the same result (a failed fetch is not kept; the next call retries).
   */
  assetPairs(): Observable<AssetPairs>;
  /**
   * The WebSocket name (`wsname`) of a pair name: `XBTUSD`, `XXBTZUSD`, `xbtusd`, `BTCUSD`
   * → `XBT/USD`, looked up in the cached {@link KrakenClient.assetPairs | assetPairs()} (one
   * REST call for the client's lifetime). A name already in WebSocket form (`XBT/USD`) is
   * emitted as given, with no REST call (Kraken is the judge of it when subscribing). Works
   * the same whatever `pairNames` is, so a strict client can look names up explicitly.
   * Emits once and completes; errors with {@link InvalidArgumentError} (with a hint where
   * one is known) for a malformed or unknown name.
   * @example
   * ```ts
   * kraken.resolvePair('XXBTZUSD').subscribe((wsname) => console.log(wsname)); // 'XBT/USD'
   * const wsname = await firstValueFrom(kraken.resolvePair('ETHXBT'));        // 'ETH/XBT'
   * ```
   */
  resolvePair(name: string): Observable<string>;
  /** Ends every feed and closes every socket for good. */
  close(): void;
}

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
