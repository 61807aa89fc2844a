import { formatTicks, formatUnits, formatVwap } from '../core/decimal';
import { deriveSeed, Prng } from '../core/prng';
import { formatMicros, toMicros, type Clock } from '../core/time';
import type { AccountObserver, Market } from '../market/market';
import type { PairMarket, RestingOrder, TakerFill } from '../market/pairMarket';
import type { SimulatorEventKind, SimulatorTrade } from '../types';
import { CANCEL_REASON, fillAmounts, Order, statusDescription, wsPrice, type OrderSpec } from './order';
import { TRADING_ERROR, invalidArgument, type AddOrderInput, type EditOrderInput } from './orderRequests';
import { cancelPenalty, editPenalty, RateCounter, type RateLimitConfig } from './rateCounter';

/** `postxid` of non-margin trades: a fixed placeholder on the wire (recorded). @internal */
export const POSTXID = 'TKH2SE-M7IF5-CFI7LT';

/** One trade of the account as sent on `ownTrades` (wire strings). @internal */
export interface OwnTradeRecord {
  readonly id: string;
  readonly ordertxid: string;
  readonly ordertype: 'limit' | 'market';
  readonly pair: string;
  readonly type: 'buy' | 'sell';
  readonly price: string;
  readonly vol: string;
  readonly cost: string;
  readonly fee: string;
  readonly margin: string;
  readonly time: string;
  /** True when the account's order was the resting (maker) side. */
  readonly maker: boolean;
  readonly userref: number;
}

/**
 * One execution of one order: a maker fill, or everything a taker order matched on arrival.
 * `consolidated` is what `ownTrades` shows by default (`consolidate_taker: true`): one trade per
 * taker order at the volume-weighted price; `fills` are the individual matches (one per maker
 * hit), shown with `consolidate_taker: false`. For a maker fill both are the same trade.
 * @internal
 */
export interface OwnTradeGroup {
  readonly consolidated: OwnTradeRecord;
  readonly fills: readonly OwnTradeRecord[];
}

/** A change of the account, queued for the private feeds. @internal */
export type AccountFeedItem =
  | {
      readonly channel: 'openOrders';
      readonly txid: string;
      /** The full order object (new orders), keys sorted, without `ratecount`. */
      readonly full: Record<string, unknown> | undefined;
      /** A partial update (status, fills, terminal), keys in the recorded order. */
      readonly update: Record<string, unknown> | undefined;
      /** The pair's trading rate counter when the change happened. */
      readonly ratecount: number;
    }
  | { readonly channel: 'ownTrades'; readonly group: OwnTradeGroup };

/** Where account changes go (the private feeds). @internal */
export interface AccountSink {
  deliver(items: readonly AccountFeedItem[]): void;
}

/** Options of the engine. @internal */
export interface EngineOptions {
  readonly clock: Clock;
  readonly seed: number;
  /** Fee rates in units of 10^-4 percent (0.16 % = 1600n). */
  readonly makerFee: bigint;
  readonly takerFee: bigint;
  readonly rateLimit: RateLimitConfig | false;
  /** Trades kept (for snapshots and introspection). */
  readonly tradeLogSize: number;
}

/** Result of a trading action: a value, or Kraken's error text. @internal */
export type TradingResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The simulated account and its matching rules: orders, own trades, fees, the trading rate
 * counter, expiry and the dead man's switch. Orders trade against the simulator's true book
 * (see {@link PairMarket.take}); resting orders add their volume to the public book; random
 * market events and injected orders that reach a resting order fill it.
 *
 * Changes are queued as {@link AccountFeedItem}s and delivered to the private feeds when the
 * outermost {@link batch} ends, or after a market event outside any batch, so that a response
 * sent inside a batch goes out before the feed messages it caused.
 * @internal
 */
export class TradingEngine implements AccountObserver {
  /** Every order ever placed, by txid, in placement order. */
  readonly orders = new Map<string, Order>();
  /** Own trades, oldest first (bounded by `tradeLogSize`). */
  readonly trades: OwnTradeGroup[] = [];
  readonly rate: RateCounter;
  /** Remaining orders the `tradingRateLimit` fault refuses. */
  forcedRateLimits = 0;
  private readonly open = new Map<string, Order>();
  private readonly sinks = new Set<AccountSink>();
  private readonly ids: Prng;
  private readonly usedIds = new Set<string>();
  private readonly expiryTimers = new Map<Order, ReturnType<typeof setTimeout>>();
  private deadMansSwitch: ReturnType<typeof setTimeout> | undefined;
  private outbox: AccountFeedItem[] = [];
  private depth = 0;
  private closed = false;

  constructor(
    private readonly market: Market,
    private readonly opts: EngineOptions,
  ) {
    this.rate = new RateCounter(opts.rateLimit, opts.clock);
    this.ids = new Prng(deriveSeed(opts.seed, 'account-ids'));
    market.attachAccount(this);
  }

  // ---------------------------------------------------------------------------- feeds

  addSink(sink: AccountSink): void {
    this.sinks.add(sink);
  }

  /** Open orders, newest first (the `openOrders` snapshot order, as recorded). */
  openOrders(): Order[] {
    return [...this.open.values()].reverse();
  }

  /** The last `count` trade groups, newest first (the `ownTrades` snapshot order, as recorded). */
  recentTrades(count: number): OwnTradeGroup[] {
    return this.trades.slice(-count).reverse();
  }

  /**
   * Runs `fn` as one unit: account changes are delivered when the outermost batch ends (after
   * whatever `fn` sent itself, such as a response).
   */
  batch<T>(fn: () => T): T {
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) this.flush();
    }
  }

  // ---------------------------------------------------------------------------- requests

  /** Places a checked `addOrder` (or only describes it with `validate`). */
  addOrder(input: AddOrderInput): TradingResult<{ readonly txid: string | undefined; readonly descr: string }> {
    const descr = statusDescription(input.market.pair, input.type, input.lots, input.ordertype, input.price);
    if (input.validate) return { ok: true, value: { txid: undefined, descr } };
    const refused = this.takeRate(input.market.name, 1);
    if (refused !== undefined) return { ok: false, error: refused };
    const order = this.submit({ ...input, refid: null });
    return { ok: true, value: { txid: order.txid, descr } };
  }

  /**
   * Replaces an open order by a new one (new txid, `refid` = the old txid, queue priority
   * lost): the old order is cancelled (`Order replaced`) keeping its fills; the new one gets
   * the new volume minus what the old one executed, the new price/flags/userref or the old ones.
   */
  editOrder(input: EditOrderInput): TradingResult<{ readonly txid: string | undefined; readonly originaltxid: string; readonly descr: string }> {
    const found = this.findForEdit(input.orderid);
    if (!found.ok) return found;
    const old = found.value;
    if (old.market !== input.market) return { ok: false, error: invalidArgument('pair') };
    if (input.lots <= old.execLots) return { ok: false, error: invalidArgument('volume') };
    const p = old.pair;
    const price = input.price ?? old.price;
    // Recorded: the edit's descr carries the price as sent (`... @ limit 0.9`).
    const priceText = input.priceText ?? formatTicks(price ?? 0, p.priceDecimals, p.priceDecimals);
    const descr = `${old.type} ${formatUnits(input.lots, p.lotDecimals)} ${p.altname} @ limit ${priceText}`;
    if (input.validate) return { ok: true, value: { txid: undefined, originaltxid: old.txid, descr } };
    const refused = this.takeRate(p.wsname, 1 + editPenalty(this.opts.clock() - old.openMs));
    if (refused !== undefined) return { ok: false, error: refused };
    this.cancelOne(old, CANCEL_REASON.replaced, false);
    const order = this.submit({
      market: old.market,
      type: old.type,
      ordertype: 'limit',
      lots: input.lots - old.execLots,
      price,
      userref: input.newuserref ?? old.userref,
      oflags: input.oflags ?? old.oflags,
      post: input.post ?? old.post,
      timeinforce: old.timeinforce,
      expireMs: old.expireMs,
      refid: old.txid,
    });
    return { ok: true, value: { txid: order.txid, originaltxid: old.txid, descr } };
  }

  /**
   * Cancels by txid or userref, one result per id named (`undefined` = ok, else the error): a
   * userref cancels every open order carrying it (one `ok` for the id).
   */
  cancel(ids: readonly string[]): (string | undefined)[] {
    return ids.map((id) => {
      const byTxid = this.open.get(id);
      const targets = byTxid !== undefined ? [byTxid] : /^-?\d+$/.test(id) ? [...this.open.values()].filter((o) => o.userref === Number(id)) : [];
      if (targets.length === 0) return TRADING_ERROR.unknownOrder;
      for (const o of targets) this.cancelOne(o, CANCEL_REASON.user, true);
      return undefined;
    });
  }

  /** Cancels every open order; returns how many. */
  cancelAll(reason: string = CANCEL_REASON.user): number {
    const all = [...this.open.values()];
    for (const o of all) this.cancelOne(o, reason, reason === CANCEL_REASON.user);
    return all.length;
  }

  /**
   * The dead man's switch: (re)arms a real timer of `timeout` seconds that cancels every open
   * order of the account when it fires; 0 disarms it. Times are the simulator clock's, RFC 3339
   * to the second, `currentTime` rounded up (reference 9.5).
   */
  cancelAfter(timeout: number): { readonly currentTime: string; readonly triggerTime: string } {
    this.clearDeadMansSwitch();
    const nowSec = Math.ceil(this.opts.clock() / 1000);
    if (timeout > 0 && !this.closed) {
      this.deadMansSwitch = setTimeout(() => {
        this.deadMansSwitch = undefined;
        this.batch(() => this.cancelAll(CANCEL_REASON.deadMansSwitch));
      }, timeout * 1000);
    }
    return { currentTime: rfc3339(nowSec), triggerTime: timeout > 0 ? rfc3339(nowSec + timeout) : '0' };
  }

  /** True while the dead man's switch is armed. */
  get deadMansSwitchArmed(): boolean {
    return this.deadMansSwitch !== undefined;
  }

  /**
   * Places an order for another trader (not the account): it takes liquidity like any market
   * participant, filling resting account orders it reaches, and a limit remainder rests as
   * market volume. Returns the public trades it made.
   */
  inject(m: PairMarket, type: 'buy' | 'sell', ordertype: 'limit' | 'market', lots: number, price: number | undefined): SimulatorTrade[] {
    return this.batch(() => {
      const event = this.market.runExternal(m.name, (pm) => {
        const taker = type === 'buy' ? 'b' : 's';
        const r = pm.take(taker, lots, price, ordertype === 'market' ? 'm' : 'l', () => false);
        const left = lots - r.lots;
        if (ordertype === 'limit' && price !== undefined && left > 0) pm.addMarketVolume(type === 'buy' ? 'b' : 'a', price, left);
        return kindOf(r.lots > 0, ordertype === 'limit' && left > 0);
      });
      return event === undefined ? [] : [...event.trades];
    });
  }

  /** Expires every GTD order whose time has come on the simulator clock. */
  expireDue(): void {
    const now = this.opts.clock();
    for (const o of [...this.open.values()]) if (o.expireMs !== undefined && now >= o.expireMs) this.expire(o);
  }

  /** Stops every timer (simulator shutdown). */
  close(): void {
    this.closed = true;
    this.clearDeadMansSwitch();
    for (const t of this.expiryTimers.values()) clearTimeout(t);
    this.expiryTimers.clear();
  }

  // ---------------------------------------------------------------------------- AccountObserver

  onRestingFill(m: PairMarket, resting: RestingOrder, fill: { readonly price: number; readonly lots: number; readonly time: number }): void {
    const order = this.open.get(resting.txid);
    if (order === undefined) return;
    const record = this.recordFill(order, fill.price, fill.lots, fill.time, true);
    this.addTrades(order, { consolidated: record, fills: [record] });
    if (order.execLots === order.lots && m.restingLots(order) === undefined) this.finish(order, 'closed', undefined, fill.time);
  }

  onEventDone(): void {
    if (this.depth === 0) this.flush();
  }

  // ---------------------------------------------------------------------------- lifecycle

  /**
   * Creates an order and runs it through its life on arrival: `pending` (full object), then a
   * post-only check (an order that would take is cancelled, never opened), `open`, matching
   * against the book (one market event), then resting, or a terminal status.
   */
  private submit(spec: OrderSpec): Order {
    const nowMs = this.opts.clock();
    const order = new Order(this.newId('O'), spec, toMicros(nowMs), nowMs);
    this.orders.set(order.txid, order);
    this.open.set(order.txid, order);
    this.queueOrder(order, order.fullObject(), undefined);
    const m = spec.market;
    if (order.post && m.wouldTake(order.taker, order.price)) {
      this.finish(order, 'canceled', CANCEL_REASON.postOnly);
      return order;
    }
    order.status = 'open';
    this.queueOrder(order, undefined, { status: 'open', userref: order.userref });
    let fills: readonly TakerFill[] = [];
    let stoppedBySelf = false;
    let rested = false;
    this.market.runExternal(m.name, (pm) => {
      let taken = 0;
      if (pm.wouldTake(order.taker, order.price)) {
        const r = pm.take(order.taker, order.lots, order.price, order.ordertype === 'market' ? 'm' : 'l', () => true);
        fills = r.fills;
        taken = r.lots;
        stoppedBySelf = r.stoppedBySelf;
      }
      const left = order.lots - taken;
      if (order.ordertype === 'limit' && order.timeinforce !== 'IOC' && left > 0 && !stoppedBySelf && order.price !== undefined) {
        pm.rest(order, order.side, order.price, left);
        rested = true;
      }
      return kindOf(taken > 0, rested);
    });
    if (fills.length > 0) this.takerFills(order, fills);
    if (order.execLots === order.lots) this.finish(order, 'closed');
    else if (!rested) {
      const reason = stoppedBySelf ? CANCEL_REASON.selfTrade : order.ordertype === 'market' ? CANCEL_REASON.noLiquidity : CANCEL_REASON.ioc;
      this.finish(order, 'canceled', reason);
    } else if (order.expireMs !== undefined) this.armExpiry(order);
    return order;
  }

  /** Records what a taker order matched on arrival: one trade group, one fill update. */
  private takerFills(order: Order, fills: readonly TakerFill[]): void {
    const records = fills.map((f) => this.recordFill(order, f.price, f.lots, f.time, false));
    if (records.length === 1) {
      this.addTrades(order, { consolidated: records[0] as OwnTradeRecord, fills: records });
      return;
    }
    const p = order.pair;
    let lots = 0n;
    let notional = 0n;
    let cost = 0n;
    let fee = 0n;
    for (const f of fills) {
      lots += BigInt(f.lots);
      notional += BigInt(f.price) * BigInt(f.lots);
      const a = fillAmounts(p, f.price, f.lots, this.opts.takerFee);
      cost += a.cost;
      fee += a.fee;
    }
    const first = records[0] as OwnTradeRecord;
    const consolidated: OwnTradeRecord = {
      ...first,
      id: this.newId('T'),
      price: formatVwap(notional, lots, p.priceDecimals, p.wsPriceDecimals),
      vol: formatUnits(lots, p.lotDecimals),
      cost: formatUnits(cost, p.costDecimals),
      fee: formatUnits(fee, p.costDecimals),
      time: (records[records.length - 1] as OwnTradeRecord).time,
    };
    this.addTrades(order, { consolidated, fills: records });
  }

  /** Adds one fill to `order` and returns its trade record. */
  private recordFill(order: Order, price: number, lots: number, timeUs: number, maker: boolean): OwnTradeRecord {
    const p = order.pair;
    const { cost, fee } = fillAmounts(p, price, lots, maker ? this.opts.makerFee : this.opts.takerFee);
    order.addFill(price, lots, cost, fee);
    return {
      id: this.newId('T'),
      ordertxid: order.txid,
      ordertype: order.ordertype,
      pair: p.wsname,
      type: order.type,
      price: wsPrice(p, price),
      vol: formatUnits(lots, p.lotDecimals),
      cost: formatUnits(cost, p.costDecimals),
      fee: formatUnits(fee, p.costDecimals),
      margin: formatUnits(0, p.costDecimals),
      time: formatMicros(timeUs),
      maker,
      userref: order.userref,
    };
  }

  /** Stores a trade group and queues the order's fill update and the trade. */
  private addTrades(order: Order, group: OwnTradeGroup): void {
    this.trades.push(group);
    const excess = this.trades.length - Math.max(50, this.opts.tradeLogSize);
    if (excess > 0) this.trades.splice(0, excess);
    this.queueOrder(order, undefined, order.fillUpdate());
    this.outbox.push({ channel: 'ownTrades', group });
  }

  /** Cancels an open order (removing its volume from the book). */
  private cancelOne(order: Order, reason: string, countRate: boolean): void {
    if (countRate) this.rate.add(order.pair.wsname, cancelPenalty(this.opts.clock() - order.openMs));
    this.market.runExternal(order.market.name, (pm) => {
      pm.unrest(order);
      return 'cancel';
    });
    this.finish(order, 'canceled', reason);
  }

  private expire(order: Order): void {
    this.market.runExternal(order.market.name, (pm) => {
      pm.unrest(order);
      return 'cancel';
    });
    this.finish(order, 'expired');
  }

  /** Moves an order to a terminal status and queues the terminal update. */
  private finish(order: Order, status: 'closed' | 'canceled' | 'expired', reason?: string, atUs?: number): void {
    order.status = status;
    order.cancelReason = reason;
    order.closeUs = Math.max(atUs ?? 0, toMicros(this.opts.clock()));
    this.open.delete(order.txid);
    const t = this.expiryTimers.get(order);
    if (t !== undefined) clearTimeout(t);
    this.expiryTimers.delete(order);
    this.queueOrder(order, undefined, order.terminalUpdate());
  }

  private armExpiry(order: Order): void {
    if (this.closed || order.expireMs === undefined) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(1, order.expireMs - this.opts.clock()));
    this.expiryTimers.set(
      order,
      setTimeout(() => {
        this.expiryTimers.delete(order);
        if (order.isTerminal || order.expireMs === undefined) return;
        // The simulator clock decides (it may be a manual clock): re-arm until it has passed.
        if (this.opts.clock() >= order.expireMs) this.batch(() => this.expire(order));
        else this.armExpiry(order);
      }, wait),
    );
  }

  private findForEdit(orderid: string): TradingResult<Order> {
    const byTxid = this.open.get(orderid);
    if (byTxid !== undefined) return { ok: true, value: byTxid };
    if (!/^-?\d+$/.test(orderid)) return { ok: false, error: TRADING_ERROR.unknownOrder };
    const matches = [...this.open.values()].filter((o) => o.userref === Number(orderid));
    if (matches.length === 0) return { ok: false, error: TRADING_ERROR.unknownOrder };
    if (matches.length > 1) return { ok: false, error: invalidArgument('orderid') };
    return { ok: true, value: matches[0] as Order };
  }

  /** Applies the `tradingRateLimit` fault, then the counter; returns the error text if refused. */
  private takeRate(pair: string, amount: number): string | undefined {
    if (this.forcedRateLimits > 0) {
      this.forcedRateLimits -= 1;
      return TRADING_ERROR.rateLimit;
    }
    return this.rate.tryAdd(pair, amount) ? undefined : TRADING_ERROR.rateLimit;
  }

  private queueOrder(order: Order, full: Record<string, unknown> | undefined, update: Record<string, unknown> | undefined): void {
    this.outbox.push({ channel: 'openOrders', txid: order.txid, full, update, ratecount: this.rate.current(order.pair.wsname) });
  }

  private flush(): void {
    if (this.outbox.length === 0) return;
    const items = this.outbox;
    this.outbox = [];
    for (const s of this.sinks) s.deliver(items);
  }

  private clearDeadMansSwitch(): void {
    if (this.deadMansSwitch !== undefined) clearTimeout(this.deadMansSwitch);
    this.deadMansSwitch = undefined;
  }

  /** A Kraken-style id: `OXXXXX-XXXXX-XXXXXX` (orders) or `TXXXXX-...` (trades), seeded. */
  private newId(prefix: 'O' | 'T'): string {
    for (;;) {
      let s = prefix;
      for (let i = 0; i < 16; i++) s += ID_ALPHABET[this.ids.int(0, ID_ALPHABET.length - 1)];
      const id = `${s.slice(0, 6)}-${s.slice(6, 11)}-${s.slice(11, 17)}`;
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }
}

function kindOf(traded: boolean, rested: boolean): SimulatorEventKind {
  return traded ? (rested ? 'sweep' : 'trade') : 'place';
}

/** `2020-12-21T09:37:09Z` for seconds since the epoch. */
function rfc3339(sec: number): string {
  return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
