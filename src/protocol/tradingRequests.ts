/**
 * Parameters of the v1 trading requests (protocol reference 9): io-ts codecs that check and
 * normalise every field, cross-field rules, and builders of the exact JSON text sent.
 *
 * Decimal inputs: strings are checked and sent byte for byte (never parsed into floats);
 * finite numbers are accepted too and written in their shortest round-trip decimal form
 * (`0.1` → `"0.1"`, `1e-7` → `"0.0000001"`), which is exactly the literal a program wrote but
 * also exposes float arithmetic (`0.1 + 0.2` → `"0.30000000000000004"`, which Kraken refuses
 * for having too many decimals): compute prices and volumes with a decimal library and pass
 * strings. A number is always an absolute value: relative prices (`+5`, `-1.5%`, `#10`) must be
 * strings, so a negative number is refused rather than read as an offset.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { InvalidOrderError, type OrderProblem } from '../errors/invalidOrderError';
import { InvalidArgumentError } from '../errors/protocolErrors';

/** Order types of `addOrder` (reference 9.1). @category Trading @since 0.1.0 */
export const ORDER_TYPES = [
  'limit',
  'market',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
  'settle-position',
] as const;
/** @category Trading @since 0.1.0 */
export type OrderType = (typeof ORDER_TYPES)[number];

/** Order types of a conditional close order (`close[ordertype]`). @category Trading @since 0.1.0 */
export const CLOSE_ORDER_TYPES = [
  'limit',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
] as const;
/** @category Trading @since 0.1.0 */
export type CloseOrderType = (typeof CLOSE_ORDER_TYPES)[number];

/** Order flags (`oflags`). @category Trading @since 0.1.0 */
export const ORDER_FLAGS = ['post', 'fcib', 'fciq', 'nompp', 'viqc'] as const;
/** @category Trading @since 0.1.0 */
export type OrderFlag = (typeof ORDER_FLAGS)[number];

/** @category Trading @since 0.1.0 */
export type TimeInForce = 'GTC' | 'IOC' | 'GTD';

/** A decimal as an exact string (preferred) or a finite number (see the module notes). @category Trading @since 0.1.0 */
export type DecimalInput = string | number;

/** The longest `cancelAllOrdersAfter` timeout accepted, in seconds (v2 documents 86400; v1 is unconfirmed). @category Trading @since 0.1.0 */
export const MAX_CANCEL_AFTER_TIMEOUT = 86_400;

/**
 * Parameters of `addOrder`, with Kraken's own field names (reference 9.1).
 * @example
 * ```ts
 * const params: AddOrderParams = { ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '9857', volume: '0.002', userref: 42 };
 * ```
 * @category Trading
 * @since 0.1.0
 */
export interface AddOrderParams {
  readonly ordertype: OrderType;
  readonly type: 'buy' | 'sell';
  /** The WebSocket pair name, e.g. `XBT/USD`. */
  readonly pair: string;
  /** Base-currency quantity; positive (`"0"` only with `leverage` or `settle-position`, to close a position). */
  readonly volume: DecimalInput;
  /**
   * Limit price (`limit`), or trigger price (stop/take-profit/trailing types). Strings may be
   * relative: `+`, `-` or `#` prefix, optionally `%` suffix; trailing types need `+`.
   */
  readonly price?: DecimalInput;
  /** Limit price of `*-limit` types (`+`/`-` prefix and `%` allowed; trailing-stop-limit needs a prefix). */
  readonly price2?: DecimalInput;
  /** `"2"`–`"5"` (pair-dependent); omitted = no margin. */
  readonly leverage?: string | number;
  readonly reduce_only?: boolean;
  /** Comma list or array of `post`, `fcib`, `fciq`, `nompp`, `viqc`. */
  readonly oflags?: string | ReadonlyArray<OrderFlag>;
  /** `0` now (default), `+<n>` seconds from now, or `<n>` Unix time. */
  readonly starttm?: string | number;
  /** `0` none (default), `+<n>` seconds from now, or `<n>` Unix time; required for GTD. */
  readonly expiretm?: string | number;
  /** RFC 3339 time after which the engine must reject the order. */
  readonly deadline?: string;
  /** A 32-bit signed integer of your choosing, echoed in openOrders (set one to reconcile after a timeout). */
  readonly userref?: number;
  /** Validate only; place nothing. */
  readonly validate?: boolean;
  readonly timeinforce?: TimeInForce;
  readonly 'close[ordertype]'?: CloseOrderType;
  readonly 'close[price]'?: DecimalInput;
  readonly 'close[price2]'?: DecimalInput;
}

/**
 * Parameters of `editOrder` (reference 9.2).
 * @example
 * ```ts
 * const params: EditOrderParams = { orderid: 'O26VH7-COEPR-YFYXLK', pair: 'XBT/USD', price: '9000', volume: '0.5' };
 * ```
 * @category Trading
 * @since 0.1.0
 */
export interface EditOrderParams {
  /** The order's txid, or its userref. */
  readonly orderid: string | number;
  readonly pair: string;
  /** The new volume (required by the current documentation). */
  readonly volume: DecimalInput;
  readonly price?: DecimalInput;
  readonly price2?: DecimalInput;
  /** The new flags (replace the old ones); `""` or `[]` clears them. */
  readonly oflags?: string | ReadonlyArray<OrderFlag>;
  /** The userref of the new order. */
  readonly newuserref?: number;
  readonly validate?: boolean;
}

/**
 * Parameters of `cancelOrder` (reference 9.3): order txids and/or userrefs.
 * @example
 * ```ts
 * const params: CancelOrderParams = { txid: ['OGTT3Y-C6I3P-XRI6HX', 42] };
 * ```
 * @category Trading
 * @since 0.1.0
 */
export interface CancelOrderParams {
  readonly txid: string | number | ReadonlyArray<string | number>;
}

/**
 * Parameters of `cancelAllOrdersAfter` (reference 9.5): seconds until every order is
 * cancelled, `0` to disable.
 * @example
 * ```ts
 * const params: CancelAllOrdersAfterParams = { timeout: 60 };
 * ```
 * @category Trading
 * @since 0.1.0
 */
export interface CancelAllOrdersAfterParams {
  readonly timeout: number;
}

declare const validatedBrand: unique symbol;

/**
 * Checked `addOrder` fields in wire form (decimals and userref as strings), produced only by
 * {@link validateAddOrder}.
 * @category Trading
 * @since 0.1.0
 */
export interface AddOrderFields {
  readonly [validatedBrand]: 'addOrder';
  readonly ordertype: OrderType;
  readonly type: 'buy' | 'sell';
  readonly pair: string;
  readonly price?: string;
  readonly price2?: string;
  readonly volume: string;
  readonly leverage?: string;
  readonly reduce_only?: boolean;
  readonly userref?: string;
  readonly oflags?: string;
  readonly starttm?: string;
  readonly expiretm?: string;
  readonly deadline?: string;
  readonly timeinforce?: TimeInForce;
  readonly validate?: boolean;
  readonly 'close[ordertype]'?: CloseOrderType;
  readonly 'close[price]'?: string;
  readonly 'close[price2]'?: string;
}

/** Checked `editOrder` fields in wire form, from {@link validateEditOrder}. @category Trading @since 0.1.0 */
export interface EditOrderFields {
  readonly [validatedBrand]: 'editOrder';
  readonly orderid: string;
  readonly pair: string;
  readonly price?: string;
  readonly price2?: string;
  readonly volume: string;
  readonly oflags?: string;
  readonly newuserref?: string;
  readonly validate?: boolean;
}

/** Checked `cancelOrder` fields, from {@link validateCancelOrder}. @category Trading @since 0.1.0 */
export interface CancelOrderFields {
  readonly [validatedBrand]: 'cancelOrder';
  readonly txid: ReadonlyArray<string>;
}

/** Checked `cancelAllOrdersAfter` fields, from {@link validateCancelAllOrdersAfter}. @category Trading @since 0.1.0 */
export interface CancelAllOrdersAfterFields {
  readonly [validatedBrand]: 'cancelAllOrdersAfter';
  readonly timeout: number;
}

/**
 * The outcome of validating request parameters: the checked fields, or an
 * {@link InvalidOrderError} listing every problem. Validation never throws.
 * @category Trading
 * @since 0.1.0
 */
export type ValidationResult<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: InvalidOrderError };

// ---------------------------------------------------------------------------------------------
// Field codecs

type Check<A> = { ok: true; value: A } | { ok: false; problem: string };

/** An io-ts codec from a check function; `undefined` fails with "is required". */
function field<A>(name: string, check: (u: unknown) => Check<A>): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => {
      const r = check(u);
      return r.ok && r.value === u;
    },
    (u, c) => {
      if (u === undefined) return t.failure(u, c, 'is required');
      const r = check(u);
      return r.ok ? t.success(r.value) : t.failure(u, c, r.problem);
    },
    t.identity,
  );
}

const UNSIGNED = /^\d+(\.\d+)?$/;
const RELATIVE_PRICE = /^[+\-#]\d+(\.\d+)?%?$/;
const RELATIVE_PRICE2 = /^[+-]\d+(\.\d+)?%?$/;
const TIME_SPEC = /^\+?\d+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function shown(u: unknown): string {
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u);
  if (typeof u === 'number' || typeof u === 'boolean' || u === null) return String(u);
  if (Array.isArray(u)) return 'an array';
  return `a ${typeof u}`;
}

/**
 * The shortest round-trip decimal text of a finite number, in plain notation
 * (`1e-7` → `"0.0000001"`, `1e21` → `"1000000000000000000000"`). No float arithmetic is done:
 * the digits are those of `String(n)`.
 * @example
 * ```ts
 * numberToDecimalString(0.1);  // '0.1'
 * numberToDecimalString(1e-7); // '0.0000001'
 * ```
 * @category Trading
 * @since 0.1.0
 */
export function numberToDecimalString(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const sign = m[1] ?? '';
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const digits = int + frac;
  const point = int.length + Number(m[4]);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function isZero(decimal: string): boolean {
  return /^0+(\.0+)?$/.test(decimal);
}

/** A decimal ≥ 0 as string (exact) or finite number; `allowZero` for volumes that may be 0. */
function decimalText(u: unknown, what: string): Check<string> {
  if (typeof u === 'number') {
    if (!Number.isFinite(u)) return { ok: false, problem: `must be a finite ${what}, got ${shown(u)}` };
    if (u < 0) return { ok: false, problem: `must not be negative, got ${shown(u)}` };
    return { ok: true, value: numberToDecimalString(u) };
  }
  if (typeof u !== 'string') return { ok: false, problem: `must be a decimal string, got ${shown(u)}` };
  if (u.startsWith('-')) return { ok: false, problem: `must not be negative, got ${shown(u)}` };
  if (!UNSIGNED.test(u)) return { ok: false, problem: `must be a decimal string like "0.25", got ${shown(u)}` };
  return { ok: true, value: u };
}

const Volume = field('Volume', (u) => decimalText(u, 'volume'));

/** An absolute price > 0, or (strings only) a relative one matching `relative`. */
function priceCodec(name: string, relative: RegExp, relativeText: string): t.Type<string, string, unknown> {
  return field(name, (u) => {
    if (typeof u === 'string' && relative.test(u)) return { ok: true, value: u };
    if (typeof u === 'number' && u < 0) {
      return { ok: false, problem: `must be a positive price, got ${shown(u)} (a relative price such as "-5" must be a string)` };
    }
    if (typeof u === 'string' && !UNSIGNED.test(u)) {
      return { ok: false, problem: `must be a price like "27500.5" or a relative price (${relativeText}), got ${shown(u)}` };
    }
    const d = decimalText(u, 'price');
    if (!d.ok) return d;
    if (isZero(d.value)) return { ok: false, problem: `must be positive, got ${shown(u)}` };
    return d;
  });
}

const Price = priceCodec('Price', RELATIVE_PRICE, '"+5", "-5", "#5", "+1.5%"');
const Price2 = priceCodec('Price2', RELATIVE_PRICE2, '"+5", "-5", "-1.5%"');

function oneOf<T extends string>(name: string, values: ReadonlyArray<T>, what: string): t.Type<T, T, unknown> {
  return field(name, (u) =>
    typeof u === 'string' && (values as ReadonlyArray<string>).includes(u)
      ? { ok: true, value: u as T }
      : { ok: false, problem: `unknown ${what} ${shown(u)}, expected one of ${values.join(', ')}` },
  );
}

const OrderTypeCodec = oneOf('OrderType', ORDER_TYPES, 'order type');
const CloseOrderTypeCodec = oneOf('CloseOrderType', CLOSE_ORDER_TYPES, 'close order type');
const Side = oneOf('Side', ['buy', 'sell'] as const, 'side');
const TimeInForceCodec = oneOf('TimeInForce', ['GTC', 'IOC', 'GTD'] as const, 'time in force');

const NonEmptyText = field('NonEmptyText', (u) =>
  typeof u === 'string' && u.trim() !== '' && u.trim() === u
    ? { ok: true, value: u }
    : { ok: false, problem: `must be a non-empty string without surrounding spaces, got ${shown(u)}` },
);

const Bool = field('Bool', (u) => (typeof u === 'boolean' ? { ok: true, value: u } : { ok: false, problem: `must be true or false, got ${shown(u)}` }));

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function isInt32(u: unknown): u is number {
  return typeof u === 'number' && Number.isInteger(u) && u >= INT32_MIN && u <= INT32_MAX;
}

const Int32Text = field('Int32', (u) =>
  isInt32(u) ? { ok: true, value: String(u) } : { ok: false, problem: `must be a 32-bit signed integer, got ${shown(u)}` },
);

const Leverage = field('Leverage', (u) => {
  if (typeof u === 'number' && Number.isInteger(u) && u >= 1) return { ok: true, value: String(u) };
  if (typeof u === 'string' && (/^[1-9]\d*$/.test(u) || u === 'none')) return { ok: true, value: u };
  return { ok: false, problem: `must be a whole leverage like "2" or 2, got ${shown(u)}` };
});

const TimeSpec = field('TimeSpec', (u) => {
  if (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0) return { ok: true, value: String(u) };
  if (typeof u === 'string' && TIME_SPEC.test(u)) return { ok: true, value: u };
  return { ok: false, problem: `must be "0", "+<seconds>" or a Unix time in whole seconds, got ${shown(u)}` };
});

const Deadline = field('Deadline', (u) =>
  typeof u === 'string' && RFC3339.test(u) && !Number.isNaN(Date.parse(u))
    ? { ok: true, value: u }
    : { ok: false, problem: `must be an RFC 3339 time like "2024-01-01T12:00:00.000Z", got ${shown(u)}` },
);

/** `oflags` as comma text or array → normalised comma text; `allowEmpty` for editOrder. */
function flagsCodec(allowEmpty: boolean): t.Type<string, string, unknown> {
  return field('OrderFlags', (u) => {
    let list: unknown[];
    if (typeof u === 'string') list = u === '' ? [] : u.split(',');
    else if (Array.isArray(u)) list = u as unknown[];
    else return { ok: false, problem: `must be a comma list or an array of ${ORDER_FLAGS.join(', ')}, got ${shown(u)}` };
    const unknown = list.filter((f) => typeof f !== 'string' || !(ORDER_FLAGS as ReadonlyArray<string>).includes(f));
    if (unknown.length > 0) {
      return { ok: false, problem: `unknown flag(s) ${unknown.map(shown).join(', ')}, expected ${ORDER_FLAGS.join(', ')}` };
    }
    const flags = list as string[];
    const repeated = flags.filter((f, i) => flags.indexOf(f) !== i);
    if (repeated.length > 0) return { ok: false, problem: `repeats ${repeated.map(shown).join(', ')}` };
    if (flags.length === 0 && !allowEmpty) return { ok: false, problem: 'is empty; leave it out instead' };
    return { ok: true, value: flags.join(',') };
  });
}

const AddOrderRequired = t.type({ ordertype: OrderTypeCodec, type: Side, pair: NonEmptyText, volume: Volume });
const AddOrderOptional = t.partial({
  price: Price,
  price2: Price2,
  leverage: Leverage,
  reduce_only: Bool,
  userref: Int32Text,
  oflags: flagsCodec(false),
  starttm: TimeSpec,
  expiretm: TimeSpec,
  deadline: Deadline,
  timeinforce: TimeInForceCodec,
  validate: Bool,
  'close[ordertype]': CloseOrderTypeCodec,
  'close[price]': Price,
  'close[price2]': Price2,
});

const OrderId = field('OrderId', (u) => {
  if (isInt32(u)) return { ok: true, value: String(u) };
  if (typeof u === 'string' && u.trim() !== '' && u.trim() === u) return { ok: true, value: u };
  return { ok: false, problem: `must be an order txid or a userref (32-bit integer), got ${shown(u)}` };
});

const EditOrderRequired = t.type({ orderid: OrderId, pair: NonEmptyText, volume: Volume });
const EditOrderOptional = t.partial({ price: Price, price2: Price2, oflags: flagsCodec(true), newuserref: Int32Text, validate: Bool });

const TxidList = field('TxidList', (u) => {
  const list = Array.isArray(u) ? (u as unknown[]) : [u];
  if (list.length === 0) return { ok: false, problem: 'must name at least one order' };
  const out: string[] = [];
  for (const item of list) {
    const id = OrderId.decode(item);
    if (isLeft(id)) return { ok: false, problem: `must hold order txids or userrefs, got ${shown(item)}` };
    out.push(id.right);
  }
  return { ok: true, value: out };
});
const CancelOrderCodec = t.type({ txid: TxidList });

const CancelTimeout = field('CancelTimeout', (u) =>
  typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= MAX_CANCEL_AFTER_TIMEOUT
    ? { ok: true, value: u }
    : { ok: false, problem: `must be whole seconds from 0 (disable) to ${MAX_CANCEL_AFTER_TIMEOUT}, got ${shown(u)}` },
);
const CancelAllOrdersAfterCodec = t.type({ timeout: CancelTimeout });

// ---------------------------------------------------------------------------------------------
// Validation

const LIMIT_TYPES: ReadonlyArray<string> = ['stop-loss-limit', 'take-profit-limit', 'trailing-stop-limit'];
const PRICED_TYPES: ReadonlyArray<string> = ['limit', 'stop-loss', 'stop-loss-limit', 'take-profit', 'take-profit-limit', 'trailing-stop', 'trailing-stop-limit'];
const TRAILING_TYPES: ReadonlyArray<string> = ['trailing-stop', 'trailing-stop-limit'];

function problemsOf(errors: t.Errors): OrderProblem[] {
  return errors.map((e) => {
    const key = e.context[1]?.key;
    return key === undefined || key === ''
      ? { field: '(params)', problem: `must be an object, got ${shown(e.value)}` }
      : { field: key, problem: e.message ?? 'is invalid' };
  });
}

function unknownFields(params: object, known: ReadonlyArray<string>): OrderProblem[] {
  return Object.keys(params)
    .filter((k) => !known.includes(k) && (params as Record<string, unknown>)[k] !== undefined)
    .map((k) => ({
      field: k,
      problem: ['event', 'token', 'reqid'].includes(k) ? 'is set by the client; leave it out' : 'is not a v1 field of this request',
    }));
}

function dedupe(problems: OrderProblem[]): OrderProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isObject(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

function result<A>(request: string, problems: OrderProblem[], value: () => A): ValidationResult<A> {
  const all = dedupe(problems);
  return all.length === 0 ? { ok: true, value: value() } : { ok: false, error: new InvalidOrderError(request, all) };
}

/** Copies the defined keys of `source`, in `order`, into a new object. */
function pick(source: Record<string, unknown>, order: ReadonlyArray<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

const ADD_ORDER_FIELDS = [
  'ordertype',
  'type',
  'pair',
  'price',
  'price2',
  'volume',
  'leverage',
  'reduce_only',
  'userref',
  'oflags',
  'starttm',
  'expiretm',
  'deadline',
  'timeinforce',
  'validate',
  'close[ordertype]',
  'close[price]',
  'close[price2]',
] as const;

/**
 * Checks `addOrder` parameters and puts them in wire form. Lists every problem: each field's
 * own (unknown order type, negative volume, bad flag...) and the cross-field rules:
 * priced order types need `price`, `*-limit` types need `price2` (and only they take it),
 * `market` takes no price, trailing types need a `+` relative price, `GTD` needs `expiretm`,
 * `post` is for limit orders only and not with `IOC`, `fcib` and `fciq` exclude each other,
 * `viqc` is not for leveraged orders, volume `0` only closes positions (with `leverage` or
 * `settle-position`), and the `close[...]` fields go together. Unknown fields are refused.
 *
 * @example
 * ```ts
 * const checked = validateAddOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', volume: '0.5' });
 * if (!checked.ok) console.log(checked.error.info.problems); // [{ field: 'price', problem: 'is required for limit orders' }]
 * ```
 * @param params The parameters, as given by the user.
 * @return The checked fields, or an `InvalidOrderError` listing every problem.
 * @category Trading
 * @since 0.1.0
 */
export function validateAddOrder(params: AddOrderParams): ValidationResult<AddOrderFields> {
  const input: unknown = params;
  if (!isObject(input)) return result('addOrder', [{ field: '(params)', problem: `must be an object, got ${shown(input)}` }], () => never());
  const required = AddOrderRequired.decode(input);
  const optional = AddOrderOptional.decode(input);
  const problems: OrderProblem[] = [];
  if (isLeft(required)) problems.push(...problemsOf(required.left));
  if (isLeft(optional)) problems.push(...problemsOf(optional.left));

  // Cross-field rules, on the raw values (so that each is judged even when another field failed).
  const ordertype = input['ordertype'];
  const has = (k: string): boolean => input[k] !== undefined;
  const text = (k: string): string | undefined => (typeof input[k] === 'string' ? input[k] : undefined);
  if (typeof ordertype === 'string' && (ORDER_TYPES as ReadonlyArray<string>).includes(ordertype)) {
    if (PRICED_TYPES.includes(ordertype) && !has('price')) problems.push({ field: 'price', problem: `is required for ${ordertype} orders` });
    if (ordertype === 'market' && has('price')) problems.push({ field: 'price', problem: 'is not used by market orders; leave it out' });
    if (LIMIT_TYPES.includes(ordertype) && !has('price2')) problems.push({ field: 'price2', problem: `is required for ${ordertype} orders` });
    if (!LIMIT_TYPES.includes(ordertype) && has('price2')) {
      problems.push({ field: 'price2', problem: `is only used by ${LIMIT_TYPES.join(', ')} orders, not ${ordertype}` });
    }
    if (TRAILING_TYPES.includes(ordertype)) {
      const price = text('price');
      if (has('price') && (price === undefined || !price.startsWith('+'))) {
        problems.push({ field: 'price', problem: `must be a "+" relative offset for ${ordertype} orders, e.g. "+50" or "+1.5%"` });
      }
      const price2 = text('price2');
      if (ordertype === 'trailing-stop-limit' && has('price2') && (price2 === undefined || !RELATIVE_PRICE2.test(price2))) {
        problems.push({ field: 'price2', problem: 'must be a "+" or "-" relative offset for trailing-stop-limit orders, e.g. "-10"' });
      }
    }
    const flags = flagList(input['oflags']);
    if (flags.includes('post') && ordertype !== 'limit') problems.push({ field: 'oflags', problem: `"post" is only for limit orders, not ${ordertype}` });
    const volume = input['volume'];
    const zeroVolume = (typeof volume === 'string' && isZero(volume)) || volume === 0;
    const leveraged = has('leverage') && input['leverage'] !== 'none';
    if (zeroVolume && !leveraged && ordertype !== 'settle-position') {
      problems.push({ field: 'volume', problem: 'must be positive (0 only closes a margin position: with leverage or settle-position)' });
    }
  }
  const flags = flagList(input['oflags']);
  if (flags.includes('fcib') && flags.includes('fciq')) problems.push({ field: 'oflags', problem: '"fcib" and "fciq" exclude each other' });
  if (flags.includes('viqc') && has('leverage') && input['leverage'] !== 'none') {
    problems.push({ field: 'oflags', problem: '"viqc" is not available for leveraged orders' });
  }
  if (flags.includes('post') && input['timeinforce'] === 'IOC') problems.push({ field: 'oflags', problem: '"post" cannot be combined with IOC' });
  if (input['timeinforce'] === 'GTD') {
    const exp = input['expiretm'];
    if (exp === undefined || exp === 0 || exp === '0' || exp === '+0') {
      problems.push({ field: 'expiretm', problem: 'is required (and not 0) when timeinforce is GTD' });
    }
  }
  const closeType = input['close[ordertype]'];
  if (closeType === undefined) {
    for (const k of ['close[price]', 'close[price2]']) if (has(k)) problems.push({ field: k, problem: 'needs close[ordertype]' });
  } else if (typeof closeType === 'string' && (CLOSE_ORDER_TYPES as ReadonlyArray<string>).includes(closeType)) {
    if (!has('close[price]')) problems.push({ field: 'close[price]', problem: `is required for a ${closeType} close order` });
    if (LIMIT_TYPES.includes(closeType) && !has('close[price2]')) {
      problems.push({ field: 'close[price2]', problem: `is required for a ${closeType} close order` });
    }
    if (!LIMIT_TYPES.includes(closeType) && has('close[price2]')) {
      problems.push({ field: 'close[price2]', problem: `is only used by ${LIMIT_TYPES.join(', ')} close orders` });
    }
    const closePrice = text('close[price]');
    if (TRAILING_TYPES.includes(closeType) && has('close[price]') && (closePrice === undefined || !closePrice.startsWith('+'))) {
      problems.push({ field: 'close[price]', problem: `must be a "+" relative offset for a ${closeType} close order` });
    }
  }
  problems.push(...unknownFields(input, ADD_ORDER_FIELDS));

  return result('addOrder', sortByField(problems, ADD_ORDER_FIELDS), () => {
    const merged = decodedFields([AddOrderRequired, required], [AddOrderOptional, optional]);
    return pick(merged, ADD_ORDER_FIELDS) as unknown as AddOrderFields;
  });
}

const EDIT_ORDER_FIELDS = ['orderid', 'pair', 'price', 'price2', 'volume', 'oflags', 'newuserref', 'validate'] as const;

/**
 * Checks `editOrder` parameters and puts them in wire form (`orderid` and `newuserref` as
 * strings). Requires `orderid`, `pair` and `volume`; prices follow the addOrder syntax.
 * @example
 * ```ts
 * const checked = validateEditOrder({ orderid: 'O26VH7-COEPR-YFYXLK', pair: 'XBT/USD', volume: '0.5', price: '9000' });
 * ```
 * @param params The parameters, as given by the user.
 * @return The checked fields, or an `InvalidOrderError` listing every problem.
 * @category Trading
 * @since 0.1.0
 */
export function validateEditOrder(params: EditOrderParams): ValidationResult<EditOrderFields> {
  const input: unknown = params;
  if (!isObject(input)) return result('editOrder', [{ field: '(params)', problem: `must be an object, got ${shown(input)}` }], () => never());
  const required = EditOrderRequired.decode(input);
  const optional = EditOrderOptional.decode(input);
  const problems: OrderProblem[] = [];
  if (isLeft(required)) problems.push(...problemsOf(required.left));
  if (isLeft(optional)) problems.push(...problemsOf(optional.left));
  const volume = input['volume'];
  if ((typeof volume === 'string' && isZero(volume)) || volume === 0) problems.push({ field: 'volume', problem: 'must be positive' });
  problems.push(...unknownFields(input, EDIT_ORDER_FIELDS));
  return result('editOrder', sortByField(problems, EDIT_ORDER_FIELDS), () => {
    const merged = decodedFields([EditOrderRequired, required], [EditOrderOptional, optional]);
    return pick(merged, EDIT_ORDER_FIELDS) as unknown as EditOrderFields;
  });
}

/**
 * Checks `cancelOrder` parameters: one or more txids and/or userrefs, sent as strings.
 * @example
 * ```ts
 * validateCancelOrder({ txid: 'OGTT3Y-C6I3P-XRI6HX' }); // { ok: true, value: { txid: ['OGTT3Y-C6I3P-XRI6HX'] } }
 * ```
 * @param params The parameters, as given by the user.
 * @return The checked fields, or an `InvalidOrderError`.
 * @category Trading
 * @since 0.1.0
 */
export function validateCancelOrder(params: CancelOrderParams): ValidationResult<CancelOrderFields> {
  const input: unknown = params;
  if (!isObject(input)) return result('cancelOrder', [{ field: '(params)', problem: `must be an object, got ${shown(input)}` }], () => never());
  const decoded = CancelOrderCodec.decode(input);
  const problems = [...(isLeft(decoded) ? problemsOf(decoded.left) : []), ...unknownFields(input, ['txid'])];
  return result('cancelOrder', problems, () => ({ txid: (decoded as { right: { txid: string[] } }).right.txid }) as unknown as CancelOrderFields);
}

/**
 * Checks `cancelAllOrdersAfter` parameters: `timeout` in whole seconds, 0 (disable) to 86400.
 * @example
 * ```ts
 * validateCancelAllOrdersAfter({ timeout: 60 }).ok; // true
 * ```
 * @param params The parameters, as given by the user.
 * @return The checked fields, or an `InvalidOrderError`.
 * @category Trading
 * @since 0.1.0
 */
export function validateCancelAllOrdersAfter(params: CancelAllOrdersAfterParams): ValidationResult<CancelAllOrdersAfterFields> {
  const input: unknown = params;
  if (!isObject(input)) {
    return result('cancelAllOrdersAfter', [{ field: '(params)', problem: `must be an object, got ${shown(input)}` }], () => never());
  }
  const decoded = CancelAllOrdersAfterCodec.decode(input);
  const problems = [...(isLeft(decoded) ? problemsOf(decoded.left) : []), ...unknownFields(input, ['timeout'])];
  return result(
    'cancelAllOrdersAfter',
    problems,
    () => ({ timeout: (decoded as { right: { timeout: number } }).right.timeout }) as unknown as CancelAllOrdersAfterFields,
  );
}

/**
 * The decoded values of each codec's own properties (io-ts keeps the other input keys as they
 * were, so a later spread would put raw values back over decoded ones).
 */
function decodedFields(...parts: Array<[{ props: t.Props }, t.Validation<unknown>]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [codec, validation] of parts) {
    if (isLeft(validation)) continue;
    const value = validation.right as Record<string, unknown>;
    for (const key of Object.keys(codec.props)) if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}

function flagList(u: unknown): string[] {
  if (typeof u === 'string') return u === '' ? [] : u.split(',');
  if (Array.isArray(u)) return u.filter((f): f is string => typeof f === 'string');
  return [];
}

function sortByField(problems: OrderProblem[], order: ReadonlyArray<string>): OrderProblem[] {
  const rank = (f: string): number => {
    const i = order.indexOf(f);
    return i < 0 ? order.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.field) - rank(b.p.field) || a.i - b.i)
    .map((x) => x.p);
}

function never(): never {
  throw new Error('unreachable: a failed validation has no value');
}

// ---------------------------------------------------------------------------------------------
// Builders

function checkEnvelope(token: string, reqid: number): void {
  if (typeof token !== 'string' || token === '') throw new InvalidArgumentError('token', typeof token === 'string' ? token : typeof token, 'a WebSocket token');
  if (!Number.isSafeInteger(reqid) || reqid <= 0) throw new InvalidArgumentError('reqid', reqid, 'a positive integer');
}

/**
 * The exact JSON text of an `addOrder` request: `event`, `token`, `reqid`, then the checked
 * fields in Kraken's documented order, decimals and `userref` as strings.
 * @example
 * ```ts
 * const checked = validateAddOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '9857', volume: '0.002' });
 * if (checked.ok) socket.send(addOrderRequest(checked.value, token, 12));
 * // {"event":"addOrder","token":"…","reqid":12,"ordertype":"limit","type":"buy","pair":"XBT/USD","price":"9857","volume":"0.002"}
 * ```
 * @throws {InvalidArgumentError} When the token is empty or reqid is not a positive integer.
 * @category Trading
 * @since 0.1.0
 */
export function addOrderRequest(fields: AddOrderFields, token: string, reqid: number): string {
  checkEnvelope(token, reqid);
  return JSON.stringify({ event: 'addOrder', token, reqid, ...pick(fields as unknown as Record<string, unknown>, ADD_ORDER_FIELDS) });
}

/**
 * The exact JSON text of an `editOrder` request.
 * @example
 * ```ts
 * // {"event":"editOrder","token":"…","reqid":3,"orderid":"O26VH7-COEPR-YFYXLK","pair":"XBT/USD","price":"9000","volume":"0.5","oflags":"","newuserref":"666"}
 * ```
 * @throws {InvalidArgumentError} When the token is empty or reqid is not a positive integer.
 * @category Trading
 * @since 0.1.0
 */
export function editOrderRequest(fields: EditOrderFields, token: string, reqid: number): string {
  checkEnvelope(token, reqid);
  return JSON.stringify({ event: 'editOrder', token, reqid, ...pick(fields as unknown as Record<string, unknown>, EDIT_ORDER_FIELDS) });
}

/**
 * The exact JSON text of a `cancelOrder` request (`txid` always an array of strings).
 * @example
 * ```ts
 * // {"event":"cancelOrder","token":"…","reqid":5,"txid":["OGTT3Y-C6I3P-XRI6HX","42"]}
 * ```
 * @throws {InvalidArgumentError} When the token is empty or reqid is not a positive integer.
 * @category Trading
 * @since 0.1.0
 */
export function cancelOrderRequest(fields: CancelOrderFields, token: string, reqid: number): string {
  checkEnvelope(token, reqid);
  return JSON.stringify({ event: 'cancelOrder', token, reqid, txid: fields.txid });
}

/**
 * The exact JSON text of a `cancelAll` request (it has no parameters).
 * @example
 * ```ts
 * cancelAllRequest(token, 6); // {"event":"cancelAll","token":"…","reqid":6}
 * ```
 * @throws {InvalidArgumentError} When the token is empty or reqid is not a positive integer.
 * @category Trading
 * @since 0.1.0
 */
export function cancelAllRequest(token: string, reqid: number): string {
  checkEnvelope(token, reqid);
  return JSON.stringify({ event: 'cancelAll', token, reqid });
}

/**
 * The exact JSON text of a `cancelAllOrdersAfter` request (`timeout` a JSON integer, as in
 * Kraken's example).
 * @example
 * ```ts
 * // {"event":"cancelAllOrdersAfter","token":"…","reqid":7,"timeout":60}
 * ```
 * @throws {InvalidArgumentError} When the token is empty or reqid is not a positive integer.
 * @category Trading
 * @since 0.1.0
 */
export function cancelAllOrdersAfterRequest(fields: CancelAllOrdersAfterFields, token: string, reqid: number): string {
  checkEnvelope(token, reqid);
  return JSON.stringify({ event: 'cancelAllOrdersAfter', token, reqid, timeout: fields.timeout });
}
