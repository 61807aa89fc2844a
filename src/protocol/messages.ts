import type { BookLevelTuple } from './bookLevels';
import type {
  SubscriptionEcho,
} from './eventMessages';
import type { OhlcPayload, SpreadPayload, TickerPayload, TradeTuple } from './publicMessages';
import type { OpenOrderPatch, OwnTrade } from './privateMessages';

/**
 * Every message the decoder produces, told apart by `kind`. This is the one typed form of
 * Kraken traffic past the protocol boundary.
 * @category Protocol
 * @since 0.1.0
 */
export type KrakenMessage =
  | SystemStatusMessage
  | HeartbeatMessage
  | PongMessage
  | ErrorMessage
  | SubscriptionStatusMessage
  | PublicMessage
  | PrivateMessage
  | TradingStatusMessage;

/** Public channel data. @category Protocol @since 0.1.0 */
export type PublicMessage = TickerMessage | OhlcMessage | TradeMessage | SpreadMessage | BookSnapshotMessage | BookUpdateMessage;
/** Private feed data. @category Protocol @since 0.1.0 */
export type PrivateMessage = OwnTradesMessage | OpenOrdersMessage;
/** Responses to trading requests. @category Protocol @since 0.1.0 */
export type TradingStatusMessage =
  | AddOrderStatusMessage
  | EditOrderStatusMessage
  | CancelOrderStatusMessage
  | CancelAllStatusMessage
  | CancelAllOrdersAfterStatusMessage;

/** @category Protocol @since 0.1.0 */
export interface SystemStatusMessage {
  readonly kind: 'systemStatus';
  /** `online`, `maintenance`, `cancel_only`, `post_only` or `limit_only`. */
  readonly status: string;
  readonly version?: string;
  /** The u64 connection id as exact decimal text (JSON.parse would round it). */
  readonly connectionId?: string;
}

/** @category Protocol @since 0.1.0 */
export interface HeartbeatMessage {
  readonly kind: 'heartbeat';
}

/** @category Protocol @since 0.1.0 */
export interface PongMessage {
  readonly kind: 'pong';
  readonly reqid?: number;
}

/** A generic `error` event (also the capitalised `{"Error": ...}` form). @category Protocol @since 0.1.0 */
export interface ErrorMessage {
  readonly kind: 'error';
  readonly errorMessage: string;
  readonly reqid?: number;
}

/** @category Protocol @since 0.1.0 */
export interface SubscriptionStatusMessage {
  readonly kind: 'subscriptionStatus';
  readonly status: 'subscribed' | 'unsubscribed' | 'error' | 'ok';
  readonly channelName?: string;
  readonly channelID?: number;
  readonly pair?: string;
  readonly reqid?: number;
  readonly subscription?: SubscriptionEcho;
  readonly errorMessage?: string;
}

interface PublicEnvelope {
  readonly channelID: number;
  readonly channelName: string;
  readonly pair: string;
}

/** @category Protocol @since 0.1.0 */
export interface TickerMessage extends PublicEnvelope {
  readonly kind: 'ticker';
  readonly data: TickerPayload;
}

/** @category Protocol @since 0.1.0 */
export interface OhlcMessage extends PublicEnvelope {
  readonly kind: 'ohlc';
  /** Minutes, from the channel name (`ohlc-5` → 5). */
  readonly interval: number;
  readonly data: OhlcPayload;
}

/** @category Protocol @since 0.1.0 */
export interface TradeMessage extends PublicEnvelope {
  readonly kind: 'trade';
  readonly trades: ReadonlyArray<TradeTuple>;
}

/** @category Protocol @since 0.1.0 */
export interface SpreadMessage extends PublicEnvelope {
  readonly kind: 'spread';
  readonly data: SpreadPayload;
}

/**
 * A book snapshot: asks ascending from the best ask, bids descending from the best bid.
 * @category Protocol
 * @since 0.1.0
 */
export interface BookSnapshotMessage extends PublicEnvelope {
  readonly kind: 'bookSnapshot';
  /** From the channel name (`book-25` → 25). */
  readonly depth: number;
  readonly asks: ReadonlyArray<BookLevelTuple>;
  readonly bids: ReadonlyArray<BookLevelTuple>;
}

/**
 * One side's levels inside a book update, in the order they appear on the wire.
 * @category Protocol
 * @since 0.1.0
 */
export interface BookSideUpdate {
  readonly side: 'ask' | 'bid';
  readonly levels: ReadonlyArray<BookLevelTuple>;
}

/**
 * A book update: the level changes of every dict of the message in wire order (a two-dict
 * message gives two entries), and the checksum from the last dict, when Kraken sent one.
 * @category Protocol
 * @since 0.1.0
 */
export interface BookUpdateMessage extends PublicEnvelope {
  readonly kind: 'bookUpdate';
  readonly depth: number;
  readonly sides: ReadonlyArray<BookSideUpdate>;
  /** `c`: CRC32 of the top 10 levels after the message, as Kraken's decimal string. */
  readonly checksum?: string;
}

/** @category Protocol @since 0.1.0 */
export interface OwnTradesMessage {
  readonly kind: 'ownTrades';
  readonly trades: ReadonlyArray<{ readonly id: string; readonly trade: OwnTrade }>;
  readonly sequence?: number;
}

/** @category Protocol @since 0.1.0 */
export interface OpenOrdersMessage {
  readonly kind: 'openOrders';
  readonly orders: ReadonlyArray<{ readonly id: string; readonly patch: OpenOrderPatch }>;
  readonly sequence?: number;
}

interface StatusEnvelope {
  readonly status: 'ok' | 'error';
  readonly reqid?: number;
  readonly errorMessage?: string;
}

/** @category Protocol @since 0.1.0 */
export interface AddOrderStatusMessage extends StatusEnvelope {
  readonly kind: 'addOrderStatus';
  readonly txid?: string;
  readonly descr?: string;
}

/** @category Protocol @since 0.1.0 */
export interface EditOrderStatusMessage extends StatusEnvelope {
  readonly kind: 'editOrderStatus';
  readonly txid?: string;
  readonly originaltxid?: string;
  readonly descr?: string;
}

/** @category Protocol @since 0.1.0 */
export interface CancelOrderStatusMessage extends StatusEnvelope {
  readonly kind: 'cancelOrderStatus';
}

/** @category Protocol @since 0.1.0 */
export interface CancelAllStatusMessage extends StatusEnvelope {
  readonly kind: 'cancelAllStatus';
  readonly count?: number;
}

/** @category Protocol @since 0.1.0 */
export interface CancelAllOrdersAfterStatusMessage extends StatusEnvelope {
  readonly kind: 'cancelAllOrdersAfterStatus';
  readonly currentTime?: string;
  readonly triggerTime?: string;
}

/** Kraken's rate-limit text, in any of its three shapes. @internal */
export const EXCEEDED_MSG_RATE = 'Exceeded msg rate';

/** Whether an errorMessage is Kraken's message-rate error. @internal */
export function isMessageRateError(errorMessage: string | undefined): boolean {
  return errorMessage !== undefined && errorMessage.startsWith(EXCEEDED_MSG_RATE);
}
