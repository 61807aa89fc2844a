/**
 * A deliberately simple, independent Kraken v1 order book (no code shared with src/): sorted
 * arrays of the levels as received, exact decimal ordering, truncation to the depth after each
 * dict, and the CRC32 checksum (`zlib.crc32`) verified on every update that carries one.
 *
 * The bench uses it three ways: to compute the expected final book of every stream (it must
 * verify every checksum of the stream on the way, which cross-checks the generator and the
 * recordings), to build the snapshots the stream server sends after a reconnect or a resync,
 * and as the "simple correct book" baseline client.
 */
import { crc32 } from 'node:zlib';

/** A level as Kraken sends it: price, volume, timestamp (strings), optionally `"r"`. */
export type WireLevel = readonly string[];
export type Level = readonly [price: string, volume: string, timestamp: string];

/** The top of a book as compared between clients: price and volume strings, best first. */
export interface TopOfBook {
  readonly asks: ReadonlyArray<readonly [price: string, volume: string]>;
  readonly bids: ReadonlyArray<readonly [price: string, volume: string]>;
}

/** Compares two non-negative decimal strings by value (`"1.50"` equals `"1.5"`). */
export function compareDecimal(a: string, b: string): number {
  const da = a.indexOf('.');
  const db = b.indexOf('.');
  let ia = da < 0 ? a : a.slice(0, da);
  let ib = db < 0 ? b : b.slice(0, db);
  ia = ia.replace(/^0+/, '');
  ib = ib.replace(/^0+/, '');
  if (ia.length !== ib.length) return ia.length < ib.length ? -1 : 1;
  if (ia !== ib) return ia < ib ? -1 : 1;
  let fa = da < 0 ? '' : a.slice(da + 1);
  let fb = db < 0 ? '' : b.slice(db + 1);
  const n = Math.max(fa.length, fb.length);
  fa = fa.padEnd(n, '0');
  fb = fb.padEnd(n, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

const isZero = (volume: string): boolean => /^[0.]*$/.test(volume);
const digits = (s: string): string => s.replace('.', '').replace(/^0+/, '');

export class ReferenceBook {
  asks: Level[] = [];
  bids: Level[] = [];
  /** Updates applied, and how many of them carried a checksum that verified. */
  updates = 0;
  verified = 0;

  constructor(readonly depth: number) {}

  applySnapshot(as: ReadonlyArray<WireLevel>, bs: ReadonlyArray<WireLevel>): void {
    this.asks = [];
    this.bids = [];
    for (const level of as) this.#apply(this.asks, level, 1);
    for (const level of bs) this.#apply(this.bids, level, -1);
    this.#truncate();
  }

  /**
   * Applies the dicts of one update message in order; returns false when its checksum `c`
   * does not match the book after it (the book is updated all the same).
   */
  applyUpdate(dicts: ReadonlyArray<{ readonly a?: ReadonlyArray<WireLevel>; readonly b?: ReadonlyArray<WireLevel>; readonly c?: string }>): boolean {
    let c: string | undefined;
    for (const dict of dicts) {
      if (dict.a !== undefined) for (const level of dict.a) this.#apply(this.asks, level, 1);
      if (dict.b !== undefined) for (const level of dict.b) this.#apply(this.bids, level, -1);
      this.#truncate();
      if (dict.c !== undefined) c = dict.c;
    }
    this.updates++;
    if (c === undefined) return true;
    const ok = Number(c) === this.checksum();
    if (ok) this.verified++;
    return ok;
  }

  /**
   * Applies one parsed channel frame (`[id, payload, (payload,) channelName, pair]`);
   * returns false on a checksum mismatch.
   */
  applyFrame(frame: ReadonlyArray<unknown>): boolean {
    const payloads = frame.slice(1, frame.length - 2) as Array<Record<string, ReadonlyArray<WireLevel> | string | undefined>>;
    const first = payloads[0];
    if (first !== undefined && ('as' in first || 'bs' in first)) {
      this.applySnapshot((first['as'] ?? []) as ReadonlyArray<WireLevel>, (first['bs'] ?? []) as ReadonlyArray<WireLevel>);
      return true;
    }
    return this.applyUpdate(payloads as ReadonlyArray<{ a?: ReadonlyArray<WireLevel>; b?: ReadonlyArray<WireLevel>; c?: string }>);
  }

  /** Kraken's v1 checksum of the top 10 levels per side. */
  checksum(): number {
    let text = '';
    for (const side of [this.asks, this.bids]) {
      const n = Math.min(10, side.length);
      for (let i = 0; i < n; i++) {
        const level = side[i]!;
        text += digits(level[0]) + digits(level[1]);
      }
    }
    return crc32(text) >>> 0;
  }

  top(n = 10): TopOfBook {
    const pick = (side: Level[]) => side.slice(0, n).map((l) => [l[0], l[1]] as const);
    return { asks: pick(this.asks), bids: pick(this.bids) };
  }

  /** The snapshot frame Kraken would send for this book now. */
  snapshotFrame(channelId: number, pair: string): string {
    return JSON.stringify([channelId, { as: this.asks, bs: this.bids }, `book-${this.depth}`, pair]);
  }

  #apply(side: Level[], level: WireLevel, sign: 1 | -1): void {
    const price = level[0]!;
    // Binary search for the first level not better than `price`.
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sign * compareDecimal(side[mid]![0], price) < 0) lo = mid + 1;
      else hi = mid;
    }
    const same = lo < side.length && compareDecimal(side[lo]![0], price) === 0;
    if (isZero(level[1]!)) {
      if (same) side.splice(lo, 1);
      return;
    }
    const next: Level = [price, level[1]!, level[2]!];
    if (same) side[lo] = next;
    else side.splice(lo, 0, next);
  }

  #truncate(): void {
    if (this.asks.length > this.depth) this.asks.length = this.depth;
    if (this.bids.length > this.depth) this.bids.length = this.depth;
  }
}

/** Whether two tops hold the same levels (prices and volumes compared by value). */
export function sameTop(a: TopOfBook, b: TopOfBook): boolean {
  const sameSide = (x: TopOfBook['asks'], y: TopOfBook['asks']) =>
    x.length === y.length && x.every((l, i) => compareDecimal(l[0], y[i]![0]) === 0 && compareDecimal(l[1], y[i]![1]) === 0);
  return sameSide(a.asks, b.asks) && sameSide(a.bids, b.bids);
}
