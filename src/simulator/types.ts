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
   * to make timestamps deterministic too.
   */
  readonly clock?: () => number;
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
  /** The next book update of `pair` carries a wrong `c`, at every depth currently subscribed. */
  corruptNextChecksum(pair: string): void;
  /** Refuses the next `count` upgrades (default: all, until {@link reset}) with HTTP `status`. */
  refuseConnections(options: { readonly status: number; readonly count?: number }): void;
  /**
   * The next `count` connections are accepted, sent Kraken's connection-limit error and closed
   * (see `connectionRateLimit` in the implementation for the unconfirmed shape).
   */
  connectionRateLimit(options: { readonly count: number }): void;
  /** The next `count` inbound messages are refused with `Exceeded msg rate` and not processed. */
  messageRateLimit(options: { readonly count: number }): void;
  /** Clears every pending fault and ends a stall. */
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
  /** Announces a new engine status to every connection (`systemStatus` without `connectionID`). */
  setSystemStatus(status: SimulatorSystemStatus): void;
  /** Closes every connection, the server and every timer. */
  close(): Promise<void>;
}
