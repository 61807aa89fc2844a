/**
 * io-ts codecs for the few Kraken REST answers the library uses (protocol reference 10.1 and
 * Kraken's REST reference for AssetPairs and OHLC).
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { DecimalString, isUnsignedDecimalString } from './decimalString';
import { tupleOf } from './tupleOf';

/**
 * Kraken's REST envelope: `{"error": [...], "result": ...}`.
 * @category Protocol
 * @since 0.1.0
 */
export const RestEnvelope = t.intersection([t.type({ error: t.array(t.string) }), t.partial({ result: t.unknown })]);
/** @category Protocol @since 0.1.0 */
export type RestEnvelope = t.TypeOf<typeof RestEnvelope>;

/** A JSON number that is an integer (not branded, unlike `t.Int`). @internal */
const IntegerNumber = new t.Type<number, number, unknown>(
  'IntegerNumber',
  (u): u is number => typeof u === 'number' && Number.isInteger(u),
  (u, c) => (typeof u === 'number' && Number.isInteger(u) ? t.success(u) : t.failure(u, c, 'not an integer')),
  t.identity,
);

/**
 * The result of `POST /0/private/GetWebSocketsToken`: the token and its lifetime in seconds
 * (a token must be used within that time; reference 10.4).
 * @category Protocol
 * @since 0.1.0
 */
export const WebSocketsToken = t.type({ token: t.string, expires: t.number });
/** @category Protocol @since 0.1.0 */
export type WebSocketsToken = t.TypeOf<typeof WebSocketsToken>;

/**
 * One entry of `GET /0/public/AssetPairs`. Only the fields the library reads are checked;
 * the others are kept as Kraken sent them. `wsname` is absent for pairs that have no
 * WebSocket name (e.g. some dark-pool pairs).
 * @category Protocol
 * @since 0.1.0
 */
export const AssetPair = t.intersection([
  t.type({ altname: t.string, base: t.string, quote: t.string }),
  t.partial({
    wsname: t.string,
    pair_decimals: t.number,
    lot_decimals: t.number,
    cost_decimals: t.number,
    ordermin: t.string,
    costmin: t.string,
    tick_size: t.string,
    status: t.string,
  }),
]);
/** @category Protocol @since 0.1.0 */
export type AssetPair = t.TypeOf<typeof AssetPair>;

/**
 * The result of `GET /0/public/AssetPairs`: pairs by Kraken's key (`XXBTZUSD`).
 * @category Protocol
 * @since 0.1.0
 */
export const AssetPairs = t.record(t.string, AssetPair);
/** @category Protocol @since 0.1.0 */
export type AssetPairs = t.TypeOf<typeof AssetPairs>;

/**
 * One row of `GET /0/public/OHLC`: `[time, open, high, low, close, vwap, volume, count]`.
 * `time` (the candle's start, seconds) and `count` are JSON integers; the rest stay Kraken's
 * exact decimal strings.
 * @category Protocol
 * @since 0.1.0
 */
export const OhlcRow = tupleOf('OhlcRow', [
  IntegerNumber,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  IntegerNumber,
] as const);
/** @category Protocol @since 0.1.0 */
export type OhlcRow = t.TypeOf<typeof OhlcRow>;

/**
 * The decoded result of `GET /0/public/OHLC`: the pair key Kraken answered under, every row
 * as sent (the last one is the running, unclosed candle), and `last`, the id to pass as
 * `since` for newer rows.
 * @category Protocol
 * @since 0.1.0
 */
export interface OhlcHistory {
  /** The key of the rows in Kraken's result, e.g. `XXBTZUSD`. */
  readonly pair: string;
  readonly rows: ReadonlyArray<OhlcRow>;
  readonly last: number;
}

const OhlcRows = t.array(OhlcRow);

/**
 * Decodes the `result` of `GET /0/public/OHLC` (`{ "<PAIR>": rows, "last": n }`).
 * @example
 * ```ts
 * const decoded = decodeOhlcResult({ XXBTZUSD: [[1688671200, '1', '1', '1', '1', '1', '0.5', 3]], last: 1688671200 });
 * if (decoded.ok) console.log(decoded.value.rows.length); // 1
 * ```
 * @category Protocol
 * @since 0.1.0
 */
export function decodeOhlcResult(result: unknown): { ok: true; value: OhlcHistory } | { ok: false; detail: string } {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return { ok: false, detail: 'OHLC result is not an object' };
  const record = result as Record<string, unknown>;
  const last = record['last'];
  if (typeof last !== 'number' || !Number.isInteger(last)) return { ok: false, detail: 'OHLC result has no integer "last"' };
  const keys = Object.keys(record).filter((k) => k !== 'last');
  if (keys.length !== 1) return { ok: false, detail: `OHLC result has ${keys.length} pair keys, expected 1` };
  const pair = keys[0] as string;
  const rows = OhlcRows.decode(record[pair]);
  if (isLeft(rows)) return { ok: false, detail: `OHLC ${pair}: ${describeErrors(rows.left)}` };
  return { ok: true, value: { pair, rows: rows.right, last } };
}

/** A short account of the first io-ts error: path and message. @internal */
export function describeErrors(errors: t.Errors): string {
  const first = errors[0];
  if (first === undefined) return 'invalid';
  const path = first.context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('.');
  let shown: string;
  try {
    shown = JSON.stringify(first.value) ?? String(first.value);
  } catch {
    shown = String(first.value);
  }
  if (shown.length > 80) shown = `${shown.slice(0, 80)}…`;
  const expected = first.context[first.context.length - 1]?.type.name ?? 'a valid value';
  return `${path === '' ? 'value' : path}: ${first.message ?? `expected ${expected}, got ${shown}`}`;
}

/**
 * One row of `GET /0/public/Trades`:
 * `[price, volume, time, side, ordertype, misc, trade_id]`. Prices and volumes are decimal
 * strings; `time` is a JSON number of seconds (Kraken's REST answers it as a float, where the
 * WebSocket sends a string with six decimals), kept as the text it was written with; `side`
 * is `b`/`s`, `ordertype` `m`/`l`. `trade_id` was added in 2023 and is absent from older
 * answers.
 * @category Protocol
 * @since 0.1.0
 */
export interface RestTradeRow {
  readonly price: string;
  readonly volume: string;
  /** Seconds since the epoch as decimal text (`"1699797222.1888"`), from a JSON number or string. */
  readonly time: string;
  readonly side: 'b' | 's';
  readonly orderType: 'm' | 'l';
  readonly misc: string;
  readonly tradeId?: number;
}

/**
 * The decoded result of `GET /0/public/Trades`: the pair key Kraken answered under, the trades
 * oldest first, and `last`, the id (nanoseconds since the epoch, as text) to pass as `since`
 * for the trades after them.
 * @category Protocol
 * @since 0.1.0
 */
export interface TradesHistory {
  /** The key of the rows in Kraken's result, e.g. `XXBTZUSD`. */
  readonly pair: string;
  readonly trades: ReadonlyArray<RestTradeRow>;
  readonly last: string;
}

/**
 * Decodes the `result` of `GET /0/public/Trades` (`{ "<PAIR>": rows, "last": "<ns>" }`).
 * @example
 * ```ts
 * const decoded = decodeTradesResult({ XXBTZUSD: [['30000.1', '0.5', 1700000000.1234, 'b', 'l', '', 42]], last: '1700000000123400000' });
 * if (decoded.ok) console.log(decoded.value.trades[0]?.time); // '1700000000.1234'
 * ```
 * @category Protocol
 * @since 0.1.0
 */
export function decodeTradesResult(result: unknown): { ok: true; value: TradesHistory } | { ok: false; detail: string } {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return { ok: false, detail: 'Trades result is not an object' };
  const record = result as Record<string, unknown>;
  const rawLast = record['last'];
  const last = typeof rawLast === 'number' && Number.isSafeInteger(rawLast) && rawLast >= 0 ? String(rawLast) : rawLast;
  if (typeof last !== 'string' || !/^\d+$/.test(last)) return { ok: false, detail: 'Trades result has no "last" id' };
  const keys = Object.keys(record).filter((k) => k !== 'last');
  if (keys.length !== 1) return { ok: false, detail: `Trades result has ${keys.length} pair keys, expected 1` };
  const pair = keys[0] as string;
  const rows = record[pair];
  if (!Array.isArray(rows)) return { ok: false, detail: `Trades ${pair}: not an array` };
  const trades: RestTradeRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    const decoded = decodeTradeRow(row);
    if (typeof decoded === 'string') return { ok: false, detail: `Trades ${pair}.${i}: ${decoded}` };
    trades.push(decoded);
  }
  return { ok: true, value: { pair, trades, last } };
}

const TIME_TEXT = /^\d+(\.\d+)?$/;

function decodeTradeRow(row: unknown): RestTradeRow | string {
  if (!Array.isArray(row) || row.length < 6) return 'not a trade row [price, volume, time, side, ordertype, misc, ...]';
  const [price, volume, time, side, orderType, misc, tradeId] = row as unknown[];
  if (!isUnsignedDecimalString(price)) return `price ${JSON.stringify(price)} is not a decimal string`;
  if (!isUnsignedDecimalString(volume)) return `volume ${JSON.stringify(volume)} is not a decimal string`;
  // A JSON number prints as the shortest text that reads back as the same number: for Kraken's
  // times (seconds with at most 7 decimals) that is the text Kraken wrote. Exponent forms are refused.
  const timeText = typeof time === 'number' && Number.isFinite(time) && time >= 0 ? String(time) : time;
  if (typeof timeText !== 'string' || !TIME_TEXT.test(timeText)) return `time ${JSON.stringify(time)} is not a number of seconds`;
  if (side !== 'b' && side !== 's') return `side ${JSON.stringify(side)} is not "b" or "s"`;
  if (orderType !== 'm' && orderType !== 'l') return `ordertype ${JSON.stringify(orderType)} is not "m" or "l"`;
  if (typeof misc !== 'string') return 'misc is not a string';
  if (tradeId !== undefined && !(typeof tradeId === 'number' && Number.isSafeInteger(tradeId))) return 'trade_id is not an integer';
  return { price, volume, time: timeText, side, orderType, misc, ...(tradeId === undefined ? {} : { tradeId }) };
}

const NullableString = t.union([t.string, t.null]);

/**
 * One order of `POST /0/private/ClosedOrders` (Kraken's REST "Get Closed Orders"): Kraken's
 * field names, texts kept as sent. `status` is `closed` (filled), `canceled` or `expired`;
 * `vol_exec` is what was filled, `price` the average fill price, `reason` why it was
 * cancelled; `opentm`/`closetm` are Unix times in seconds. Only `status` is required: fields
 * Kraken adds or leaves out do not fail the decoding.
 * @category Protocol
 * @since 0.1.0
 */
export const ClosedOrderInfo = t.intersection([
  t.type({ status: t.string }),
  t.partial({
    refid: NullableString,
    userref: t.union([t.number, t.null]),
    cl_ord_id: NullableString,
    reason: NullableString,
    opentm: t.number,
    closetm: t.number,
    starttm: t.number,
    expiretm: t.number,
    descr: t.partial({
      pair: t.string,
      type: t.string,
      ordertype: t.string,
      price: t.string,
      price2: t.string,
      leverage: t.string,
      order: t.string,
      close: t.string,
    }),
    vol: t.string,
    vol_exec: t.string,
    cost: t.string,
    fee: t.string,
    price: t.string,
    stopprice: t.string,
    limitprice: t.string,
    misc: t.string,
    oflags: t.string,
    trades: t.array(t.string),
  }),
]);
/** @category Protocol @since 0.1.0 */
export type ClosedOrderInfo = t.TypeOf<typeof ClosedOrderInfo>;

/**
 * The result of `POST /0/private/ClosedOrders`: one page (up to 50) of orders by txid, most
 * recent first, and `count`, how many orders match across all pages.
 * @category Protocol
 * @since 0.1.0
 */
export const ClosedOrders = t.type({ closed: t.record(t.string, ClosedOrderInfo), count: IntegerNumber });
/** @category Protocol @since 0.1.0 */
export type ClosedOrders = t.TypeOf<typeof ClosedOrders>;
