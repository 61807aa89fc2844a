/**
 * Public types of the embedded Kraken v1 simulator (`kraken-rx/simulator`).
 * @module
 */

/**
 * One simulated trading pair. Only `wsname`, `priceDecimals` and `startPrice` are required;
 * the REST names default to the `wsname` without its slash.
 *
 * @example
 * ```ts
 * const pair: SimulatorPairConfig = { wsname: 'SOL/EUR', priceDecimals: 2, startPrice: '150.00' };
 * const sim = await startSimulator({ pairs: ['XBT/USD', pair] });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorPairConfig {
  /** The WebSocket pair name, `BASE/QUOTE` (e.g. `XBT/USD`). */
  readonly wsname: string;
  /** Price decimals (`pair_decimals` in REST AssetPairs): the tick is 10^-priceDecimals. */
  readonly priceDecimals: number;
  /**
   * Decimals of prices on the WebSocket (book, ticker, spread, trade, ohlc). Kraken pads some
   * pairs beyond `pair_decimals` (XBT/USD prices arrive as `"27120.00000"` although the tick is
   * 0.1). Default: `priceDecimals`. REST always uses `priceDecimals`.
   */
  readonly wsPriceDecimals?: number;
  /** Volume decimals (`lot_decimals`). Default 8. */
  readonly lotDecimals?: number;
  /** The price the market starts at (where the generated history ends), e.g. `"30000.0"`. */
  readonly startPrice: string;
  /** The typical volume of one book level, e.g. `"0.5"`. Default `"1"`. */
  readonly typicalVolume?: string;
  /** Target number of levels per side (kept within ±8%). Default 1200 (deeper than 1000). */
  readonly levelsPerSide?: number;
  /** REST pair key, e.g. `XXBTZUSD`. Default: `altname`. */
  readonly restName?: string;
  /** REST `altname`, e.g. `XBTUSD`. Default: `wsname` without the slash. */
  readonly altname?: string;
  /** REST `base` asset code, e.g. `XXBT`. Default: the part before the slash. */
  readonly base?: string;
  /** REST `quote` asset code, e.g. `ZUSD`. Default: the part after the slash. */
  readonly quote?: string;
  /** REST `ordermin`. Default: one lot-decimal unit times 10^4 (e.g. `"0.0001"`). */
  readonly ordermin?: string;
  /** REST `costmin`. Default `"0.5"`. */
  readonly costmin?: string;
  /** REST `cost_decimals`. Default `max(priceDecimals, 5)`. */
  readonly costDecimals?: number;
}

/**
 * Options of {@link startSimulator}. Every field is optional; defaults are in
 * `DEFAULT_SIMULATOR_CONFIG`.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ seed: 7, paused: true, heartbeatIntervalMs: 200 });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Seed of every random choice (market, history, connection ids). Default 1. */
  readonly seed?: number;
  /**
   * The pairs to simulate: names of built-in pairs (`DEFAULT_PAIRS`), other `BASE/QUOTE` names
   * (a configuration is derived from the name), or full configurations.
   * Default: every built-in pair.
   */
  readonly pairs?: readonly (string | SimulatorPairConfig)[];
  /** Market events per second per pair while running. Default 10. 0 = only `market.step()`. */
  readonly eventsPerSecond?: number;
  /** Start in manual mode: nothing happens until `market.step()` or `market.resume()`. */
  readonly paused?: boolean;
  /** Heartbeat after this many ms without any outgoing message on a subscribed connection. Default 1000. */
  readonly heartbeatIntervalMs?: number;
  /**
   * Close a connection that has held no subscription and sent nothing for this many ms
   * (Kraken: about 60 s, protocol reference 11.4). `false` disables. Default 60000.
   */
  readonly idleCloseMs?: number | false;
  /**
   * Trades sent on a new `trade` subscription: `false`/0 none (default, as recorded in 2021),
   * `true` the last 50 (as newer docs say), or a number.
   */
  readonly tradeSnapshot?: boolean | number;
  /** Minutes of deterministic trade history generated before start (REST OHLC, ticker 24 h). Default 1440. */
  readonly historyMinutes?: number;
  /** Trades kept per pair for {@link Simulator.trades}. Default 10000. */
  readonly tradeLogSize?: number;
  /** `version` in `systemStatus`. Default `"1.9.2"`. */
  readonly version?: string;
  /**
   * The time source in ms since the epoch (default: wall time). Inject a fixed or stepped clock
   * to make timestamps deterministic too. Token lifetimes, order expiry and the trading rate
   * counter follow it; the dead man's switch and response delays use real timers.
   */
  readonly clock?: () => number;
  /**
   * The API key pair `POST /0/private/GetWebSocketsToken` accepts. Default:
   * `SIMULATOR_TEST_CREDENTIALS`. The secret must be base64 (as Kraken's are).
   */
  readonly credentials?: SimulatorCredentials;
  /** How long an issued WebSocket token may wait for its first use, ms. Default 900000 (15 min). */
  readonly tokenTtlMs?: number;
  /**
   * Fees of the simulated account in percent of the cost, as decimal strings with at most 4
   * decimals. Default `{ maker: '0.16', taker: '0.26' }` (Kraken's entry tier).
   */
  readonly fees?: { readonly maker?: string; readonly taker?: string };
  /**
   * The per-pair trading rate counter (protocol reference 11.3): threshold (`maxratecount`) and
   * decay per second. Default `{ maxCount: 125, decayPerSecond: 2.34 }` (Intermediate tier);
   * `false` turns it off.
   */
  readonly tradingRateLimit?: SimulatorRateLimit | false;
}

/**
 * An API key pair for the simulator's private REST endpoint.
 * @example
 * ```ts
 * const sim = await startSimulator({ credentials: { apiKey: 'my-key', apiSecret: 'c2VjcmV0' } });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorCredentials {
  readonly apiKey: string;
  /** Base64, as Kraken's private keys. */
  readonly apiSecret: string;
}

/**
 * Kraken's trading rate counter settings (protocol reference 11.3).
 * @example
 * ```ts
 * const sim = await startSimulator({ tradingRateLimit: { maxCount: 60, decayPerSecond: 1 } }); // Starter tier
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorRateLimit {
  /** Threshold; `maxratecount` in the `openOrders` subscription status. */
  readonly maxCount: number;
  /** Decay of the counter per second. */
  readonly decayPerSecond: number;
}

/**
 * Status of an order of the simulated account (`openOrders`, protocol reference 8.3).
 * @example
 * ```ts
 * const open = sim.orders().filter((o) => o.status === 'open');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorOrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

/**
 * An order of the simulated account as the simulator holds it (wire strings).
 * @example
 * ```ts
 * const order = sim.orders().find((o) => o.userref === 42);
 * console.log(order?.status, order?.volumeExecuted, order?.avgPrice);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorOrder {
  readonly txid: string;
  readonly pair: string;
  readonly type: 'buy' | 'sell';
  readonly orderType: 'limit' | 'market';
  /** Limit price (WebSocket decimals); `undefined` for a market order. */
  readonly price: string | undefined;
  readonly volume: string;
  readonly volumeExecuted: string;
  readonly cost: string;
  readonly fee: string;
  readonly avgPrice: string;
  readonly status: SimulatorOrderStatus;
  readonly userref: number;
  /** Comma list, as on the wire (e.g. `post,fciq`). */
  readonly oflags: string;
  readonly timeInForce: 'GTC' | 'IOC' | 'GTD';
  readonly openTime: string;
  /** When it reached a terminal status. */
  readonly closeTime: string | undefined;
  readonly expireTime: string | undefined;
  readonly cancelReason: string | undefined;
  /** The order this one replaced (`editOrder`), if any. */
  readonly refid: string | null;
}

/**
 * A trade of the simulated account, as on `ownTrades` (wire strings).
 * @example
 * ```ts
 * const fees = sim.ownTrades().map((t) => t.fee);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorOwnTrade {
  readonly id: string;
  readonly orderTxid: string;
  readonly pair: string;
  readonly type: 'buy' | 'sell';
  readonly orderType: 'limit' | 'market';
  /** Price (the volume-weighted price of a consolidated taker trade). */
  readonly price: string;
  readonly volume: string;
  readonly cost: string;
  readonly fee: string;
  readonly time: string;
  /** True when the account's order was resting (maker fee). */
  readonly maker: boolean;
  readonly userref: number;
}

/**
 * An order for {@link Simulator.placeOrder}.
 * @example
 * ```ts
 * // another trader sells 0.5 XBT at market: it fills the account's resting bids first in line
 * sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.5' });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorOrderRequest {
  readonly pair: string;
  readonly type: 'buy' | 'sell';
  readonly ordertype: 'limit' | 'market';
  readonly volume: string;
  /** Limit price (limit orders). */
  readonly price?: string;
  /**
   * Who places it: `'market'` (default) another trader, whose order takes liquidity (filling
   * resting account orders it reaches) and rests as anonymous market volume; `'account'` the
   * simulated account itself from another client (a web UI, another bot): it is validated like
   * an `addOrder` and appears on `openOrders`/`ownTrades`.
   */
  readonly by?: 'market' | 'account';
  /** Account orders only. */
  readonly userref?: number;
  /** Account orders only: comma list, e.g. `post`. */
  readonly oflags?: string;
  /** Account orders only. */
  readonly timeinforce?: 'GTC' | 'IOC' | 'GTD';
  /** Account orders only: `+<seconds>` or a Unix time. */
  readonly expiretm?: string;
}

/**
 * What {@link Simulator.placeOrder} did.
 * @example
 * ```ts
 * const { trades } = sim.placeOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '1' });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorPlacedOrder {
  /** The account order's txid (`by: 'account'`); `undefined` for another trader's order. */
  readonly txid: string | undefined;
  /** Kraken's description, as in `addOrderStatus`. */
  readonly descr: string;
  /** The public trades it made. */
  readonly trades: readonly SimulatorTrade[];
}

/**
 * The engine status announced in `systemStatus` (protocol reference 4.1).
 * @example
 * ```ts
 * sim.setSystemStatus('maintenance');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorSystemStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only' | 'limit_only';

/**
 * Book depths Kraken offers (`book-<depth>`).
 * @example
 * ```ts
 * const depth: SimulatorBookDepth = 1000;
 * const top = sim.trueBook('XBT/USD', depth);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorBookDepth = 10 | 25 | 100 | 500 | 1000;

/**
 * OHLC intervals in minutes (`ohlc-<interval>`).
 * @example
 * ```ts
 * const hourly = sim.candles('XBT/USD', 60);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorOhlcInterval = 1 | 5 | 15 | 30 | 60 | 240 | 1440 | 10080 | 21600;

/**
 * One change of the simulator's true book: the new total volume at a price (`"0.00000000"`
 * deletes), as wire strings.
 * @example
 * ```ts
 * const [event] = sim.market.step(1, { pair: 'XBT/USD' });
 * const deletes = event?.changes.filter((c) => c.volume === '0.00000000');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorBookChange {
  readonly side: 'a' | 'b';
  readonly price: string;
  readonly volume: string;
  readonly time: string;
}

/**
 * One trade of the simulated market, as wire strings. `side` is the taker side (`b` buy,
 * `s` sell), `orderType` the taker order type (`m` market, `l` limit).
 * @example
 * ```ts
 * const buys = sim.trades('XBT/USD').filter((t) => t.side === 'b');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorTrade {
  readonly pair: string;
  readonly price: string;
  readonly volume: string;
  readonly time: string;
  readonly side: 'b' | 's';
  readonly orderType: 'm' | 'l';
}

/**
 * What kind of engine event changed the market.
 * - `place`: an order adds volume to a level (new level or existing one);
 * - `cancel`: volume leaves a level (partly or fully);
 * - `amend`: a level's volume is replaced (sometimes twice in one event);
 * - `trade`: a market order consumes levels of one side (trade messages, one-sided book update);
 * - `sweep`: a limit order crosses, consumes levels and rests its remainder on the other side
 *   (trades and a book update touching both sides: Kraken's two-dict message);
 * - `requote`: a market maker moves volume on both sides at once (two-dict message, no trade);
 * - `ladder`: a market maker re-ladders one side: several inserts, amends and cancels around
 *   one rank in one event (levels pushed out of a window and touched again in the same message).
 * @example
 * ```ts
 * sim.market.step(1, { pair: 'ETH/USD', kind: 'sweep' }); // a two-dict book update
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorEventKind = 'place' | 'cancel' | 'amend' | 'trade' | 'sweep' | 'requote' | 'ladder';

/**
 * One market event of one pair: the ordered book changes (including the deep levels added to
 * keep the book deeper than 1000) and the trades it produced.
 * @example
 * ```ts
 * const off = sim.market.onEvent((e) => console.log(e.pair, e.kind, e.trades.length));
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorMarketEvent {
  readonly pair: string;
  /** 1, 2, 3... per pair. */
  readonly seq: number;
  readonly kind: SimulatorEventKind;
  readonly time: string;
  readonly changes: readonly SimulatorBookChange[];
  readonly trades: readonly SimulatorTrade[];
}

/**
 * One OHLC candle of the simulated market, formatted as on the WebSocket (`ohlc-<interval>`).
 * @example
 * ```ts
 * const running = sim.candles('XBT/USD', 1).at(-1);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorCandle {
  /** Interval start, seconds since the epoch (the REST row's `time`). */
  readonly start: number;
  /** Time of the last trade in the candle (`time` on the WebSocket). */
  readonly time: string;
  /** Interval end (`etime`), e.g. `"1699797240.000000"`. */
  readonly etime: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly vwap: string;
  readonly volume: string;
  readonly count: number;
}

/**
 * The top of the simulator's true book: `[price, volume]` wire strings, asks ascending and bids
 * descending.
 * @example
 * ```ts
 * const { asks, bids } = sim.trueBook('XBT/USD', 10);
 * const [bestAskPrice, bestAskVolume] = asks[0] ?? [];
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorTrueBook {
  readonly asks: readonly (readonly [string, string])[];
  readonly bids: readonly (readonly [string, string])[];
}

/**
 * Which endpoint a connection or message belongs to: `public` (`/`) or `private` (`/auth`).
 * @example
 * ```ts
 * const privateRequests = sim.received.filter((r) => r.endpoint === 'private');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export type SimulatorEndpoint = 'public' | 'private';

/**
 * One inbound WebSocket message, as logged in {@link Simulator.received}.
 * @example
 * ```ts
 * const subscribes = sim.received.filter((r) => (r.message as { event?: string })?.event === 'subscribe');
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorReceivedMessage {
  /** The simulator's own connection number (1, 2, 3...), not Kraken's `connectionID`. */
  readonly connectionId: number;
  readonly endpoint: SimulatorEndpoint;
  /** The frame as received. */
  readonly raw: string;
  /** The parsed JSON, or `undefined` when the frame was not JSON. */
  readonly message: unknown;
  /** True when the `messageRateLimit` fault refused the message (it was not processed). */
  readonly rateLimited: boolean;
  /** Simulator clock in ms when it arrived. */
  readonly at: number;
}

/**
 * Market controls: pause/resume the event timer and step it by hand for deterministic tests.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ paused: true });
 * const events = sim.market.step(3, { pair: 'XBT/USD', kind: 'trade' });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorMarket {
  /** The simulated pairs (`wsname`). */
  readonly pairs: readonly string[];
  /** True while the event timer is stopped. */
  readonly paused: boolean;
  /** Stops the event timer. */
  pause(): void;
  /** Restarts the event timer. */
  resume(): void;
  /**
   * Runs `count` events (default 1) for every pair (or only `options.pair`), synchronously,
   * sending their messages, and returns them. `options.kind` forces the kind of event.
   */
  step(count?: number, options?: { readonly pair?: string; readonly kind?: SimulatorEventKind }): SimulatorMarketEvent[];
  /** Calls `listener` after every event (timer or step). Returns a function that removes it. */
  onEvent(listener: (event: SimulatorMarketEvent) => void): () => void;
}

/**
 * Fault injection, for testing how a client survives a misbehaving exchange.
 *
 * @example
 * ```ts
 * sim.faults.refuseConnections({ status: 403, count: 2 }); // the next two upgrades fail
 * sim.faults.corruptNextChecksum('XBT/USD');              // the next book update lies
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulatorFaults {
  /**
   * Ends every connection: abruptly (TCP destroyed, the client sees 1006) by default, or with
   * a close frame carrying `code` (and `reason`) when given.
   */
  dropAll(code?: number, reason?: string): void;
  /**
   * Stops sending anything (data, responses, heartbeats) for `ms` (or until {@link resume}).
   * Data and responses are held and delivered on resume, as a frozen network would; heartbeats
   * due during the stall are skipped. Inbound messages are still processed.
   */
  stall(ms?: number): void;
  /** Ends a stall and delivers what was held. */
  resume(): void;
  /** True while stalled. */
  readonly stalled: boolean;
  /** Sends `text` (default `{not json`, which is not JSON) to every public connection. */
  sendMalformed(text?: string): void;
  /** Sends `text` verbatim to every connection of `endpoint` (default `public`). */
  sendRaw(text: string, endpoint?: SimulatorEndpoint | 'all'): void;
  /**
   * Cuts a connection in the middle of a book snapshot: once `after` (default 1) more book
   * snapshots have gone out whole, on any connection, the next one is written as half a
   * WebSocket frame (its header announces the whole snapshot) and the TCP connection is ended.
   * The client never receives that frame, nor the statuses and snapshots of the request's
   * later pairs: it sees 1006. Pair it with {@link dropAll} to hit the resubscription after a
   * reconnect, where one subscribe asks for several books. Stays armed until it fires or
   * {@link reset}.
   */
  dropMidSnapshot(options?: { readonly after?: number }): void;
  /** The next book update of `pair` carries a wrong `c`, at every depth currently subscribed. */
  corruptNextChecksum(pair: string): void;
  /** Refuses the next `count` upgrades (default: all, until {@link reset}) with HTTP `status`. */
  refuseConnections(options: { readonly status: number; readonly count?: number }): void;
  /**
   * The next `count` connections are accepted, sent Kraken's connection-limit error and closed
   * (see `connectionRateLimit` in the implementation for the unconfirmed shape).
   */
  connectionRateLimit(options: { readonly count: number }): void;
  /**
   * The next `count` inbound messages, on either endpoint, are refused with
   * `Exceeded msg rate` and not processed.
   */
  messageRateLimit(options: { readonly count: number }): void;
  /**
   * The next trading request (`addOrder`, `editOrder`, `cancelOrder`, `cancelAll`,
   * `cancelAllOrdersAfter`) is processed — the order is placed, cancelled... — but its
   * connection is dropped (1006) before the answer is sent. Feed messages go to the other
   * connections as usual.
   */
  dropAfterNextOrder(): void;
  /**
   * Every trading answer (`*Status`) is sent `ms` later (0 ends it); `openOrders`/`ownTrades`
   * messages are not delayed, so they can overtake the answer.
   */
  delayResponses(ms: number): void;
  /**
   * The next `n` trading answers (on any connection; a `cancelOrder` naming k ids gives k) are
   * held until all arrived, then sent in a shuffled order (never the original one).
   */
  reorderResponses(n: number): void;
  /**
   * Revokes every token issued so far, including those held by live private subscriptions:
   * later subscriptions and trading requests with them get `ESession:Invalid session`.
   * Existing subscriptions keep streaming. New tokens work.
   */
  expireTokens(): void;
  /** The next `count` `addOrder`/`editOrder` requests are refused with `EOrder:Rate limit exceeded`. */
  tradingRateLimit(options: { readonly count: number }): void;
  /**
   * Clears every pending fault and ends a stall; held answers go out in their original order.
   * (Revoked tokens stay revoked.)
   */
  reset(): void;
}

/**
 * A running simulator, as returned by {@link startSimulator}.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ seed: 7 });
 * console.log(sim.url, sim.authUrl, sim.restUrl);
 * await sim.close();
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface Simulator {
  /** Public endpoint, `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** Private endpoint, `ws://127.0.0.1:PORT/auth`. */
  readonly authUrl: string;
  /** REST base, `http://127.0.0.1:PORT` (paths under `/0/...`). */
  readonly restUrl: string;
  /** The bound TCP port. */
  readonly port: number;
  /** Fault injection. */
  readonly faults: SimulatorFaults;
  /** Market controls. */
  readonly market: SimulatorMarket;
  /** Number of open WebSocket connections (both endpoints). */
  readonly connectionCount: number;
  /** Every inbound WebSocket message so far, in arrival order. */
  readonly received: readonly SimulatorReceivedMessage[];
  /** Empties {@link received}. */
  clearReceived(): void;
  /** The best `depth` (default 10) levels per side of the true book of `pair`. */
  trueBook(pair: string, depth?: number): SimulatorTrueBook;
  /** Recent live trades (oldest first) of `pair`, or of every pair interleaved in time order. */
  trades(pair?: string): readonly SimulatorTrade[];
  /** The candles of `pair` at `interval` (history and live, oldest first; the last may be running). */
  candles(pair: string, interval: SimulatorOhlcInterval): readonly SimulatorCandle[];
  /**
   * Announces a new engine status to every connection (`systemStatus` without `connectionID`).
   * `cancel_only`, `post_only` and `maintenance` also stop matching (no random trades).
   */
  setSystemStatus(status: SimulatorSystemStatus): void;
  /** Every order of the simulated account (open and terminal), in placement order. */
  orders(): readonly SimulatorOrder[];
  /**
   * The account's trades, oldest first: one per taker order (as `ownTrades` sends by default)
   * or, with `consolidateTaker: false`, one per fill.
   */
  ownTrades(options?: { readonly consolidateTaker?: boolean }): readonly SimulatorOwnTrade[];
  /**
   * How many inbound messages (both endpoints, refused ones included: they were sent) had this
   * `event`, optionally only those with this `reqid` and/or `userref` (compared as text) — to
   * prove that a request was never sent twice.
   */
  requestCount(event: string, filter?: { readonly reqid?: number; readonly userref?: number | string }): number;
  /**
   * Places an order as if from outside the tested client: another trader (default) or the
   * account from another client. Synchronous: the book, the feeds and {@link orders} reflect it
   * when it returns. Throws `InvalidArgumentError` carrying Kraken's error text when the order
   * is refused (a bad field, or the engine mode set by {@link setSystemStatus}).
   */
  placeOrder(order: SimulatorOrderRequest): SimulatorPlacedOrder;
  /** Issues a WebSocket token without the REST call (it expires like any other). */
  issueToken(): string;
  /**
   * Every WebSocket token issued so far (by `GetWebSocketsToken` or {@link issueToken}), oldest
   * first, expired and revoked ones included: a test can check that a client fetched a new
   * one, and that none ever appears in its errors or logs.
   */
  issuedTokens(): readonly string[];
  /** Closes every connection, the server and every timer. */
  close(): Promise<void>;
}
