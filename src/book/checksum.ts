/**
 * Kraken's v1 book checksum (protocol reference section 7): the CRC32 of the top 10 asks
 * (ascending) then the top 10 bids (descending), each level written as its price then its
 * volume, the exact strings with the decimal point removed and leading zeros stripped.
 */
import { crc32 } from 'node:zlib';
import type { Side } from './bookSide';
import { checksumDigits } from './decimal';
import type { BookLevel } from './orderBook';

/** How many levels per side the checksum covers, whatever the depth. */
const CHECKSUM_LEVELS = 10;

type PriceAndVolume = Pick<BookLevel, 'price' | 'volume'>;

/**
 * The text Kraken's checksum is taken over, for a book or any pair of level lists
 * (only the first 10 of each are read). Useful to see why a checksum differs.
 *
 * @example
 * ```ts
 * bookChecksumInput({
 *   asks: [{ price: '0.05005', volume: '0.00000500' }],
 *   bids: [{ price: '0.05000', volume: '0.00000500' }],
 * }); // '50055005000500'
 * ```
 * @category Book
 * @since 0.1.0
 */
export function bookChecksumInput(book: {
  readonly asks: ReadonlyArray<PriceAndVolume>;
  readonly bids: ReadonlyArray<PriceAndVolume>;
}): string {
  let text = '';
  for (const side of [book.asks, book.bids]) {
    const n = Math.min(CHECKSUM_LEVELS, side.length);
    for (let i = 0; i < n; i++) {
      const level = side[i]!;
      text += checksumDigits(level.price) + checksumDigits(level.volume);
    }
  }
  return text;
}

/**
 * Kraken's v1 checksum (CRC32 of {@link bookChecksumInput}, an unsigned 32-bit integer) of a
 * book or any pair of level lists, computed from scratch.
 *
 * @example
 * ```ts
 * const ok = bookChecksum(book) === Number(update.checksum);
 * ```
 * @category Book
 * @since 0.1.0
 */
export function bookChecksum(book: {
  readonly asks: ReadonlyArray<PriceAndVolume>;
  readonly bids: ReadonlyArray<PriceAndVolume>;
}): number {
  return crc32(bookChecksumInput(book)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Incremental checksum (internal).
//
// Each top-10 level keeps the CRC32 of its own fragment (price digits + volume digits, computed
// once with zlib.crc32 when the level first enters the top 10). The book's CRC is then combined
// from the fragments' CRCs without touching their bytes again, using
//   crc(A ‖ B) = Z_len(B)(crc(A)) xor crc(B),
// where Z_L is the (linear) CRC register update by L zero bytes, applied with four byte tables
// per L. Combining 20 fragments this way costs about as much as one zlib.crc32 call.

/** One level of a top-10 list with the CRC and byte length of its checksum fragment. @internal */
export interface TopEntry {
  readonly level: BookLevel;
  readonly crc: number;
  readonly length: number;
}

/** The checksum state of one book version. @internal */
export interface TopCache {
  readonly asks: ReadonlyArray<TopEntry>;
  readonly bids: ReadonlyArray<TopEntry>;
  /** The running CRC after the asks (where the bids continue from). */
  readonly asksCrc: number;
  /** The book's checksum, unsigned. */
  readonly crc: number;
}

const NO_ENTRIES: ReadonlyArray<TopEntry> = Object.freeze([]);

/**
 * The checksum state of a new version, reusing whatever the previous version had for levels
 * that did not change (same object): when neither top 10 changed, the previous state itself.
 * @internal
 */
export function topCache(prev: TopCache | undefined, asks: Side, bids: Side): TopCache {
  const topAsks = topEntries(prev?.asks, asks);
  const topBids = topEntries(prev?.bids, bids);
  if (prev !== undefined && topAsks === prev.asks && topBids === prev.bids) return prev;
  const asksCrc = prev !== undefined && topAsks === prev.asks ? prev.asksCrc : fold(0, topAsks);
  return { asks: topAsks, bids: topBids, asksCrc, crc: fold(asksCrc, topBids) >>> 0 };
}

function topEntries(prev: ReadonlyArray<TopEntry> | undefined, side: Side): ReadonlyArray<TopEntry> {
  const n = side.size < CHECKSUM_LEVELS ? side.size : CHECKSUM_LEVELS;
  if (n === 0) return NO_ENTRIES;
  const chunks = side.chunks;
  if (prev !== undefined && prev.length === n) {
    let ci = 0;
    let chunk = chunks[0]!;
    let j = 0;
    let i = 0;
    for (; i < n; i++) {
      if (j === chunk.length) {
        chunk = chunks[++ci]!;
        j = 0;
      }
      if (chunk[j++] !== prev[i]!.level) break;
    }
    if (i === n) return prev;
  }
  const out = new Array<TopEntry>(n);
  let ci = 0;
  let chunk = chunks[0]!;
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (j === chunk.length) {
      chunk = chunks[++ci]!;
      j = 0;
    }
    out[i] = entryFor(chunk[j++]!, prev, i);
  }
  return out;
}

/** The previous entry of this level when it is still in the top 10 (usually shifted by at most one), else a new one. */
function entryFor(level: BookLevel, prev: ReadonlyArray<TopEntry> | undefined, i: number): TopEntry {
  if (prev !== undefined) {
    const m = prev.length;
    if (i < m && prev[i]!.level === level) return prev[i]!;
    if (i > 0 && i - 1 < m && prev[i - 1]!.level === level) return prev[i - 1]!;
    if (i + 1 < m && prev[i + 1]!.level === level) return prev[i + 1]!;
    for (let k = 0; k < m; k++) if (prev[k]!.level === level) return prev[k]!;
  }
  const fragment = checksumDigits(level.price) + checksumDigits(level.volume);
  return { level, crc: crc32(fragment) | 0, length: fragment.length };
}

function fold(start: number, entries: ReadonlyArray<TopEntry>): number {
  let crc = start | 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    crc = shiftByZeros(crc, e.length) ^ e.crc;
  }
  return crc;
}

/** The reflected CRC-32 (IEEE 802.3) byte table. */
const BYTE_TABLE = /* @__PURE__ */ (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Z_L for L = 0..MAX_SHIFT, each as four 256-entry byte tables; filled on first use. */
const MAX_SHIFT = 64;
const shiftTables: Int32Array[] = [];

function shiftTable(length: number): Int32Array {
  let k = shiftTables.length;
  if (k === 0) {
    const identity = new Int32Array(1024);
    for (let byte = 0; byte < 4; byte++) for (let b = 0; b < 256; b++) identity[byte * 256 + b] = b << (8 * byte);
    shiftTables.push(identity);
    k = 1;
  }
  for (; k <= length; k++) {
    const previous = shiftTables[k - 1]!;
    const next = new Int32Array(1024);
    for (let e = 0; e < 1024; e++) {
      const v = previous[e]!;
      next[e] = BYTE_TABLE[v & 0xff]! ^ (v >>> 8);
    }
    shiftTables.push(next);
  }
  return shiftTables[length]!;
}

/** The CRC register after `length` zero bytes, from register value `crc`. @internal */
export function shiftByZeros(crc: number, length: number): number {
  while (length > MAX_SHIFT) {
    crc = applyShift(shiftTable(MAX_SHIFT), crc);
    length -= MAX_SHIFT;
  }
  return applyShift(shiftTables[length] ?? shiftTable(length), crc);
}

function applyShift(t: Int32Array, c: number): number {
  return t[c & 0xff]! ^ t[256 + ((c >>> 8) & 0xff)]! ^ t[512 + ((c >>> 16) & 0xff)]! ^ t[768 + (c >>> 24)]!;
}
