import type { ResolvedConfig, ResolvedPair } from '../config';
import { deriveSeed, Prng } from '../core/prng';
import { toMicros } from '../core/time';
import type { SimulatorEventKind, SimulatorMarket, SimulatorMarketEvent } from '../types';
import { generateHistory } from './history';
import { PairMarket, type AppliedEvent, type BookChangeListener, type RestingFillListener } from './pairMarket';

/** What the feeds implement to hear about the market. @internal */
export interface MarketObserver extends BookChangeListener {
  /** Called after every event, once all its changes were reported. */
  onEvent(market: PairMarket, applied: AppliedEvent): void;
}

/**
 * What the trading engine implements to follow the market: fills of resting account orders
 * (during an event) and the end of every event (after the public feeds sent theirs).
 * @internal
 */
export interface AccountObserver extends RestingFillListener {
  onEventDone(market: PairMarket, applied: AppliedEvent): void;
}

/** Most events one timer tick may run per pair (so a stalled event loop does not cause a storm). */
const MAX_EVENTS_PER_TICK = 200;

/**
 * The simulated market: one {@link PairMarket} per pair, the event timer, manual stepping and
 * event listeners. Implements the public {@link SimulatorMarket} controls.
 * @internal
 */
export class Market implements SimulatorMarket {
  readonly byName = new Map<string, PairMarket>();
  /** Pairs by `wsname`, `altname` and REST name (for REST lookups). */
  readonly byAnyName = new Map<string, PairMarket>();
  readonly pairs: readonly string[];
  private timer: ReturnType<typeof setInterval> | undefined;
  private isPaused: boolean;
  private due = 0;
  private lastTick = 0;
  private readonly listeners = new Set<(event: SimulatorMarketEvent) => void>();
  private account: AccountObserver | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly observer: MarketObserver,
  ) {
    const nowUs = toMicros(config.clock());
    const historyEnd = Math.floor(nowUs / 60_000_000) * 60;
    const keep = Math.max(config.tradeSnapshot, 50);
    for (const pair of config.pairs) {
      const m = new PairMarket(pair, deriveSeed(config.seed, `market:${pair.wsname}`), nowUs, observer, {
        recent: keep,
        log: config.tradeLogSize,
      });
      const history = generateHistory(
        pair,
        new Prng(deriveSeed(config.seed, `history:${pair.wsname}`)),
        historyEnd,
        config.historyMinutes,
        m.candles,
        keep,
      );
      m.seedRecentTrades(history.recent);
      if (history.last) m.seedLastTrade(history.last);
      this.byName.set(pair.wsname, m);
      for (const n of [pair.wsname, pair.altname, pair.restName]) this.byAnyName.set(n, m);
    }
    this.pairs = config.pairs.map((p: ResolvedPair) => p.wsname);
    this.isPaused = config.paused;
    if (!this.isPaused) this.startTimer();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
    this.stopTimer();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.startTimer();
  }

  step(count = 1, options: { readonly pair?: string; readonly kind?: SimulatorEventKind } = {}): SimulatorMarketEvent[] {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`step count must be a non-negative integer, got ${count}`);
    const targets = options.pair === undefined ? [...this.byName.values()] : [this.require(options.pair)];
    const out: SimulatorMarketEvent[] = [];
    for (let i = 0; i < count; i++) {
      for (const m of targets) out.push(this.runOne(m, options.kind));
    }
    return out;
  }

  onEvent(listener: (event: SimulatorMarketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Connects the trading engine: it hears resting fills and the end of every event. */
  attachAccount(observer: AccountObserver): void {
    this.account = observer;
    for (const m of this.byName.values()) m.restingFills = observer;
  }

  /**
   * Turns matching of the random market on or off (off during `cancel_only`, `post_only` and
   * `maintenance`: no random trades or sweeps).
   */
  setMatching(enabled: boolean): void {
    for (const m of this.byName.values()) m.matching = enabled;
  }

  /**
   * Runs a non-random event on `pair` (an account order, a cancel, an injected order), reported
   * to the feeds, the account and the listeners like any other event. Returns `undefined` when
   * the body changed nothing.
   */
  runExternal(pair: string, body: (m: PairMarket) => SimulatorEventKind): SimulatorMarketEvent | undefined {
    const m = this.require(pair);
    const applied = m.runEvent(toMicros(this.config.clock()), () => body(m));
    if (applied === undefined) return undefined;
    this.report(m, applied);
    return applied.event;
  }

  /** The pair market of a `wsname`, or a RangeError. */
  require(pair: string): PairMarket {
    const m = this.byName.get(pair);
    if (!m) throw new RangeError(`unknown pair ${JSON.stringify(pair)}; simulated pairs: ${this.pairs.join(', ')}`);
    return m;
  }

  /** Stops the timer for good. */
  close(): void {
    this.stopTimer();
    this.listeners.clear();
  }

  private runOne(m: PairMarket, kind?: SimulatorEventKind): SimulatorMarketEvent {
    const applied = m.step(toMicros(this.config.clock()), kind);
    this.report(m, applied);
    return applied.event;
  }

  private report(m: PairMarket, applied: AppliedEvent): void {
    this.observer.onEvent(m, applied);
    this.account?.onEventDone(m, applied);
    for (const l of this.listeners) l(applied.event);
  }

  private startTimer(): void {
    const eps = this.config.eventsPerSecond;
    if (eps <= 0 || this.timer !== undefined) return;
    const period = Math.max(10, Math.min(100, Math.floor(1000 / eps)));
    this.lastTick = performance.now();
    this.due = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.due += (eps * (now - this.lastTick)) / 1000;
      this.lastTick = now;
      const n = Math.min(MAX_EVENTS_PER_TICK, Math.floor(this.due));
      this.due = Math.min(this.due - n, MAX_EVENTS_PER_TICK);
      for (let i = 0; i < n; i++) {
        for (const m of this.byName.values()) this.runOne(m);
      }
    }, period);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
