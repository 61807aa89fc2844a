import { KrakenError } from './krakenError';

/** @category Errors @since 0.1.0 */
export interface BookChecksumErrorInfo {
  readonly pair: string;
  readonly depth: number;
  /** The checksum Kraken sent (`c`), as an unsigned 32-bit integer. */
  readonly expected: number;
  /** The checksum of our book after applying the message. */
  readonly computed: number;
}

/**
 * After applying a book update, the CRC32 of our top 10 levels differs from Kraken's `c`:
 * the local book is wrong and must be rebuilt from a fresh snapshot. `kraken.book()` does that
 * by itself; `toOrderBook()` errors with this.
 * @category Errors
 * @since 0.1.0
 */
export class BookChecksumError extends KrakenError<BookChecksumErrorInfo> {
  override readonly name = 'BookChecksumError' as const;

  constructor(info: BookChecksumErrorInfo) {
    super(
      `Order book ${info.pair} (depth ${info.depth}) failed its checksum: Kraken sent ${info.expected}, the local book gives ${info.computed}. Resubscribe for a fresh snapshot.`,
      info,
    );
  }
}
