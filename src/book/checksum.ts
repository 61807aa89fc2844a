/**
 * Kraken's v1 book checksum (protocol reference section 7): the CRC32 of the top 10 asks
 * (ascending) then the top 10 bids (descending), each level written as its price then its
 * volume, the exact strings with the decimal point removed and leading zeros stripped.
 */
import { crc32 } from 'node:zlib';
import type { Side } from './bookSide';
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
 * The running CRC after the top 10 levels of a side, continuing from `start` (0 for the asks,
 * the asks' result for the bids), combined from the levels' cached fragment CRCs (crc32.ts).
 * @internal
 */
export function foldTop(start: number, side: Side): number {
  let crc = start;
  let left = side.size < CHECKSUM_LEVELS ? side.size : CHECKSUM_LEVELS;
  const chunks = side.chunks;
  for (let ci = 0; left > 0; ci++) {
    const chunk = chunks[ci]!;
    const n = chunk.length < left ? chunk.length : left;
    for (let j = 0; j < n; j++) crc = BookLevel.fold(chunk[j]!, crc);
    left -= n;
  }
  return crc;
}
