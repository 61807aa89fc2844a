import { applyBookMessage } from '../book/applyBookMessage';
import type { OrderBook } from '../book/orderBook';
import type { BookMessage } from '../feeds/publicFeeds';
import type { OhlcUpdate, Spread, Ticker, Trade } from '../feeds/values';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookLevelTuple } from '../protocol/bookLevels';
import type {
  BookSideUpdate,
  BookSnapshotMessage,
  BookUpdateMessage,
  HeartbeatMessage,
  OhlcMessage,
  OpenOrdersMessage,
  OwnTradesMessage,
  PongMessage,
  SpreadMessage,
  SubscriptionStatusMessage,
  SystemStatusMessage,
  TickerMessage,
  TradeMessage,
} from '../protocol/messages';
import type { OpenOrderPatch, OwnTrade } from '../protocol/privateMessages';
import type { SubscriptionEcho } from '../protocol/eventMessages';

/**
 * Where a public message comes from: Kraken's `channelID` (any number; a client routes by
 * channel name and pair, never by it). Default 42.
 * @example
 * ```ts
 * const options: ChannelOptions = { channelID: 336 };
 * const message = tradeMessage([buildTrade()], options);
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface ChannelOptions {
  readonly channelID?: number;
}

const DEFAULT_CHANNEL_ID = 42;

/**
 * A trade message (Kraken's `[channelID, [[price, volume, time, side, orderType, misc], ...],
 * "trade", pair]`) carrying the given trades, which must share one pair. The trade feed emits
 * exactly these trades back, one value each.
 *
 * @example
 * ```ts
 * const message = tradeMessage([buildTrade({ price: '30001.00000' }), buildTrade({ side: 'sell' })]);
 * fakeSocket.serverSend(encodeFrame(message));
 * ```
 * @param trades One or more trades of one pair, in engine order.
 * @param options `channelID` (default 42).
 * @return The typed message; {@link encodeFrame} writes its wire text.
 * @throws {InvalidArgumentError} With no trade, or trades of several pairs.
 * @category Testing
 * @since 0.1.0
 */
export function tradeMessage(trades: readonly Trade[], options: ChannelOptions = {}): TradeMessage {
  const pair = onePair(trades, 'trades');
  return {
    kind: 'trade',
    channelID: options.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: 'trade',
    pair,
    trades: trades.map((t) => [t.price, t.volume, t.time, t.side === 'buy' ? 'b' : 's', t.orderType === 'market' ? 'm' : 'l', t.misc] as const),
  };
}

/**
 * A ticker message carrying the given {@link Ticker}; the ticker feed emits it back unchanged.
 *
 * @example
 * ```ts
 * const message = tickerMessage(buildTicker({ pair: 'ETH/USD' }));
 * ```
 * @param ticker The ticker to send.
 * @param options `channelID` (default 42).
 * @return The typed message; {@link encodeFrame} writes its wire text.
 * @category Testing
 * @since 0.1.0
 */
export function tickerMessage(ticker: Ticker, options: ChannelOptions = {}): TickerMessage {
  const pair2 = <T>(x: { readonly today: T; readonly last24h: T }): [T, T] => [x.today, x.last24h];
  return {
    kind: 'ticker',
    channelID: options.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: 'ticker',
    pair: ticker.pair,
    data: {
      a: [ticker.ask.price, ticker.ask.wholeLotVolume, ticker.ask.lotVolume],
      b: [ticker.bid.price, ticker.bid.wholeLotVolume, ticker.bid.lotVolume],
      c: [ticker.last.price, ticker.last.volume],
      v: pair2(ticker.volume),
      p: pair2(ticker.vwap),
      t: pair2(ticker.trades),
      l: pair2(ticker.low),
      h: pair2(ticker.high),
      o: pair2(ticker.open),
    },
  };
}

/**
 * A spread message carrying the given {@link Spread}; the spread feed emits it back unchanged.
 *
 * @example
 * ```ts
 * const message = spreadMessage(buildSpread({ bid: '29990.00000' }));
 * ```
 * @param spread The best bid and offer to send.
 * @param options `channelID` (default 42).
 * @return The typed message; {@link encodeFrame} writes its wire text.
 * @category Testing
 * @since 0.1.0
 */
export function spreadMessage(spread: Spread, options: ChannelOptions = {}): SpreadMessage {
  return {
    kind: 'spread',
    channelID: options.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: 'spread',
    pair: spread.pair,
    data: [spread.bid, spread.ask, spread.timestamp, spread.bidVolume, spread.askVolume],
  };
}

/**
 * An ohlc message (channel `ohlc-<interval>`) carrying the given {@link OhlcUpdate}; the ohlc
 * feed emits it back unchanged.
 *
 * @example
 * ```ts
 * const message = ohlcMessage(buildOhlcUpdate({ interval: 5, close: '30010.00000' }));
 * message.channelName; // 'ohlc-5'
 * ```
 * @param update The running candle to send.
 * @param options `channelID` (default 42).
 * @return The typed message; {@link encodeFrame} writes its wire text.
 * @category Testing
 * @since 0.1.0
 */
export function ohlcMessage(update: OhlcUpdate, options: ChannelOptions = {}): OhlcMessage {
  return {
    kind: 'ohlc',
    channelID: options.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: `ohlc-${update.interval}`,
    interval: update.interval,
    pair: update.pair,
    data: [update.time, update.etime, update.open, update.high, update.low, update.close, update.vwap, update.volume, update.count],
  };
}

/**
 * One book level for {@link bookSnapshotMessage} and {@link bookUpdateMessage}: `[price,
 * volume]`, Kraken's own tuple `[price, volume, timestamp]` (optionally with `"r"`), or an
 * object such as a `BookLevel` of a book. A missing timestamp defaults to the builder's
 * `timestamp`. A volume of zero (`"0.00000000"`) in an update deletes the level.
 * @example
 * ```ts
 * const levels: BookLevelInput[] = [['30000.0', '1.5'], { price: '30000.1', volume: '0.2' }];
 * ```
 * @category Testing
 * @since 0.1.0
 */
export type BookLevelInput =
  | readonly [price: string, volume: string]
  | BookLevelTuple
  | { readonly price: string; readonly volume: string; readonly timestamp?: string };

/**
 * What {@link bookSnapshotMessage} builds a snapshot from.
 * @example
 * ```ts
 * const input: BookSnapshotInput = { pair: 'XBT/USD', depth: 10, asks: [['30000.1', '1']], bids: [['30000.0', '2']] };
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface BookSnapshotInput extends ChannelOptions {
  /** Default `XBT/USD`. */
  readonly pair?: string;
  /** The subscribed depth (channel `book-<depth>`). Default 10. */
  readonly depth?: number;
  /** Asks, best (lowest) first. */
  readonly asks: readonly BookLevelInput[];
  /** Bids, best (highest) first. */
  readonly bids: readonly BookLevelInput[];
  /** Timestamp of levels given without one. Default `"1700000000.000000"`. */
  readonly timestamp?: string;
}

/**
 * A book snapshot message (`{"as": [...], "bs": [...]}` on channel `book-<depth>`), for
 * `toOrderBook()` directly or for a fake socket through {@link encodeFrame}.
 *
 * @example
 * ```ts
 * const snapshot = bookSnapshotMessage({
 *   pair: 'XBT/USD',
 *   depth: 10,
 *   asks: [['30000.1', '1.0'], ['30000.2', '2.0']],
 *   bids: [['30000.0', '1.5']],
 * });
 * of(snapshot).pipe(toOrderBook()).subscribe((book) => console.log(book.checksum));
 * ```
 * @param input Pair, depth and the levels of each side, best first.
 * @return The typed message.
 * @see bookUpdateMessage for updates with a right (or deliberately wrong) checksum.
 * @category Testing
 * @since 0.1.0
 */
export function bookSnapshotMessage(input: BookSnapshotInput): BookSnapshotMessage {
  const depth = input.depth ?? 10;
  const timestamp = input.timestamp ?? DEFAULT_TIMESTAMP;
  return {
    kind: 'bookSnapshot',
    channelID: input.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: `book-${depth}`,
    depth,
    pair: input.pair ?? 'XBT/USD',
    asks: input.asks.map((level) => toTuple(level, timestamp)),
    bids: input.bids.map((level) => toTuple(level, timestamp)),
  };
}

/**
 * The changes {@link bookUpdateMessage} puts in an update.
 * @example
 * ```ts
 * const changes: BookChanges = { asks: [['30000.1', '0.00000000']], bids: [['30000.0', '3.0']] };
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface BookChanges extends ChannelOptions {
  /** Ask levels to set (a zero volume deletes), in wire order. */
  readonly asks?: readonly BookLevelInput[];
  /** Bid levels to set (a zero volume deletes), in wire order. */
  readonly bids?: readonly BookLevelInput[];
  /**
   * The checksum `c` to send. Default: the right one, computed by applying the changes to the
   * book; give another to test a checksum mismatch, or `null` to send none.
   */
  readonly checksum?: string | null;
  /** Timestamp of levels given without one. Default `"1700000000.000000"`. */
  readonly timestamp?: string;
}

/**
 * A book update message for a book in a known state, with Kraken's checksum of the book after
 * it: asks and bids become two dicts, as Kraken sends them, and the checksum goes in the last.
 *
 * @example
 * ```ts
 * const snapshot = bookSnapshotMessage({ asks: [['30000.1', '1.0']], bids: [['30000.0', '1.5']] });
 * const update = bookUpdateMessage(snapshot, { bids: [['30000.0', '0.00000000'], ['29999.9', '2.0']] });
 * const bad = bookUpdateMessage(snapshot, { asks: [['30000.2', '1.0']], checksum: '12345' });
 * // of(snapshot, update).pipe(toOrderBook()) emits two books; with `bad` it errors with BookChecksumError
 * ```
 * @param before The book the update applies to: an `OrderBook` value, or the snapshot message
 * (or a list of messages: snapshot then updates) that made it.
 * @param changes The levels to change, and optionally the checksum to send.
 * @return The typed message, on the book's pair and depth.
 * @throws {InvalidArgumentError} When `changes` holds no level.
 * @see bookMessageSequence to chain several updates.
 * @category Testing
 * @since 0.1.0
 */
export function bookUpdateMessage(before: OrderBook | BookMessage | readonly BookMessage[], changes: BookChanges): BookUpdateMessage {
  const book = bookOf(before);
  const timestamp = changes.timestamp ?? DEFAULT_TIMESTAMP;
  const sides: BookSideUpdate[] = [];
  if (changes.asks !== undefined && changes.asks.length > 0) sides.push({ side: 'ask', levels: changes.asks.map((l) => toTuple(l, timestamp)) });
  if (changes.bids !== undefined && changes.bids.length > 0) sides.push({ side: 'bid', levels: changes.bids.map((l) => toTuple(l, timestamp)) });
  if (sides.length === 0) throw new InvalidArgumentError('changes', changes, 'at least one ask or bid level');
  const base = {
    kind: 'bookUpdate',
    channelID: changes.channelID ?? DEFAULT_CHANNEL_ID,
    channelName: `book-${book.depth}`,
    depth: book.depth,
    pair: book.pair,
    sides,
  } as const;
  if (changes.checksum === null) return base;
  const checksum = changes.checksum ?? String(applyBookMessage(book, base, { verify: false }).checksum);
  return { ...base, checksum };
}

/**
 * A snapshot followed by one update per entry of `changes`, each with the right checksum of
 * the book after it (unless the entry says otherwise).
 *
 * @example
 * ```ts
 * const messages = bookMessageSequence(
 *   { pair: 'XBT/USD', depth: 10, asks: [['30000.1', '1.0']], bids: [['30000.0', '1.5']] },
 *   [{ asks: [['30000.2', '0.5']] }, { bids: [['30000.0', '0.00000000']] }],
 * );
 * const book$ = cold('a-b-c', { a: messages[0], b: messages[1], c: messages[2] }).pipe(toOrderBook());
 * ```
 * @param snapshot The snapshot to start from.
 * @param changes The updates, in order.
 * @return `[snapshot, ...updates]`.
 * @category Testing
 * @since 0.1.0
 */
export function bookMessageSequence(snapshot: BookSnapshotInput, changes: readonly BookChanges[]): BookMessage[] {
  const messages: BookMessage[] = [bookSnapshotMessage(snapshot)];
  let book = applyBookMessage(undefined, messages[0] as BookSnapshotMessage);
  for (const change of changes) {
    const update = bookUpdateMessage(book, change);
    messages.push(update);
    book = applyBookMessage(book, update, { verify: false });
  }
  return messages;
}

/**
 * A `systemStatus` event (sent by Kraken on connect), default `online`, version `1.9.2`,
 * connection id `1`.
 * @example
 * ```ts
 * fakeSocket.serverSend(encodeFrame(systemStatusMessage({ status: 'maintenance' })));
 * ```
 * @param overrides The fields that matter to the test.
 * @return The typed message.
 * @category Testing
 * @since 0.1.0
 */
export function systemStatusMessage(overrides: Partial<Omit<SystemStatusMessage, 'kind'>> = {}): SystemStatusMessage {
  return { kind: 'systemStatus', status: 'online', version: '1.9.2', connectionId: '1', ...overrides };
}

/**
 * A `heartbeat` event.
 * @example
 * ```ts
 * fakeSocket.serverSend(encodeFrame(heartbeatMessage())); // '{"event":"heartbeat"}'
 * ```
 * @return The typed message.
 * @category Testing
 * @since 0.1.0
 */
export function heartbeatMessage(): HeartbeatMessage {
  return { kind: 'heartbeat' };
}

/**
 * A `pong` event answering a `ping`.
 * @example
 * ```ts
 * const ping = JSON.parse(fakeSocket.sent.at(-1)!) as { reqid: number };
 * fakeSocket.serverSend(encodeFrame(pongMessage(ping.reqid)));
 * ```
 * @param reqid The ping's `reqid`, if it had one.
 * @return The typed message.
 * @category Testing
 * @since 0.1.0
 */
export function pongMessage(reqid?: number): PongMessage {
  return reqid === undefined ? { kind: 'pong' } : { kind: 'pong', reqid };
}

/**
 * Options of {@link subscriptionStatusMessages}.
 * @example
 * ```ts
 * const options: SubscriptionAnswerOptions = { status: 'error', errorMessage: 'Currency pair not supported' };
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface SubscriptionAnswerOptions {
  /** Default `subscribed` for a `subscribe`, `unsubscribed` for an `unsubscribe`. */
  readonly status?: SubscriptionStatusMessage['status'];
  /** With `status: 'error'`: Kraken's text, e.g. `Currency pair not supported`. */
  readonly errorMessage?: string;
  /** The `channelID` of the pair at this index of the request. Default `42 + index`. */
  readonly channelID?: (pair: string, index: number) => number;
}

/**
 * Kraken's answer to a `subscribe` or `unsubscribe` request a client sent: one
 * `subscriptionStatus` per pair (or one for a private feed), echoing the `reqid`, the channel
 * name and the subscription. The usual way to play the server with a fake socket.
 *
 * @example
 * ```ts
 * const socket = fake.latest();
 * socket.serverOpen();
 * // ... the client sends its subscribe request
 * for (const answer of subscriptionStatusMessages(socket.sent.at(-1)!)) socket.serverSend(encodeFrame(answer));
 * ```
 * @param request The request, as text (what `FakeWebSocket.sent` holds) or parsed.
 * @param options Status, error text and channel ids.
 * @return One message per pair.
 * @throws {InvalidArgumentError} When `request` is not a subscribe or unsubscribe request.
 * @category Testing
 * @since 0.1.0
 */
export function subscriptionStatusMessages(request: string | object, options: SubscriptionAnswerOptions = {}): SubscriptionStatusMessage[] {
  const parsed: unknown = typeof request === 'string' ? JSON.parse(request) : request;
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidArgumentError('request', request, 'a subscribe or unsubscribe request');
  const r = parsed as { event?: unknown; reqid?: unknown; pair?: unknown; subscription?: unknown };
  if ((r.event !== 'subscribe' && r.event !== 'unsubscribe') || typeof r.subscription !== 'object' || r.subscription === null) {
    throw new InvalidArgumentError('request', request, 'a subscribe or unsubscribe request');
  }
  const sub = r.subscription as { name?: unknown; depth?: unknown; interval?: unknown; token?: unknown };
  if (typeof sub.name !== 'string') throw new InvalidArgumentError('request', request, 'a subscription with a name');
  const subscription: SubscriptionEcho = {
    name: sub.name,
    ...(typeof sub.depth === 'number' ? { depth: sub.depth } : {}),
    ...(typeof sub.interval === 'number' ? { interval: sub.interval } : {}),
  };
  const channelName =
    sub.name === 'book' ? `book-${typeof sub.depth === 'number' ? sub.depth : 10}` : sub.name === 'ohlc' ? `ohlc-${typeof sub.interval === 'number' ? sub.interval : 1}` : sub.name;
  const status = options.status ?? (r.event === 'subscribe' ? 'subscribed' : 'unsubscribed');
  const common = {
    kind: 'subscriptionStatus',
    status,
    channelName,
    subscription,
    ...(typeof r.reqid === 'number' ? { reqid: r.reqid } : {}),
    ...(options.errorMessage === undefined ? {} : { errorMessage: options.errorMessage }),
  } as const;
  const pairs = Array.isArray(r.pair) ? r.pair.filter((p): p is string => typeof p === 'string') : [];
  if (pairs.length === 0) return [common];
  return pairs.map((pair, index) => ({
    ...common,
    pair,
    ...(status === 'error' ? {} : { channelID: options.channelID?.(pair, index) ?? DEFAULT_CHANNEL_ID + index }),
  }));
}

/**
 * An `openOrders` message: orders keyed by txid, full orders in a snapshot (sequence 1),
 * partial patches after. `openOrders()` emits it back, and `toOpenOrders()` consumes it.
 *
 * @example
 * ```ts
 * const snapshot = openOrdersMessage({ 'OABC-1': { status: 'open', vol: '1.0', descr: { pair: 'XBT/USD', type: 'buy' } } }, 1);
 * const filled = openOrdersMessage({ 'OABC-1': { status: 'closed', vol_exec: '1.0' } }, 2);
 * ```
 * @param orders Patches by txid, in message order.
 * @param sequence Kraken's `sequence` (1 for the snapshot), if any.
 * @return The typed message.
 * @category Testing
 * @since 0.1.0
 */
export function openOrdersMessage(orders: Readonly<Record<string, OpenOrderPatch>>, sequence?: number): OpenOrdersMessage {
  const list = Object.entries(orders).map(([id, patch]) => ({ id, patch }));
  return sequence === undefined ? { kind: 'openOrders', orders: list } : { kind: 'openOrders', orders: list, sequence };
}

/**
 * An `ownTrades` message: trades keyed by trade id (Kraken lists a snapshot newest first).
 *
 * @example
 * ```ts
 * const fill = ownTradesMessage({
 *   'TXYZ-1': { ordertxid: 'OABC-1', pair: 'XBT/USD', time: '1700000000.000000', type: 'buy', ordertype: 'limit',
 *               price: '30000.0', cost: '300.0', fee: '0.48', vol: '0.01' },
 * }, 2);
 * ```
 * @param trades Trades by trade id, in message order.
 * @param sequence Kraken's `sequence` (1 for the snapshot), if any.
 * @return The typed message.
 * @category Testing
 * @since 0.1.0
 */
export function ownTradesMessage(trades: Readonly<Record<string, OwnTrade>>, sequence?: number): OwnTradesMessage {
  const list = Object.entries(trades).map(([id, trade]) => ({ id, trade }));
  return sequence === undefined ? { kind: 'ownTrades', trades: list } : { kind: 'ownTrades', trades: list, sequence };
}

const DEFAULT_TIMESTAMP = '1700000000.000000';

function toTuple(level: BookLevelInput, timestamp: string): BookLevelTuple {
  if (!Array.isArray(level)) {
    const object = level as { readonly price: string; readonly volume: string; readonly timestamp?: string };
    return [object.price, object.volume, object.timestamp ?? timestamp];
  }
  const tuple = level as readonly string[];
  if (tuple.length === 2) return [tuple[0] as string, tuple[1] as string, timestamp];
  return level as BookLevelTuple;
}

function bookOf(before: OrderBook | BookMessage | readonly BookMessage[]): OrderBook {
  if (Array.isArray(before)) {
    let book: OrderBook | undefined;
    for (const message of before as readonly BookMessage[]) book = applyBookMessage(book, message, { verify: false });
    if (book === undefined) throw new InvalidArgumentError('before', before, 'a book, a snapshot, or a non-empty list of book messages');
    return book;
  }
  const one = before as OrderBook | BookMessage;
  if ('kind' in one) return applyBookMessage(undefined, one, { verify: false });
  return one;
}

function onePair(values: readonly { readonly pair: string }[], what: string): string {
  const pair = values[0]?.pair;
  if (pair === undefined) throw new InvalidArgumentError(what, values, 'at least one value');
  if (values.some((v) => v.pair !== pair)) throw new InvalidArgumentError(what, values.map((v) => v.pair), 'values of one pair (Kraken sends one message per pair)');
  return pair;
}
