import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { asyncScheduler, concatMap, defer, tap, timer, type Subscription } from 'rxjs';
import type { OrderBook } from '../../src/book/orderBook';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenClient } from '../../src/client/krakenClient';
import { conflateLatestProbed, type ConflationProbe } from '../../src/operators/conflateLatest';
import { startSimulator, type Simulator, type SimulatorOptions, type SimulatorPairConfig, type SimulatorTrueBook } from '../../src/simulator';
import { WireTap } from '../chaos/wireTap';
import { driveMarket, type MarketDrive } from './marketDriver';

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
  /** Trade latency is reported per window of this many ms (to see it grow). Default 1000. */
  readonly windowMs?: number;
  /**
   * The max-rate phase, last: the market is driven at `start` events/s per pair, then `factor`
   * times more every `stepMs`, for at most `steps` steps or until the client falls behind (its
   * trade latency grows) or the market cannot reach the rate. `false` skips it. Default: start
   * at 4 × `eventsPerSecond`, factor 2, 6 steps of `phaseMs / 2`.
   */
  readonly maxRate?: MaxRateOptions | false;
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

/** Options of the max-rate phase (see {@link LoadOptions.maxRate}). */
export interface MaxRateOptions {
  /** Market events per second per pair of the first step. */
  readonly start?: number;
  /** Rate multiplier from one step to the next. */
  readonly factor?: number;
  /** Most steps. */
  readonly steps?: number;
  /** Length of a step, ms. */
  readonly stepMs?: number;
}

/** One step of the max-rate phase. */
export interface MaxRateStep {
  /** The rate asked for, market events per second per pair. */
  readonly targetPerPair: number;
  /** Market events per second the simulator actually ran (all pairs). */
  readonly marketEventsPerSecond: number;
  /** Whether the market reached at least 80% of the rate asked for (the ramp stops when not). */
  readonly reached: boolean;
  /** Whether the client kept up: its trade latency in the last window stayed within the bound. */
  readonly keptUp: boolean;
  readonly phase: PhaseFigures;
}

/** The max-rate phase: each step, and the fastest step the client kept up with. */
export interface MaxRateFigures {
  readonly steps: readonly MaxRateStep[];
  /**
   * The step with the most verified books per second among those the client kept up with:
   * the maximum throughput reached (with the simulator in the same process, a step may fall
   * short of its rate because the process is saturated; what it reached still counts).
   */
  readonly best: MaxRateStep | undefined;
  /** Trade latency (p50 of the last window, ms) above which a step counts as falling behind. */
  readonly latencyBoundMs: number;
}

/** Latency of trades (receive time minus the trade's own timestamp), ms. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** p50 of each window (`windowMs`) of the phase, in order: it must not keep growing. */
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
  /** Market events the simulator ran in the phase (max-rate steps only). */
  readonly marketEvents?: number;
  /** CPU of the test process (user + system) over the phase, as a share of one core. */
  readonly cpuShare: number;
  readonly heapStartMb: number;
  readonly heapEndMb: number;
  /** Most heap used at any sample of the phase, the last one included. */
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
  /**
   * Most books held between the feed and the consumer at any moment, summed over pairs: books
   * the feed emitted that the consumer has not started and that were not dropped. Counted on
   * every change (not sampled): for `concatMap`, emitted minus started (its queue); for
   * `conflateLatest`, what the operator reports it holds (received minus handed on minus
   * replaced, see `ConflationProbe`).
   */
  readonly maxWaiting: number;
  /** Most books held for any one pair at any moment. */
  readonly maxWaitingPerPair: number;
  /** Books held at the end of the phase. */
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
  /** The max-rate phase, unless skipped. */
  readonly maxRate: MaxRateFigures | undefined;
  /** Books that differ from the simulator's true book at the end (market paused). */
  readonly booksDiffering: number;
  readonly booksCompared: number;
}

interface SimulatorHandle {
  readonly url: string;
  readonly restUrl: string;
  pause(): Promise<void>;
  resume(): void;
  /** Runs the market at `eventsPerSecond` per pair until `stopDriving()` (which returns the events run, and leaves the market paused). */
  drive(eventsPerSecond: number): Promise<void>;
  stopDriving(): Promise<number>;
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
  let drive: MarketDrive | undefined;
  return {
    url: sim.url,
    restUrl: sim.restUrl,
    pause: async () => sim.market.pause(),
    resume: () => sim.market.resume(),
    drive: async (eventsPerSecond) => {
      drive?.stop();
      drive = driveMarket(sim.market, eventsPerSecond);
    },
    stopDriving: async () => {
      const events = drive?.stop() ?? 0;
      drive = undefined;
      return events;
    },
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
    drive: async (eventsPerSecond) => {
      const started = next('driving');
      child.send({ type: 'drive', eventsPerSecond });
      await started;
    },
    stopDriving: async () => {
      const answer = next<{ events: number }>('driven');
      child.send({ type: 'stopDriving' });
      return (await answer).events;
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
 * behind `conflateLatest({ scheduler: asyncScheduler })`; steady state again; then the max-rate
 * phase, which raises the market's rate step by step until the client falls behind. Each phase
 * reports throughput, CPU, memory, event-loop delay and the latency of trades (which grows
 * without bound when the client falls behind). At the end the market is paused and every book
 * is compared with the simulator's true book.
 */
export async function runLoad(options: LoadOptions = {}): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const count = options.pairs ?? 200;
  const depth = options.depth ?? 10;
  const eventsPerSecond = options.eventsPerSecond ?? 25;
  const phaseMs = options.phaseMs ?? 10_000;
  const windowMs = options.windowMs ?? 1000;
  const workMs = options.workMs ?? 200;
  const blockMs = options.blockMs ?? 1;
  const mode = options.simulator ?? 'in-process';
  const maxRateOptions = options.maxRate === false ? undefined : options.maxRate ?? {};
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
  /** When each latency was taken (Date.now()), to bucket them into windows after the phase. */
  let latencyTimes: number[] = [];
  subscriptions.push(
    kraken.book(pairs, { depth }).subscribe((book) => {
      latest.set(book.pair, book);
      bookValues += 1;
    }),
  );
  subscriptions.push(
    kraken.trades(pairs).subscribe((trade) => {
      trades += 1;
      const now = Date.now();
      latencies.push(now - Number(trade.time) * 1000);
      latencyTimes.push(now);
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
  const measure = async (name: string, durationTarget = phaseMs, marketEvents?: () => Promise<number>): Promise<PhaseFigures> => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const frames0 = wire.stats.framesIn;
    const bytes0 = wire.stats.bytesIn;
    const books0 = bookValues;
    const trades0 = trades;
    latencies = [];
    latencyTimes = [];
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const heap0 = process.memoryUsage();
    let heapMax = heap0.heapUsed;
    let rssMax = heap0.rss;
    while (Date.now() - t0 < durationTarget) {
      await sleep(Math.min(250, windowMs / 2));
      const m = process.memoryUsage();
      heapMax = Math.max(heapMax, m.heapUsed);
      rssMax = Math.max(rssMax, m.rss);
    }
    const events = marketEvents === undefined ? undefined : await marketEvents();
    const durationMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    const end = process.memoryUsage();
    const sorted = [...latencies].sort((a, b) => a - b);
    // Whole windows of the phase, by the time each trade arrived (not by when the loop above
    // woke up, which a busy event loop delays).
    const buckets: number[][] = Array.from({ length: Math.max(1, Math.floor(durationMs / windowMs)) }, () => []);
    latencies.forEach((latency, i) => buckets[Math.min(buckets.length - 1, Math.floor(((latencyTimes[i] ?? t0) - t0) / windowMs))]?.push(latency));
    const windows = buckets.map((b) => percentile(b.sort((x, y) => x - y), 0.5));
    const figures: PhaseFigures = {
      name,
      durationMs,
      frames: wire.stats.framesIn - frames0,
      megabytes: (wire.stats.bytesIn - bytes0) / 1e6,
      bookValues: bookValues - books0,
      trades: trades - trades0,
      ...(events === undefined ? {} : { marketEvents: events }),
      cpuShare: (cpu.user + cpu.system) / 1000 / durationMs,
      heapStartMb: heap0.heapUsed / 1e6,
      heapEndMb: end.heapUsed / 1e6,
      // The final sample counts too (the max once omitted it: "24→47 (max 44)").
      heapMaxMb: Math.max(heapMax, end.heapUsed) / 1e6,
      rssMaxMb: Math.max(rssMax, end.rss) / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      latency: { count: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0, windowP50: windows },
    };
    phases.push(figures);
    log(
      `${name}: ${Math.round(figures.frames / (durationMs / 1000))} frames/s, ${Math.round(figures.bookValues / (durationMs / 1000))} books/s, ${Math.round(figures.trades / (durationMs / 1000))} trades/s, CPU ${Math.round(figures.cpuShare * 100)}%, heap ${figures.heapStartMb.toFixed(0)}→${figures.heapEndMb.toFixed(0)} MB (max ${figures.heapMaxMb.toFixed(0)}), trade latency p50 ${n(figures.latency.p50)} ms p99 ${n(figures.latency.p99)} ms`,
    );
    return figures;
  };

  /**
   * A consumer of every book (one subscription per pair) slower than the feed. What it holds
   * is counted on every change: behind `concatMap`, the books emitted and not yet started (its
   * queue); behind `conflateLatest`, what the operator reports holding through its probe
   * (received minus handed on minus replaced). `waits` are the times from a book's arrival to
   * the start of its handling.
   */
  const consumer = (kind: 'conflated' | 'naive' | 'blocking') => {
    const state = pairs.map(() => ({ offered: 0, started: 0, finished: 0, held: 0, newest: 0 }));
    const arrival = new WeakMap<OrderBook, { readonly at: number; readonly seq: number }>();
    const waits: number[] = [];
    let stale = 0;
    let held = 0;
    let maxHeld = 0;
    let maxHeldPerPair = 0;
    const setHeld = (s: (typeof state)[number], n: number): void => {
      held += n - s.held;
      s.held = n;
      if (held > maxHeld) maxHeld = held;
      if (n > maxHeldPerPair) maxHeldPerPair = n;
    };
    const subs = pairs.map((pair, i) => {
      const s = state[i] as (typeof state)[number];
      const probe: ConflationProbe = { held: (n) => setHeld(s, n) };
      const offer$ = kraken.book(pair, { depth }).pipe(
        tap((book) => {
          s.offered += 1;
          s.newest = s.offered;
          arrival.set(book, { at: Date.now(), seq: s.offered });
          if (kind === 'naive') setHeld(s, s.held + 1);
        }),
      );
      const start = (book: OrderBook): void => {
        s.started += 1;
        const a = arrival.get(book);
        if (a?.seq !== s.newest) stale += 1;
        if (kind === 'naive') setHeld(s, s.held - 1);
        waits.push(Date.now() - (a?.at ?? Date.now()));
      };
      const finish = (): void => {
        s.finished += 1;
      };
      if (kind === 'naive') {
        return offer$.pipe(concatMap((book) => defer(() => (start(book), timer(workMs))))).subscribe(finish);
      }
      if (kind === 'conflated') {
        return offer$.pipe(conflateLatestProbed((book: OrderBook) => (start(book), timer(workMs)), undefined, probe)).subscribe(finish);
      }
      return offer$.pipe(conflateLatestProbed<OrderBook, never>({ scheduler: asyncScheduler }, undefined, probe)).subscribe((book) => {
        start(book);
        busy(blockMs);
        finish();
      });
    });
    return {
      stop: (): ConsumerFigures => {
        const sorted = [...waits].sort((a, b) => a - b);
        const figures: ConsumerFigures = {
          offered: state.reduce((sum, x) => sum + x.offered, 0),
          handled: state.reduce((sum, x) => sum + x.finished, 0),
          maxWaiting: maxHeld,
          maxWaitingPerPair: maxHeldPerPair,
          waitingAtEnd: held,
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

  const steady = await measure('steady');
  const c1 = consumer('conflated');
  await measure(`slow consumer (${workMs} ms per book) behind conflateLatest`);
  const conflated = c1.stop();
  const c2 = consumer('naive');
  await measure(`slow consumer (${workMs} ms per book) behind concatMap`);
  const naive = c2.stop();
  const c3 = consumer('blocking');
  await measure(`blocking consumer (${blockMs} ms CPU per book) behind conflateLatest`);
  const blocking = c3.stop();
  await measure('steady again');

  let maxRate: MaxRateFigures | undefined;
  if (maxRateOptions !== undefined) {
    // A step falls behind when its last window's trade latency p50 exceeds this bound.
    const latencyBoundMs = Math.max(250, 4 * Math.max(1, steady.latency.p50));
    const factor = maxRateOptions.factor ?? 2;
    const stepMs = maxRateOptions.stepMs ?? Math.max(1000, Math.round(phaseMs / 2));
    const steps: MaxRateStep[] = [];
    let rate = maxRateOptions.start ?? eventsPerSecond * 4;
    for (let i = 0; i < (maxRateOptions.steps ?? 6); i++, rate *= factor) {
      await sim.drive(rate);
      const phase = await measure(`max rate: ${n(rate)} events/s per pair (${n(rate * count)}/s)`, stepMs, () => sim.stopDriving());
      const marketEventsPerSecond = (phase.marketEvents ?? 0) / (phase.durationMs / 1000);
      const last = phase.latency.windowP50[phase.latency.windowP50.length - 1] ?? phase.latency.p50;
      const step: MaxRateStep = {
        targetPerPair: rate,
        marketEventsPerSecond,
        reached: marketEventsPerSecond >= 0.8 * rate * count,
        keptUp: last <= latencyBoundMs,
        phase,
      };
      steps.push(step);
      log(`  ${step.reached ? 'reached' : 'NOT reached'} (${n(marketEventsPerSecond)} market events/s), ${step.keptUp ? 'kept up' : 'fell behind'} (trade latency p50 ${n(last)} ms in the last window, bound ${n(latencyBoundMs)} ms)`);
      if (!step.reached || !step.keptUp) break;
    }
    const good = steps.filter((s) => s.keptUp);
    const best = good.reduce<MaxRateStep | undefined>((b, s) => (b === undefined || s.phase.bookValues / s.phase.durationMs > b.phase.bookValues / b.phase.durationMs ? s : b), undefined);
    maxRate = { steps, best, latencyBoundMs };
  }

  // Every book equals the simulator's true book once the market stops.
  await sim.pause();
  // Wait until the client has read everything (no frame but heartbeats for 500 ms).
  let frames = -1;
  const quietDeadline = Date.now() + 60_000;
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
  return { pairs: count, depth, eventsPerSecond, simulator: mode, connections, startupMs, phases, conflated, naive, blocking, maxRate, booksDiffering, booksCompared: pairs.length };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
