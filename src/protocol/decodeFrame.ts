import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { DecodeError } from '../errors/protocolErrors';
import { checkBookLevels } from './bookLevels';
import type { BookLevelTuple } from './bookLevels';
import { parseChannelName } from './channels';
import { isDigits } from './decimalString';
import {
  CapitalisedErrorEvent,
  ErrorEvent,
  HeartbeatEvent,
  PongEvent,
  SubscriptionStatusEvent,
  SystemStatusEvent,
} from './eventMessages';
import type {
  BookSideUpdate,
  BookUpdateMessage,
  KrakenMessage,
  OpenOrdersMessage,
  OwnTradesMessage,
} from './messages';
import { OpenOrderPatch, OwnTrade, SequenceObject } from './privateMessages';
import { OhlcPayload, SpreadPayload, TickerPayload, TradePayload } from './publicMessages';
import {
  AddOrderStatusEvent,
  CancelAllOrdersAfterStatusEvent,
  CancelAllStatusEvent,
  CancelOrderStatusEvent,
  EditOrderStatusEvent,
} from './tradingMessages';

/**
 * The outcome of decoding one frame: a typed message, or a typed error that carries the
 * (truncated, redacted) frame. Decoding never throws.
 * @category Protocol
 * @since 0.1.0
 */
export type DecodeResult =
  | { readonly ok: true; readonly message: KrakenMessage }
  | { readonly ok: false; readonly error: DecodeError };

const HEARTBEAT_FRAME = '{"event":"heartbeat"}';
const HEARTBEAT: KrakenMessage = Object.freeze({ kind: 'heartbeat' });
const CONNECTION_ID = /"connectionID"\s*:\s*(\d+)/;

/**
 * Decodes one text frame from Kraken into a {@link KrakenMessage}.
 *
 * Objects are told apart by `event`; arrays by shape (reference section 3): private messages
 * are `[payload[], channelName, {sequence}]`, public ones `[channelID, payload..., channelName,
 * pair]`. Envelopes and every non-book payload are decoded with io-ts; book levels, the hot
 * path, with a checked hand-written guard that keeps the `"r"` flag and the exact strings
 * (also exported wrapped as the io-ts type `BookLevels`, failing with the same problem text as
 * the `DecodeError` here). Why: docs/books.md, "How book frames are decoded".
 *
 * @example
 * ```ts
 * const result = decodeFrame('{"event":"pong","reqid":7}');
 * if (result.ok && result.message.kind === 'pong') console.log(result.message.reqid); // 7
 * ```
 * @category Protocol
 * @since 0.1.0
 */
export function decodeFrame(frame: string): DecodeResult {
  if (frame === HEARTBEAT_FRAME) return { ok: true, message: HEARTBEAT };
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch (e) {
    return fail('malformed-json', frame, e instanceof Error ? e.message : 'not JSON');
  }
  return decodeValue(value, frame);
}

/**
 * Decodes an already parsed frame; `frame` is the original text, used only for errors
 * and for the exact `connectionID`.
 * @category Protocol
 * @since 0.1.0
 */
export function decodeValue(value: unknown, frame: string): DecodeResult {
  if (Array.isArray(value)) return decodeArray(value, frame);
  if (typeof value === 'object' && value !== null) return decodeObject(value as Record<string, unknown>, frame);
  return fail('unknown-message', frame, `a ${value === null ? 'null' : typeof value} is not a Kraken message`);
}

function decodeObject(value: Record<string, unknown>, frame: string): DecodeResult {
  switch (value['event']) {
    case 'heartbeat':
      return decodeWith(HeartbeatEvent, value, frame, () => HEARTBEAT);
    case 'systemStatus':
      return decodeWith(SystemStatusEvent, value, frame, (v) => {
        const exactId = v.connectionID === undefined ? undefined : CONNECTION_ID.exec(frame)?.[1];
        return {
          kind: 'systemStatus',
          status: v.status,
          ...(v.version === undefined ? {} : { version: v.version }),
          ...(exactId === undefined ? {} : { connectionId: exactId }),
        };
      });
    case 'pong':
      return decodeWith(PongEvent, value, frame, (v) => ({ kind: 'pong', ...reqidOf(v.reqid) }));
    case 'error':
      return decodeWith(ErrorEvent, value, frame, (v) => ({
        kind: 'error',
        errorMessage: v.errorMessage,
        ...reqidOf(v.reqid),
      }));
    case 'subscriptionStatus':
      return decodeWith(SubscriptionStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, ...rest } = v;
        return { kind: 'subscriptionStatus', ...rest, ...reqidOf(reqid) };
      });
    case 'addOrderStatus':
      return decodeWith(AddOrderStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, pair: _pair, ...rest } = v;
        return { kind: 'addOrderStatus', ...rest, ...reqidOf(reqid) };
      });
    case 'editOrderStatus':
      return decodeWith(EditOrderStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, ...rest } = v;
        return { kind: 'editOrderStatus', ...rest, ...reqidOf(reqid) };
      });
    case 'cancelOrderStatus':
      return decodeWith(CancelOrderStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, ...rest } = v;
        return { kind: 'cancelOrderStatus', ...rest, ...reqidOf(reqid) };
      });
    case 'cancelAllStatus':
      return decodeWith(CancelAllStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, ...rest } = v;
        return { kind: 'cancelAllStatus', ...rest, ...reqidOf(reqid) };
      });
    case 'cancelAllOrdersAfterStatus':
      return decodeWith(CancelAllOrdersAfterStatusEvent, value, frame, (v) => {
        const { event: _event, reqid, ...rest } = v;
        return { kind: 'cancelAllOrdersAfterStatus', ...rest, ...reqidOf(reqid) };
      });
    case undefined:
      if (CapitalisedErrorEvent.is(value)) return { ok: true, message: { kind: 'error', errorMessage: value.Error } };
      return fail('unknown-message', frame, 'an object without an "event" field');
    default:
      return fail('unknown-message', frame, `unknown event ${JSON.stringify(value['event'])}`);
  }
}

function decodeArray(value: unknown[], frame: string): DecodeResult {
  const n = value.length;
  if (Array.isArray(value[0]) && (value[1] === 'ownTrades' || value[1] === 'openOrders')) {
    return decodePrivate(value, frame);
  }
  if (typeof value[0] !== 'number' || n < 4 || n > 5) {
    return fail('unknown-message', frame, 'an array that is neither public [channelID, ..., channelName, pair] nor private channel data');
  }
  const channelID = value[0];
  const channelName = value[n - 2];
  const pair = value[n - 1];
  if (typeof channelName !== 'string' || typeof pair !== 'string') {
    return fail('unknown-message', frame, 'channel name and pair are not strings');
  }
  const route = { channelName, pair };
  const { name, suffix } = parseChannelName(channelName);
  if (name === 'book' && suffix !== undefined) return decodeBook(value, n, channelID, channelName, suffix, pair, frame);
  if (n !== 4) return fail('invalid-message', frame, `${channelName} data must have one payload element`, route);
  const payload = value[1];
  switch (name) {
    case 'ticker':
      return decodeWith(TickerPayload, payload, frame, (data) => ({ kind: 'ticker', channelID, channelName, pair, data }), route);
    case 'trade':
      return decodeWith(TradePayload, payload, frame, (trades) => ({ kind: 'trade', channelID, channelName, pair, trades }), route);
    case 'spread':
      return decodeWith(SpreadPayload, payload, frame, (data) => ({ kind: 'spread', channelID, channelName, pair, data }), route);
    case 'ohlc':
      if (suffix === undefined) break;
      return decodeWith(
        OhlcPayload,
        payload,
        frame,
        (data) => ({ kind: 'ohlc', channelID, channelName, interval: suffix, pair, data }),
        route,
      );
  }
  return fail('unknown-message', frame, `unknown channel ${JSON.stringify(channelName)}`, route);
}

/** The hot path: no io-ts, one pass over the levels, no copies of level arrays. */
function decodeBook(
  value: unknown[],
  n: number,
  channelID: number,
  channelName: string,
  depth: number,
  pair: string,
  frame: string,
): DecodeResult {
  const route = { channelName, pair };
  const first = value[1];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    return fail('invalid-message', frame, 'book payload is not an object', route);
  }
  const firstDict = first as Record<string, unknown>;
  if (n === 4 && ('as' in firstDict || 'bs' in firstDict)) {
    const asks = firstDict['as'] ?? [];
    const bids = firstDict['bs'] ?? [];
    const problem = checkBookLevels(asks) ?? checkBookLevels(bids);
    if (problem !== undefined) return fail('invalid-message', frame, `book snapshot: ${problem}`, route);
    return {
      ok: true,
      message: {
        kind: 'bookSnapshot',
        channelID,
        channelName,
        depth,
        pair,
        asks: asks as ReadonlyArray<BookLevelTuple>,
        bids: bids as ReadonlyArray<BookLevelTuple>,
      },
    };
  }
  const sides: BookSideUpdate[] = [];
  let checksum: string | undefined;
  for (let i = 1; i < n - 2; i++) {
    const dict = value[i];
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
      return fail('invalid-message', frame, `book update element ${i} is not an object`, route);
    }
    // Direct reads, not a key loop: this runs for every update. Fields other than a, b and c
    // are ignored (Kraken has added fields to messages before); a dict with none is an error.
    const d = dict as Record<string, unknown>;
    const asks = d['a'];
    const bids = d['b'];
    const c = d['c'];
    if (asks !== undefined) {
      const problem = checkBookLevels(asks);
      if (problem !== undefined) return fail('invalid-message', frame, `book update "a": ${problem}`, route);
      sides.push({ side: 'ask', levels: asks as ReadonlyArray<BookLevelTuple> });
    }
    if (bids !== undefined) {
      const problem = checkBookLevels(bids);
      if (problem !== undefined) return fail('invalid-message', frame, `book update "b": ${problem}`, route);
      sides.push({ side: 'bid', levels: bids as ReadonlyArray<BookLevelTuple> });
    }
    if (c !== undefined) {
      if (typeof c !== 'string' || !isDigits(c, 10)) {
        return fail('invalid-message', frame, `book checksum ${JSON.stringify(c)} is not an unsigned integer string`, route);
      }
      checksum = c;
    } else if (asks === undefined && bids === undefined) {
      return fail('invalid-message', frame, 'a book update dict without "a", "b" or "c"', route);
    }
  }
  if (sides.length === 0) return fail('invalid-message', frame, 'a book update without levels', route);
  const message: BookUpdateMessage =
    checksum === undefined
      ? { kind: 'bookUpdate', channelID, channelName, depth, pair, sides }
      : { kind: 'bookUpdate', channelID, channelName, depth, pair, sides, checksum };
  return { ok: true, message };
}

function decodePrivate(value: unknown[], frame: string): DecodeResult {
  const channelName = value[1] as 'ownTrades' | 'openOrders';
  const route = { channelName };
  if (value.length > 3) return fail('invalid-message', frame, `${channelName} data has ${value.length} elements`, route);
  let sequence: number | undefined;
  if (value.length === 3) {
    if (!SequenceObject.is(value[2])) return fail('invalid-message', frame, `${channelName}: bad sequence object`, route);
    sequence = value[2].sequence;
  }
  const seq = sequence === undefined ? {} : { sequence };
  const entries = value[0] as unknown[];
  if (channelName === 'ownTrades') {
    const trades: Array<OwnTradesMessage['trades'][number]> = [];
    for (const entry of entries) {
      const single = singleEntry(entry);
      if (single === undefined) return fail('invalid-message', frame, 'ownTrades entry is not a single-key object', route);
      const decoded = OwnTrade.decode(single.value);
      if (isLeft(decoded)) return fail('invalid-message', frame, `ownTrades ${single.id}: ${describe(decoded.left)}`, route);
      trades.push({ id: single.id, trade: decoded.right });
    }
    return { ok: true, message: { kind: 'ownTrades', trades, ...seq } };
  }
  const orders: Array<OpenOrdersMessage['orders'][number]> = [];
  for (const entry of entries) {
    const single = singleEntry(entry);
    if (single === undefined) return fail('invalid-message', frame, 'openOrders entry is not a single-key object', route);
    const decoded = OpenOrderPatch.decode(single.value);
    if (isLeft(decoded)) return fail('invalid-message', frame, `openOrders ${single.id}: ${describe(decoded.left)}`, route);
    orders.push({ id: single.id, patch: decoded.right });
  }
  return { ok: true, message: { kind: 'openOrders', orders, ...seq } };
}

function singleEntry(entry: unknown): { id: string; value: unknown } | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const keys = Object.keys(entry);
  if (keys.length !== 1) return undefined;
  const id = keys[0] as string;
  return { id, value: (entry as Record<string, unknown>)[id] };
}

function decodeWith<A>(
  codec: t.Decoder<unknown, A>,
  input: unknown,
  frame: string,
  toMessage: (a: A) => KrakenMessage,
  route?: { channelName?: string; pair?: string },
): DecodeResult {
  const decoded = codec.decode(input);
  if (isLeft(decoded)) return fail('invalid-message', frame, describe(decoded.left), route);
  return { ok: true, message: toMessage(decoded.right) };
}

function reqidOf(reqid: number | null | undefined): { reqid?: number } {
  return typeof reqid === 'number' ? { reqid } : {};
}

function fail(
  reason: 'malformed-json' | 'unknown-message' | 'invalid-message',
  frame: string,
  detail: string,
  route?: { channelName?: string; pair?: string },
): DecodeResult {
  return { ok: false, error: new DecodeError(reason, frame, detail, route) };
}

/** A short account of the first io-ts error: the path and what was expected. */
function describe(errors: t.Errors): string {
  const first = errors[0];
  if (first === undefined) return 'invalid';
  const path = first.context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('.');
  const expected = first.context[first.context.length - 1]?.type.name ?? 'a valid value';
  return `${path === '' ? 'value' : path}: ${first.message ?? `expected ${expected}, got ${safeJson(first.value)}`}`;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return String(value);
  }
}
