import { isRecord } from '../core/json';

/** One recorded level, `[price, volume, timestamp]`, the strings exactly as recorded. @internal */
export type RecordedLevel = readonly [price: string, volume: string, timestamp: string];

/** +1 for asks (ascending prices), -1 for bids (descending). */
type SideSign = 1 | -1;

/**
 * The order book of one recorded `book-<depth>` channel as a Kraken client holds it: built
 * from the recorded snapshot and updates, so that the replay server can greet a new
 * subscriber with one fresh snapshot of the book at the replay's position, as Kraken does.
 *
 * Rules (protocol reference 6.5): a message with `as`/`bs` starts a new book; every level of
 * every dict of an update (`a`, `b`, one or two dicts) is applied in the order received, a zero
 * volume (`"0.00000000"`) deleting the level, a republished level (`"r"`) applied like any
 * other, a repeated price replacing the earlier entry; after each message each side is
 * truncated to the depth. The strings are kept as recorded (price, volume, timestamp), so the
 * snapshot made from the book is byte for byte what the recording's updates said, and the
 * recording's later checksums hold against it.
 *
 * It works on the recorded strings rather than on the simulator's `BookSide` (integer ticks
 * and lots, strings formatted from a pair's decimals), which could not keep a recording's
 * strings byte for byte.
 * @internal
 */
export class ReplayBook {
  #asks: RecordedLevel[] = [];
  #bids: RecordedLevel[] = [];

  constructor(readonly depth: number) {}

  /** The asks, best (lowest) first. */
  get asks(): readonly RecordedLevel[] {
    return this.#asks;
  }

  /** The bids, best (highest) first. */
  get bids(): readonly RecordedLevel[] {
    return this.#bids;
  }

  /**
   * Applies one recorded book message, given by its payload dicts (one, or two for a two-dict
   * update): a snapshot replaces the book, an update changes it; then each side is truncated
   * to the depth. Entries that are not `[string, string, string, ...]` are ignored.
   */
  apply(dicts: readonly unknown[]): void {
    if (dicts.some((dict) => isRecord(dict) && ('as' in dict || 'bs' in dict))) {
      this.#asks = [];
      this.#bids = [];
    }
    for (const dict of dicts) {
      if (!isRecord(dict)) continue;
      applyLevels(this.#asks, dict['as'], 1);
      applyLevels(this.#bids, dict['bs'], -1);
      applyLevels(this.#asks, dict['a'], 1);
      applyLevels(this.#bids, dict['b'], -1);
    }
    if (this.#asks.length > this.depth) this.#asks.length = this.depth;
    if (this.#bids.length > this.depth) this.#bids.length = this.depth;
  }

  /**
   * The snapshot frame of the book after its channel id:
   * `,{"as":[[price,volume,timestamp],...],"bs":[...]},"book-10","XBT/USD"]` (asks ascending,
   * bids descending, at most `depth` each, no checksum, as Kraken sends a snapshot).
   */
  snapshotTail(channelName: string, pair: string): string {
    return `,{"as":[${this.#asks.map(levelText).join(',')}],"bs":[${this.#bids.map(levelText).join(',')}]},${JSON.stringify(channelName)},${JSON.stringify(pair)}]`;
  }
}

/** The payload dicts of a recorded book frame, from its text after the channel id. @internal */
export function bookDicts(tail: string): unknown[] {
  const frame: unknown = JSON.parse(`[0${tail}`);
  return Array.isArray(frame) ? frame.slice(1, -2) : [];
}

/**
 * Compares two non-negative decimal strings by value, exactly (`"27119.9"` equals
 * `"27119.90000"`): negative when `a < b`, 0 when equal, positive when `a > b`.
 * @internal
 */
export function compareDecimalText(a: string, b: string): number {
  if (a === b) return 0;
  const aDot = a.indexOf('.');
  const bDot = b.indexOf('.');
  const aWhole = stripLeadingZeros(aDot < 0 ? a : a.slice(0, aDot));
  const bWhole = stripLeadingZeros(bDot < 0 ? b : b.slice(0, bDot));
  if (aWhole.length !== bWhole.length) return aWhole.length - bWhole.length;
  if (aWhole !== bWhole) return aWhole < bWhole ? -1 : 1;
  let aFraction = aDot < 0 ? '' : a.slice(aDot + 1);
  let bFraction = bDot < 0 ? '' : b.slice(bDot + 1);
  if (aFraction.length < bFraction.length) aFraction = aFraction.padEnd(bFraction.length, '0');
  else if (bFraction.length < aFraction.length) bFraction = bFraction.padEnd(aFraction.length, '0');
  return aFraction < bFraction ? -1 : aFraction > bFraction ? 1 : 0;
}

/** True for a zero volume (`"0.00000000"`, `"0"`): the level is deleted. */
function isZero(volume: string): boolean {
  return /^0*\.?0*$/.test(volume);
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

function levelText(level: RecordedLevel): string {
  return `[${JSON.stringify(level[0])},${JSON.stringify(level[1])},${JSON.stringify(level[2])}]`;
}

/** Upserts (or deletes, for a zero volume) each entry of `entries`, in order, into `side`. */
function applyLevels(side: RecordedLevel[], entries: unknown, sign: SideSign): void {
  if (!Array.isArray(entries)) return;
  for (const entry of entries as unknown[]) {
    if (!Array.isArray(entry)) continue;
    const [price, volume, timestamp] = entry as unknown[];
    if (typeof price !== 'string' || typeof volume !== 'string' || typeof timestamp !== 'string') continue;
    // Binary search for the first level not better than `price`.
    let lo = 0;
    let hi = side.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sign * compareDecimalText((side[mid] as RecordedLevel)[0], price) < 0) lo = mid + 1;
      else hi = mid;
    }
    const found = lo < side.length && compareDecimalText((side[lo] as RecordedLevel)[0], price) === 0;
    if (isZero(volume)) {
      if (found) side.splice(lo, 1);
    } else if (found) {
      side[lo] = [price, volume, timestamp];
    } else {
      side.splice(lo, 0, [price, volume, timestamp]);
    }
  }
}
