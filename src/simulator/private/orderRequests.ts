import { parseUnits } from '../core/decimal';
import type { Market } from '../market/market';
import type { PairMarket } from '../market/pairMarket';

/**
 * Validation of trading requests (protocol reference 9) with Kraken's error texts. Pure
 * functions of the request and the market; the engine acts on the results.
 *
 * Field errors are `EGeneral:Invalid arguments:<field>` (recorded for `volume` and
 * `timeinforce`). The simulator implements `limit` and `market` orders; the other order types,
 * margin (`leverage`), conditional close, scheduled starts (`starttm`), relative prices and
 * `viqc` are refused with the field's `Invalid arguments` text (a simulator limitation, not
 * Kraken behaviour; see `src/simulator/README.md`).
 * @internal
 */

/** Kraken's error texts used by the trading side. @internal */
export const TRADING_ERROR = {
  invalidSession: 'ESession:Invalid session',
  unknownPair: 'EQuery:Unknown asset pair',
  orderMinimum: 'EOrder:Order minimum not met',
  unknownOrder: 'EOrder:Unknown order',
  rateLimit: 'EOrder:Rate limit exceeded',
  // Reduce-only without a position. Exact text unconfirmed (protocol reference 12 lists
  // `EOrder:Unknown position`); the simulator never holds positions.
  noPosition: 'EOrder:Unknown position',
  deadline: 'EService:Deadline elapsed',
  maintenance: 'EService:Unavailable',
  cancelOnly: 'EService:Market in cancel_only mode',
  postOnly: 'EService:Market in post_only mode',
  limitOnly: 'EService:Market in limit_only mode',
} as const;

/**
 * The `EService:` refusal of a new order in the engine mode `status`, if any (protocol
 * reference 4.1 and 11.5): `maintenance` refuses everything, `cancel_only` every new order,
 * `post_only` all but post-only limit orders, `limit_only` market orders.
 * @internal
 */
export function modeRefusal(status: string, ordertype: 'limit' | 'market', post: boolean): string | undefined {
  if (status === 'maintenance') return TRADING_ERROR.maintenance;
  if (status === 'cancel_only') return TRADING_ERROR.cancelOnly;
  if (status === 'post_only' && !(ordertype === 'limit' && post)) return TRADING_ERROR.postOnly;
  if (status === 'limit_only' && ordertype !== 'limit') return TRADING_ERROR.limitOnly;
  return undefined;
}

/** `EGeneral:Invalid arguments:<field>`. @internal */
export function invalidArgument(field: string): string {
  return `EGeneral:Invalid arguments:${field}`;
}

/** Order types of Kraken (reference 9.1); only the first two are simulated. */
const SIMULATED_TYPES = ['limit', 'market'] as const;
const ORDER_FLAGS = ['post', 'fcib', 'fciq', 'nompp', 'viqc'] as const;
const DECIMAL = /^\d+(\.\d+)?$/;
/** Largest order volume in lots (keeps every book level a safe integer). */
const MAX_LOTS = 2 ** 50;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** How far ahead a `deadline` may be (the newer docs' bound; reference 9.1 marks it unconfirmed). */
const DEADLINE_MAX_MS = 60_000;

/** Time in force. @internal */
export type TimeInForce = 'GTC' | 'IOC' | 'GTD';

/** A checked `addOrder`. @internal */
export interface AddOrderInput {
  readonly market: PairMarket;
  readonly ordertype: (typeof SIMULATED_TYPES)[number];
  readonly type: 'buy' | 'sell';
  readonly lots: number;
  /** Limit price in ticks (limit orders). */
  readonly price: number | undefined;
  readonly userref: number;
  /** Flags as Kraken reports them (`fciq` added when no fee currency flag was given). */
  readonly oflags: readonly string[];
  readonly post: boolean;
  readonly timeinforce: TimeInForce;
  /** Expiry, ms since the epoch (GTD). */
  readonly expireMs: number | undefined;
  readonly validate: boolean;
}

/** A checked `editOrder` (the order is looked up by the engine). @internal */
export interface EditOrderInput {
  readonly orderid: string;
  readonly market: PairMarket;
  readonly lots: number;
  readonly price: number | undefined;
  /** The price text as sent (Kraken echoes it in `descr`). */
  readonly priceText: string | undefined;
  readonly oflags: readonly string[] | undefined;
  readonly post: boolean | undefined;
  readonly newuserref: number | undefined;
  readonly validate: boolean;
}

/** Result of a validation. @internal */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const bad = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Validates an `addOrder` request at time `nowMs`. @internal */
export function checkAddOrder(request: Record<string, unknown>, market: Market, nowMs: number): Checked<AddOrderInput> {
  const rawType = request['ordertype'];
  if (typeof rawType !== 'string' || !(SIMULATED_TYPES as readonly string[]).includes(rawType)) return bad(invalidArgument('ordertype'));
  const ordertype = rawType as AddOrderInput['ordertype'];
  const type = request['type'];
  if (type !== 'buy' && type !== 'sell') return bad(invalidArgument('type'));
  const pm = checkPair(request['pair'], market);
  if (!pm.ok) return pm;
  const m = pm.value;
  const volume = checkVolume(request['volume'], m);
  if (!volume.ok) return volume;
  let price: number | undefined;
  if (ordertype === 'limit') {
    const p = checkPrice(request['price'], m);
    if (!p.ok) return p;
    price = p.value;
  }
  const leverage = request['leverage'];
  if (leverage !== undefined && leverage !== 'none') return bad(invalidArgument('leverage'));
  for (const f of ['close[ordertype]', 'close[price]', 'close[price2]', 'close']) if (request[f] !== undefined) return bad(invalidArgument(f));
  const starttm = request['starttm'];
  if (starttm !== undefined && starttm !== '0' && starttm !== 0) return bad(invalidArgument('starttm'));
  const userref = checkUserref(request['userref'], 'userref');
  if (!userref.ok) return userref;
  const flags = checkFlags(request['oflags'], ordertype);
  if (!flags.ok) return flags;
  const validate = checkBoolean(request['validate'], 'validate');
  if (!validate.ok) return validate;
  const reduceOnly = checkBoolean(request['reduce_only'], 'reduce_only');
  if (!reduceOnly.ok) return reduceOnly;
  const tifRaw = request['timeinforce'] ?? 'GTC';
  if (tifRaw !== 'GTC' && tifRaw !== 'IOC' && tifRaw !== 'GTD') return bad(invalidArgument('timeinforce'));
  let timeinforce: TimeInForce = tifRaw;
  const post = flags.value.includes('post');
  if (ordertype === 'market' && timeinforce === 'GTD') return bad(invalidArgument('timeinforce'));
  if (post && timeinforce === 'IOC') return bad(invalidArgument('timeinforce'));
  const expire = checkTime(request['expiretm'], nowMs);
  if (!expire.ok) return expire;
  if (expire.value !== undefined) {
    if (timeinforce === 'IOC' || ordertype === 'market' || expire.value <= nowMs) return bad(invalidArgument('expiretm'));
    // An expiry without GTD (Kraken's older form) makes the order GTD.
    timeinforce = 'GTD';
  } else if (timeinforce === 'GTD') {
    return bad(invalidArgument('expiretm'));
  }
  const deadline = checkDeadline(request['deadline'], nowMs);
  if (deadline !== undefined) return bad(deadline);
  if (reduceOnly.value) return bad(TRADING_ERROR.noPosition);
  return {
    ok: true,
    value: {
      market: m,
      ordertype,
      type,
      lots: volume.value,
      price,
      userref: userref.value ?? 0,
      oflags: withFeeFlag(flags.value),
      post,
      timeinforce,
      expireMs: expire.value,
      validate: validate.value,
    },
  };
}

/** Validates an `editOrder` request. @internal */
export function checkEditOrder(request: Record<string, unknown>, market: Market): Checked<EditOrderInput> {
  const raw = request['orderid'];
  let orderid: string;
  if (typeof raw === 'string' && raw !== '') orderid = raw;
  else if (typeof raw === 'number' && Number.isInteger(raw)) orderid = String(raw);
  else return bad(invalidArgument('orderid'));
  const pm = checkPair(request['pair'], market);
  if (!pm.ok) return pm;
  const m = pm.value;
  const volume = checkVolume(request['volume'], m);
  if (!volume.ok) return volume;
  let price: number | undefined;
  let priceText: string | undefined;
  if (request['price'] !== undefined) {
    const p = checkPrice(request['price'], m);
    if (!p.ok) return p;
    price = p.value;
    priceText = request['price'] as string;
  }
  let oflags: string[] | undefined;
  if (request['oflags'] !== undefined) {
    const f = checkFlags(request['oflags'], 'limit');
    if (!f.ok) return f;
    oflags = withFeeFlag(f.value);
  }
  const newuserref = checkUserref(request['newuserref'], 'newuserref');
  if (!newuserref.ok) return newuserref;
  const validate = checkBoolean(request['validate'], 'validate');
  if (!validate.ok) return validate;
  return {
    ok: true,
    value: {
      orderid,
      market: m,
      lots: volume.value,
      price,
      priceText,
      oflags,
      post: oflags === undefined ? undefined : oflags.includes('post'),
      newuserref: newuserref.value,
      validate: validate.value,
    },
  };
}

/**
 * The ids of a `cancelOrder`: a non-empty array of txids and/or userrefs (strings; integers
 * are accepted for userrefs).
 * @internal
 */
export function checkCancelOrder(request: Record<string, unknown>): Checked<readonly string[]> {
  const txid = request['txid'];
  if (!Array.isArray(txid) || txid.length === 0) return bad(invalidArgument('txid'));
  const ids: string[] = [];
  for (const t of txid) {
    if (typeof t === 'string' && t !== '') ids.push(t);
    else if (typeof t === 'number' && Number.isInteger(t)) ids.push(String(t));
    else return bad(invalidArgument('txid'));
  }
  return { ok: true, value: ids };
}

/** The longest `cancelAllOrdersAfter` timeout accepted, seconds (v2's documented cap; v1's is unconfirmed). @internal */
export const MAX_CANCEL_AFTER_SECONDS = 86_400;

/** The `timeout` of a `cancelAllOrdersAfter`: an integer from 0 to 86400 seconds. @internal */
export function checkCancelAfter(request: Record<string, unknown>): Checked<number> {
  const t = request['timeout'];
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > MAX_CANCEL_AFTER_SECONDS) return bad(invalidArgument('timeout'));
  return { ok: true, value: t };
}

// ------------------------------------------------------------------------------------ fields

function checkPair(raw: unknown, market: Market): Checked<PairMarket> {
  if (typeof raw !== 'string' || raw === '') return bad(invalidArgument('pair'));
  const m = market.byName.get(raw);
  return m === undefined ? bad(TRADING_ERROR.unknownPair) : { ok: true, value: m };
}

function checkVolume(raw: unknown, m: PairMarket): Checked<number> {
  if (typeof raw !== 'string' || !DECIMAL.test(raw)) return bad(invalidArgument('volume'));
  const lots = parseUnits(raw, m.pair.lotDecimals);
  if (lots === undefined || lots === 0n || lots > BigInt(MAX_LOTS)) return bad(invalidArgument('volume'));
  const min = parseUnits(m.pair.ordermin, m.pair.lotDecimals) ?? 0n;
  if (lots < min) return bad(TRADING_ERROR.orderMinimum);
  return { ok: true, value: Number(lots) };
}

function checkPrice(raw: unknown, m: PairMarket): Checked<number> {
  if (typeof raw !== 'string' || !DECIMAL.test(raw)) return bad(invalidArgument('price'));
  const ticks = parseUnits(raw, m.pair.priceDecimals);
  if (ticks === undefined) {
    // Kraken's text for too many decimals (REST AddOrder; unconfirmed for the WebSocket).
    return bad(`EOrder:Invalid price:${m.pair.wsname} price can only be specified up to ${m.pair.priceDecimals} decimals.`);
  }
  if (ticks === 0n || ticks > BigInt(Number.MAX_SAFE_INTEGER)) return bad(invalidArgument('price'));
  return { ok: true, value: Number(ticks) };
}

function checkUserref(raw: unknown, field: string): Checked<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  let n: number | undefined;
  if (typeof raw === 'number' && Number.isInteger(raw)) n = raw;
  else if (typeof raw === 'string' && /^-?\d{1,10}$/.test(raw)) n = Number(raw);
  if (n === undefined || n < INT32_MIN || n > INT32_MAX) return bad(invalidArgument(field));
  return { ok: true, value: n };
}

function checkFlags(raw: unknown, ordertype: string): Checked<string[]> {
  if (raw === undefined || raw === '') return { ok: true, value: [] };
  if (typeof raw !== 'string') return bad(invalidArgument('oflags'));
  const flags = raw.split(',').map((f) => f.trim());
  for (const f of flags) if (!(ORDER_FLAGS as readonly string[]).includes(f) || f === 'viqc') return bad(invalidArgument('oflags'));
  if (flags.includes('fcib') && flags.includes('fciq')) return bad(invalidArgument('oflags'));
  if (flags.includes('post') && ordertype !== 'limit') return bad(invalidArgument('oflags'));
  return { ok: true, value: [...new Set(flags)] };
}

function withFeeFlag(flags: readonly string[]): string[] {
  // Recorded orders carry `fciq` (fee in quote currency) when the client asked for nothing else.
  return flags.includes('fcib') || flags.includes('fciq') ? [...flags] : [...flags, 'fciq'];
}

function checkBoolean(raw: unknown, field: string): Checked<boolean> {
  // Documented as boolean; older clients send "true"/"false" (reference 9.1): accept both.
  if (raw === undefined || raw === false || raw === 'false') return { ok: true, value: false };
  if (raw === true || raw === 'true') return { ok: true, value: true };
  return bad(invalidArgument(field));
}

/** `"0"`/absent: none; `"+<n>"`: n seconds from now; `"<n>"`: Unix time. Returns ms. */
function checkTime(raw: unknown, nowMs: number): Checked<number | undefined> {
  if (raw === undefined || raw === '0' || raw === 0) return { ok: true, value: undefined };
  const text = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\+?\d{1,12}$/.test(text)) return bad(invalidArgument('expiretm'));
  const n = Number(text.replace('+', ''));
  return { ok: true, value: text.startsWith('+') ? nowMs + n * 1000 : n * 1000 };
}

/** `undefined` when the deadline is absent or fine, else the error text. */
function checkDeadline(raw: unknown, nowMs: number): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(raw)) return invalidArgument('deadline');
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return invalidArgument('deadline');
  if (at <= nowMs) return TRADING_ERROR.deadline;
  if (at > nowMs + DEADLINE_MAX_MS) return invalidArgument('deadline');
  return undefined;
}
