import type { ResolvedPair } from '../config';
import { divRoundHalfUp, formatTicks, formatUnits, formatVwap, pow10 } from '../core/decimal';
import { sortedJson } from '../core/json';
import { formatMicros } from '../core/time';
import type { Side } from '../market/bookSide';
import type { PairMarket, RestingOrder } from '../market/pairMarket';
import type { TimeInForce } from './orderRequests';

/** Order status on `openOrders` (protocol reference 8.3). @internal */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

/**
 * Cancel reasons. Only `User requested` is recorded (protocol reference 8.3); the others are
 * the simulator's own texts (Kraken's are unconfirmed), kept in one place.
 * @internal
 */
export const CANCEL_REASON = {
  user: 'User requested',
  postOnly: 'Post only order',
  ioc: 'Immediate or cancel',
  noLiquidity: 'Insufficient liquidity',
  selfTrade: 'Self trade prevention',
  replaced: 'Order replaced',
  deadMansSwitch: 'Dead man\'s switch',
} as const;

/** What an order is created from. @internal */
export interface OrderSpec {
  readonly market: PairMarket;
  readonly type: 'buy' | 'sell';
  readonly ordertype: 'limit' | 'market';
  readonly lots: number;
  readonly price: number | undefined;
  readonly userref: number;
  readonly oflags: readonly string[];
  readonly post: boolean;
  readonly timeinforce: TimeInForce;
  readonly expireMs: number | undefined;
  readonly refid: string | null;
}

/**
 * One order of the simulated account, with exact integer state: volumes in lots, prices in
 * ticks, `notional` = Σ ticks × lots of its fills (for the exact average price), cost and fee in
 * units of the pair's cost decimals (sums of the per-trade rounded values, so the order's
 * totals equal the sums of its `ownTrades`).
 * @internal
 */
export class Order implements RestingOrder {
  status: OrderStatus = 'pending';
  execLots = 0;
  notional = 0n;
  costUnits = 0n;
  feeUnits = 0n;
  cancelReason: string | undefined;
  /** When it reached a terminal status, microseconds. */
  closeUs: number | undefined;
  readonly market: PairMarket;
  readonly type: 'buy' | 'sell';
  readonly ordertype: 'limit' | 'market';
  readonly lots: number;
  readonly price: number | undefined;
  readonly userref: number;
  readonly oflags: readonly string[];
  readonly post: boolean;
  readonly timeinforce: TimeInForce;
  readonly expireMs: number | undefined;
  readonly refid: string | null;

  constructor(
    readonly txid: string,
    spec: OrderSpec,
    /** When it was placed, microseconds. */
    readonly openUs: number,
    /** When it was placed, simulator clock ms (rate-counter ages). */
    readonly openMs: number,
  ) {
    this.market = spec.market;
    this.type = spec.type;
    this.ordertype = spec.ordertype;
    this.lots = spec.lots;
    this.price = spec.price;
    this.userref = spec.userref;
    this.oflags = spec.oflags;
    this.post = spec.post;
    this.timeinforce = spec.timeinforce;
    this.expireMs = spec.expireMs;
    this.refid = spec.refid;
  }

  get pair(): ResolvedPair {
    return this.market.pair;
  }

  /** The book side it rests on: bids for a buy. */
  get side(): Side {
    return this.type === 'buy' ? 'b' : 'a';
  }

  /** The taker side for matching: `b` buys from the asks. */
  get taker(): 'b' | 's' {
    return this.type === 'buy' ? 'b' : 's';
  }

  get isTerminal(): boolean {
    return this.status === 'closed' || this.status === 'canceled' || this.status === 'expired';
  }

  /** Adds one fill. */
  addFill(price: number, lots: number, costUnits: bigint, feeUnits: bigint): void {
    this.execLots += lots;
    this.notional += BigInt(price) * BigInt(lots);
    this.costUnits += costUnits;
    this.feeUnits += feeUnits;
  }

  // -------------------------------------------------------------------- wire texts

  volText(): string {
    return formatUnits(this.lots, this.pair.lotDecimals);
  }

  volExecText(): string {
    return formatUnits(this.execLots, this.pair.lotDecimals);
  }

  costText(): string {
    return formatUnits(this.costUnits, this.pair.costDecimals);
  }

  feeText(): string {
    return formatUnits(this.feeUnits, this.pair.costDecimals);
  }

  avgPriceText(): string {
    return formatVwap(this.notional, BigInt(this.execLots), this.pair.priceDecimals, this.pair.wsPriceDecimals);
  }

  /** The limit price on the WebSocket (`"0.00000"` style zero for a market order). */
  priceText(): string {
    return wsPrice(this.pair, this.price ?? 0);
  }

  /** `descr.order` on `openOrders`: `buy 5.00000000 ATOM/USD @ limit 9.250000` (recorded). */
  orderDescription(): string {
    const p = this.pair;
    const head = `${this.type} ${this.volText()} ${p.wsname} @ ${this.ordertype}`;
    return this.ordertype === 'limit' ? `${head} ${this.priceText()}` : head;
  }

  /**
   * The full order object (protocol reference 8.3), keys in alphabetical order as recorded, at
   * its current state; `ratecount` added when given.
   */
  fullObject(ratecount?: number): Record<string, unknown> {
    const zero = wsPrice(this.pair, 0);
    return {
      avg_price: this.avgPriceText(),
      cost: this.costText(),
      descr: {
        close: null,
        leverage: null,
        order: this.orderDescription(),
        ordertype: this.ordertype,
        pair: this.pair.wsname,
        price: this.priceText(),
        price2: zero,
        type: this.type,
      },
      expiretm: this.expireMs === undefined ? null : formatMicros(Math.floor(this.expireMs * 1000)),
      fee: this.feeText(),
      limitprice: zero,
      misc: '',
      oflags: this.oflags.join(','),
      opentm: formatMicros(this.openUs),
      ratecount,
      refid: this.refid,
      starttm: null,
      status: this.status,
      stopprice: zero,
      timeinforce: this.timeinforce,
      userref: this.userref,
      vol: this.volText(),
      vol_exec: this.volExecText(),
    };
  }

  /** `{"<txid>":{...}}` of the full object as JSON text. */
  fullEntry(ratecount?: number): string {
    return `{${JSON.stringify(this.txid)}:${sortedJson(this.fullObject(ratecount))}}`;
  }

  /** The fill update, keys in the recorded order: `vol_exec, cost, fee, avg_price, userref`. */
  fillUpdate(): Record<string, unknown> {
    return { vol_exec: this.volExecText(), cost: this.costText(), fee: this.feeText(), avg_price: this.avgPriceText(), userref: this.userref };
  }

  /**
   * The terminal update, keys in the recorded order:
   * `lastupdated, status, vol_exec, cost, fee, avg_price, userref[, cancel_reason]`.
   */
  terminalUpdate(): Record<string, unknown> {
    const u: Record<string, unknown> = {
      lastupdated: formatMicros(this.closeUs ?? this.openUs),
      status: this.status,
      ...this.fillUpdate(),
    };
    if (this.status === 'canceled' && this.cancelReason !== undefined) u['cancel_reason'] = this.cancelReason;
    return u;
  }
}

/** A price in ticks as written on the WebSocket. @internal */
export function wsPrice(pair: ResolvedPair, ticks: number): string {
  return formatTicks(ticks, pair.priceDecimals, pair.wsPriceDecimals);
}

/**
 * The `descr` of an `addOrderStatus` (recorded: `buy 10.00000000 USDCUSD @ limit 0.9000`): the
 * REST altname (no slash), volume with the lot decimals, price with the pair decimals.
 * @internal
 */
export function statusDescription(pair: ResolvedPair, type: 'buy' | 'sell', lots: number, ordertype: 'limit' | 'market', price: number | undefined): string {
  const head = `${type} ${formatUnits(lots, pair.lotDecimals)} ${pair.altname} @ ${ordertype}`;
  return ordertype === 'limit' ? `${head} ${formatTicks(price ?? 0, pair.priceDecimals, pair.priceDecimals)}` : head;
}

/**
 * Cost and fee of one fill in units of the pair's cost decimals, each rounded half-up from the
 * exact product: cost = price × volume, fee = cost × rate. `feeRate` is a percentage in units of
 * 10^-4 percent (0.26 % = 2600n).
 * @internal
 */
export function fillAmounts(pair: ResolvedPair, price: number, lots: number, feeRate: bigint): { cost: bigint; fee: bigint } {
  const exactScale = pow10(pair.priceDecimals + pair.lotDecimals);
  const n = BigInt(price) * BigInt(lots) * pow10(pair.costDecimals);
  return { cost: divRoundHalfUp(n, exactScale), fee: divRoundHalfUp(n * feeRate, exactScale * 1_000_000n) };
}
