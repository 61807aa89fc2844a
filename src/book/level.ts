/**
 * The level objects the book stores and hands out (internal class; the public type is the
 * `BookLevel` interface). `readonly` by type only, not frozen at runtime (freezing levels and
 * side arrays cost about 10% of the text-to-verified-book pipeline, see docs/books.md,
 * "Immutability and cost"): the book never changes a level once created, and levels are shared
 * between successive books, so nothing else may either. Three own enumerable properties
 * (`price`, `volume`, `timestamp`, the exact strings received), so they deep-equal plain
 * objects, serialise and spread as such. Two private caches ride along, invisible to all of that:
 *
 * - `#key`: the price as a double (correctly rounded), a sort key. Rounding to a double is monotonic, so different keys
 *   order exactly like the decimals; equal keys fall back to the exact string comparison.
 * - `#crc`/`#length`/`#shift`: the CRC32, byte length and zero-shift table (crc32.ts) of the
 *   level's checksum fragment (price digits then volume digits, leading zeros stripped),
 *   computed the first time the level is in a top 10 and reused as long as it stays there.
 */
import { CRC_TABLE, MAX_SHIFT, applyShift, shiftByZeros, shiftTable } from './crc32';
import { compareDecimals, decimalKey } from './decimal';
import type { BookLevel as BookLevelShape } from './orderBook';

/** @internal */
export class BookLevel implements BookLevelShape {
  declare readonly price: string;
  declare readonly volume: string;
  declare readonly timestamp: string;
  readonly #key: number;
  #crc = 0;
  #length = -1;
  #shift: Int32Array | undefined;

  constructor(price: string, volume: string, timestamp: string) {
    this.price = price;
    this.volume = volume;
    this.timestamp = timestamp;
    this.#key = decimalKey(price);
  }

  /** The numeric sort key of a level's price. */
  static key(level: BookLevel): number {
    return level.#key;
  }

  /** The running checksum CRC `crc` continued by this level's fragment. */
  static fold(level: BookLevel, crc: number): number {
    if (level.#length < 0) level.#fill();
    const t = level.#shift;
    return (t === undefined ? shiftByZeros(crc, level.#length) : applyShift(t, crc)) ^ level.#crc;
  }

  /** The byte length of the level's checksum fragment (after a `fold`). */
  static fragmentLength(level: BookLevel): number {
    return level.#length;
  }

  #fill(): void {
    let crc = -1;
    let length = 0;
    for (let part = 0; part < 2; part++) {
      const text = part === 0 ? this.price : this.volume;
      const n = text.length;
      let i = 0;
      while (i < n && (text.charCodeAt(i) === 48 || text.charCodeAt(i) === 46)) i++;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 46) continue;
        crc = CRC_TABLE[(crc ^ c) & 0xff]! ^ (crc >>> 8);
        length++;
      }
    }
    this.#crc = ~crc;
    this.#length = length;
    this.#shift = length <= MAX_SHIFT ? shiftTable(length) : undefined;
  }
}

/**
 * Orders a stored level against a price (given with its key): negative when the level's price
 * is lower, positive when higher, zero when numerically equal. Exact.
 * @internal
 */
export function compareLevelToPrice(level: BookLevel, key: number, price: string): number {
  const k = BookLevel.key(level);
  if (k < key) return -1;
  if (k > key) return 1;
  return compareDecimals(level.price, price);
}
