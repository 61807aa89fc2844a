import type { ResolvedPair } from '../config';
import { formatTicks, formatUnits } from '../core/decimal';
import { Prng } from '../core/prng';
import { formatMicros } from '../core/time';
import type { SimulatorBookChange, SimulatorEventKind, SimulatorMarketEvent, SimulatorTrade } from '../types';
import { BookSide, type Level, type Side } from './bookSide';
import { PairCandles } from './candles';
import { TickerStats } from './tickerStats';

/** One applied change of the true book, as seen by the feeds (with ranks before and after). @internal */
export interface BookChangeNotice {
  readonly side: Side;
  readonly book: BookSide;
  /** Rank before the change, -1 for a new level. */
  readonly rankBefore: number;
  /** Rank after the change, -1 for a deleted level. */
  readonly rankAfter: number;
  /** The level after the change (for a delete: the removed level, volume zero). */
  readonly level: Level;
}

/** Receives every change of a pair's true book while an event is applied. @internal */
export interface BookChangeListener {
  onBookChange(market: PairMarket, notice: BookChangeNotice): void;
}

/** A trade with its integer amounts, as the candles and feeds need it. @internal */
export interface TradeFill {
  readonly price: number;
  readonly lots: number;
  readonly time: number;
  readonly trade: SimulatorTrade;
}

/**
 * An order of the simulated account resting in the true book. Its remaining volume is part of
 * the volume of the level at its price (so it shows in every public book feed), and it keeps
 * its place in that level's queue: market volume that was there before it trades first, market
 * volume added later trades after it.
 * @internal
 */
export interface RestingOrder {
  readonly txid: string;
}

/** One fill of a taker against the book, in the order they happened. @internal */
export interface TakerFill {
  /** Price in ticks. */
  readonly price: number;
  readonly lots: number;
  /** Time of the fill, microseconds. */
  readonly time: number;
  /** The resting account order that was hit, or `undefined` for market volume. */
  readonly maker: RestingOrder | undefined;
}

/** What a taker got from the book. @internal */
export interface TakeResult {
  readonly fills: readonly TakerFill[];
  readonly lots: number;
  /** True when matching stopped at a resting order that `isSelf` claimed (self-trade prevention). */
  readonly stoppedBySelf: boolean;
}

/** Receives the fills of resting account orders, whoever the taker was. @internal */
export interface RestingFillListener {
  onRestingFill(market: PairMarket, order: RestingOrder, fill: { readonly price: number; readonly lots: number; readonly time: number }): void;
}

/** A resting order in the queue of its price level. */
interface QueueEntry {
  readonly order: RestingOrder;
  /** Remaining lots of the order. */
  lots: number;
  /** Market (non-account) lots ahead of the order in the queue. */
  ahead: number;
}

/** The account orders resting at one price, in queue order, and their total lots. */
interface PriceQueue {
  readonly entries: QueueEntry[];
  own: number;
}

/** The internal record of one applied event. @internal */
export interface AppliedEvent {
  readonly event: SimulatorMarketEvent;
  readonly fills: readonly TradeFill[];
  /** True when the best ask or best bid (price or volume) changed. */
  readonly topChanged: boolean;
  /** Event time, microseconds. */
  readonly time: number;
}

const KINDS: readonly SimulatorEventKind[] = ['place', 'cancel', 'amend', 'trade', 'sweep', 'requote', 'ladder'];
/** Cumulative probabilities of {@link KINDS}. */
const KIND_WEIGHTS = [0.34, 0.58, 0.71, 0.85, 0.91, 0.95, 1];
const BOUNDARIES = [10, 25, 100, 500, 1000];

/**
 * One pair of the simulated market: its true book (two {@link BookSide}s), candles, ticker
 * statistics and trade logs, and the seeded generator of its events.
 *
 * Every event is drawn from the pair's own PRNG, so the sequence depends only on the seed and
 * the pair name. Changes are applied one by one and reported, in order, to the
 * {@link BookChangeListener} (the feeds compute each subscription window's update from them).
 * @internal
 */
export class PairMarket {
  readonly asks: BookSide;
  readonly bids: BookSide;
  readonly candles = new PairCandles();
  readonly stats = new TickerStats(this.candles);
  /** Last trades (history then live), for trade snapshots. */
  readonly recentTrades: SimulatorTrade[] = [];
  /** Live trades, for introspection and REST `Trades` (oldest first, the last `tradeLogSize`). */
  readonly tradeLog: SimulatorTrade[] = [];
  /** Live trades logged so far (trimmed ones included): `tradeLog[i]`'s id is `tradeCount - tradeLog.length + i + 1`. */
  tradeCount = 0;
  /** The last trade (history or live), if any. */
  lastTrade: TradeFill | undefined;
  /** Receives fills of resting account orders (set by the trading engine). */
  restingFills: RestingFillListener | undefined;
  /**
   * False while the engine does not match (`systemStatus` `cancel_only`, `post_only`,
   * `maintenance`): random events of kind `trade` or `sweep` become `place` events.
   */
  matching = true;
  private seq = 0;
  private lastTime = 0;
  private readonly queues: Record<Side, Map<number, PriceQueue>> = { a: new Map(), b: new Map() };
  private readonly restingAt = new Map<RestingOrder, { readonly side: Side; readonly price: number }>();
  private readonly rng: Prng;
  private readonly maxLots: number;
  // State of the event being applied.
  private changes: SimulatorBookChange[] = [];
  private fills: TradeFill[] = [];
  private eventTime = 0;
  private tick = 0;

  constructor(
    readonly pair: ResolvedPair,
    seed: number,
    startUs: number,
    private readonly listener: BookChangeListener,
    private readonly limits: { readonly recent: number; readonly log: number },
  ) {
    this.asks = new BookSide('a', pair);
    this.bids = new BookSide('b', pair);
    this.rng = new Prng(seed);
    this.maxLots = pair.typicalLots * 40;
    this.lastTime = startUs;
    this.buildInitialBook(startUs);
  }

  /** The `wsname`. */
  get name(): string {
    return this.pair.wsname;
  }

  side(side: Side): BookSide {
    return side === 'a' ? this.asks : this.bids;
  }

  /** Registers trades generated as history (before start). */
  seedRecentTrades(trades: readonly SimulatorTrade[]): void {
    this.recentTrades.push(...trades);
    this.trimRecent();
  }

  /** Sets the last trade from the newest history candle (so the ticker has a `c` from the start). */
  seedLastTrade(fill: TradeFill): void {
    this.lastTrade = fill;
  }

  /**
   * Draws and applies one event at time `nowUs` (made strictly increasing per pair; each change
   * of the event gets its own microsecond). `kind` forces the kind of event.
   */
  step(nowUs: number, kind?: SimulatorEventKind): AppliedEvent {
    const topBefore = this.begin(nowUs);
    let chosen = kind ?? this.pickKind();
    if (kind === undefined && !this.matching && (chosen === 'trade' || chosen === 'sweep')) chosen = 'place';
    switch (chosen) {
      case 'place':
        this.place(this.pickSide());
        break;
      case 'cancel':
        this.cancel(this.pickSide());
        break;
      case 'amend':
        this.amend(this.pickSide());
        break;
      case 'trade':
        this.marketOrder(this.pickTakerSide());
        break;
      case 'sweep':
        this.sweep(this.pickTakerSide());
        break;
      case 'requote':
        this.requote();
        break;
      case 'ladder':
        this.ladder(this.pickSide());
        break;
    }
    return this.finish(chosen, topBefore);
  }

  /**
   * Runs an event that is not drawn at random: an account order arriving, resting, being
   * cancelled or expiring, or an order injected for another trader. `body` applies its changes
   * through {@link take}, {@link rest} and {@link unrest} and returns the kind to report.
   * Returns `undefined`, and reports nothing, when the body changed nothing.
   */
  runEvent(nowUs: number, body: () => SimulatorEventKind): AppliedEvent | undefined {
    const topBefore = this.begin(nowUs);
    const kind = body();
    if (this.changes.length === 0 && this.fills.length === 0) return undefined;
    return this.finish(kind, topBefore);
  }

  private begin(nowUs: number): readonly (number | undefined)[] {
    this.eventTime = Math.max(nowUs, this.lastTime + 1);
    this.tick = 0;
    this.changes = [];
    this.fills = [];
    const ask0 = this.asks.best();
    const bid0 = this.bids.best();
    return [ask0?.price, ask0?.lots, bid0?.price, bid0?.lots];
  }

  private finish(kind: SimulatorEventKind, topBefore: readonly (number | undefined)[]): AppliedEvent {
    this.replenish(this.asks);
    this.replenish(this.bids);
    const ask1 = this.asks.best();
    const bid1 = this.bids.best();
    const topAfter = [ask1?.price, ask1?.lots, bid1?.price, bid1?.lots];
    const topChanged = topBefore.some((v, i) => v !== topAfter[i]);
    this.seq += 1;
    const time = this.eventTime;
    this.lastTime = this.eventTime + Math.max(0, this.tick - 1);
    const event: SimulatorMarketEvent = {
      pair: this.pair.wsname,
      seq: this.seq,
      kind,
      time: formatMicros(time),
      changes: this.changes,
      trades: this.fills.map((f) => f.trade),
    };
    return { event, fills: this.fills, topChanged, time };
  }

  // ---------------------------------------------------------------- account orders

  /**
   * Matches a taker on side `taker` (`b` buys from the asks, `s` sells to the bids) for up to
   * `lots`, level by level from the best price while the price is within `limit` (ticks; no
   * limit for a market order), in queue order within each level. Every match is a public
   * trade. Matching stops before a resting order for which `isSelf` is true (self-trade
   * prevention). Only inside {@link runEvent}.
   */
  take(taker: 'b' | 's', lots: number, limit: number | undefined, orderType: 'm' | 'l', isSelf: (order: RestingOrder) => boolean): TakeResult {
    const bookSide: Side = taker === 'b' ? 'a' : 'b';
    const book = this.side(bookSide);
    const fills: TakerFill[] = [];
    let left = lots;
    let stoppedBySelf = false;
    while (left > 0) {
      const level = book.best();
      if (level === undefined || (limit !== undefined && book.isBetter(limit, level.price))) break;
      const r = this.consumeLevel(bookSide, level, left, taker, orderType, isSelf, fills);
      left -= r.lots;
      if (r.stoppedBySelf) {
        stoppedBySelf = true;
        break;
      }
      if (r.lots === 0) break;
    }
    return { fills, lots: lots - left, stoppedBySelf };
  }

  /** True when a taker on side `taker` with limit `limit` (ticks) would match at least one level. */
  wouldTake(taker: 'b' | 's', limit: number | undefined): boolean {
    const book = taker === 'b' ? this.asks : this.bids;
    const best = book.best();
    return best !== undefined && (limit === undefined || !book.isBetter(limit, best.price));
  }

  /**
   * Rests `lots` of an account order at `price` on `side`, behind everything already queued
   * there: the level's public volume grows by `lots`. Only inside {@link runEvent}.
   */
  rest(order: RestingOrder, side: Side, price: number, lots: number): void {
    if (this.restingAt.has(order)) throw new Error(`order ${order.txid} is already resting`);
    if (!Number.isSafeInteger(lots) || lots <= 0) throw new RangeError(`cannot rest ${lots} lots`);
    const book = this.side(side);
    const level = book.at(book.rankOf(price));
    const total = level?.lots ?? 0;
    let q = this.queues[side].get(price);
    if (q === undefined) {
      q = { entries: [], own: 0 };
      this.queues[side].set(price, q);
    }
    q.entries.push({ order, lots, ahead: total - q.own });
    q.own += lots;
    this.restingAt.set(order, { side, price });
    this.applyRaw(side, price, total + lots);
  }

  /**
   * Removes a resting account order from the book (cancel, expiry, replace); the level's public
   * volume shrinks by its remaining lots. Returns those lots (0 when it was not resting). Only
   * inside {@link runEvent}.
   */
  unrest(order: RestingOrder): number {
    const at = this.restingAt.get(order);
    if (at === undefined) return 0;
    const q = this.queues[at.side].get(at.price) as PriceQueue;
    const i = q.entries.findIndex((e) => e.order === order);
    const entry = q.entries[i] as QueueEntry;
    q.entries.splice(i, 1);
    q.own -= entry.lots;
    if (q.entries.length === 0) this.queues[at.side].delete(at.price);
    this.restingAt.delete(order);
    const book = this.side(at.side);
    const level = book.at(book.rankOf(at.price)) as Level;
    this.applyRaw(at.side, at.price, level.lots - entry.lots);
    return entry.lots;
  }

  /**
   * Adds `lots` of market (non-account) volume at `price` on `side`, behind everything queued
   * there (an injected order's remainder). Only inside {@link runEvent}.
   */
  addMarketVolume(side: Side, price: number, lots: number): void {
    const book = this.side(side);
    this.applyRaw(side, price, (book.at(book.rankOf(price))?.lots ?? 0) + lots);
  }

  /** Remaining lots of a resting account order, or `undefined` when it is not in the book. */
  restingLots(order: RestingOrder): number | undefined {
    const at = this.restingAt.get(order);
    if (at === undefined) return undefined;
    return this.queues[at.side].get(at.price)?.entries.find((e) => e.order === order)?.lots;
  }

  /** Total lots of account orders resting at `price` on `side`. */
  ownLots(side: Side, price: number): number {
    return this.queues[side].get(price)?.own ?? 0;
  }

  /**
   * Consumes up to `amount` lots of `level` from the front of its queue: market volume ahead
   * of the first resting account order, then that order, and so on. Each chunk is one book
   * change and one public trade; fills of account orders go to {@link restingFills}.
   */
  private consumeLevel(
    bookSide: Side,
    level: Level,
    amount: number,
    taker: 'b' | 's',
    orderType: 'm' | 'l',
    isSelf: ((order: RestingOrder) => boolean) | undefined,
    out: TakerFill[] | undefined,
  ): { lots: number; stoppedBySelf: boolean } {
    const price = level.price;
    let left = amount;
    while (left > 0 && level.lots > 0) {
      const q = this.queues[bookSide].get(price);
      const first = q?.entries[0];
      let chunk: number;
      let maker: QueueEntry | undefined;
      if (q === undefined || first === undefined) {
        chunk = Math.min(left, level.lots);
      } else if (first.ahead > 0) {
        chunk = Math.min(left, first.ahead);
      } else {
        if (isSelf?.(first.order) === true) return { lots: amount - left, stoppedBySelf: true };
        chunk = Math.min(left, first.lots);
        maker = first;
      }
      const time = this.applyRaw(bookSide, price, level.lots - chunk);
      if (q !== undefined) {
        if (maker !== undefined) {
          maker.lots -= chunk;
          q.own -= chunk;
          if (maker.lots === 0) {
            q.entries.shift();
            this.restingAt.delete(maker.order);
            if (q.entries.length === 0) this.queues[bookSide].delete(price);
          }
        } else {
          for (const e of q.entries) e.ahead -= chunk;
        }
      }
      this.recordFill(price, chunk, time, taker, orderType);
      out?.push({ price, lots: chunk, time, maker: maker?.order });
      if (maker !== undefined) this.restingFills?.onRestingFill(this, maker.order, { price, lots: chunk, time });
      left -= chunk;
    }
    return { lots: amount - left, stoppedBySelf: false };
  }

  // ---------------------------------------------------------------- event kinds

  private place(sideName: Side): void {
    const book = this.side(sideName);
    const other = this.side(sideName === 'a' ? 'b' : 'a');
    const best = book.best();
    const otherBest = other.best();
    if (best === undefined) {
      this.seedSide(book, other);
      return;
    }
    const rank = this.pickRank(book.size);
    const spread = otherBest === undefined ? Number.POSITIVE_INFINITY : Math.abs(otherBest.price - best.price);
    const improve = rank === 0 && spread > 1 && (spread > 4 * this.pair.maxGapTicks || this.rng.chance(0.4));
    if (improve) {
      const k = this.rng.int(1, Math.min(this.pair.maxGapTicks, spread - 1));
      this.apply(sideName, sideName === 'a' ? best.price - k : best.price + k, this.newLots());
      return;
    }
    const level = book.at(rank) as Level;
    const next = book.at(rank + 1);
    const gap = next === undefined ? this.pair.maxGapTicks + 1 : Math.abs(next.price - level.price);
    if (gap > 1 && this.rng.chance(0.55)) {
      const k = this.rng.int(1, gap - 1);
      const price = sideName === 'a' ? level.price + k : level.price - k;
      if (price >= 1) {
        this.apply(sideName, price, this.newLots());
        return;
      }
    }
    this.apply(sideName, level.price, Math.min(this.maxLots, level.lots + this.newLots()));
  }

  private cancel(sideName: Side): void {
    const book = this.side(sideName);
    if (book.size === 0) return;
    const level = book.at(this.pickRank(book.size)) as Level;
    if (level.lots <= 1 || this.rng.chance(0.6)) this.apply(sideName, level.price, 0);
    else this.apply(sideName, level.price, this.rng.bigInt(1, level.lots - 1));
  }

  private amend(sideName: Side): void {
    const book = this.side(sideName);
    if (book.size === 0) return;
    const level = book.at(this.pickRank(book.size)) as Level;
    this.apply(sideName, level.price, this.newLots());
    // An order amended twice within one engine event: the price appears twice in the update.
    if (this.rng.chance(0.2)) this.apply(sideName, level.price, this.rng.chance(0.25) ? 0 : this.newLots());
  }

  /** A market order by the taker on `taker` side consumes the opposite side from its best level. */
  private marketOrder(taker: 'b' | 's'): void {
    const bookSide: Side = taker === 'b' ? 'a' : 'b';
    const book = this.side(bookSide);
    let remaining = this.newLots() * this.rng.int(1, 3);
    if (this.rng.chance(0.1)) {
      const k = this.rng.int(2, 6);
      for (let i = 0; i < k; i++) remaining += book.at(i)?.lots ?? 0;
    }
    while (remaining > 0 && book.size > 0) {
      const level = book.best() as Level;
      const take = Math.min(remaining, level.lots);
      this.fillLevel(bookSide, level, take, taker, 'm');
      remaining -= take;
    }
  }

  /**
   * A limit order crossing the book: it consumes the opposite levels up to its limit and rests
   * its remainder on its own side at the limit, so one event changes both sides.
   */
  private sweep(taker: 'b' | 's'): void {
    const bookSide: Side = taker === 'b' ? 'a' : 'b';
    const restSide: Side = taker === 'b' ? 'b' : 'a';
    const book = this.side(bookSide);
    if (book.size < 2) {
      this.marketOrder(taker);
      return;
    }
    const target = book.at(this.rng.int(0, Math.min(4, book.size - 2))) as Level;
    const limit = target.price;
    const crossed: Level[] = [];
    for (let i = 0; i < book.size; i++) {
      const l = book.at(i) as Level;
      if (book.isBetter(limit, l.price)) break;
      crossed.push(l);
    }
    for (const l of crossed) this.fillLevel(bookSide, l, l.lots, taker, 'l');
    this.apply(restSide, limit, this.newLots());
  }

  /** A market maker moves volume on both sides in one event (no trade). */
  private requote(): void {
    const first: Side = this.rng.chance(0.5) ? 'a' : 'b';
    const second: Side = first === 'a' ? 'b' : 'a';
    for (const s of [first, second]) {
      if (this.rng.chance(0.5)) this.cancel(s);
      else this.place(s);
    }
  }

  /**
   * A market maker re-ladders one side around one rank: 3 to 8 inserts, amends and cancels
   * within a few ranks of each other (often right at a depth boundary), in one event.
   */
  private ladder(sideName: Side): void {
    const book = this.side(sideName);
    if (book.size < 4) {
      this.place(sideName);
      return;
    }
    const centre = this.pickRank(book.size);
    const ops = this.rng.int(3, 8);
    for (let i = 0; i < ops; i++) {
      const rank = Math.max(0, Math.min(book.size - 2, centre + this.rng.int(-2, 2)));
      const level = book.at(rank) as Level;
      const r = this.rng.next();
      if (r < 0.4) {
        const next = book.at(rank + 1) as Level;
        const gap = Math.abs(next.price - level.price);
        if (gap > 1) {
          const price = sideName === 'a' ? level.price + this.rng.int(1, gap - 1) : level.price - this.rng.int(1, gap - 1);
          this.apply(sideName, price, this.newLots());
          continue;
        }
        if (rank === 0) {
          const other = this.side(sideName === 'a' ? 'b' : 'a').best();
          const spread = other === undefined ? 0 : Math.abs(other.price - level.price);
          if (spread > 1) {
            this.apply(sideName, sideName === 'a' ? level.price - 1 : level.price + 1, this.newLots());
            continue;
          }
        }
        this.apply(sideName, level.price, this.newLots());
      } else if (r < 0.7) {
        this.apply(sideName, level.price, 0);
      } else {
        this.apply(sideName, level.price, this.newLots());
      }
    }
  }

  /** Fills `take` lots at `level`, in one to three partial fills (the price repeats in the update). */
  private fillLevel(bookSide: Side, level: Level, take: number, taker: 'b' | 's', orderType: 'm' | 'l'): void {
    const parts = take >= 3 && this.rng.chance(0.3) ? this.rng.int(2, 3) : 1;
    let left = take;
    for (let p = parts; p >= 1; p--) {
      const amount = p === 1 ? left : this.rng.bigInt(1, left - (p - 1));
      left -= amount;
      this.consumeLevel(bookSide, level, amount, taker, orderType, undefined, undefined);
    }
  }

  /** Keeps each side between 92% and 108% of its target depth by adding or removing deep levels. */
  private replenish(book: BookSide): void {
    const target = this.pair.levelsPerSide;
    const min = Math.floor(target * 0.92);
    const max = Math.ceil(target * 1.08);
    const other = book === this.asks ? this.bids : this.asks;
    if (book.size === 0) this.seedSide(book, other);
    let guard = 0;
    while (book.size < min && guard++ < 64) {
      const worst = book.worst() as Level;
      const step = this.rng.int(1, this.pair.maxGapTicks);
      const price = book.side === 'a' ? worst.price + step : worst.price - step;
      if (price < 1) break;
      this.apply(book.side, price, this.newLots());
    }
    // Trim the deepest levels, skipping any that hold account orders (they are never removed).
    let rank = book.size - 1;
    while (book.size > max && rank >= 0) {
      const level = book.at(rank) as Level;
      if (this.ownLots(book.side, level.price) === 0) this.applyRaw(book.side, level.price, 0);
      rank -= 1;
    }
  }

  private seedSide(book: BookSide, other: BookSide): void {
    const ref = other.best()?.price ?? this.pair.startTicks;
    const step = this.rng.int(1, this.pair.maxGapTicks);
    const price = book.side === 'a' ? ref + step : Math.max(1, ref - step);
    if (book.side === 'b' && price >= ref) return;
    this.apply(book.side, price, this.newLots());
  }

  // ---------------------------------------------------------------- application

  /**
   * Sets the MARKET's volume intent at a level: `lots` is the new total the random generator
   * wants, but a level never drops below the account volume resting there (market participants
   * cannot cancel the account's orders). A decrease is a cancel of market volume, taken from the
   * back of the queue, so resting orders only move forward. Returns the change's time.
   */
  private apply(sideName: Side, price: number, lots: number): number {
    const q = this.queues[sideName].get(price);
    if (q !== undefined) {
      const total = Math.max(lots, q.own);
      const book = this.side(sideName);
      if (book.at(book.rankOf(price))?.lots === total) return this.eventTime;
      const market = total - q.own;
      for (const e of q.entries) if (e.ahead > market) e.ahead = market;
      return this.applyRaw(sideName, price, total);
    }
    return this.applyRaw(sideName, price, lots);
  }

  /** Applies one change and reports it; returns its time (microseconds). */
  private applyRaw(sideName: Side, price: number, lots: number): number {
    const book = this.side(sideName);
    if (lots <= 0 && book.rankOf(price) < 0) return this.eventTime;
    const time = this.eventTime + this.tick++;
    const { rankBefore, rankAfter, level } = book.set(price, Math.max(0, lots), time);
    this.changes.push({ side: sideName, price: level.priceText, volume: level.volumeText, time: level.timeText });
    this.listener.onBookChange(this, { side: sideName, book, rankBefore, rankAfter, level });
    return time;
  }

  private recordFill(price: number, lots: number, time: number, side: 'b' | 's', orderType: 'm' | 'l'): void {
    const p = this.pair;
    const trade: SimulatorTrade = {
      pair: p.wsname,
      price: formatTicks(price, p.priceDecimals, p.wsPriceDecimals),
      volume: formatUnits(lots, p.lotDecimals),
      time: formatMicros(time),
      side,
      orderType,
    };
    const fill: TradeFill = { price, lots, time, trade };
    this.fills.push(fill);
    this.lastTrade = fill;
    this.candles.addTrade(price, lots, time);
    this.recentTrades.push(trade);
    this.trimRecent();
    if (this.limits.log > 0) {
      this.tradeCount += 1;
      this.tradeLog.push(trade);
      if (this.tradeLog.length > this.limits.log) this.tradeLog.splice(0, this.tradeLog.length - this.limits.log);
    }
  }

  private trimRecent(): void {
    const excess = this.recentTrades.length - this.limits.recent;
    if (excess > 0) this.recentTrades.splice(0, excess);
  }

  // ---------------------------------------------------------------- random choices

  private pickKind(): SimulatorEventKind {
    const r = this.rng.next();
    for (let i = 0; i < KINDS.length; i++) if (r < (KIND_WEIGHTS[i] as number)) return KINDS[i] as SimulatorEventKind;
    return 'place';
  }

  private pickSide(): Side {
    return this.rng.chance(0.5) ? 'a' : 'b';
  }

  /** Taker side with a pull back towards the start price, so the market does not wander off. */
  private pickTakerSide(): 'b' | 's' {
    const a = this.asks.best()?.price;
    const b = this.bids.best()?.price;
    const mid = a !== undefined && b !== undefined ? (a + b) / 2 : this.pair.startTicks;
    const pull = Math.max(-0.3, Math.min(0.3, ((this.pair.startTicks - mid) / this.pair.startTicks) * 8));
    return this.rng.chance(0.5 + pull) ? 'b' : 's';
  }

  /**
   * A rank to act on: mostly near the top (what depth 10 sees), sometimes deeper, and sometimes
   * right at a depth boundary (10, 25, 100, 500, 1000 ± 3) so every window's edge is exercised.
   */
  private pickRank(size: number): number {
    const last = size - 1;
    const r = this.rng.next();
    let rank: number;
    if (r < 0.5) rank = this.rng.int(0, 14);
    else if (r < 0.7) rank = this.rng.int(0, 60);
    else if (r < 0.8) rank = this.rng.int(0, 400);
    else if (r < 0.88) rank = this.rng.int(0, last);
    else rank = (BOUNDARIES[this.rng.int(0, BOUNDARIES.length - 1)] as number) + this.rng.int(-3, 2);
    return Math.max(0, Math.min(last, rank));
  }

  private newLots(): number {
    const t = this.pair.typicalLots;
    const r = this.rng.next();
    if (r < 0.6) return this.rng.bigInt(Math.max(1, Math.floor(t / 20)), t);
    if (r < 0.9) return this.rng.bigInt(t, t * 4);
    return this.rng.bigInt(t * 4, t * 20);
  }

  private buildInitialBook(startUs: number): void {
    const p = this.pair;
    const stamp = (): number => startUs - this.rng.int(1, 60_000_000);
    let price = p.startTicks;
    for (let i = 0; i < p.levelsPerSide; i++) {
      price += this.rng.int(1, p.maxGapTicks);
      this.asks.set(price, this.newLots(), stamp());
    }
    price = p.startTicks + 1;
    for (let i = 0; i < p.levelsPerSide; i++) {
      price -= this.rng.int(1, p.maxGapTicks);
      if (price < 1) break;
      this.bids.set(price, this.newLots(), stamp());
    }
  }
}
