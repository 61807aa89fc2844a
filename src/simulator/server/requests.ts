import { PAIR_NAME } from '../config';
import { isRecord } from '../core/json';
import type { PublicChannelName } from '../channels/publicFeeds';
import type { SimulatorEndpoint } from '../types';

/**
 * Validation of client requests, in the order of protocol reference section 13, with Kraken's
 * error texts (sections 5.2 and 12). Pure functions: the endpoints turn the results into
 * messages.
 * @internal
 */

/** Kraken's texts used by the simulator. @internal */
export const ERROR_TEXT = {
  malformed: 'Malformed request',
  eventNotFound: 'Event(s) not found',
  reqid: 'Reqid field must be a positive integer less than 18446744073709551616',
  privateOnPublic: 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com',
  publicOnPrivate: 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com',
  subscriptionNotObject: 'Subscription field must be an object',
  nameInvalid: 'Subscription name invalid',
  pairNotArray: 'Pair field must be an array',
  pairsNotFound: 'Pair(s) not found',
  pairFormat: 'Currency pair not in ISO 4217-A3 format',
  pairUnsupported: 'Currency pair not supported',
  depthNotInteger: 'Subscription book depth must be an integer',
  depthUnsupported: 'Subscription depth not supported',
  intervalNotInteger: 'Subscription ohlc interval must be an integer',
  intervalUnsupported: 'Subscription ohlc interval not supported',
  notFound: 'Subscription Not Found',
  // Exact full text unconfirmed (protocol reference 5.2); Kraken's texts are matched by prefix.
  alreadySubscribed: 'Already subscribed',
  rate: 'Exceeded msg rate',
  // Unconfirmed shape (protocol reference 11.1): sent when refusing a connection for capacity.
  capacity: 'You have reached maximum capacity for WebSocket connections',
  invalidSession: 'ESession:Invalid session',
} as const;

/** Depths and intervals Kraken offers. @internal */
export const BOOK_DEPTHS: readonly number[] = [10, 25, 100, 500, 1000];
/** @internal */
export const OHLC_INTERVAL_LIST: readonly number[] = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

/** Public channel names. @internal */
export const PUBLIC_NAMES: readonly PublicChannelName[] = ['book', 'ohlc', 'spread', 'ticker', 'trade'];
/** Private feed names (protocol reference 8). @internal */
export const PRIVATE_NAMES = ['ownTrades', 'openOrders'] as const;
/** Trading request events (protocol reference 9). @internal */
export const TRADING_EVENTS = ['addOrder', 'editOrder', 'cancelOrder', 'cancelAll', 'cancelAllOrdersAfter', 'amendOrder'] as const;

/** A request id as sent by the client (validated). @internal */
export type RequestId = number;

/** The result of reading a frame's envelope: the request object and its `reqid`. @internal */
export type EnvelopeResult =
  | { readonly ok: true; readonly request: Record<string, unknown>; readonly event: string; readonly reqid: RequestId | undefined }
  | { readonly ok: false; readonly errorMessage: string; readonly reqid: RequestId | undefined };

/**
 * Reads the envelope of a parsed frame: an object with a string `event` and an optional valid
 * `reqid`. (A frame that is not JSON never gets here: the caller answers `Malformed request`.)
 */
export function readEnvelope(message: unknown): EnvelopeResult {
  if (!isRecord(message) || typeof message['event'] !== 'string') return { ok: false, errorMessage: ERROR_TEXT.malformed, reqid: readableReqid(message) };
  const raw = message['reqid'];
  if (raw !== undefined && !isValidReqid(raw)) return { ok: false, errorMessage: ERROR_TEXT.reqid, reqid: undefined };
  return { ok: true, request: message, event: message['event'], reqid: raw };
}

/** A `reqid` Kraken accepts: an integer from 0 to 2^64 - 1 (0 was recorded echoed). */
export function isValidReqid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 18446744073709551616;
}

/** The `reqid` of any parsed message, when it has a valid one (for echoing in errors). */
export function readableReqid(message: unknown): RequestId | undefined {
  if (!isRecord(message)) return undefined;
  const r = message['reqid'];
  return isValidReqid(r) ? r : undefined;
}

/** A validated public channel selection. @internal */
export interface PublicChannel {
  readonly name: PublicChannelName;
  /** Depth (book) or interval (ohlc); 0 otherwise. */
  readonly param: number;
  /** `book-25`, `ohlc-5`, `ticker`... */
  readonly channelName: string;
  /** The `subscription` object echoed on success. */
  readonly echo: Record<string, unknown>;
}

/** Per-pair outcome of a public subscribe/unsubscribe. @internal */
export type PairOutcome =
  | { readonly ok: true; readonly pair: string; readonly channel: PublicChannel }
  | { readonly ok: false; readonly pair: string; readonly errorMessage: string };

/** The outcome of validating a subscribe or unsubscribe request. @internal */
export type SubscriptionRequest =
  /** Refused as a whole (one `subscriptionStatus` error, with `pair` when it is a single pair). */
  | { readonly type: 'error'; readonly errorMessage: string; readonly pairs: readonly string[]; readonly echo: unknown }
  /** A public request, one outcome per pair in request order. */
  | { readonly type: 'public'; readonly outcomes: readonly PairOutcome[]; readonly echo: unknown }
  /** A private feed on the private endpoint: the private side takes it from here. */
  | { readonly type: 'private'; readonly name: (typeof PRIVATE_NAMES)[number]; readonly subscription: Record<string, unknown> };

/**
 * Validates a `subscribe`/`unsubscribe` request in Kraken's order: shape, endpoint, name,
 * `pair` is an array, each pair known, depth/interval valid. Token checks (private) are left
 * to the private side.
 */
export function validateSubscription(
  request: Record<string, unknown>,
  endpoint: SimulatorEndpoint,
  isKnownPair: (pair: string) => boolean,
): SubscriptionRequest {
  const subscription = request['subscription'];
  const rawPairs = request['pair'];
  const pairsForError = Array.isArray(rawPairs) ? rawPairs.filter((p): p is string => typeof p === 'string') : [];
  if (subscription === undefined) return { type: 'error', errorMessage: ERROR_TEXT.malformed, pairs: pairsForError, echo: undefined };
  if (!isRecord(subscription)) return { type: 'error', errorMessage: ERROR_TEXT.subscriptionNotObject, pairs: pairsForError, echo: subscription };
  const name = subscription['name'];
  const isPrivate = (PRIVATE_NAMES as readonly unknown[]).includes(name);
  const isPublic = (PUBLIC_NAMES as readonly unknown[]).includes(name);
  if (isPrivate && endpoint === 'public') return { type: 'error', errorMessage: ERROR_TEXT.privateOnPublic, pairs: pairsForError, echo: subscription };
  if (isPublic && endpoint === 'private') return { type: 'error', errorMessage: ERROR_TEXT.publicOnPrivate, pairs: pairsForError, echo: subscription };
  if (isPrivate) return { type: 'private', name: name as (typeof PRIVATE_NAMES)[number], subscription };
  // `*` ("every channel of this host") is documented but its replies are not; it is refused here.
  if (!isPublic) return { type: 'error', errorMessage: ERROR_TEXT.nameInvalid, pairs: pairsForError, echo: subscription };
  if (!Array.isArray(rawPairs)) return { type: 'error', errorMessage: ERROR_TEXT.pairNotArray, pairs: [], echo: subscription };
  if (rawPairs.length === 0) return { type: 'error', errorMessage: ERROR_TEXT.pairsNotFound, pairs: [], echo: subscription };
  const channel = readChannel(name as PublicChannelName, subscription);
  const outcomes = rawPairs.map((p): PairOutcome => {
    const pair = typeof p === 'string' ? p : JSON.stringify(p);
    if (typeof p !== 'string' || !PAIR_NAME.test(p)) return { ok: false, pair, errorMessage: `${ERROR_TEXT.pairFormat} ${pair}` };
    if (!isKnownPair(p)) return { ok: false, pair, errorMessage: `${ERROR_TEXT.pairUnsupported} ${pair}` };
    if (typeof channel === 'string') return { ok: false, pair, errorMessage: channel };
    return { ok: true, pair, channel };
  });
  return { type: 'public', outcomes, echo: subscription };
}

/** The channel of a public subscription object, or the error text for a bad depth/interval. */
function readChannel(name: PublicChannelName, sub: Record<string, unknown>): PublicChannel | string {
  if (name === 'book') {
    const depth = sub['depth'] ?? 10;
    if (typeof depth !== 'number' || !Number.isInteger(depth)) return ERROR_TEXT.depthNotInteger;
    if (!BOOK_DEPTHS.includes(depth)) return ERROR_TEXT.depthUnsupported;
    return { name, param: depth, channelName: `book-${depth}`, echo: { depth, name } };
  }
  if (name === 'ohlc') {
    const interval = sub['interval'] ?? 1;
    if (typeof interval !== 'number' || !Number.isInteger(interval)) return ERROR_TEXT.intervalNotInteger;
    if (!OHLC_INTERVAL_LIST.includes(interval)) return ERROR_TEXT.intervalUnsupported;
    return { name, param: interval, channelName: `ohlc-${interval}`, echo: { interval, name } };
  }
  return { name, param: 0, channelName: name, echo: { name } };
}
