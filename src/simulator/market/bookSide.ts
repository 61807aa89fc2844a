import { checksumDigits, formatTicks, formatUnits } from '../core/decimal';
import { formatMicros } from '../core/time';

/** Which side of the book: `'a'` asks, `'b'` bids (Kraken's update keys). @internal */
export type Side = 'a' | 'b';

/**
 * One price level of the true book. Prices are integer ticks, volumes integer lots, the
 * timestamp integer microseconds; the wire strings are cached because every feed and the
 * checksum need them.
 * @internal
 */
export interface Level {
  readonly price: number;
  readonly priceText: string;
  lots: number;
  volumeText: string;
  /** Time of the level's last change, in microseconds. */
  time: number;
  timeText: string;
  /** `checksumDigits(priceText) + checksumDigits(volumeText)` (section 7.1). */
  checksumText: string;
  /** `priceText` without its decimal point and leading zeros. */
  readonly priceDigits: string;
}

/** How prices and volumes of one pair are written on the wire. @internal */
export interface LevelFormat {
  readonly priceDecimals: number;
  readonly wsPriceDecimals: number;
  readonly lotDecimals: number;
}

/**
 * One side of the simulator's true order book: the levels in rank order (best first) with
 * O(log n) rank lookup by binary search and O(1) access by rank.
 *
 * Internally prices are stored as keys `dir × price` in ascending order (`dir` = 1 for asks,
 * -1 for bids), so both sides share one search.
 * @internal
 */
export class BookSide {
  private readonly keys: number[] = [];
  private readonly levels: Level[] = [];
  private readonly dir: 1 | -1;

  constructor(
    readonly side: Side,
    private readonly format: LevelFormat,
  ) {
    this.dir = side === 'a' ? 1 : -1;
  }

  /** Number of levels. */
  get size(): number {
    return this.levels.length;
  }

  /** The level at `rank` (0 = best), if any. */
  at(rank: number): Level | undefined {
    return this.levels[rank];
  }

  /** The best level, if any. */
  best(): Level | undefined {
    return this.levels[0];
  }

  /** The worst (deepest) level, if any. */
  worst(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** Rank (0 = best) of the level at `price`, or -1 when there is none. */
  rankOf(price: number): number {
    const i = this.lowerBound(this.dir * price);
    return i < this.keys.length && this.keys[i] === this.dir * price ? i : -1;
  }

  /** The rank `price` would have if inserted (number of strictly better levels). */
  insertionRank(price: number): number {
    return this.lowerBound(this.dir * price);
  }

  /** True when price `a` is better than price `b` on this side. */
  isBetter(a: number, b: number): boolean {
    return this.dir * a < this.dir * b;
  }

  /**
   * Sets the volume at `price` to `lots` (0 deletes) at time `time` (microseconds).
   * Returns the ranks before and after (-1 = absent) and the level as it is now (for a
   * delete, the removed level with its volume set to zero).
   */
  set(price: number, lots: number, time: number): { rankBefore: number; rankAfter: number; level: Level } {
    const key = this.dir * price;
    const i = this.lowerBound(key);
    const exists = i < this.keys.length && this.keys[i] === key;
    const timeText = formatMicros(time);
    if (lots <= 0) {
      if (!exists) throw new RangeError(`no level at ${price} to delete`);
      const level = this.levels[i] as Level;
      this.keys.splice(i, 1);
      this.levels.splice(i, 1);
      level.lots = 0;
      level.volumeText = formatUnits(0, this.format.lotDecimals);
      level.time = time;
      level.timeText = timeText;
      return { rankBefore: i, rankAfter: -1, level };
    }
    const volumeText = formatUnits(lots, this.format.lotDecimals);
    if (exists) {
      const level = this.levels[i] as Level;
      level.lots = lots;
      level.volumeText = volumeText;
      level.time = time;
      level.timeText = timeText;
      level.checksumText = level.priceDigits + checksumDigits(volumeText);
      return { rankBefore: i, rankAfter: i, level };
    }
    const priceText = formatTicks(price, this.format.priceDecimals, this.format.wsPriceDecimals);
    const priceDigits = checksumDigits(priceText);
    const level: Level = {
      price,
      priceText,
      priceDigits,
      lots,
      volumeText,
      time,
      timeText,
      checksumText: priceDigits + checksumDigits(volumeText),
    };
    this.keys.splice(i, 0, key);
    this.levels.splice(i, 0, level);
    return { rankBefore: -1, rankAfter: i, level };
  }

  /** The best `count` levels (a copy of the references, best first). */
  top(count: number): Level[] {
    return this.levels.slice(0, count);
  }

  private lowerBound(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
