import { TestScheduler } from 'rxjs/testing';
import { Subject, asyncScheduler, map, timer, type Observable } from 'rxjs';
import { bookMessages } from '../../test/book/bookFixtures';
import { applyBookMessage } from '../book/applyBookMessage';
import type { OrderBook } from '../book/orderBook';
import { InvalidArgumentError } from '../errors';
import { conflateLatest, conflateLatestProbed } from './conflateLatest';

function marbles(fn: (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0], scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run((helpers) => fn(helpers, scheduler));
}

// Real books: the first recorded XBT/USD snapshot of a recording and the books after each of its updates.
const recordedBooks: OrderBook[] = (() => {
  const books: OrderBook[] = [];
  let book: OrderBook | undefined;
  for (const message of bookMessages('kraken-book-python-kraken-sdk-2023-08.jsonl')) {
    if (book === undefined && message.kind !== 'bookSnapshot') continue;
    if (book !== undefined && message.pair !== book.pair) continue;
    book = applyBookMessage(book, message);
    books.push(book);
    if (books.length === 6) break;
  }
  return books;
})();
const [a, b, c, d, e, f] = recordedBooks as [OrderBook, OrderBook, OrderBook, OrderBook, OrderBook, OrderBook];
const books = { a, b, c, d, e, f };

describe('conflateLatest', () => {
  it('has six distinct recorded books to work with', () => {
    expect(new Set(recordedBooks).size).toBe(6);
    expect(a.pair).toBe(f.pair);
  });

  it('never emits for a source that never emits', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<OrderBook>('-');
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('-');
      expectSubscriptions(source.subscriptions).toBe('^');
    });
  });

  it('completes with an empty source', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold<OrderBook>('|');
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('|');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('hands on one value in a task of the same frame', () => {
    marbles(({ cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = cold('--a--|', books);
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('--a--|', books);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('passes every value of a source slower than the consumer unchanged', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^-a-b--c-d|', books);
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('--a-b--c-d|', books);
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('collapses values that arrive before the hand-off runs to the latest one', () => {
    marbles(({ hot, expectObservable }, scheduler) => {
      const source = hot('-^-a-(bcd)--e--(ef)-|', books);
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('--a-d------e--f----|', books);
    });
  });

  it('delivers the waiting value before completing', () => {
    marbles(({ hot, expectObservable }, scheduler) => {
      const source = hot('-^-(ab|)', books);
      expectObservable(source.pipe(conflateLatest({ scheduler }))).toBe('--(b|)', books);
    });
  });

  it('uses asapScheduler by default (a microtask)', () => {
    marbles(({ hot, expectObservable }) => {
      const source = hot('-^-(abc)-d-|', books);
      expectObservable(source.pipe(conflateLatest())).toBe('--c-----d-|', books);
    });
  });

  it('runs slow work on the latest value only, one at a time', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^abcd------e--|', books);
      const work = (book: OrderBook): Observable<string> => timer(3, scheduler).pipe(map(() => book.bids[0]?.price ?? ''));
      const price = (book: OrderBook) => book.bids[0]?.price ?? '';
      expectObservable(source.pipe(conflateLatest(work, { scheduler }))).toBe('----A--D------(E|)', {
        A: price(a),
        D: price(d),
        E: price(e),
      });
      expectSubscriptions(source.subscriptions).toBe('^-------------!');
    });
  });

  it('passes the index of each value given to the work', () => {
    marbles(({ hot, expectObservable }, scheduler) => {
      const source = hot('-^abc----d---|', books);
      const work = (_book: OrderBook, index: number) => timer(2, scheduler).pipe(map(() => index));
      expectObservable(source.pipe(conflateLatest(work, { scheduler }))).toBe('---x-y----z-|', { x: 0, y: 1, z: 2 });
    });
  });

  it('waits for the running work before completing', () => {
    marbles(({ hot, expectObservable }, scheduler) => {
      const source = hot('-^ab|', books);
      const work = (book: OrderBook) => timer(4, scheduler).pipe(map(() => book));
      expectObservable(source.pipe(conflateLatest(work, { scheduler }))).toBe('-----a---(b|)', books);
    });
  });

  it('passes an error of the source on at once, dropping the waiting value', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^a-b#', books, new Error('boom'));
      const work = (book: OrderBook) => timer(5, scheduler).pipe(map(() => book));
      expectObservable(source.pipe(conflateLatest(work, { scheduler }))).toBe('----#', undefined, new Error('boom'));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('passes an error of the work on', () => {
    marbles(({ hot, cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^a--b--|', books);
      const inner = cold('--#', undefined, new Error('work failed'));
      expectObservable(source.pipe(conflateLatest(() => inner, { scheduler }))).toBe('---#', undefined, new Error('work failed'));
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(inner.subscriptions).toBe('-^-!');
    });
  });

  it('errors when the project function throws', () => {
    marbles(({ hot, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^a--b--|', books);
      const project = (book: OrderBook): Observable<OrderBook> => {
        if (book === b) throw new Error('bad book');
        return timer(1, scheduler).pipe(map(() => book));
      };
      expectObservable(source.pipe(conflateLatest(project, { scheduler }))).toBe('--a-#', books, new Error('bad book'));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('cancels the scheduled hand-off and the running work on unsubscribe', () => {
    marbles(({ hot, cold, expectObservable, expectSubscriptions }, scheduler) => {
      const source = hot('-^a--b--c--|', books);
      const inner = cold('-x---|');
      expectObservable(source.pipe(conflateLatest(() => inner, { scheduler })), '^---!').toBe('--x');
      expectSubscriptions(source.subscriptions).toBe('^---!');
      expectSubscriptions(inner.subscriptions).toBe(['-^--!']);
    });
  });

  it('never hands on a value after an unsubscribe that came before its hand-off', async () => {
    const results: number[] = [];
    const source = new Subject<number>();
    const subscription = source.pipe(conflateLatest({ scheduler: asyncScheduler })).subscribe((v) => results.push(v));
    source.next(1);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(results).toEqual([]);
    expect(source.observed).toBe(false);
  });

  it('accepts a Promise or an array as the work', async () => {
    const results: number[] = [];
    const source = new Subject<number>();
    const done = new Promise<void>((resolve) => {
      source.pipe(conflateLatest((n: number) => Promise.resolve(n * 10), { scheduler: asyncScheduler })).subscribe({
        next: (v) => results.push(v),
        complete: resolve,
      });
    });
    source.next(1);
    source.next(2);
    source.complete();
    await done;
    expect(results).toEqual([20]);
  });

  it('holds at most one waiting value however fast the source and slow the consumer', () => {
    marbles(({ expectObservable }, scheduler) => {
      // 10,000 books in one frame, then a consumer that needs 5 frames per book: it sees the last one only.
      const burst$ = new Subject<OrderBook>();
      const seen: OrderBook[] = [];
      const slow = (book: OrderBook) => {
        seen.push(book);
        return timer(5, scheduler).pipe(map(() => book.checksum));
      };
      scheduler.schedule(() => {
        for (let i = 0; i < 10_000; i++) burst$.next(recordedBooks[i % 6] as OrderBook);
        burst$.complete();
      }, 1);
      expectObservable(burst$.pipe(conflateLatest(slow, { scheduler }))).toBe('------(x|)', { x: recordedBooks[9_999 % 6]?.checksum });
      scheduler.flush();
      expect(seen).toEqual([recordedBooks[9_999 % 6]]);
    });
  });

  it('reports what it holds to a probe (internal, for the load test): received minus handed on minus replaced', () => {
    marbles(({ expectObservable }, scheduler) => {
      const held: number[] = [];
      const probe = { held: (n: number) => held.push(n) };
      const source$ = new Subject<string>();
      scheduler.schedule(() => source$.next('a'), 1); // held 1, handed on at once: 0
      scheduler.schedule(() => ['b', 'c', 'd'].forEach((v) => source$.next(v)), 2); // 1, then b and c replaced: still 1
      scheduler.schedule(() => source$.complete(), 3);
      const work = (v: string) => timer(3, scheduler).pipe(map(() => v.toUpperCase()));
      expectObservable(source$.pipe(conflateLatestProbed(work, { scheduler }, probe))).toBe('----A--(D|)');
      scheduler.flush();
      expect(held).toEqual([1, 0, 1, 0]);
    });
    // A plain (no project) conflation, torn down while a value waits: the count goes back to 0.
    const held: number[] = [];
    const source$ = new Subject<number>();
    const sub = source$.pipe(conflateLatestProbed<number, never>({ scheduler: asyncScheduler }, undefined, { held: (n) => held.push(n) })).subscribe();
    source$.next(1);
    source$.next(2);
    sub.unsubscribe();
    expect(held).toEqual([1, 0]);
  });

  it('rejects a config that is not an options object', () => {
    expect(() => conflateLatest(42 as never)).toThrow(InvalidArgumentError);
  });
});
