import { asyncScheduler, config as rxjsConfig, retry, tap, type Observable, type Subscription } from 'rxjs';
import type { KrakenClientConfig } from '../../src/client/clientConfig';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenClient } from '../../src/client/krakenClient';
import type { KrakenError } from '../../src/errors/krakenError';
import { conflateLatest } from '../../src/operators/conflateLatest';
import type { OrderBook } from '../../src/book/orderBook';
import { DEFAULT_PAIRS, SIMULATOR_TEST_CREDENTIALS, startSimulator } from '../../src/simulator';
import type { ConnectionStatus } from '../../src/transport/connection';
import { BookChecker } from './bookChecker';
import { OrderFlow, type OrderFigures } from './orderFlow';
import { ChaosRandom } from './prng';
import { PrivateFeedChecker, type PrivateFeedFigures } from './privateFeedChecker';
import { PublicFeedChecker, type PublicFeedFigures } from './publicFeedChecker';
import { generateSchedule, type FaultKind, type FaultStep } from './schedule';
import { Violations } from './violations';
import { ChannelModel, channelKey } from './wireModel';
import { WireTap, type WireStats } from './wireTap';

/** Options of one chaos run. */
export interface ChaosOptions {
  /** Seed of the fault schedule, the order flow and the simulated market. */
  readonly seed: number;
  /** Number of faults to inject. */
  readonly faults: number;
  /** Quiet time before each fault, ms (drawn in this range). Default [300, 900]. */
  readonly quietMs?: readonly [number, number];
  /** Market events per second per pair. Default 12. */
  readonly eventsPerSecond?: number;
  /** Pause between two order requests of the background flow, ms. Default 250. */
  readonly orderIntervalMs?: number;
  /** A checkpoint (market paused, everything compared with the simulator) every N faults. Default 4. */
  readonly checkpointEvery?: number;
  /** Only these kinds (default: all). */
  readonly kinds?: readonly FaultKind[];
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Logs every frame in or out whose text matches (to debug a replayed seed). */
  readonly trace?: RegExp;
  /**
   * Whether the wall-clock bound on the time to `open` again is an invariant (default true). The
   * short run of `npm test` sets false: no assertion there depends on timing; exceedances are
   * then listed in `timingWarnings`.
   */
  readonly timingChecks?: boolean;
  /**
   * The simulator's port (default: any free one). Repeated rounds reuse one port, so that the
   * process's HTTP client (undici, behind `fetch`) keeps one connection pool for one origin
   * instead of one more per round, which would read as a leak when the heap is compared.
   */
  readonly port?: number;
}

/** What one fault did and how the client came back. */
export interface EpisodeReport {
  readonly step: FaultStep;
  /** The client went back to `open` (public and private) with every feed live and every book synced. */
  readonly recovered: boolean;
  /** Reconnections (status `reconnecting`) during the episode, both endpoints. */
  readonly reconnects: number;
  /** Injection → `open` again, when a socket left `open`. */
  readonly timeToOpenMs: number | undefined;
  /** The bound it had to meet: detection + the sum of the backoff windows + connect time. */
  readonly openBoundMs: number | undefined;
  /**
   * End of the fault (the injection, or the end of a stall) → every book synced and every feed
   * live again, when a book left `synced`.
   */
  readonly timeToResyncMs: number | undefined;
  /** The fault was seen to act (a connection ended, a frame arrived, a checksum was caught). */
  readonly tookEffect: boolean;
}

/** The outcome of a run: figures and violations. */
export interface ChaosReport {
  readonly seed: number;
  /** The simulator's port. */
  readonly port: number;
  readonly faults: number;
  readonly durationMs: number;
  readonly books: ReadonlyArray<{ readonly pair: string; readonly depth: number }>;
  readonly episodes: readonly EpisodeReport[];
  readonly violations: Violations;
  readonly publicFeeds: PublicFeedFigures;
  readonly privateFeeds: PrivateFeedFigures;
  readonly orders: OrderFigures;
  readonly wire: WireStats;
  readonly resyncs: readonly number[];
  readonly errorsByName: ReadonlyMap<string, number>;
  readonly slowConsumer: { upstream: number; delivered: number };
  readonly checkpoints: number;
  /** Recoveries slower than the backoff bound, when `timingChecks` is false. */
  readonly timingWarnings: readonly string[];
}

/** The ten simulated pairs and the depth of each one's book. */
export const CHAOS_BOOKS: ReadonlyArray<{ readonly pair: string; readonly depth: 10 | 25 | 100 | 500 | 1000 }> = [
  { pair: 'XBT/USD', depth: 1000 },
  { pair: 'ETH/USD', depth: 100 },
  { pair: 'ETH/XBT', depth: 25 },
  { pair: 'XDG/USD', depth: 10 },
  { pair: 'SHIB/EUR', depth: 500 },
  { pair: 'ADA/USD', depth: 25 },
  { pair: 'SOL/USD', depth: 100 },
  { pair: 'DOT/EUR', depth: 10 },
  { pair: 'LTC/USD', depth: 25 },
  { pair: 'XRP/EUR', depth: 10 },
];

/** Pairs whose one-minute candles are followed. */
const CANDLE_PAIRS = ['XBT/USD', 'ETH/USD', 'ADA/USD'];

/** The client settings of the run: a fast heartbeat deadline and short backoff so that a fault costs little time. */
export const CHAOS_CLIENT: Required<
  Pick<KrakenClientConfig, 'lingerMs' | 'reconnect' | 'liveness' | 'requestTimeoutMs' | 'subscriptions' | 'bookResync' | 'tradeBackfill'>
> = {
  lingerMs: 200,
  reconnect: { baseMs: 100, capMs: 1600, healthyAfterMs: 1000, rateLimitedMinMs: 1000 },
  liveness: { timeoutMs: 1500, probeAfterMs: 700 },
  requestTimeoutMs: 4000,
  subscriptions: { ackTimeoutMs: 3000, firstMessageTimeoutMs: 3000, maxAttempts: 1000, rateLimitPauseMs: 200, rateLimitPauseCapMs: 2000 },
  bookResync: { baseMs: 100, capMs: 2000, healthyAfterMs: 2000 },
  // REST Trades after a reconnect: the local simulator has no rate limit; 50 ms keeps the queue real.
  tradeBackfill: { minIntervalMs: 50, maxRequests: 10 },
};

/**
 * Invariants that a run must have exercised where they can break (see `Violations.exercised`),
 * besides having checked them: a run that never did proves nothing about them.
 */
export const EXERCISED_INVARIANTS = [
  'book.emittedWhileOutOfSync',
  'candle.notLost',
  'ownTrades.neverTwice',
  'order.ended',
  'trade.deliveredOnce',
  'trade.notLost',
] as const;

const HEARTBEAT_DEADLINE_MS = (CHAOS_CLIENT.liveness as { timeoutMs: number }).timeoutMs;
const CONNECT_ALLOWANCE_MS = 1500;
const BOUND_SLACK_MS = 2500;
const RECOVERY_DEADLINE_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await sleep(10);
  }
  return true;
}

/** Burns CPU for `ms` (a slow synchronous consumer). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** Counts of the process's active handles and requests, by type. */
function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Handle types more numerous now than before. */
function handlesLeft(before: ReadonlyMap<string, number>, now: ReadonlyMap<string, number>): string[] {
  return [...now].filter(([type, n]) => n > (before.get(type) ?? 0)).map(([type, n]) => `${type} ×${n - (before.get(type) ?? 0)}`);
}

interface StatusEntry {
  readonly at: number;
  readonly endpoint: 'public' | 'private';
  readonly status: ConnectionStatus;
}

/**
 * Runs one chaos round: a simulator with ten pairs, a client following ten books at mixed
 * depths, tickers, trades, candles, both private feeds and a stream of orders, and a seeded
 * schedule of faults. Every feed value is checked as it is emitted (see the checkers); after
 * every few faults the market is paused and everything is compared with the simulator.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = new ChaosRandom(options.seed);
  const handlesBefore = activeHandles();
  const startedAt = Date.now();
  const violations = new Violations();
  const schedule = generateSchedule(options.seed, {
    faults: options.faults,
    pairs: CHAOS_BOOKS.length,
    heartbeatDeadlineMs: HEARTBEAT_DEADLINE_MS,
    quietMs: options.quietMs ?? [300, 900],
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
  });

  // Anything thrown where nobody listens is a violation: unhandled rejections, uncaught
  // exceptions, errors RxJS could not deliver.
  const unhandled = (kind: string) => (error: unknown) => violations.add(`process.${kind}`, String(error instanceof Error ? (error.stack ?? error.message) : error));
  const onRejection = unhandled('unhandledRejection');
  const onException = unhandled('uncaughtException');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const previousOnUnhandledError = rxjsConfig.onUnhandledError;
  rxjsConfig.onUnhandledError = unhandled('rxjsUnhandledError');

  // The simulator's clock runs 60 times faster than the wall clock, so that one-minute candles
  // close every second.
  const origin = Date.now();
  const sim = await startSimulator({
    ...(options.port === undefined ? {} : { port: options.port }),
    seed: options.seed,
    pairs: [...DEFAULT_PAIRS, 'ADA/USD', 'SOL/USD', 'DOT/EUR', 'LTC/USD', 'XRP/EUR'],
    eventsPerSecond: options.eventsPerSecond ?? 12,
    heartbeatIntervalMs: 250,
    historyMinutes: 60,
    tokenTtlMs: 24 * 3_600_000,
    clock: () => origin + (Date.now() - origin) * 60,
  });

  const wire = new WireTap(sim.authUrl);
  const untilUnsubscribe = (key: string) => key.startsWith('book-') || key.startsWith('openOrders') || key.startsWith('ownTrades');
  const channels = new ChannelModel(untilUnsubscribe);
  const injected = new Set<string>();
  const books = new BookChecker(CHAOS_BOOKS, wire, channels, violations, injected);
  const pairs = CHAOS_BOOKS.map((b) => b.pair);
  const publicFeeds = new PublicFeedChecker(pairs, pairs, CANDLE_PAIRS, channels, violations);
  const privateFeeds = new PrivateFeedChecker(channels, violations);
  let lastDataAt = Date.now();
  wire.listen(channels);
  wire.listen(books);
  wire.listen(publicFeeds);
  wire.listen(privateFeeds);
  const injectedDelivered = new Set<string>();
  wire.listen({
    beforeFrame: (_conn, text) => {
      if (text !== '{"event":"heartbeat"}') lastDataAt = Date.now();
      if (injected.has(text)) injectedDelivered.add(text);
    },
  });
  const trace = options.trace;
  if (trace !== undefined) {
    const show = (dir: string, conn: { id: number; endpoint: string }, text: string): void => {
      if (trace.test(text)) log(`${Date.now() - startedAt} ms ${dir} ${conn.endpoint}#${conn.id} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
    };
    wire.listen({
      beforeFrame: (conn, text) => show('<-', conn, text),
      sent: (conn, text) => show('->', conn, text),
      opened: (conn) => log(`${Date.now() - startedAt} ms open ${conn.endpoint}#${conn.id}`),
      ended: (conn) => log(`${Date.now() - startedAt} ms ended ${conn.endpoint}#${conn.id}`),
    });
  }
  const offMarket = sim.market.onEvent((event) => publicFeeds.onMarketEvent(event));

  const kraken: KrakenClient = createKrakenClient({
    url: sim.url,
    authUrl: sim.authUrl,
    restUrl: sim.restUrl,
    credentials: SIMULATOR_TEST_CREDENTIALS,
    webSocket: wire.factory,
    ...CHAOS_CLIENT,
  });

  const statusLog: StatusEntry[] = [];
  const errorsByName = new Map<string, number>();
  const subscriptions: Subscription[] = [];
  const keep = <T>(name: string, feed$: Observable<T>, next: (value: T) => void): void => {
    subscriptions.push(
      feed$
        .pipe(
          tap({ error: (error: unknown) => violations.add('feed.errored', `${name}: ${String(error)}`) }),
          // A feed must never error in this run; if one does it is a violation, and it is
          // subscribed again so that the run can go on.
          retry({ delay: 100 }),
        )
        .subscribe(next),
    );
  };
  subscriptions.push(kraken.status$.subscribe((status) => statusLog.push({ at: Date.now(), endpoint: 'public', status })));
  subscriptions.push(kraken.privateStatus$.subscribe((status) => statusLog.push({ at: Date.now(), endpoint: 'private', status })));
  subscriptions.push(
    kraken.errors$.subscribe((error: KrakenError) => {
      errorsByName.set(error.name, (errorsByName.get(error.name) ?? 0) + 1);
      const channel = (error.info as { channel?: unknown } | undefined)?.channel;
      if (error.name === 'UnexpectedError' || channel === 'internal') violations.add('client.internalError', error.message);
    }),
  );
  for (const { pair, depth } of CHAOS_BOOKS) {
    // bookSync first: it hears each engine step before book() does.
    keep(`bookSync ${pair}`, kraken.bookSync(pair, { depth }), (s) => books.onSync(s));
    keep(`book ${pair}`, kraken.book(pair, { depth }), (b) => books.onBook(b));
  }
  keep('trades', kraken.trades(pairs), (t) => publicFeeds.onTrade(t));
  keep('ticker', kraken.ticker(pairs), (t) => publicFeeds.onTicker(t));
  for (const pair of CANDLE_PAIRS) keep(`candles ${pair}`, kraken.candles(pair, { interval: 1 }), (c) => publicFeeds.onCandle(c));
  keep('openOrders', kraken.openOrders(), (m) => privateFeeds.onOpenOrders(m));
  keep('ownTrades', kraken.ownTrades(), (t) => privateFeeds.onOwnTrade(t));

  const expectedPublic = [
    ...CHAOS_BOOKS.map(({ pair, depth }) => channelKey(`book-${depth}`, pair)),
    ...pairs.map((p) => channelKey('trade', p)),
    ...pairs.map((p) => channelKey('ticker', p)),
    ...CANDLE_PAIRS.map((p) => channelKey('ohlc-1', p)),
  ];
  const expectedPrivate = [channelKey('openOrders', ''), channelKey('ownTrades', '')];
  const lastStatus = (endpoint: 'public' | 'private'): ConnectionStatus | undefined => {
    for (let i = statusLog.length - 1; i >= 0; i--) if (statusLog[i]?.endpoint === endpoint) return statusLog[i]?.status;
    return undefined;
  };
  const feedsLive = (): boolean => {
    const pub = wire.live('public');
    const priv = wire.live('private');
    if (pub === undefined || priv === undefined) return false;
    const pubKeys = channels.liveKeys(pub);
    const privKeys = channels.liveKeys(priv);
    return expectedPublic.every((k) => pubKeys.has(k)) && expectedPrivate.every((k) => privKeys.has(k));
  };
  const recovered = (): boolean =>
    !sim.faults.stalled && lastStatus('public')?.state === 'open' && lastStatus('private')?.state === 'open' && feedsLive() && books.allSynced();

  const orders = new OrderFlow(kraken, sim, new ChaosRandom(options.seed ^ 0x5bd1e995));
  let ordersRunning = true;
  let ordersStopped = false;
  const orderPending = new Set<Promise<void>>();
  const orderLoop = (async () => {
    while (!ordersStopped) {
      if (ordersRunning) {
        const p = orders.random1();
        orderPending.add(p);
        void p.then(() => orderPending.delete(p));
      }
      await sleep(options.orderIntervalMs ?? 250);
    }
  })();
  const settleOrders = async (): Promise<void> => {
    await Promise.all([...orderPending]);
  };

  const episodes: EpisodeReport[] = [];
  const timingWarnings: string[] = [];
  const slowConsumer = { upstream: 0, delivered: 0 };
  let checkpoints = 0;

  const checkpoint = async (label: string): Promise<void> => {
    ordersRunning = false;
    await settleOrders();
    sim.market.pause();
    const ok = await until(() => recovered() && Date.now() - lastDataAt > 300, RECOVERY_DEADLINE_MS);
    violations.expect(ok, 'checkpoint.quiet', () => `${label}: the client did not settle (${books.unsynced().join(', ')}; feeds live ${feedsLive()})`);
    // Trades missed during a drop come from REST, paced: give the backfill time to finish
    // (if it never does, trade.notLost says so).
    await until(() => publicFeeds.tradesSettled(), 5_000);
    books.checkTrueBooks(sim);
    publicFeeds.checkpoint(sim);
    privateFeeds.checkpoint(sim);
    checkpoints += 1;
    sim.market.resume();
    ordersRunning = true;
  };

  try {
    const ready = await until(recovered, RECOVERY_DEADLINE_MS);
    if (!violations.expect(ready, 'startup', () => `not ready after ${RECOVERY_DEADLINE_MS} ms: ${books.unsynced().join(', ')}`)) {
      throw new Error('the client never became ready');
    }
    log(`ready after ${Date.now() - startedAt} ms; ${schedule.length} faults to inject (seed ${options.seed})`);
    for (const step of schedule) {
      violations.episode = step.index;
      await sleep(step.quietMs);
      const before = statusLog.length;
      const resyncsBefore = books.resyncDurations.length;
      const injectedAt = Date.now();
      const liveAtInjection = wire.connections.filter((c) => c.openedAt !== undefined && c.endedAt === undefined);
      const connectionsAtInjection = wire.connections.length;
      const syncedBefore = books.resyncDurations.length;
      const effect = await inject(step);
      const injectionEndedAt = Date.now();
      // Wait until the fault took effect (a dropped connection is seen as ended, an injected frame
      // has arrived, a lying checksum has been caught), so that recovery is not measured too early.
      const tookEffect = await until(() => {
        switch (effect) {
          case 'drop':
            return liveAtInjection.every((c) => c.endedAt !== undefined);
          case 'cut':
            // The connections dropped, and a public one opened since was cut mid-snapshot.
            return (
              liveAtInjection.every((c) => c.endedAt !== undefined) &&
              wire.connections.slice(connectionsAtInjection).some((c) => c.endpoint === 'public' && c.openedAt !== undefined && c.endedAt !== undefined)
            );
          case 'frame':
            return [...injected].every((t) => injectedDelivered.has(t));
          case 'resync':
            return books.resyncDurations.length > syncedBefore || !books.allSynced();
          default:
            return true;
        }
      }, 5_000);
      if (effect === 'frame') injected.clear();
      const ok = await until(recovered, RECOVERY_DEADLINE_MS);
      const recoveredAt = Date.now();
      violations.expect(ok, 'recovery', () => `${step.kind} #${step.index}: no recovery within ${RECOVERY_DEADLINE_MS} ms (${books.unsynced().join(', ')})`);
      sim.faults.reset();
      sim.faults.delayResponses(0);
      const episode = measureEpisode(step, statusLog.slice(before), injectedAt, injectionEndedAt, recoveredAt, ok, books.resyncDurations.length > resyncsBefore, tookEffect);
      episodes.push(episode);
      if (episode.timeToOpenMs !== undefined || episode.openBoundMs !== undefined) {
        const within = episode.timeToOpenMs !== undefined && episode.openBoundMs !== undefined && episode.timeToOpenMs <= episode.openBoundMs;
        const detail = `${step.kind} #${step.index}: open again after ${episode.timeToOpenMs} ms, bound ${episode.openBoundMs} ms`;
        if (options.timingChecks === false) {
          // A wall-clock bound is not asserted in a run that must not depend on timing: counted.
          violations.count('recovery.openWithinBackoffBound');
          if (!within) timingWarnings.push(detail);
        } else {
          violations.expect(within, 'recovery.openWithinBackoffBound', () => detail);
        }
      }
      log(
        `#${step.index} ${step.kind}: ${ok ? 'recovered' : 'NOT RECOVERED'}` +
          (episode.timeToOpenMs === undefined ? '' : `, open again after ${episode.timeToOpenMs} ms (bound ${episode.openBoundMs} ms)`) +
          (episode.timeToResyncMs === undefined ? '' : `, resynced after ${episode.timeToResyncMs} ms`),
      );
      if (!ok) break;
      if ((step.index + 1) % (options.checkpointEvery ?? 4) === 0) await checkpoint(`after #${step.index}`);
    }
    violations.episode = undefined;
    ordersStopped = true;
    await orderLoop;
    await settleOrders();
    await checkpoint('final');
  } finally {
    ordersStopped = true;
    offMarket();
    for (const s of subscriptions) s.unsubscribe();
    kraken.close();
    await sim.close();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    rxjsConfig.onUnhandledError = previousOnUnhandledError;
  }
  const orderFigures = orders.check(violations);
  checkBackoff(statusLog, violations);
  // Nothing left running: every socket, server and timer of the client and the simulator closed.
  let leaked: string[] = [];
  await until(() => (leaked = handlesLeft(handlesBefore, activeHandles())).length === 0, 5_000);
  violations.expect(leaked.length === 0, 'process.noOpenHandle', () => `handles left open after close: ${leaked.join(', ')}`);

  return {
    seed: options.seed,
    port: sim.port,
    faults: schedule.length,
    durationMs: Date.now() - startedAt,
    books: CHAOS_BOOKS,
    episodes,
    violations,
    publicFeeds: publicFeeds.figures,
    privateFeeds: privateFeeds.figures,
    orders: orderFigures,
    wire: wire.stats,
    resyncs: books.resyncDurations,
    errorsByName,
    slowConsumer,
    checkpoints,
    timingWarnings,
  };

  // ------------------------------------------------------------------------------------------
  // Fault injection

  /** Injects one fault; says what to wait for before recovery is measured. */
  async function inject(step: FaultStep): Promise<'drop' | 'cut' | 'frame' | 'resync' | 'none'> {
    const target = CHAOS_BOOKS[step.pairIndex];
    if (target === undefined) throw new RangeError(`no book ${step.pairIndex}`);
    const f = sim.faults;
    const raw = (text: string, endpoint: 'public' | 'private' | 'all' = 'all'): void => {
      injected.add(text);
      f.sendRaw(text, endpoint);
    };
    switch (step.kind) {
      case 'drop':
        f.dropAll();
        return 'drop';
      case 'dropWithCode':
        f.dropAll([1001, 1011, 1013, 4000][step.variant], 'chaos');
        return 'drop';
      case 'dropMidSnapshot':
        // The resubscription after the drop asks for the books of one depth in one subscribe;
        // the simulator sends 1 to 3 snapshots whole, then writes half of the next snapshot's
        // frame (its header announcing all of it) and ends the TCP connection.
        f.dropMidSnapshot({ after: 1 + (step.variant % 3) });
        f.dropAll();
        return 'cut';
      case 'dropBetweenOrderAndAnswer':
        f.dropAfterNextOrder();
        await orders.add(random.chance(0.5) ? 'rest' : 'cross');
        return 'none';
      case 'stallShort':
      case 'stallLong':
        f.stall(step.durationMs);
        await sleep(step.durationMs + 20);
        return 'none';
      case 'notJson':
        raw(['{not json', '', 'null', '{"unterminated": [1, 2'][step.variant] as string);
        return 'frame';
      case 'wrongShape': {
        const frames = [
          JSON.stringify([9999, { a: [['not-a-price', '1.0', '1.0']], c: '1' }, `book-${target.depth}`, target.pair]),
          JSON.stringify([9999, [['x']], 'trade', 'ZZZ/ZZZ']),
          JSON.stringify({ event: 'subscriptionStatus', status: 42, reqid: 'x' }),
          JSON.stringify([[{ OCHAOS: { status: 5 } }], 'openOrders', { sequence: 'a' }]),
        ];
        raw(frames[step.variant] as string, step.variant === 3 ? 'private' : 'public');
        return 'frame';
      }
      case 'unknownEvent':
        raw(JSON.stringify({ event: ['chaosUnknown', 'pong', 'heartbeat2', 'systemStatus2'][step.variant], reqid: 424242 }));
        return 'frame';
      case 'hugeFrame': {
        const size = 4 * 1024 * 1024;
        const frames = [
          JSON.stringify({ event: 'chaosHuge', blob: 'x'.repeat(size) }),
          JSON.stringify([9999, Array.from({ length: 20_000 }, () => ['1.00000', '0.50000000', '1700000000.000000', 'b', 'l', '']), 'trade', 'ZZZ/ZZZ']),
          'x'.repeat(size),
          JSON.stringify([9999, { as: [], bs: [] }, 'book-10', 'ZZZ/ZZZ', 'y'.repeat(size)]),
        ];
        raw(frames[step.variant] as string, 'public');
        return 'frame';
      }
      case 'truncatedSnapshot': {
        const truth = sim.trueBook(target.pair, target.depth);
        const levels = (side: typeof truth.asks) => side.map(([p, v]) => [p, v, '1700000000.000000']);
        const full = JSON.stringify([9999, { as: levels(truth.asks), bs: levels(truth.bids) }, `book-${target.depth}`, target.pair]);
        raw(full.slice(0, Math.floor(full.length / 2)), 'public');
        return 'frame';
      }
      case 'corruptChecksum':
        f.corruptNextChecksum(target.pair);
        return 'resync';
      case 'refuse403':
        f.refuseConnections({ status: 403, count: step.count });
        f.dropAll();
        return 'drop';
      case 'connectionRateLimit':
        f.connectionRateLimit({ count: 1 });
        f.dropAll();
        return 'drop';
      case 'messageRateLimit':
        f.messageRateLimit({ count: step.count });
        if (step.variant < 2) {
          f.dropAll();
          return 'drop';
        }
        f.corruptNextChecksum(target.pair);
        return 'resync';
      case 'expireTokens':
        f.expireTokens();
        if (step.variant < 2) {
          f.dropAll();
          return 'drop';
        }
        await orders.add('rest'); // on the old token: refused (ESession:Invalid session)
        await orders.add('rest'); // on a fresh one
        return 'none';
      case 'slowConsumer':
        await slowConsumerWindow(step.durationMs, 10 + step.variant * 10);
        return 'none';
      case 'delayResponses':
        f.delayResponses(step.durationMs);
        await Promise.all(Array.from({ length: step.count + 1 }, () => orders.add('rest')));
        f.delayResponses(0);
        return 'none';
      case 'reorderResponses': {
        ordersRunning = false;
        await settleOrders();
        f.reorderResponses(step.count + 1);
        await Promise.all(Array.from({ length: step.count + 1 }, (_, i) => orders.add(i % 2 === 0 ? 'rest' : 'cross')));
        ordersRunning = true;
        return 'none';
      }
      case 'tradingRateLimit':
        f.tradingRateLimit({ count: step.count });
        for (let i = 0; i <= step.count; i++) await orders.add('rest');
        return 'none';
    }
  }

  /**
   * A consumer that burns `workMs` of CPU on every book it gets, for every book at once, each
   * behind its own `conflateLatest`: it falls behind the feed, yet must always get the newest
   * book of its pair when it is ready for one, and never a backlog.
   */
  async function slowConsumerWindow(windowMs: number, workMs: number): Promise<void> {
    const windows = CHAOS_BOOKS.map(({ pair, depth }) => {
      let latest: OrderBook | undefined;
      return kraken
        .book(pair, { depth })
        .pipe(
          tap((book) => {
            latest = book;
            slowConsumer.upstream += 1;
          }),
          conflateLatest({ scheduler: asyncScheduler }),
        )
        .subscribe((book) => {
          violations.expect(book === latest, 'slowConsumer.getsLatest', () => `${pair}: the slow consumer got a book older than the newest`);
          slowConsumer.delivered += 1;
          busy(workMs);
        });
    });
    await sleep(windowMs);
    for (const w of windows) w.unsubscribe();
  }
}

/**
 * Times of one episode. The bound on `open` again is what the backoff promises: detection (the
 * heartbeat deadline, for a long stall), plus for every failed attempt its backoff window and
 * a generous allowance to connect, plus slack for a loaded machine.
 */
function measureEpisode(
  step: FaultStep,
  log: readonly StatusEntry[],
  injectedAt: number,
  injectionEndedAt: number,
  recoveredAt: number,
  ok: boolean,
  resynced: boolean,
  tookEffect: boolean,
): EpisodeReport {
  let timeToOpen: number | undefined;
  let bound: number | undefined;
  let reconnects = 0;
  for (const endpoint of ['public', 'private'] as const) {
    const entries = log.filter((e) => e.endpoint === endpoint);
    const left = entries.findIndex((e) => e.status.state !== 'open');
    if (left === -1) continue;
    const reopened = entries.slice(left).find((e) => e.status.state === 'open');
    let sum = step.kind === 'stallLong' ? HEARTBEAT_DEADLINE_MS + 500 : 0;
    for (const e of entries) {
      if (e.status.state !== 'reconnecting') continue;
      reconnects += 1;
      sum += backoffWindow(e.status.attempt, e.status.error.name) + CONNECT_ALLOWANCE_MS;
    }
    sum += BOUND_SLACK_MS;
    const t = reopened === undefined ? Number.POSITIVE_INFINITY : reopened.at - injectedAt;
    if (timeToOpen === undefined || t > timeToOpen) {
      timeToOpen = t;
      bound = sum;
    }
  }
  return {
    step,
    recovered: ok,
    reconnects,
    timeToOpenMs: timeToOpen === undefined ? undefined : Number.isFinite(timeToOpen) ? timeToOpen : undefined,
    openBoundMs: bound,
    timeToResyncMs: resynced ? recoveredAt - injectionEndedAt : undefined,
    tookEffect,
  };
}

/** The largest delay the backoff may choose before attempt `attempt` after an error named `errorName`. */
function backoffWindow(attempt: number, errorName: string): number {
  const r = CHAOS_CLIENT.reconnect as { baseMs: number; capMs: number; rateLimitedMinMs: number };
  const window = Math.min(r.capMs, r.baseMs * 2 ** Math.max(0, attempt - 1));
  return window + (errorName === 'ConnectionRateLimitError' ? r.rateLimitedMinMs : 0);
}

/** Every `reconnecting` status chose a delay within its backoff window (exact, no timing involved). */
function checkBackoff(log: readonly StatusEntry[], violations: Violations): void {
  for (const e of log) {
    if (e.status.state !== 'reconnecting') continue;
    const { attempt, delayMs, error } = e.status;
    violations.expect(delayMs >= 0 && delayMs <= backoffWindow(attempt, error.name), 'backoff.delayInWindow', () => `${e.endpoint} attempt ${attempt}: delay ${delayMs} ms`);
  }
}
