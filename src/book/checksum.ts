/**
 * Kraken's v1 book checksum (protocol reference section 7): the CRC32 of the top 10 asks
 * (ascending) then the top 10 bids (descending), each level written as its price then its
 * volume, the exact strings with the decimal point removed and leading zeros stripped.
 */
import { crc32 } from 'node:zlib';
import type { Chunk, Side } from './bookSide';
import { shiftByZeros } from './crc32';
import { checksumDigits } from './decimal';
import { BookLevel } from './level';
import type { BookLevel as BookLevelShape } from './orderBook';

/** How many levels per side the checksum covers, whatever the depth. */
const CHECKSUM_LEVELS = 10;

type PriceAndVolume = Pick<BookLevelShape, 'price' | 'volume'>;

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

/**
 * A side with the CRC32 (from 0) and total byte length of the checksum fragments of its top 10
 * levels, combined from the levels' cached fragment CRCs (crc32.ts).
 * @internal
 */
export function foldTop(chunks: ReadonlyArray<Chunk>, size: number): Side {
  let crc = 0;
  let length = 0;
  let left = size < CHECKSUM_LEVELS ? size : CHECKSUM_LEVELS;
  for (let ci = 0; left > 0; ci++) {
    const chunk = chunks[ci]!;
    const n = chunk.length < left ? chunk.length : left;
    for (let j = 0; j < n; j++) {
      const level = chunk[j]!;
      crc = BookLevel.fold(level, crc);
      length += BookLevel.fragmentLength(level);
    }
    left -= n;
  }
  return { chunks, size, topCrc: crc, topLength: length, flat: undefined };
}

/**
 * Kraken's checksum of a book from its two sides' own top-10 CRCs:
 * crc(asks ‖ bids) = Z_len(bids)(crc(asks)) xor crc(bids).
 * @internal
 */
export function bookCrc(asks: Side, bids: Side): number {
  return (shiftByZeros(asks.topCrc, bids.topLength) ^ bids.topCrc) >>> 0;
}
