import { Observable, ReplaySubject, Subscription, distinctUntilChanged, filter, map, merge, share, switchMap, type SchedulerLike } from 'rxjs';
import { applyBookMessage } from '../book/applyBookMessage';
import type { OrderBook } from '../book/orderBook';
import type { PublicChannelSpec } from '../client/channelSpec';
import type { KrakenError } from '../errors/krakenError';
import type { PublicFeedContext } from './publicFeeds';

/**
 * Whether a book can be trusted right now.
 *
 * - `awaiting-snapshot`: subscribed (or resubscribed after a reconnect), no snapshot yet;
 * - `synced`: built from a snapshot, every update since verified;
 * - `resyncing`: the book was found wrong (checksum mismatch, a frame that did not decode) and
 *   is being rebuilt from a fresh snapshot; `attempt` counts resyncs in a row.
 *
 * No book value is emitted unless `synced`.
 * @category Feeds
 * @since 0.1.0
 */
export type BookSyncState =
  | { readonly pair: string; readonly depth: number; readonly state: 'awaiting-snapshot'; readonly reason: 'subscribe' | 'reconnect' | 'retry' }
  | { readonly pair: string; readonly depth: number; readonly state: 'synced' }
  | {
      readonly pair: string;
      readonly depth: number;
      readonly state: 'resyncing';
      readonly reason: 'checksum' | 'decode' | 'sequence';
      readonly error: KrakenError;
      readonly attempt: number;
    };

/**
 * Options of `kraken.book()`.
 * @category Feeds
 * @since 0.1.0
 */
export interface BookFeedOptions {
  /** Levels per side: 10 (default), 25, 100, 500 or 1000. */
  readonly depth?: number;
}

/** Backoff of repeated resyncs of one book: the first is immediate. @category Feeds @since 0.1.0 */
export interface BookResyncConfig {
  readonly baseMs: number;
  readonly capMs: number;
  /** Staying synced this long resets the attempt count. */
  readonly healthyAfterMs: number;
}

/** @category Feeds @since 0.1.0 */
export const DEFAULT_BOOK_RESYNC_CONFIG: BookResyncConfig = Object.freeze({ baseMs: 500, capMs: 30_000, healthyAfterMs: 30_000 });

/** @internal */
export interface BookFeedContext extends PublicFeedContext {
  readonly scheduler: SchedulerLike;
  readonly report: (error: KrakenError) => void;
  readonly resync: BookResyncConfig;
}

interface BookEngineState {
  readonly sync: BookSyncState;
  readonly book: OrderBook | undefined;
  /** Whether this step brought a new book (else: a new sync state). */
  readonly isBook: boolean;
}

/**
 * The shared engine of one verified book: applies messages with the pure reducer, and heals
 * on a checksum mismatch or a bad frame by resubscribing that pair alone (with backoff for
 * repeats). The latest state is replayed to late subscribers.
 */
function bookEngine(context: BookFeedContext, pair: string, depth: number): Observable<BookEngineState> {
  const spec: PublicChannelSpec = { scope: 'public', name: 'book', pair, depth };
  const channel$ = context.endpoint.channel(spec);
  const engine$ = new Observable<BookEngineState>((subscriber) => {
    let book: OrderBook | undefined;
    let sync: BookSyncState = { pair, depth, state: 'awaiting-snapshot', reason: 'subscribe' };
    let attempts = 0;
    let syncedAt = 0;
    // Pending resync timers, each dropped once it fired (a Subscription collecting every fired
    // timer would grow for as long as an often-resyncing book lives).
    const resyncTimers = new Set<Subscription>();
    const setSync = (next: BookSyncState): void => {
      if (next.state === 'awaiting-snapshot' && sync.state === 'awaiting-snapshot' && next.reason === sync.reason) return;
      sync = next;
      subscriber.next({ sync, book, isBook: false });
    };
    const heal = (reason: 'checksum' | 'decode' | 'sequence', error: KrakenError): void => {
      // A frame that did not decode was reported by the session already: once on errors$.
      if (reason !== 'decode') context.report(error);
      book = undefined;
      if (sync.state === 'synced' && context.scheduler.now() - syncedAt >= context.resync.healthyAfterMs) attempts = 0;
      attempts += 1;
      setSync({ pair, depth, state: 'resyncing', reason, error, attempt: attempts });
      const delay = attempts === 1 ? 0 : Math.min(context.resync.capMs, context.resync.baseMs * 2 ** (attempts - 2));
      // (A synchronous scheduler runs the action inside schedule(): then there is nothing to keep.)
      const pending: { timer?: Subscription; fired: boolean } = { fired: false };
      pending.timer = context.scheduler.schedule(() => {
        pending.fired = true;
        if (pending.timer !== undefined) resyncTimers.delete(pending.timer);
        context.endpoint.resubscribe(spec);
      }, delay);
      if (!pending.fired) resyncTimers.add(pending.timer);
    };
    subscriber.next({ sync, book, isBook: false });
    const subscription = channel$.subscribe({
      next: (event) => {
        switch (event.kind) {
          case 'requested':
            book = undefined;
            // A resync keeps reporting `resyncing` until its snapshot arrives.
            if (event.reason !== 'resync') setSync({ pair, depth, state: 'awaiting-snapshot', reason: event.reason === 'reconnect' ? 'reconnect' : event.reason === 'retry' ? 'retry' : 'subscribe' });
            return;
          case 'interrupted':
            book = undefined;
            setSync({ pair, depth, state: 'awaiting-snapshot', reason: 'reconnect' });
            return;
          case 'invalid':
            if (sync.state !== 'resyncing') heal('decode', event.error);
            return;
          case 'bookSnapshot':
          case 'bookUpdate': {
            // Until a snapshot arrives, updates belong to a subscription being replaced.
            if (event.kind === 'bookUpdate' && sync.state !== 'synced') return;
            try {
              book = applyBookMessage(book, event, { depth });
            } catch (error) {
              heal((error as KrakenError).name === 'BookChecksumError' ? 'checksum' : 'sequence', error as KrakenError);
              return;
            }
            if (event.kind === 'bookSnapshot') {
              syncedAt = context.scheduler.now();
              sync = { pair, depth, state: 'synced' };
            }
            subscriber.next({ sync, book, isBook: true });
            return;
          }
          default:
            return;
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      for (const timer of resyncTimers) timer.unsubscribe();
      resyncTimers.clear();
      subscription.unsubscribe();
    };
  });
  return engine$.pipe(share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: true, resetOnError: true, resetOnComplete: true }));
}

function engineFor(context: BookFeedContext, pair: string, depth: number): Observable<BookEngineState> {
  return context.endpoint.shared(`engine:book:${depth}:${pair}`, () => bookEngine(context, pair, depth));
}

/**
 * `kraken.book()`: verified books of one or more pairs. Each subscriber gets the current book
 * at once if it is synced, then every new one; nothing while a book is not synced.
 * @internal
 */
export function bookFeed(context: BookFeedContext, pairs: readonly string[], depth: number): Observable<OrderBook> {
  return context.resolvePairs(pairs).pipe(
    switchMap((resolved) =>
      merge(
        ...resolved.map((pair) =>
          engineFor(context, pair, depth).pipe(
            // The first state a subscriber sees may be a replay: show its book if it is current.
            filter((step, index) => step.book !== undefined && step.sync.state === 'synced' && (step.isBook || index === 0)),
            map((step) => step.book as OrderBook),
          ),
        ),
      ),
    ),
  );
}

/**
 * `kraken.bookSync()`: the sync state of one or more books, current state first.
 * @internal
 */
export function bookSyncFeed(context: BookFeedContext, pairs: readonly string[], depth: number): Observable<BookSyncState> {
  return context.resolvePairs(pairs).pipe(
    switchMap((resolved) =>
      merge(
        ...resolved.map((pair) =>
          engineFor(context, pair, depth).pipe(
            map((step) => step.sync),
            distinctUntilChanged(),
          ),
        ),
      ),
    ),
  );
}
