import { formatTicks, formatVwap } from '../core/decimal';
import type { TradingEngine } from '../private/engine';
import { statusDescription, type Order } from '../private/order';
import { authenticate, type PrivateAuthContext } from './privateAuth';
import { fail, ok, type RestRequest, type RestResponse } from './routes';

/** The path Kraken signs for this call. @internal */
export const CLOSED_ORDERS_PATH = '/0/private/ClosedOrders';

/** What the route needs: the private checks, and the account's orders. @internal */
export interface ClosedOrdersContext extends PrivateAuthContext {
  readonly engine: TradingEngine;
}

/** Kraken returns this many closed orders per call (`ofs` pages through the rest). */
const PAGE_SIZE = 50;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * `POST /0/private/ClosedOrders`: the account's orders that are no longer open (filled,
 * cancelled or expired), most recently closed first, 50 per call. The protocol reference
 * covers only `GetWebSocketsToken` among the private REST calls; the parameters and the shape
 * of the answer follow Kraken's REST documentation ("Get Closed Orders"):
 *
 * - the checks of every private call first (see {@link authenticate});
 * - `userref` (32-bit integer) keeps the orders placed with it; `ofs` skips that many;
 *   `start` (exclusive) and `end` (inclusive) are Unix times in seconds, compared with the
 *   open time, the close time, or either (`closetime`: `open`, `close`, `both`, the default);
 *   `trades=true` adds the ids of each order's trades. Other fields are ignored; a field that
 *   does not parse gets `EGeneral:Invalid arguments:<field>`. (Kraken also takes an order id
 *   for `start`/`end`; the simulator takes times only.)
 * - the answer: `{"closed":{"<txid>":{refid, userref, status, reason, opentm, closetm,
 *   starttm, expiretm, descr: {pair, type, ordertype, price, price2, leverage, order, close},
 *   vol, vol_exec, cost, fee, price, stopprice, limitprice, misc, oflags[, trades]}},"count":n}`,
 *   `count` being the number of matching orders across all pages. Written as Kraken's REST
 *   writes them: times as JSON numbers of seconds, prices with `pair_decimals`, `pair` the
 *   REST altname, `price` the average fill price, `reason` the cancel reason (or null).
 * @internal
 */
export function closedOrders(ctx: ClosedOrdersContext, req: RestRequest): RestResponse {
  const auth = authenticate(ctx, req);
  if (!auth.ok) return auth.response;
  const p = auth.params;
  const userref = optionalInteger(p.get('userref'), INT32_MIN, INT32_MAX);
  if (userref === false) return fail('EGeneral:Invalid arguments:userref');
  const ofs = optionalInteger(p.get('ofs'), 0, Number.MAX_SAFE_INTEGER);
  if (ofs === false) return fail('EGeneral:Invalid arguments:ofs');
  const start = optionalSeconds(p.get('start'));
  if (start === false) return fail('EGeneral:Invalid arguments:start');
  const end = optionalSeconds(p.get('end'));
  if (end === false) return fail('EGeneral:Invalid arguments:end');
  const closetime = p.get('closetime') ?? 'both';
  if (closetime !== 'open' && closetime !== 'close' && closetime !== 'both') return fail('EGeneral:Invalid arguments:closetime');
  const withTrades = p.get('trades') === 'true';

  ctx.engine.expireDue();
  const inRange = (us: number | undefined): boolean =>
    us !== undefined && (start === undefined || us / 1e6 > start) && (end === undefined || us / 1e6 <= end);
  const matching = [...ctx.engine.orders.values()]
    .filter((o) => o.isTerminal)
    .filter((o) => userref === undefined || o.userref === userref)
    .filter((o) => (closetime === 'open' ? inRange(o.openUs) : closetime === 'close' ? inRange(o.closeUs) : inRange(o.openUs) || inRange(o.closeUs)))
    .sort((a, b) => (b.closeUs ?? 0) - (a.closeUs ?? 0));
  const page = matching.slice(ofs ?? 0, (ofs ?? 0) + PAGE_SIZE);
  const closed: Record<string, unknown> = {};
  for (const order of page) closed[order.txid] = restView(order, withTrades ? tradeIds(ctx.engine, order) : undefined);
  return ok({ closed, count: matching.length });
}

/** An order as REST ClosedOrders shows it. */
function restView(o: Order, trades: readonly string[] | undefined): Record<string, unknown> {
  const p = o.pair;
  const zero = formatTicks(0, p.priceDecimals, p.priceDecimals);
  return {
    refid: o.refid,
    userref: o.userref,
    status: o.status,
    reason: o.cancelReason ?? null,
    opentm: o.openUs / 1e6,
    closetm: (o.closeUs ?? o.openUs) / 1e6,
    starttm: 0,
    expiretm: o.expireMs === undefined ? 0 : o.expireMs / 1000,
    descr: {
      pair: p.altname,
      type: o.type,
      ordertype: o.ordertype,
      price: o.price === undefined ? zero : formatTicks(o.price, p.priceDecimals, p.priceDecimals),
      price2: zero,
      leverage: 'none',
      order: statusDescription(p, o.type, o.lots, o.ordertype, o.price),
      close: '',
    },
    vol: o.volText(),
    vol_exec: o.volExecText(),
    cost: o.costText(),
    fee: o.feeText(),
    price: formatVwap(o.notional, BigInt(o.execLots), p.priceDecimals, p.priceDecimals),
    stopprice: zero,
    limitprice: zero,
    misc: '',
    oflags: o.oflags.join(','),
    ...(trades === undefined || trades.length === 0 ? {} : { trades }),
  };
}

/** The ids of an order's trades, oldest first (individual fills). */
function tradeIds(engine: TradingEngine, order: Order): string[] {
  return engine.trades.flatMap((g) => g.fills).filter((t) => t.ordertxid === order.txid).map((t) => t.id);
}

/** An integer in range; `undefined` when absent; `false` when malformed. */
function optionalInteger(text: string | null, min: number, max: number): number | undefined | false {
  if (text === null || text === '') return undefined;
  if (!/^-?\d{1,16}$/.test(text)) return false;
  const n = Number(text);
  return n >= min && n <= max ? n : false;
}

/** Unix seconds (fractions allowed); `undefined` when absent; `false` when malformed. */
function optionalSeconds(text: string | null): number | undefined | false {
  if (text === null || text === '') return undefined;
  return /^\d{1,12}(\.\d{1,9})?$/.test(text) ? Number(text) : false;
}
