import { from, groupBy, map, mergeMap } from 'rxjs';
import { applyBookMessage } from '../../src/book/applyBookMessage';
import { bookChecksum } from '../../src/book/checksum';
import type { OrderBook } from '../../src/book/orderBook';
import { BookChecksumError } from '../../src/errors/bookChecksumError';
import { toOrderBook } from '../../src/operators/toOrderBook';
import { TRIMMED_BOOK_FILES, VERIFIABLE_BOOK_FILES, bookKey, bookMessages, type BookMessage } from './bookFixtures';

interface Replay {
  /** Updates that carried a checksum and produced a book with exactly that checksum. */
  readonly verified: number;
  readonly verifiedByBook: Map<string, number>;
  readonly lastBooks: Map<string, OrderBook>;
  readonly emitted: number;
  readonly error: unknown;
  readonly completed: boolean;
}

/** Replays a recording through toOrderBook, one operator per book (channelName + pair). */
function replay(messages: ReadonlyArray<BookMessage>): Replay {
  const byBook = new Map<string, BookMessage[]>();
  for (const m of messages) byBook.set(bookKey(m), [...(byBook.get(bookKey(m)) ?? []), m]);
  const result = {
    verified: 0,
    verifiedByBook: new Map<string, number>(),
    lastBooks: new Map<string, OrderBook>(),
    emitted: 0,
    error: undefined as unknown,
    completed: false,
  };
  from(messages)
    .pipe(
      groupBy(bookKey),
      mergeMap((book$) =>
        book$.pipe(
          toOrderBook(),
          map((book, index) => ({ key: book$.key, book, message: byBook.get(book$.key)![index]! })),
        ),
      ),
    )
    .subscribe({
      next: ({ key, book, message }) => {
        result.emitted++;
        result.lastBooks.set(key, book);
        if (message.kind === 'bookUpdate' && message.checksum !== undefined) {
          // The operator verified it; check independently, from scratch, with zlib.
          expect(book.checksum).toBe(Number(message.checksum));
          expect(bookChecksum(book)).toBe(Number(message.checksum));
          result.verified++;
          result.verifiedByBook.set(key, (result.verifiedByBook.get(key) ?? 0) + 1);
        }
      },
      error: (err: unknown) => {
        result.error = err;
      },
      complete: () => {
        result.completed = true;
      },
    });
  return result;
}

describe('replaying every real book recording through toOrderBook', () => {
  const expected: Record<string, number> = {
    'kraken-book-cryptofeed-2021-04.jsonl': 4269,
    'kraken-book-python-kraken-sdk-2023-08.jsonl': 979,
    'kraken-book-python-kraken-sdk-2023-05.jsonl': 110,
    'kraken-book-gocryptotrader-2023-07.jsonl': 16,
  };

  it('finds the four checksum-verifiable recordings', () => {
    expect(VERIFIABLE_BOOK_FILES).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s: %i updates, every checksum verified', (file, count) => {
    const messages = bookMessages(file);
    const result = replay(messages);
    expect(result.error).toBeUndefined();
    expect(result.completed).toBe(true);
    expect(result.emitted).toBe(messages.length);
    expect(result.verified).toBe(count);
    for (const book of result.lastBooks.values()) {
      expect(book.asks.length).toBeLessThanOrEqual(book.depth);
      expect(book.bids.length).toBeLessThanOrEqual(book.depth);
    }
  });

  it('verifies all 5,374 real checksummed updates', () => {
    const total = VERIFIABLE_BOOK_FILES.map((file) => replay(bookMessages(file)))
      .map((result) => {
        expect(result.error).toBeUndefined();
        return result.verified;
      })
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(5374);
  });

  it('verifies each of the 10 interleaved book-1000 books of the 2021 capture', () => {
    const result = replay(bookMessages('kraken-book-cryptofeed-2021-04.jsonl'));
    expect(Object.fromEntries(result.verifiedByBook)).toEqual({
      'book-1000 ADA/XBT': 347,
      'book-1000 ETH/CHF': 317,
      'book-1000 GRT/ETH': 20,
      'book-1000 KSM/XBT': 335,
      'book-1000 OCEAN/XBT': 148,
      'book-1000 OMG/USD': 573,
      'book-1000 SC/EUR': 818,
      'book-1000 WAVES/EUR': 576,
      'book-1000 XBT/CHF': 289,
      'book-1000 XMR/USD': 846,
    });
  });
});

describe('the two recordings with trimmed snapshots', () => {
  it('are both found', () => {
    expect(TRIMMED_BOOK_FILES).toEqual([
      'kraken-booktrimmed-crypto-msg-parser.jsonl',
      'kraken-booktrimmed-kraken-async-rs-2023-11.jsonl',
    ]);
  });

  it.each(TRIMMED_BOOK_FILES)('%s: toOrderBook errors with BookChecksumError at the first update', (file) => {
    const messages = bookMessages(file);
    const result = replay(messages);
    expect(result.error).toBeInstanceOf(BookChecksumError);
    const info = (result.error as BookChecksumError).info;
    const firstUpdate = messages.find((m) => m.kind === 'bookUpdate' && m.pair === info.pair)!;
    expect(info.expected).toBe(Number(firstUpdate.kind === 'bookUpdate' ? firstUpdate.checksum : NaN));
    expect(info.computed).not.toBe(info.expected);
    expect(info.depth).toBe(firstUpdate.depth);
  });

  it.each(TRIMMED_BOOK_FILES)('%s: every update mismatches (2 of 2)', (file) => {
    const books = new Map<string, OrderBook>();
    let mismatches = 0;
    let updates = 0;
    for (const message of bookMessages(file)) {
      const key = bookKey(message);
      if (message.kind === 'bookUpdate') {
        updates++;
        expect(() => applyBookMessage(books.get(key), message)).toThrow(BookChecksumError);
        mismatches++;
      }
      // Carry on without verification so that the next update is checked against this state.
      books.set(key, applyBookMessage(books.get(key), message, { verify: false }));
    }
    expect(updates).toBe(2);
    expect(mismatches).toBe(2);
  });
});
