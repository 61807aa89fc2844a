import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { asyncScheduler, concatMap, defer, tap, timer, type Subscription } from 'rxjs';
import type { OrderBook } from '../../src/book/orderBook';
import { createKrakenClient, type KrakenClient } from '../../src/client/createKrakenClient';
import { conflateLatest } from '../../src/operators/conflateLatest';
import { startSimulator, type Simulator, type SimulatorOptions, type SimulatorPairConfig, type SimulatorTrueBook } from '../../src/simulator';
import { WireTap } from '../chaos/wireTap';

/** Options of a load run. */
export interface LoadOptions {
  /** Number of simulated pairs, each followed with its book and its trades. Default 200. */
  readonly pairs?: number;
  /** Book depth. Default 10. */
  readonly depth?: 10 | 25 | 100 | 500 | 1000;
  /** Market events per second per pair. Default 25 (5,000 events a second for 200 pairs). */
  readonly eventsPerSecond?: number;
  /** Length of each measured phase, ms. Default 10 000. */
  readonly phaseMs?: number;
  /** Time a slow asynchronous consumer takes per book, ms. Default 200. */
  readonly workMs?: number;
  /** CPU a blocking consumer burns per book, ms. Default 1. */
  readonly blockMs?: number;
  /** Run the simulator in its own process (figures then measure the client alone). Default in-process. */
  readonly simulator?: 'in-process' | 'child';
  /** The child process's entry file (default: test/load/simulatorProcess.ts under the working directory). */
  readonly simulatorEntry?: string;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

/** Latency of trades (receive time minus the trade's own timestamp), ms. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** p50 of each second of the phase, in order: it must not keep growing. */
  readonly windowP50: readonly number[];
}

/** What one phase measured in the client process. */
export interface PhaseFigures {
  readonly name: string;
  readonly durationMs: number;
  readonly frames: number;
  readonly megabytes: number;
  readonly bookValues: number;
  readonly trades: number;
  /** CPU of the test process (user + system) over the phase, as a share of one core. */
  readonly cpuShare: number;
  readonly heapStartMb: number;
  readonly heapEndMb: number;
  readonly heapMaxMb: number;
  readonly rssMaxMb: number;
  readonly loopDelayP99Ms: number;
  readonly latency: LatencyFigures;
}

/** A slow consumer's counts. */
export interface ConsumerFigures {
  /** Books the feed offered it. */
  readonly offered: number;
  /** Books it handled. */
  readonly handled: number;
  /** Most books waiting for it at any moment (summed over pairs). */
  readonly maxWaiting: number;
  /** Books waiting at the end of the phase. */
  readonly waitingAtEnd: number;
  /** Handled books that were not the newest of their pair when handed over (must be 0 when conflated). */
  readonly stale: number;
  /** Time from a book's arrival to the start of its handling, ms: bounded when conflated, growing with a queue. */
  readonly waitP50: number;
  readonly waitP99: number;
  readonly waitMax: number;
}

/** The outcome of a load run. */
export interface LoadReport {
  readonly pairs: number;
  readonly depth: number;
  readonly eventsPerSecond: number;
  readonly simulator: 'in-process' | 'child';
  /** Public WebSocket connections the client opened (must be 1). */
  readonly connections: number;
  readonly startupMs: number;
  readonly phases: readonly PhaseFigures[];
  readonly conflated: ConsumerFigures;
  readonly naive: ConsumerFigures;
  readonly blocking: ConsumerFigures;
  /** Books that differ from the simulator's true book at the end (market paused). */
  readonly booksDiffering: number;
  readonly booksCompared: number;
}

interface SimulatorHandle {
  readonly url: string;
  readonly restUrl: string;
  pause(): Promise<void>;
  resume(): void;
  trueBooks(depth: number): Promise<Record<string, SimulatorTrueBook>>;
  close(): Promise<void>;
}

/** Pair configurations: `L000/USD`, `L001/USD`... with books just deeper than needed. */
export function loadPairs(count: number, depth: number): SimulatorPairConfig[] {
  return Array.from({ length: count }, (_, i) => ({
    wsname: `L${String(i).padStart(3, '0')}/USD`,
    priceDecimals: 2,
    startPrice: `${100 + i}.00`,
    typicalVolume: '2',
    levelsPerSide: Math.max(60, depth * 2),
  }));
}

async function startInProcess(options: SimulatorOptions): Promise<SimulatorHandle> {
  const sim: Simulator = await startSimulator(options);
  return {
    url: sim.url,
    restUrl: sim.restUrl,
    pause: async () => sim.market.pause(),
    resume: () => sim.market.resume(),
    trueBooks: async (depth) => Object.fromEntries(sim.market.pairs.map((p) => [p, sim.trueBook(p, depth)])),
    close: () => sim.close(),
  };
}

async function startChild(options: SimulatorOptions, entry: string): Promise<SimulatorHandle> {
  const child: ChildProcess = fork(entry, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the simulator process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<{ url: string; restUrl: string }>('ready');
  return {
    url: ready.url,
    restUrl: ready.restUrl,
    pause: async () => {
      const done = next('paused');
      child.send({ type: 'pause' });
      await done;
    },
    resume: () => {
      child.send({ type: 'resume' });
    },
    trueBooks: async (depth) => {
      const answer = next<{ books: Record<string, SimulatorTrueBook> }>('trueBooks');
      child.send({ type: 'trueBooks', depth });
      return (await answer).books;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

/** Burns CPU for `ms` (a consumer that computes synchronously). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/**
 * The load run: `pairs` books and trades on one connection, at `eventsPerSecond` per pair, in
 * phases: steady state; a slow asynchronous consumer of every book behind `conflateLatest`; the
 * same consumer behind `concatMap` (the unbounded queue, for contrast); a blocking consumer
 * behind `conflateLatest({ scheduler: asyncScheduler })`. Each phase reports throughput, CPU,
 * memory, event-loop delay and the latency of trades (which grows without bound when the
 * client falls behind). At the end the market is paused and every book is compared with the
 * simulator's true book.
 */
export async function runLoad(options: LoadOptions = {}): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const count = options.pairs ?? 200;
  const depth = options.depth ?? 10;
  const eventsPerSecond = options.eventsPerSecond ?? 25;
  const phaseMs = options.phaseMs ?? 10_000;
  const workMs = options.workMs ?? 200;
  const blockMs = options.blockMs ?? 1;
  const mode = options.simulator ?? 'in-process';
  const pairConfigs = loadPairs(count, depth);
  const pairs = pairConfigs.map((p) => p.wsname);
  const started = Date.now();
  const simOptions: SimulatorOptions = { seed: options.seed ?? 1, pairs: pairConfigs, eventsPerSecond, historyMinutes: 5, paused: true };
  const entry = options.simulatorEntry ?? path.resolve(process.cwd(), 'test', 'load', 'simulatorProcess.ts');
  const sim = mode === 'child' ? await startChild(simOptions, entry) : await startInProcess(simOptions);
  log(`simulator with ${count} pairs ready (${mode}) after ${Date.now() - started} ms`);

  const wire = new WireTap(`${sim.url}/auth`);
  const kraken: KrakenClient = createKrakenClient({ url: sim.url, restUrl: sim.restUrl, webSocket: wire.factory, lingerMs: 100 });
  const subscriptions: Subscription[] = [];
  const latest = new Map<string, OrderBook>();
  let bookValues = 0;
  let trades = 0;
  let latencies: number[] = [];
  subscriptions.push(
    kraken.book(pairs, { depth }).subscribe((book) => {
      latest.set(book.pair, book);
      bookValues += 1;
    }),
  );
  subscriptions.push(
    kraken.trades(pairs).subscribe((trade) => {
      trades += 1;
      latencies.push(Date.now() - Number(trade.time) * 1000);
    }),
  );
  const subscribeAt = Date.now();
  while (latest.size < count) {
    if (Date.now() - subscribeAt > 60_000) throw new Error(`only ${latest.size} of ${count} books synced after 60 s`);
    await sleep(20);
  }
  const startupMs = Date.now() - subscribeAt;
  log(`${count} books synced on ${wire.stats.connections} connection(s) after ${startupMs} ms; market starts`);
  // The market starts once every book is synced (the simulator was started paused, so that
  // subscribing is not raced by the market).
  sim.resume();

  const phases: PhaseFigures[] = [];
  const measure = async (name: string, during?: () => void): Promise<PhaseFigures> => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const frames0 = wire.stats.framesIn;
    const bytes0 = wire.stats.bytesIn;
    const books0 = bookValues;
    const trades0 = trades;
    latencies = [];
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const heap0 = process.memoryUsage();
    let heapMax = heap0.heapUsed;
    let rssMax = heap0.rss;
    const windows: number[] = [];
    let windowStart = 0;
    while (Date.now() - t0 < phaseMs) {
      await sleep(250);
      during?.();
      const m = process.memoryUsage();
      heapMax = Math.max(heapMax, m.heapUsed);
      rssMax = Math.max(rssMax, m.rss);
      if (Date.now() - t0 >= (windows.length + 1) * 1000) {
        const window = latencies.slice(windowStart).sort((a, b) => a - b);
        windows.push(percentile(window, 0.5));
        windowStart = latencies.length;
      }
    }
    const durationMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    const sorted = [...latencies].sort((a, b) => a - b);
    const figures: PhaseFigures = {
      name,
      durationMs,
      frames: wire.stats.framesIn - frames0,
      megabytes: (wire.stats.bytesIn - bytes0) / 1e6,
      bookValues: bookValues - books0,
      trades: trades - trades0,
      cpuShare: (cpu.user + cpu.system) / 1000 / durationMs,
      heapStartMb: heap0.heapUsed / 1e6,
      heapEndMb: process.memoryUsage().heapUsed / 1e6,
      heapMaxMb: heapMax / 1e6,
      rssMaxMb: rssMax / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      latency: { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0, windowP50: windows },
    };
    phases.push(figures);
    log(
      `${name}: ${Math.round(figures.frames / (durationMs / 1000))} frames/s, ${Math.round(figures.bookValues / (durationMs / 1000))} books/s, ${Math.round(figures.trades / (durationMs / 1000))} trades/s, CPU ${Math.round(figures.cpuShare * 100)}%, heap ${figures.heapStartMb.toFixed(0)}→${figures.heapEndMb.toFixed(0)} MB, trade latency p50 ${figures.latency.p50} ms p99 ${figures.latency.p99} ms`,
    );
    return figures;
  };

  /**
   * A consumer of every book (one per pair) slower than the feed. `waiting` counts the books
   * offered and not yet started: the queue of a `concatMap`, at most one per pair behind
   * `conflateLatest`. `waits` are the times from a book's arrival to the start of its handling.
   */
  const consumer = (kind: 'conflated' | 'naive' | 'blocking') => {
    const state = pairs.map(() => ({ offered: 0, started: 0, finished: 0, newest: undefined as OrderBook | undefined, lastStarted: undefined as OrderBook | undefined }));
    const arrival = new WeakMap<OrderBook, number>();
    const waits: number[] = [];
    let stale = 0;
    let maxWaiting = 0;
    const waiting = (): number =>
      state.reduce((sum, s) => sum + (kind === 'naive' ? s.offered - s.started : s.newest !== undefined && s.newest !== s.lastStarted ? 1 : 0), 0);
    const subs = pairs.map((pair, i) => {
      const s = state[i] as (typeof state)[number];
      const offer$ = kraken.book(pair, { depth }).pipe(
        tap((book) => {
          s.offered += 1;
          s.newest = book;
          arrival.set(book, Date.now());
        }),
      );
      const start = (book: OrderBook): void => {
        s.started += 1;
        if (book !== s.newest) stale += 1;
        s.lastStarted = book;
        waits.push(Date.now() - (arrival.get(book) ?? Date.now()));
      };
      const finish = (): void => {
        s.finished += 1;
      };
      if (kind === 'naive') {
        return offer$.pipe(concatMap((book) => defer(() => (start(book), timer(workMs))))).subscribe(finish);
      }
      if (kind === 'conflated') {
        return offer$.pipe(conflateLatest((book: OrderBook) => (start(book), timer(workMs)))).subscribe(finish);
      }
      return offer$.pipe(conflateLatest({ scheduler: asyncScheduler })).subscribe((book) => {
        start(book);
        busy(blockMs);
        finish();
      });
    });
    return {
      sample: () => {
        maxWaiting = Math.max(maxWaiting, waiting());
      },
      stop: (): ConsumerFigures => {
        const sorted = [...waits].sort((a, b) => a - b);
        const figures: ConsumerFigures = {
          offered: state.reduce((sum, x) => sum + x.offered, 0),
          handled: state.reduce((sum, x) => sum + x.finished, 0),
          maxWaiting: Math.max(maxWaiting, waiting()),
          waitingAtEnd: waiting(),
          stale: kind === 'naive' ? 0 : stale,
          waitP50: percentile(sorted, 0.5),
          waitP99: percentile(sorted, 0.99),
          waitMax: sorted[sorted.length - 1] ?? 0,
        };
        for (const sub of subs) sub.unsubscribe();
        return figures;
      },
    };
  };

  await measure('steady');
  const c1 = consumer('conflated');
  await measure(`slow consumer (${workMs} ms per book) behind conflateLatest`, c1.sample);
  const conflated = c1.stop();
  const c2 = consumer('naive');
  await measure(`slow consumer (${workMs} ms per book) behind concatMap`, c2.sample);
  const naive = c2.stop();
  const c3 = consumer('blocking');
  await measure(`blocking consumer (${blockMs} ms CPU per book) behind conflateLatest`, c3.sample);
  const blocking = c3.stop();
  await measure('steady again');

  // Every book equals the simulator's true book once the market stops.
  await sim.pause();
  // Wait until the client has read everything (no frame but heartbeats for 500 ms).
  let frames = -1;
  const quietDeadline = Date.now() + 30_000;
  while (frames !== wire.stats.framesIn && Date.now() < quietDeadline) {
    frames = wire.stats.framesIn;
    await sleep(500);
  }
  const truth = await sim.trueBooks(depth);
  let booksDiffering = 0;
  for (const pair of pairs) {
    const book = latest.get(pair);
    const t = truth[pair];
    const same =
      book !== undefined &&
      t !== undefined &&
      JSON.stringify(book.asks.map((l) => [l.price, l.volume])) === JSON.stringify(t.asks) &&
      JSON.stringify(book.bids.map((l) => [l.price, l.volume])) === JSON.stringify(t.bids);
    if (!same) booksDiffering += 1;
  }
  const connections = wire.connections.filter((c) => c.endpoint === 'public').length;
  for (const s of subscriptions) s.unsubscribe();
  kraken.close();
  await sim.close();
  return { pairs: count, depth, eventsPerSecond, simulator: mode, connections, startupMs, phases, conflated, naive, blocking, booksDiffering, booksCompared: pairs.length };
}
