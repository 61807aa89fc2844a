/**
 * io-ts codecs for the few Kraken REST answers the library uses (protocol reference 10.1 and
 * Kraken's REST reference for AssetPairs and OHLC).
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { DecimalString } from './decimalString';
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
