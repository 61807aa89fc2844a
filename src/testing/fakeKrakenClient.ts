import { NEVER, throwError, type Observable } from 'rxjs';
import type { KrakenClient } from '../client/krakenClient';

/**
 * The methods of {@link KrakenClient} that return an Observable: the feeds, the requests and
 * the lookups a {@link createFakeKrakenClient} can script.
 * @example
 * ```ts
 * const method: FakeKrakenClientMethod = 'book';
 * ```
 * @category Testing
 * @since 0.1.0
 */
export type FakeKrakenClientMethod = {
  [K in keyof KrakenClient]: KrakenClient[K] extends (...args: never[]) => Observable<unknown> ? K : never;
}[keyof KrakenClient];

/**
 * What a scripted method returns: one Observable for every call, or a function of the call's
 * arguments (to answer per pair, or per order).
 * @example
 * ```ts
 * const byPair: FakeFeedScript<'ticker'> = (pairs) => (pairs === 'ETH/USD' ? eth$ : xbt$);
 * ```
 * @category Testing
 * @since 0.1.0
 */
export type FakeFeedScript<M extends FakeKrakenClientMethod> =
  | ReturnType<KrakenClient[M]>
  | ((...args: Parameters<KrakenClient[M]>) => ReturnType<KrakenClient[M]>);

/**
 * The script of a {@link createFakeKrakenClient}: an Observable (typically a `TestScheduler`
 * `hot` or `cold` one) per method the code under test uses, and the four state streams.
 * @example
 * ```ts
 * const script: FakeKrakenClientScript = { candles: cold('-a-b-|', { a: c0, b: c1 }) };
 * ```
 * @category Testing
 * @since 0.1.0
 */
export type FakeKrakenClientScript = { readonly [M in FakeKrakenClientMethod]?: FakeFeedScript<M> } & {
  /** Default: `NEVER`. */
  readonly status$?: KrakenClient['status$'];
  /** Default: `NEVER`. */
  readonly privateStatus$?: KrakenClient['privateStatus$'];
  /** Default: `NEVER`. */
  readonly errors$?: KrakenClient['errors$'];
  /** Default: `NEVER`. */
  readonly systemStatus$?: KrakenClient['systemStatus$'];
};

/**
 * One call made to a fake client: the method and its arguments.
 * @example
 * ```ts
 * expect(kraken.calls).toEqual([{ method: 'book', args: ['XBT/USD', { depth: 25 }] }]);
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface FakeKrakenClientCall {
  readonly method: FakeKrakenClientMethod | 'close';
  readonly args: readonly unknown[];
}

/**
 * A {@link KrakenClient} whose every feed is an Observable you script, plus the record of what
 * the code under test called.
 * @example
 * ```ts
 * const kraken: FakeKrakenClient = createFakeKrakenClient({ trades: cold('-a-|', { a: buildTrade() }) });
 * ```
 * @category Testing
 * @since 0.1.0
 */
export interface FakeKrakenClient extends KrakenClient {
  /** Every call so far, in order (`close()` included). */
  readonly calls: readonly FakeKrakenClientCall[];
  /** `true` once `close()` was called. */
  readonly closed: boolean;
}

/** Every scriptable method: a `Record` so that a method added to `KrakenClient` fails to compile here. */
const METHODS: Readonly<Record<FakeKrakenClientMethod, true>> = {
  ticker: true,
  trades: true,
  spread: true,
  ohlc: true,
  bookMessages: true,
  book: true,
  candles: true,
  bookSync: true,
  ping: true,
  openOrders: true,
  ownTrades: true,
  addOrder: true,
  editOrder: true,
  cancelOrder: true,
  cancelAll: true,
  cancelAllOrdersAfter: true,
  deadMansSwitch: true,
  findOrderByUserref: true,
  findClosedOrdersByUserref: true,
  assetPairs: true,
  resolvePair: true,
};

/**
 * A fake {@link KrakenClient} for marble tests: each method returns the Observable you scripted
 * for it (a `TestScheduler` `hot()` or `cold()`), so a strategy written against the client
 * runs in virtual time with no socket at all. Methods you did not script return an Observable
 * that errors with a message naming the method, so a test never passes by accident.
 *
 * Write the code under test as a function of the client (as redux-observable epics take their
 * dependencies), hand it the fake, and compare its output with `expectObservable`. The
 * scripted Observables are returned as given, so their `subscriptions` show when the code
 * subscribed and unsubscribed.
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { createFakeKrakenClient, buildCandle } from 'kraken-rx/testing';
 *
 * // the code under test: closes above 100 become 'buy'
 * const signals = (kraken: KrakenClient) =>
 *   kraken.candles('XBT/USD', { interval: 1 }).pipe(filter((c) => Number(c.close) > 100), map(() => 'buy'));
 *
 * new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable, expectSubscriptions }) => {
 *   const candles$ = cold('-a-b-|', { a: buildCandle({ close: '99' }), b: buildCandle({ start: 60_000, close: '101' }) });
 *   const kraken = createFakeKrakenClient({ candles: candles$ });
 *   expectObservable(signals(kraken)).toBe('---x-|', { x: 'buy' });
 *   expectSubscriptions(candles$.subscriptions).toBe('^----!');
 * });
 * ```
 * @param script The Observable (or function of the arguments) for each method the code uses.
 * @return The fake client, with `calls` and `closed` to inspect.
 * @category Testing
 * @since 0.1.0
 */
export function createFakeKrakenClient(script: FakeKrakenClientScript = {}): FakeKrakenClient {
  const calls: FakeKrakenClientCall[] = [];
  let closed = false;
  const method =
    (name: FakeKrakenClientMethod) =>
    (...args: unknown[]): Observable<unknown> => {
      calls.push({ method: name, args });
      const scripted = script[name] as Observable<unknown> | ((...a: unknown[]) => Observable<unknown>) | undefined;
      if (scripted === undefined) {
        return throwError(
          () => new Error(`createFakeKrakenClient: ${name}() was called but not scripted; pass { ${name}: cold('...') } (or a function of its arguments)`),
        );
      }
      return typeof scripted === 'function' ? scripted(...args) : scripted;
    };
  const methods = Object.fromEntries((Object.keys(METHODS) as FakeKrakenClientMethod[]).map((name) => [name, method(name)])) as unknown as Pick<KrakenClient, FakeKrakenClientMethod>;
  return {
    ...methods,
    status$: script.status$ ?? NEVER,
    privateStatus$: script.privateStatus$ ?? NEVER,
    errors$: script.errors$ ?? NEVER,
    systemStatus$: script.systemStatus$ ?? NEVER,
    calls,
    get closed() {
      return closed;
    },
    close() {
      calls.push({ method: 'close', args: [] });
      closed = true;
    },
  };
}
