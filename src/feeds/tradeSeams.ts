import { decimalsOf } from '../candles/decimals';
import type { RestTradeRow } from '../protocol/restMessages';
import type { Trade } from './values';

/**
 * Times further apart than this (µs) are different times. Kraken's REST Trades writes times as
 * floats with up to seven decimals where the WebSocket writes six: one microsecond of slack
 * absorbs rounding against truncation.
 * @internal
 */
export const TIME_TOLERANCE_US = 1;

/**
 * Kraken's REST Trades answers at most this many trades per call; a full page means more may
 * follow.
 * @internal
 */
export const REST_TRADES_PAGE = 1000;

/** What identifies a trade across the WebSocket and REST: time (µs) and the rest of its fields. */
interface TradeMark {
  readonly us: number;
  /** Price and volume as canonical decimals, side and order type: `30000.1|0.5|b|m`. */
  readonly key: string;
}

/**
 * Seconds with a decimal fraction (`"1699797222.188887"`, `"1688669597.8277369"`) to whole
 * microseconds, rounded to the nearest; exact (no float).
 * @internal
 */
export function timeToMicros(time: string): number {
  const dot = time.indexOf('.');
  const whole = Number(dot < 0 ? time : time.slice(0, dot));
  const fraction = dot < 0 ? '' : time.slice(dot + 1);
  const digits = (fraction + '0000000').slice(0, 7);
  const micros = Number(digits.slice(0, 6)) + (Number(digits[6]) >= 5 ? 1 : 0);
  return whole * 1_000_000 + micros;
}

/** Whole microseconds as Kraken's WebSocket writes times: `"<seconds>.<6 digits>"`. @internal */
export function microsToTime(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  return `${seconds}.${String(us - seconds * 1_000_000).padStart(6, '0')}`;
}

/** An unsigned decimal without padding: `"030000.10000"` → `"30000.1"`, `"1.000"` → `"1"`. @internal */
export function canonicalDecimal(value: string): string {
  let s = value;
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  s = s.replace(/^0+(?=\d)/, '');
  return s;
}

/**
 * `value` written with the decimals of `like` (`"30000.1"` like `"29999.90000"` → `"30000.10000"`),
 * when that loses no digit; otherwise `value` without padding.
 * @internal
 */
export function decimalLike(value: string, like: string): string {
  const canonical = canonicalDecimal(value);
  const want = decimalsOf(like);
  const have = decimalsOf(canonical);
  if (have > want || want === 0) return canonical;
  return (have === 0 ? `${canonical}.` : canonical) + '0'.repeat(want - have);
}

function markOf(price: string, volume: string, time: string, side: string, orderType: string): TradeMark {
  return { us: timeToMicros(time), key: `${canonicalDecimal(price)}|${canonicalDecimal(volume)}|${side}|${orderType}` };
}

function markOfTrade(t: Trade): TradeMark {
  return markOf(t.price, t.volume, t.time, t.side === 'buy' ? 'b' : 's', t.orderType === 'market' ? 'm' : 'l');
}

function markOfRow(r: RestTradeRow): TradeMark {
  return markOf(r.price, r.volume, r.time, r.side, r.orderType);
}

/** A multiset of trade marks, matched with {@link TIME_TOLERANCE_US} on the time. */
class Marks {
  private readonly byKey = new Map<string, number[]>();

  add(mark: TradeMark): void {
    const list = this.byKey.get(mark.key);
    if (list === undefined) this.byKey.set(mark.key, [mark.us]);
    else list.push(mark.us);
  }

  /** Removes one mark equal to `mark` (time within the tolerance); says whether there was one. */
  take(mark: TradeMark): boolean {
    const list = this.byKey.get(mark.key);
    if (list === undefined) return false;
    const i = list.findIndex((us) => Math.abs(us - mark.us) <= TIME_TOLERANCE_US);
    if (i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(mark.key);
    return true;
  }

  /** Forgets the marks older than `us`. */
  dropBefore(us: number): void {
    for (const [key, list] of this.byKey) {
      const kept = list.filter((x) => x >= us);
      if (kept.length === 0) this.byKey.delete(key);
      else this.byKey.set(key, kept);
    }
  }

  copy(): Marks {
    const c = new Marks();
    for (const [key, list] of this.byKey) c.byKey.set(key, [...list]);
    return c;
  }
}

/** The REST call a gap needs. @internal */
export interface BackfillRequest {
  /** Kraken's `since`, nanoseconds as digits: a millisecond before the last trade known. */
  readonly since: string;
  /** Time of the last trade known before the gap. */
  readonly from: string;
}

/** After a page of REST trades: fetch another one from `since`, or the gap is covered. @internal */
export type PageOutcome = { readonly more: true; readonly since: string } | { readonly more: false };

interface Gap {
  readonly fromUs: number;
  readonly from: string;
  /** Trades already emitted at (about) the gap's start time: REST returns them again. */
  readonly tail: Marks;
  /** REST trades received so far, oldest first, without repeats across pages. */
  readonly rows: RestTradeRow[];
}

/**
 * The seams of one pair's trade feed across interruptions of its subscription (the pure core
 * of the trades backfill; the feed around it does the REST calls).
 *
 * Kraken's v1 trade channel does not replay trades after a resubscription, so the trades made
 * while it was down are taken from REST `Trades` since the last trade known, and emitted in
 * time order before the live trades that arrived meanwhile (those are held back until then).
 * No trade is emitted twice at either seam: the REST answer starts a millisecond before the
 * last trade known, and repeats what was already emitted there; its end overlaps the live
 * trades held back, and may hold trades the socket has not delivered yet. Trades match as a
 * multiset of (time within a microsecond, price and volume as decimals, side, order type),
 * since several trades can share one timestamp. REST trades are written as the live feed
 * writes that pair (its price and volume decimals, six-decimal times) and marked `backfilled`.
 *
 * Live trades re-sent after a resubscription (a trade snapshot, which newer Kraken docs
 * describe) are dropped when they are not newer than the last trade known.
 * @internal
 */
export class TradeSeams {
  private lastUs: number | undefined;
  private lastTime = '';
  /** Accepted trades at (about) `lastUs`. */
  private readonly recent = new Marks();
  /** The newest live trade: the format of the pair on the WebSocket. */
  private template: Trade | undefined;
  /** After a resubscription: live trades up to this time may be repeats. */
  private replay: { readonly us: number; readonly marks: Marks } | undefined;
  private gap: Gap | undefined;
  /** Live trades held back while a gap waits for REST. */
  private buffer: Trade[] = [];
  /** REST trades emitted that the socket may still deliver. */
  private expected: { readonly maxUs: number; readonly marks: Marks } | undefined;

  constructor(private readonly pair: string) {}

  /** Whether a gap waits to be filled (live trades are held back meanwhile). */
  get pending(): boolean {
    return this.gap !== undefined;
  }

  /** Time of the first live trade held back, if any. */
  get firstHeld(): string | undefined {
    return this.buffer[0]?.time;
  }

  /** The subscription stopped (connection lost, resubscribing): trades may be missed from here. */
  stopped(): void {
    if (this.lastUs === undefined) return;
    this.replay = { us: this.lastUs, marks: this.recent.copy() };
    this.gap ??= { fromUs: this.lastUs, from: this.lastTime, tail: this.recent.copy(), rows: [] };
  }

  /** The REST call to make once the subscription is back, if a gap waits (starts it afresh). */
  request(): BackfillRequest | undefined {
    const gap = this.gap;
    if (gap === undefined) return undefined;
    gap.rows.length = 0;
    const sinceUs = Math.max(0, gap.fromUs - 1000);
    return { since: `${sinceUs}000`, from: gap.from };
  }

  /** Live trades of one message: returns those to emit now (none while a gap waits). */
  live(trades: readonly Trade[]): Trade[] {
    const out: Trade[] = [];
    for (const trade of trades) {
      const mark = markOfTrade(trade);
      if (this.replay !== undefined) {
        const r = this.replay;
        if (mark.us < r.us - TIME_TOLERANCE_US) continue;
        if (mark.us <= r.us + TIME_TOLERANCE_US && r.marks.take(mark)) continue;
        if (mark.us > r.us + TIME_TOLERANCE_US) this.replay = undefined;
      }
      if (this.expected !== undefined) {
        const e = this.expected;
        if (mark.us > e.maxUs + TIME_TOLERANCE_US) this.expected = undefined;
        else if (e.marks.take(mark)) continue;
      }
      this.template = trade;
      this.note(mark, trade.time);
      if (this.gap !== undefined) this.buffer.push(trade);
      else out.push(trade);
    }
    return out;
  }

  /**
   * Adds a page of the REST answer. Another page is due when this one was full, or when the
   * answer has not yet reached the first live trade held back (REST lagging behind the socket).
   */
  page(rows: readonly RestTradeRow[], last: string): PageOutcome {
    const gap = this.gap;
    if (gap === undefined) return { more: false };
    const newest = gap.rows[gap.rows.length - 1];
    if (newest === undefined) gap.rows.push(...rows);
    else {
      // Pages meet at `last`: whether Kraken's `since` is inclusive or not, a trade of the
      // previous page is not taken twice.
      const newestUs = timeToMicros(newest.time);
      const seen = new Marks();
      for (const r of gap.rows) {
        const m = markOfRow(r);
        if (m.us >= newestUs - TIME_TOLERANCE_US) seen.add(m);
      }
      for (const r of rows) {
        const m = markOfRow(r);
        if (m.us < newestUs - TIME_TOLERANCE_US) continue;
        if (m.us <= newestUs + TIME_TOLERANCE_US && seen.take(m)) continue;
        gap.rows.push(r);
      }
    }
    const reached = this.reachesLive(gap);
    return rows.length >= REST_TRADES_PAGE || !reached ? { more: true, since: last } : { more: false };
  }

  /**
   * The gap is filled with the REST trades received: returns the trades to emit, in time order
   * (the missed ones, then the live ones held back). `complete: false` when the answer did
   * not reach the live feed (the caller reports the window).
   */
  restored(): { trades: Trade[]; complete: boolean; from: string; to: string | undefined } {
    const gap = this.gap;
    if (gap === undefined) return { trades: [], complete: true, from: this.lastTime, to: undefined };
    const complete = this.reachesLive(gap);
    const held = new Marks();
    for (const t of this.buffer) held.add(markOfTrade(t));
    const missed: { trade: Trade; us: number }[] = [];
    for (const row of gap.rows) {
      const mark = markOfRow(row);
      if (mark.us < gap.fromUs - TIME_TOLERANCE_US) continue;
      if (gap.tail.take(mark) || held.take(mark)) continue;
      missed.push({ trade: this.fromRest(row, mark.us), us: mark.us });
    }
    const to = this.buffer[0]?.time;
    // Incomplete: trades are known up to the newest REST trade; the window after it stays open.
    const newestRow = gap.rows[gap.rows.length - 1];
    const from = complete || newestRow === undefined ? gap.from : microsToTime(timeToMicros(newestRow.time));
    // Merge by time; at equal times the missed trade came first (it happened before the live one arrived).
    const out: Trade[] = [];
    let i = 0;
    for (const t of this.buffer) {
      const us = timeToMicros(t.time);
      while (i < missed.length && (missed[i] as { us: number }).us <= us) out.push((missed[i++] as { trade: Trade }).trade);
      out.push(t);
    }
    const lastHeldUs = this.buffer.length === 0 ? Number.NEGATIVE_INFINITY : timeToMicros((this.buffer[this.buffer.length - 1] as Trade).time);
    const after = missed.slice(i);
    for (const m of after) out.push(m.trade);
    // Trades REST had that the socket has not delivered yet: it may still deliver them.
    const pendingOnSocket = missed.filter((m) => m.us >= lastHeldUs - TIME_TOLERANCE_US);
    if (pendingOnSocket.length > 0) {
      const marks = new Marks();
      for (const m of pendingOnSocket) marks.add(markOfTrade(m.trade));
      this.expected = { maxUs: Math.max(...pendingOnSocket.map((m) => m.us)), marks };
    }
    for (const m of missed) this.note(markOfTrade(m.trade), m.trade.time);
    this.gap = undefined;
    this.buffer = [];
    return { trades: out, complete, from, to };
  }

  /** The REST call failed: the live trades held back, to emit now, and the window left open. */
  failed(): { trades: Trade[]; from: string; to: string | undefined; since: string } {
    const gap = this.gap;
    const held = this.buffer;
    this.gap = undefined;
    this.buffer = [];
    const sinceUs = Math.max(0, (gap?.fromUs ?? 0) - 1000);
    return { trades: held, from: gap?.from ?? this.lastTime, to: held[0]?.time, since: `${sinceUs}000` };
  }

  /** Whether the REST trades received reach the first live trade held back (or none is held). */
  private reachesLive(gap: Gap): boolean {
    const first = this.buffer[0];
    if (first === undefined) return true;
    const newest = gap.rows[gap.rows.length - 1];
    return newest !== undefined && timeToMicros(newest.time) >= timeToMicros(first.time) - TIME_TOLERANCE_US;
  }

  private note(mark: TradeMark, time: string): void {
    if (this.lastUs === undefined || mark.us > this.lastUs) {
      this.lastUs = mark.us;
      this.lastTime = time;
      this.recent.dropBefore(mark.us - TIME_TOLERANCE_US);
    }
    if (mark.us >= this.lastUs - TIME_TOLERANCE_US) this.recent.add(mark);
  }

  /** A REST trade as the live feed would have sent it. */
  private fromRest(row: RestTradeRow, us: number): Trade {
    const like = this.template;
    return {
      pair: this.pair,
      price: like === undefined ? row.price : decimalLike(row.price, like.price),
      volume: like === undefined ? row.volume : decimalLike(row.volume, like.volume),
      time: microsToTime(us),
      side: row.side === 'b' ? 'buy' : 'sell',
      orderType: row.orderType === 'm' ? 'market' : 'limit',
      misc: row.misc,
      backfilled: true,
    };
  }
}
