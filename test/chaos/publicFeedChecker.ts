import type { Candle } from '../../src/candles/candle';
import type { Ticker, Trade } from '../../src/feeds/values';
import type { Simulator, SimulatorMarketEvent, SimulatorTrade } from '../../src/simulator';
import type { Violations } from './violations';
import { channelKey, publicFrame, type ChannelModel } from './wireModel';
import type { TapConnection, WireListener } from './wireTap';

type WireTrade = readonly [string, string, string, string, string, string];

interface TradeTrack {
  /** Trades the simulator made that no frame has carried yet, oldest first (the wire's view). */
  readonly pending: SimulatorTrade[];
  /** A subscription gap (connection ended, never subscribed yet) since the last trade on the wire. */
  gap: boolean;
  started: boolean;
  /** Trades the simulator made that `trades()` has not emitted yet, oldest first. */
  readonly unemitted: SimulatorTrade[];
  /** `trades()` emitted its first trade (the simulator's trades before it came before the subscription). */
  emitting: boolean;
  /** The subscription stopped since the last trade emitted: the next ones cross a seam. */
  seam: boolean;
  /** Trades the wire never carried (made while not subscribed) since the last checkpoint: only REST can bring them. */
  missedOnWire: number;
  /** The last trades emitted, as text (to tell a trade emitted twice from a stranger). */
  readonly recent: string[];
}

interface CandleTrack {
  /** Values of the newest ohlc update received for each interval start (ms). */
  readonly lastUpdate: Map<number, readonly unknown[]>;
  /** Starts of the candles emitted, in order. */
  readonly emitted: Candle[];
  /** Intervals (start ms) during which the channel stopped at least once (a gap in the feed). */
  readonly gapStarts: Set<number>;
  /** Start of the newest interval seen on the wire. */
  newestStart: number | undefined;
  /** Candles emitted for intervals in doubt after a gap (the library takes them from REST). */
  repaired: number;
}

/** Figures of the public feeds. */
export interface PublicFeedFigures {
  /** Trades emitted by `trades()`, each the next of the simulator's log. */
  tradesDelivered: number;
  /** ... of which taken from REST Trades after a reconnect (`backfilled`). */
  tradesBackfilled: number;
  /** Trades the simulator made while the client had no live trade subscription (never on the wire). */
  tradesNotDeliveredByKraken: number;
  /** Trades made before the first subscription. */
  tradesBeforeSubscription: number;
  tickers: number;
  candles: number;
  /** Candles emitted for intervals a gap left in doubt (the library takes them from REST OHLC). */
  candlesRepaired: number;
}

/**
 * Trades, ticker and candles.
 *
 * Trades: the trades on the wire must be the simulator's own trades of that pair, in order
 * (the simulator skips none on a live subscription). What `trades()` emits must be the
 * simulator's trade log of the pair, exactly, from its first emitted trade on: every emitted
 * trade is the next one of the log, same strings (`trade.deliveredOnce`: none twice, none
 * skipped, none invented, in order), and at each checkpoint every trade the simulator made has
 * been emitted (`trade.notLost`). Trades made while the connection was down never reach the
 * wire (Kraken's v1 trade feed has no replay); the library takes them from REST Trades, so they
 * count as any other. Only trades made before the first subscription are exempt.
 *
 * Ticker: one value per frame of a live subscription, equal to it; at a checkpoint the last
 * ticker's best bid and ask are the simulator's.
 *
 * Candles: a closed candle is emitted at most once per interval, in order, with the values of
 * the newest update received for its interval (unless a gap left it in doubt: then the
 * library takes it from REST OHLC); at a checkpoint every emitted candle equals the
 * simulator's candle of that interval, and no candle of the simulator is missing between the
 * first and the last emitted.
 */
export class PublicFeedChecker implements WireListener {
  readonly figures: PublicFeedFigures = {
    tradesDelivered: 0,
    tradesBackfilled: 0,
    tradesNotDeliveredByKraken: 0,
    tradesBeforeSubscription: 0,
    tickers: 0,
    candles: 0,
    candlesRepaired: 0,
  };
  private readonly trades = new Map<string, TradeTrack>();
  private readonly tickerExpected = new Map<string, unknown[] | undefined>();
  private readonly lastTicker = new Map<string, Ticker>();
  private readonly candles = new Map<string, CandleTrack>();

  constructor(
    tradePairs: readonly string[],
    tickerPairs: readonly string[],
    candlePairs: readonly string[],
    private readonly channels: ChannelModel,
    private readonly violations: Violations,
  ) {
    for (const pair of tradePairs) {
      this.trades.set(pair, { pending: [], gap: true, started: false, unemitted: [], emitting: false, seam: false, missedOnWire: 0, recent: [] });
    }
    for (const pair of tickerPairs) this.tickerExpected.set(pair, undefined);
    for (const pair of candlePairs) this.candles.set(pair, { lastUpdate: new Map(), emitted: [], gapStarts: new Set(), newestStart: undefined, repaired: 0 });
    channels.onStop((_conn, key) => {
      const [channelName, pair] = key.split('|') as [string, string];
      if (channelName === 'trade') {
        const t = this.trades.get(pair);
        if (t !== undefined) {
          t.gap = true;
          t.seam = true;
        }
      }
      if (channelName === 'ohlc-1') {
        const c = this.candles.get(pair);
        if (c?.newestStart !== undefined) c.gapStarts.add(c.newestStart);
      }
    });
  }

  /** Feed the simulator's events (`sim.market.onEvent`). */
  onMarketEvent(event: SimulatorMarketEvent): void {
    const t = this.trades.get(event.pair);
    if (t !== undefined) {
      t.pending.push(...event.trades);
      t.unemitted.push(...event.trades);
    }
  }

  beforeFrame(conn: TapConnection, _text: string, message: unknown): void {
    if (conn.endpoint !== 'public') return;
    const frame = publicFrame(message);
    if (frame === undefined) return;
    const live = this.channels.isLive(conn, channelKey(frame.channelName, frame.pair));
    if (frame.channelName === 'trade') {
      const t = this.trades.get(frame.pair);
      if (t === undefined || !live) return;
      const wire = frame.payload[0] as WireTrade[];
      for (const w of wire) this.matchSimulatorTrade(frame.pair, t, w);
    } else if (frame.channelName === 'ticker') {
      if (!this.tickerExpected.has(frame.pair) || !live) return;
      this.tickerExpected.set(frame.pair, [frame.payload[0]]);
    } else if (frame.channelName === 'ohlc-1') {
      const c = this.candles.get(frame.pair);
      if (c === undefined || !live) return;
      const data = frame.payload[0] as unknown[];
      const start = Math.round(Number(data[1]) * 1000) - 60_000;
      c.lastUpdate.set(start, data);
      c.newestStart = start;
    }
  }

  afterFrame(conn: TapConnection, _text: string, message: unknown): void {
    if (conn.endpoint !== 'public') return;
    const frame = publicFrame(message);
    if (frame === undefined) return;
    if (frame.channelName === 'ticker') {
      const expected = this.tickerExpected.get(frame.pair);
      if (expected === undefined) return;
      this.violations.expect(expected.length === 0, 'ticker.deliveredOnce', () => `${frame.pair}: a ticker frame was not emitted`);
      this.tickerExpected.set(frame.pair, undefined);
    }
  }

  private matchSimulatorTrade(pair: string, t: TradeTrack, w: WireTrade): void {
    const index = t.pending.findIndex((s) => s.price === w[0] && s.volume === w[1] && s.time === w[2] && s.side === w[3] && s.orderType === w[4]);
    if (!this.violations.expect(index !== -1, 'trade.fromSimulator', () => `${pair}: a trade on the wire (${w.join(' ')}) is not one of the simulator's`)) return;
    if (index > 0) {
      if (!t.started) {
        // Before the first subscription: not on the wire, and not owed by trades() either.
      } else if (t.gap) {
        this.figures.tradesNotDeliveredByKraken += index;
        t.missedOnWire += index;
      } else this.violations.add('trade.lostOnLiveSubscription', `${pair}: ${index} trade(s) of the simulator skipped on a live subscription`);
    }
    t.pending.splice(0, index + 1);
    t.started = true;
    t.gap = false;
  }

  /**
   * A value of `trades()`: it must be the next trade of the simulator's log for its pair, with
   * the same strings (a backfilled trade included: the library writes REST trades as the
   * WebSocket does).
   */
  onTrade(trade: Trade): void {
    const v = this.violations;
    const t = this.trades.get(trade.pair);
    if (t === undefined) {
      v.add('trade.unknownPair', `trade for ${trade.pair}`);
      return;
    }
    const text = tradeText(trade);
    if (!t.emitting) {
      // The first trade emitted: the simulator's trades before it were made before the subscription.
      const first = t.unemitted.findIndex((s) => simulatorText(s) === text);
      if (first > 0) {
        this.figures.tradesBeforeSubscription += first;
        t.unemitted.splice(0, first);
      }
      t.emitting = true;
    }
    const next = t.unemitted[0];
    const ok = next !== undefined && simulatorText(next) === text && trade.misc === '';
    if (v.expect(ok, 'trade.deliveredOnce', () => `${trade.pair}: emitted ${text}${trade.backfilled === true ? ' (backfilled)' : ''}, ${describeMiss(t, text, next)}`)) {
      t.unemitted.shift();
      this.figures.tradesDelivered += 1;
      if (trade.backfilled === true) this.figures.tradesBackfilled += 1;
      // A trade at a seam (taken from REST, or the first live one after a reconnect) is where a
      // trade could be lost or emitted twice: the invariant is exercised there.
      if (trade.backfilled === true || t.seam) v.exercise('trade.deliveredOnce');
      t.seam = false;
    } else {
      // Resynchronise on the simulator's log so that one fault is reported once.
      const at = t.unemitted.findIndex((s) => simulatorText(s) === text);
      if (at >= 0) t.unemitted.splice(0, at + 1);
    }
    t.recent.push(text);
    if (t.recent.length > 200) t.recent.splice(0, t.recent.length - 200);
  }

  /** Every pair that emitted has emitted every trade the simulator made (market paused). */
  tradesSettled(): boolean {
    for (const t of this.trades.values()) if (t.emitting && t.unemitted.length > 0) return false;
    return true;
  }

  /** A value of `ticker()`. */
  onTicker(ticker: Ticker): void {
    const expected = this.tickerExpected.get(ticker.pair);
    const wire = expected?.[0] as { a: unknown[]; b: unknown[]; c: unknown[] } | undefined;
    const ok = wire !== undefined && wire.a[0] === ticker.ask.price && wire.b[0] === ticker.bid.price && wire.c[0] === ticker.last.price && wire.a[2] === ticker.ask.lotVolume;
    if (this.violations.expect(ok, 'ticker.equalsFrame', () => `${ticker.pair}: ticker emitted without (or unlike) its frame`)) {
      expected?.shift();
      this.figures.tickers += 1;
    }
    this.lastTicker.set(ticker.pair, ticker);
  }

  /** A value of `candles()`. */
  onCandle(candle: Candle): void {
    const c = this.candles.get(candle.pair);
    const v = this.violations;
    if (c === undefined) {
      v.add('candle.unknown', `candle for ${candle.pair}`);
      return;
    }
    const previous = c.emitted[c.emitted.length - 1];
    v.expect(candle.final, 'candle.final', () => `${candle.pair} ${candle.start}: emitted a running candle`);
    v.expect(previous === undefined || candle.start > previous.start, 'candle.onceInOrder', () => `${candle.pair}: candle ${candle.start} after ${previous?.start} (duplicate or out of order)`);
    const wire = c.lastUpdate.get(candle.start);
    // After a gap the library repairs the candles in doubt from REST OHLC (checked against the
    // simulator at the next checkpoint); every other candle is the newest update received.
    const inDoubt = c.gapStarts.has(candle.start) || wire === undefined;
    if (inDoubt) c.repaired += 1;
    v.expect(
      inDoubt || sameCandle(candle, wire),
      'candle.equalsNewestUpdate',
      () => `${candle.pair} ${candle.start}: emitted ${candleText(candle)}, newest update ${wire === undefined ? 'none' : JSON.stringify(wire.slice(2))}`,
    );
    c.emitted.push(candle);
    this.figures.candles += 1;
  }

  /** At a checkpoint (market paused, quiet): nothing pending, ticker and candles true. */
  checkpoint(sim: Simulator): void {
    const v = this.violations;
    for (const [pair, t] of this.trades) {
      if (t.pending.length > 0) {
        if (!t.started) {
          // Not subscribed yet.
        } else if (t.gap) {
          this.figures.tradesNotDeliveredByKraken += t.pending.length;
          t.missedOnWire += t.pending.length;
        } else v.add('trade.neverOnWire', `${pair}: ${t.pending.length} trade(s) of the simulator never arrived on a live subscription`);
        t.pending.length = 0;
      }
      if (!t.emitting) {
        this.figures.tradesBeforeSubscription += t.unemitted.length;
        t.unemitted.length = 0;
        continue;
      }
      if (v.expect(t.unemitted.length === 0, 'trade.notLost', () => `${pair}: ${t.unemitted.length} trade(s) of the simulator never emitted, first ${simulatorText(t.unemitted[0] as SimulatorTrade)}`)) {
        // Trades the wire never carried, all emitted: the invariant held where it could break.
        if (t.missedOnWire > 0) v.exercise('trade.notLost', t.missedOnWire);
      }
      t.missedOnWire = 0;
      t.unemitted.length = 0;
    }
    for (const [pair, ticker] of this.lastTicker) {
      const top = sim.trueBook(pair, 1);
      v.expect(
        ticker.ask.price === top.asks[0]?.[0] && ticker.bid.price === top.bids[0]?.[0],
        'ticker.equalsTrueTop',
        () => `${pair}: last ticker ${ticker.bid.price}/${ticker.ask.price}, true top ${top.bids[0]?.[0]}/${top.asks[0]?.[0]}`,
      );
    }
    for (const [pair, c] of this.candles) {
      const truth = new Map(sim.candles(pair, 1).map((k) => [k.start * 1000, k]));
      for (const candle of c.emitted) {
        const t = truth.get(candle.start);
        v.expect(
          t !== undefined &&
            sameDecimal(t.open, candle.open) &&
            sameDecimal(t.high, candle.high) &&
            sameDecimal(t.low, candle.low) &&
            sameDecimal(t.close, candle.close) &&
            sameDecimal(t.volume, candle.volume) &&
            roundedTo(candle.vwap, t.vwap) &&
            t.count === candle.count,
          'candle.equalsSimulator',
          () =>
            `${pair} ${new Date(candle.start).toISOString()}: emitted ${candleText(candle)}, simulator ${t === undefined ? 'none' : `${t.open} ${t.high} ${t.low} ${t.close} v${t.volume} n${t.count}`}${c.gapStarts.has(candle.start) ? ' (the ohlc channel stopped during this interval)' : ''}`,
        );
      }
      const emittedStarts = new Set(c.emitted.map((k) => k.start));
      const lastEmitted = c.emitted[c.emitted.length - 1]?.start;
      const firstEmitted = c.emitted[0]?.start;
      if (lastEmitted === undefined || firstEmitted === undefined) continue;
      // Every interval the simulator has a candle for, between the first and the last emitted,
      // was emitted: from the feed, or from REST when a gap hid it.
      for (const start of truth.keys()) {
        if (start <= firstEmitted || start >= lastEmitted) continue;
        const ok = v.expect(emittedStarts.has(start), 'candle.notLost', () => `${pair}: the simulator's candle ${new Date(start).toISOString()} was never emitted`);
        // An interval the ohlc channel stopped in, or never sent an update for: only REST could bring it.
        if (ok && (c.gapStarts.has(start) || !c.lastUpdate.has(start))) v.exercise('candle.notLost');
      }
      this.figures.candlesRepaired += c.repaired;
      c.repaired = 0;
      // Drop what is settled, keep the running interval's updates.
      for (const start of [...c.lastUpdate.keys()]) if (start < lastEmitted) c.lastUpdate.delete(start);
      c.emitted.splice(0, c.emitted.length - 1);
    }
  }
}

function tradeText(t: Trade): string {
  return `${t.price} ${t.volume} ${t.time} ${t.side === 'buy' ? 'b' : 's'} ${t.orderType === 'market' ? 'm' : 'l'}`;
}

function simulatorText(s: SimulatorTrade): string {
  return `${s.price} ${s.volume} ${s.time} ${s.side} ${s.orderType}`;
}

/** Why an emitted trade is not the next one of the simulator's log. */
function describeMiss(t: TradeTrack, text: string, next: SimulatorTrade | undefined): string {
  if (t.recent.includes(text)) return 'emitted twice';
  const at = t.unemitted.findIndex((s) => simulatorText(s) === text);
  if (at > 0) return `${at} trade(s) of the simulator skipped before it (lost), first ${simulatorText(t.unemitted[0] as SimulatorTrade)}`;
  return `not the simulator's next trade (${next === undefined ? 'none' : simulatorText(next)})`;
}

/**
 * Same decimal value. A candle repaired from REST OHLC after a gap carries REST's strings,
 * which pad prices less than the WebSocket (XBT/USD `30000.1` for `30000.10000`).
 */
function sameDecimal(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return norm(a) === norm(b);
}

/** `a` equals `b` rounded to `a`'s decimals (REST's vwap has the pair's price decimals only). */
function roundedTo(a: string, b: string): boolean {
  if (sameDecimal(a, b)) return true;
  const decimals = a.split('.')[1]?.length ?? 0;
  return Math.abs(Number(a) - Number(b)) <= 0.5 * 10 ** -decimals + 1e-9;
}

function sameCandle(candle: Candle, wire: readonly unknown[]): boolean {
  const [, , open, high, low, close, vwap, volume, count] = wire;
  return candle.open === open && candle.high === high && candle.low === low && candle.close === close && candle.vwap === vwap && candle.volume === volume && candle.count === count;
}

function candleText(c: Candle): string {
  return `${c.open} ${c.high} ${c.low} ${c.close} v${c.volume} n${c.count}`;
}
