import { TestScheduler } from 'rxjs/testing';
import { bookMessages } from '../../test/book/bookFixtures';
import { applyBookMessage } from '../book/applyBookMessage';
import type { OrderBook } from '../book/orderBook';
import { BookChecksumError } from '../errors/bookChecksumError';
import { BookSequenceError } from '../errors/bookSequenceError';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { BookSnapshotMessage, BookUpdateMessage } from '../protocol/messages';
import { toOrderBook } from './toOrderBook';

type BookMessage = BookSnapshotMessage | BookUpdateMessage;

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** The books after each message, by the pure reducer (tested on its own). */
function booksAfter(...messages: BookMessage[]): OrderBook[] {
  const books: OrderBook[] = [];
  let book: OrderBook | undefined;
  for (const message of messages) {
    book = applyBookMessage(book, message);
    books.push(book);
  }
  return books;
}

// Real recorded values: XBT/USD book-10 (python-kraken-sdk, 2023-08).
const [s, u1, u2, u3] = bookMessages('kraken-book-python-kraken-sdk-2023-08.jsonl') as [
  BookSnapshotMessage,
  BookUpdateMessage,
  BookUpdateMessage,
  BookUpdateMessage,
];
// A snapshot trimmed by its recorder: its first update cannot verify (kraken-async-rs, 2023-11).
const [trimmedSnapshot, trimmedUpdate] = bookMessages('kraken-booktrimmed-kraken-async-rs-2023-11.jsonl') as [
  BookSnapshotMessage,
  BookUpdateMessage,
];

describe('toOrderBook', () => {
  it('uses real values whose checksums Kraken sent', () => {
    const [, b1, b2, b3] = booksAfter(s, u1, u2, u3);
    expect([b1!.checksum, b2!.checksum, b3!.checksum]).toEqual([u1.checksum, u2.checksum, u3.checksum].map(Number));
  });

  it('never emits for a source that never emits', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('-');
      expectObservable(source.pipe(toOrderBook())).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes for an empty source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('|');
      expectObservable(source.pipe(toOrderBook())).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('emits the book of one snapshot', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('--s--|', { s });
      const [a] = booksAfter(s);
      expectObservable(source.pipe(toOrderBook())).toBe('--a--|', { a });
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('emits one book per message for a snapshot and updates', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('-s-a-b--c-|', { s, a: u1, b: u2, c: u3 });
      const [w, x, y, z] = booksAfter(s, u1, u2, u3);
      expectObservable(source.pipe(toOrderBook({ depth: 10 }))).toBe('-w-x-y--z-|', { w, x, y, z });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('restarts the book on a new snapshot', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookMessage>('-s-a-s-b-|', { s, a: u1, b: u1 });
      const [w, x] = booksAfter(s, u1);
      expectObservable(source.pipe(toOrderBook())).toBe('-w-x-w-x-|', { w, x });
    });
  });

  it('errors with BookChecksumError when a checksum does not match, and unsubscribes', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('-s-u-|', { s: trimmedSnapshot, u: trimmedUpdate });
      const [a] = booksAfter(trimmedSnapshot);
      const computed = applyBookMessage(a, trimmedUpdate, { verify: false }).checksum;
      const error = new BookChecksumError({ pair: 'XBT/USD', depth: 10, expected: Number(trimmedUpdate.checksum), computed });
      expectObservable(source.pipe(toOrderBook())).toBe('-a-#', { a }, error);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('lets a mismatch through with verify: false', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookMessage>('-s-u-|', { s: trimmedSnapshot, u: trimmedUpdate });
      const [a] = booksAfter(trimmedSnapshot);
      const b = applyBookMessage(a, trimmedUpdate, { verify: false });
      expectObservable(source.pipe(toOrderBook({ verify: false }))).toBe('-a-b-|', { a, b });
    });
  });

  it('errors with BookSequenceError for an update before any snapshot', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('--u-s-|', { u: u1, s });
      const error = new BookSequenceError({ reason: 'update-before-snapshot', pair: 'XBT/USD', channelName: 'book-10' });
      expectObservable(source.pipe(toOrderBook())).toBe('--#', undefined, error);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('errors with InvalidArgumentError when the configured depth is not the channel\'s', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookMessage>('-s-|', { s });
      expectObservable(source.pipe(toOrderBook({ depth: 25 }))).toBe(
        '-#',
        undefined,
        new InvalidArgumentError('depth', 25, 'the depth of the subscription (book-10)', 'A book truncated to another depth than Kraken\'s would silently lose or keep levels'),
      );
    });
  });

  it('passes a source error through', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const boom = new Error('socket closed');
      const source = cold<BookMessage>('-s-a-#', { s, a: u1 }, boom);
      const [w, x] = booksAfter(s, u1);
      expectObservable(source.pipe(toOrderBook())).toBe('-w-x-#', { w, x }, boom);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('stops at an early unsubscribe, and unsubscribes from the source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('-s-a-b-c-|', { s, a: u1, b: u2, c: u3 });
      const [w, x] = booksAfter(s, u1);
      expectObservable(source.pipe(toOrderBook()), '^---!').toBe('-w-x-', { w, x });
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('keeps a separate book per subscription (cold)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<BookMessage>('-s-a-|', { s, a: u1 });
      const [w, x] = booksAfter(s, u1);
      const books$ = source.pipe(toOrderBook());
      expectObservable(books$).toBe('-w-x-|', { w, x });
      expectObservable(books$, '--^----').toBe('---w-x-|', { w, x });
      expectSubscriptions(source.subscriptions).toBe(['^----!', '--^----!']);
    });
  });

  it('rejects a depth that is not a positive integer when the operator is made', () => {
    expect(() => toOrderBook({ depth: 0 })).toThrow(InvalidArgumentError);
    expect(() => toOrderBook({ depth: 2.5 })).toThrow(InvalidArgumentError);
  });
});
