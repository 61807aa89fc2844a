import type { Observable } from 'rxjs';
import type { OrderBook } from '../book/orderBook';
import type { Candle } from '../candles/candle';
import type { KrakenError } from '../errors/krakenError';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- resolves {@link InvalidArgumentError} in resolvePair's doc, which FakeKrakenClient (testing entry) inherits
import type { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookSyncState } from '../feeds/bookFeed';
import type { CandlesOptions } from '../feeds/candlesFeed';
import type { OpenOrdersOptions, OwnTradeEvent, OwnTradesOptions } from '../feeds/privateFeeds';
import type { BookMessage } from '../feeds/publicFeeds';
import type { TradesOptions } from '../feeds/tradesFeed';
import type { OhlcUpdate, Spread, Ticker, Trade } from '../feeds/values';
import type { OpenOrder } from '../private/openOrders';
import type { OpenOrdersMessage, SystemStatusMessage } from '../protocol/messages';
import type { AssetPairs } from '../protocol/restMessages';
import type { AddOrderParams, CancelOrderParams, EditOrderParams } from '../protocol/tradingRequests';
import type { ClosedOrder } from '../trading/closedOrders';
import type { DeadMansSwitchConfig } from '../trading/deadMansSwitch';
import type {
  AddOrderResult,
  CancelAllOrdersAfterResult,
  CancelAllResult,
  CancelOrderResult,
  EditOrderResult,
  RequestOptions,
} from '../trading/orders';
import type { ConnectionStatus } from '../transport/connection';
import type { BookOptions, OhlcOptions } from './clientConfig';

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
