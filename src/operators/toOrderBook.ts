import { scan, type OperatorFunction } from 'rxjs';
import { applyBookMessage } from '../book/applyBookMessage';
import type { OrderBook, OrderBookConfig } from '../book/orderBook';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';

/**
 * Turns one book's snapshot and updates into a stream of immutable, checksum-verified
 * {@link OrderBook} values.
 *
 * <span class="informal">A thin `scan` around the pure reducer `applyBookMessage`: one value per
 * message, every update's checksum checked.</span>
 *
 * ```
 * source:  --s--u--u--v-----|        s: snapshot, u: updates, v: update with a wrong checksum
 * toOrderBook()
 * result:  --a--b--c--#              a, b, c: books; #: BookChecksumError
 * ```
 *
 * Every level of a message is applied in wire order (a zero volume deletes, `"r"` republished
 * levels are applied like any other), both dicts of a two-dict message before the checksum,
 * then each side is truncated to the depth. A snapshot (re)starts the book. The stream errors
 * with `BookChecksumError` (pair, depth, expected, computed) when a checksum does not match —
 * resubscribe for a fresh snapshot, as `kraken.book()` does — and with `BookSequenceError` for
 * an update before any snapshot or of another book. Errors and completion of the source pass
 * through. One operator serves one book: split several pairs with `groupBy` first.
 *
 * @example
 * ```ts
 * import { toOrderBook } from 'kraken-rx/operators';
 *
 * kraken
 *   .bookMessages('XBT/USD', { depth: 25 })
 *   .pipe(toOrderBook({ depth: 25 }))
 *   .subscribe((book) => console.log(book.asks[0]?.price, book.bids[0]?.price));
 * ```
 * @param config `depth` (default: from the message's channel; when given it must match it)
 * and `verify` (default `true`).
 * @return A function that returns an Observable that emits the book after each snapshot or
 * update of the source, and errors when the book cannot be trusted.
 * @throws {InvalidArgumentError} When `depth` is not a positive integer.
 * @see {@link applyBookMessage}
 * @category Operators
 * @since 0.1.0
 */
export function toOrderBook(
  config: OrderBookConfig = {},
): OperatorFunction<BookSnapshotMessage | BookUpdateMessage, OrderBook> {
  const { depth } = config;
  if (depth !== undefined && (!Number.isInteger(depth) || depth <= 0)) {
    throw new InvalidArgumentError('toOrderBook depth', depth, 'a positive integer (10, 25, 100, 500 or 1000)');
  }
  return scan<BookSnapshotMessage | BookUpdateMessage, OrderBook, undefined>(
    (book, message) => applyBookMessage(book, message, config),
    undefined,
  );
}
