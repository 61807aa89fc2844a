import Big from 'big.js';
import { firstValueFrom, map, take, timeout, toArray } from 'rxjs';
import type { OrderBook } from '../../src/book/orderBook';
import type { Candle } from '../../src/candles/candle';
import { toOrderBook } from '../../src/operators/toOrderBook';
import { tradesToCandles } from '../../src/operators/tradesToCandles';
import { DEFAULT_PAIRS } from '../../src/simulator/config';
import { DecodeError, SubscriptionError, InvalidArgumentError } from '../../src/errors';
import { errorOf, eventually, startHarness, takeValues, type SimHarness } from '../support/simulatorClient';

const DECIMAL = /^\d+\.\d+$/;

function topOf(book: OrderBook) {
  return {
    asks: book.asks.map((l) => [l.price, l.volume]),
    bids: book.bids.map((l) => [l.price, l.volume]),
  };
}

describe('public feeds against the embedded simulator', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('ticker, trades, spread and ohlc deliver typed values with exact decimal strings', async () => {
    h = await startHarness();
    const [ticker] = await takeValues(h.kraken.ticker('XBT/USD'), 1);
    expect(ticker?.pair).toBe('XBT/USD');
    expect(ticker?.ask.price).toMatch(DECIMAL);
    expect(typeof ticker?.ask.wholeLotVolume).toBe('number');
    const trades = await takeValues(h.kraken.trades(['XBT/USD', 'ETH/USD']), 5);
    for (const t of trades) {
      expect(['XBT/USD', 'ETH/USD']).toContain(t.pair);
      expect(t.price).toMatch(DECIMAL);
      expect(t.volume).toMatch(DECIMAL);
      expect(['buy', 'sell']).toContain(t.side);
    }
    const [spread] = await takeValues(h.kraken.spread('ETH/XBT'), 1);
    expect(spread?.bid).toMatch(/^\d+\.\d{5}$/);
    const [ohlc] = await takeValues(h.kraken.ohlc('XBT/USD', { interval: 5 }), 1);
    expect(ohlc?.interval).toBe(5);
    expect(Number(ohlc?.etime) % 300).toBe(0);
  });

  it('one subscribe message carries every pair subscribed together; the server sees one subscription per channel', async () => {
    h = await startHarness();
    await takeValues(h.kraken.ticker(['XBT/USD', 'ETH/USD', 'XDG/USD']), 3);
    const subscribes = h.sim.received.filter((r) => (r.message as { event?: string } | undefined)?.event === 'subscribe');
    expect(subscribes).toHaveLength(1);
    expect((subscribes[0]?.message as { pair: string[] }).pair).toEqual(['XBT/USD', 'ETH/USD', 'XDG/USD']);
  });

  it('a verified book equals the simulator\'s true book at every depth', async () => {
    h = await startHarness();
    for (const depth of [10, 25, 100, 500, 1000] as const) {
      const books = await takeValues(h.kraken.book('XBT/USD', { depth }), 20);
      expect(books.every((b) => b.depth === depth)).toBe(true);
    }
    h.sim.market.pause();
    const book$ = h.kraken.book('ETH/USD', { depth: 25 });
    const sub = book$.subscribe();
    await firstValueFrom(book$);
    h.sim.market.step(30, { pair: 'ETH/USD' });
    await new Promise((r) => setTimeout(r, 300));
    const current = await firstValueFrom(book$);
    expect(current.depth).toBe(25);
    expect(topOf(current)).toEqual(h.sim.trueBook('ETH/USD', 25));
    sub.unsubscribe();
  });

  it('bookMessages: a snapshot first, then updates carrying a checksum, which toOrderBook verifies into the true book', async () => {
    h = await startHarness();
    const messages = await takeValues(h.kraken.bookMessages('XBT/USD', { depth: 25 }), 20);
    const [snapshot, ...updates] = messages;
    expect(snapshot?.kind).toBe('bookSnapshot');
    if (snapshot?.kind === 'bookSnapshot') {
      expect(snapshot.pair).toBe('XBT/USD');
      expect(snapshot.asks).toHaveLength(25);
      expect(snapshot.bids).toHaveLength(25);
    }
    expect(updates).toHaveLength(19);
    for (const update of updates) {
      expect(update.kind).toBe('bookUpdate');
      expect(update.pair).toBe('XBT/USD');
      // Every update carries Kraken's "c" (a CRC32, as a decimal string).
      expect(update.kind === 'bookUpdate' ? update.checksum : undefined).toMatch(/^\d+$/);
    }
    // The raw messages, reduced by toOrderBook (which checks every checksum), give the true book.
    const books: OrderBook[] = [];
    let failure: unknown;
    const sub = h.kraken
      .bookMessages('ETH/USD', { depth: 10 })
      .pipe(toOrderBook({ depth: 10 }))
      .subscribe({ next: (book) => books.push(book), error: (error: unknown) => (failure = error) });
    await eventually(() => books.length > 15 || failure !== undefined);
    h.sim.market.pause();
    await new Promise((r) => setTimeout(r, 300));
    expect(failure).toBeUndefined();
    expect(topOf(books[books.length - 1] as OrderBook)).toEqual(h.sim.trueBook('ETH/USD', 10));
    sub.unsubscribe();
  });

  it('refuses an unknown pair on that feed alone; other feeds carry on', async () => {
    h = await startHarness();
    const good$ = h.kraken.trades('XBT/USD');
    const collected = firstValueFrom(good$.pipe(take(3), toArray(), timeout(10_000)));
    const error = await errorOf(h.kraken.ticker('FOO/BAR'));
    expect(error).toBeInstanceOf(SubscriptionError);
    expect((error as SubscriptionError).info).toMatchObject({ pair: 'FOO/BAR', channel: 'ticker' });
    await expect(collected).resolves.toHaveLength(3);
  });

  it('resolves a REST pair name through AssetPairs; strict mode rejects it with a hint', async () => {
    h = await startHarness();
    const [spread] = await takeValues(h.kraken.spread('XBTUSD'), 1);
    expect(spread?.pair).toBe('XBT/USD');
    const strict = await startHarness({}, { pairNames: 'strict' });
    try {
      const error = await errorOf(strict.kraken.spread('XXBTZUSD'));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toContain('XBT/USD');
    } finally {
      await strict.close();
    }
  });

  it('resumes every feed after the server drops the connection, with a fresh book snapshot', async () => {
    h = await startHarness();
    const trades: string[] = [];
    const books: OrderBook[] = [];
    const states: string[] = [];
    const subs = [
      h.kraken.trades('XBT/USD').subscribe((t) => trades.push(t.time)),
      h.kraken.book('ETH/USD').subscribe((b) => books.push(b)),
      h.kraken.bookSync('ETH/USD').subscribe((s) => states.push(s.state)),
      h.kraken.status$.subscribe(),
    ];
    await eventually(() => trades.length > 2 && books.length > 2);
    h.sim.faults.dropAll();
    const before = { trades: trades.length, books: books.length };
    await eventually(() => trades.length > before.trades + 2 && books.length > before.books + 2);
    expect(states).toEqual(['awaiting-snapshot', 'synced', 'awaiting-snapshot', 'synced']);
    h.sim.market.pause();
    await new Promise((r) => setTimeout(r, 200));
    expect(topOf(books[books.length - 1] as OrderBook)).toEqual(h.sim.trueBook('ETH/USD', 10));
    subs.forEach((s) => s.unsubscribe());
  });

  it('heals a corrupted checksum: the book resyncs that pair and equals the true book again', async () => {
    h = await startHarness();
    const states: string[] = [];
    const subs = [h.kraken.bookSync('XBT/USD').subscribe((s) => states.push(s.state))];
    const book$ = h.kraken.book('XBT/USD');
    subs.push(book$.subscribe());
    await eventually(() => states.includes('synced'));
    h.sim.faults.corruptNextChecksum('XBT/USD');
    await eventually(() => states.filter((s) => s === 'synced').length === 2);
    expect(states).toEqual(['awaiting-snapshot', 'synced', 'resyncing', 'synced']);
    expect(h.errors.map((e) => e.name)).toContain('BookChecksumError');
    h.sim.market.pause();
    await new Promise((r) => setTimeout(r, 200));
    expect(topOf(await firstValueFrom(book$))).toEqual(h.sim.trueBook('XBT/USD', 10));
    subs.forEach((s) => s.unsubscribe());
  });

  it('reports a malformed frame on errors$ and keeps every feed alive', async () => {
    h = await startHarness();
    const trades: string[] = [];
    const sub = h.kraken.trades('XBT/USD').subscribe((t) => trades.push(t.price));
    await eventually(() => trades.length > 0);
    h.sim.faults.sendMalformed('{definitely not json');
    await eventually(() => h.errors.some((e) => e instanceof DecodeError));
    const count = trades.length;
    await eventually(() => trades.length > count + 2);
    sub.unsubscribe();
  });

  it('a stalled server is detected by the liveness watchdog within its deadline, and the client reconnects', async () => {
    const deadlineMs = 600;
    // A bound, not a timing benchmark: generous enough for a loaded 2-core CI machine.
    const marginMs = 2_000;
    h = await startHarness({}, { liveness: { timeoutMs: deadlineMs, probeAfterMs: 300 } });
    const states: string[] = [];
    const trades: string[] = [];
    let detectedAt: number | undefined;
    const subs = [
      h.kraken.status$.subscribe((s) => {
        states.push(s.state === 'reconnecting' ? `reconnecting:${s.error.name}` : s.state);
        if (s.state === 'reconnecting' && s.error.name === 'HeartbeatTimeoutError') detectedAt ??= performance.now();
      }),
      h.kraken.trades('XBT/USD').subscribe((t) => trades.push(t.price)),
    ];
    await eventually(() => trades.length > 0);
    expect(states.some((s) => s.startsWith('reconnecting'))).toBe(false);
    const stalledAt = performance.now();
    h.sim.faults.stall();
    await eventually(() => detectedAt !== undefined);
    // The deadline counts from the last frame received, at or before the stall: detection comes
    // at most the deadline after the stall began (plus event-loop and scheduling delays).
    expect((detectedAt as number) - stalledAt).toBeLessThanOrEqual(deadlineMs + marginMs);
    h.sim.faults.resume();
    const count = trades.length;
    await eventually(() => trades.length > count + 1);
    expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    subs.forEach((s) => s.unsubscribe());
  });

  it('surfaces an HTTP 403 at upgrade as UpgradeRejectedError mentioning SNI, then connects', async () => {
    h = await startHarness();
    h.sim.faults.refuseConnections({ status: 403, count: 1 });
    const errors: string[] = [];
    const sub = h.kraken.status$.subscribe((s) => {
      if (s.state === 'reconnecting') errors.push(`${s.error.name}: ${s.error.message}`);
    });
    const [trade] = await takeValues(h.kraken.trades('XBT/USD'), 1);
    expect(trade?.pair).toBe('XBT/USD');
    expect(errors[0]).toMatch(/^UpgradeRejectedError: .*403.*SNI/);
    sub.unsubscribe();
  });

  it('retries subscriptions refused with "Exceeded msg rate" and never drops one', async () => {
    h = await startHarness({}, { subscriptions: { rateLimitPauseMs: 100 } });
    h.sim.faults.messageRateLimit({ count: 1 });
    const values = await takeValues(h.kraken.spread(['XBT/USD', 'ETH/USD']).pipe(map((s) => s.pair)), 10);
    expect(new Set(values)).toEqual(new Set(['XBT/USD', 'ETH/USD']));
    expect(h.errors.map((e) => e.name)).toContain('MessageRateLimitError');
  });

  it('measures a ping round trip', async () => {
    h = await startHarness();
    const rtt = await firstValueFrom(h.kraken.ping());
    expect(rtt).toBeGreaterThanOrEqual(0);
  });

  it('closes the socket after the linger when the last feed leaves, and unsubscribes first', async () => {
    h = await startHarness();
    const states: string[] = [];
    const statusSub = h.kraken.status$.subscribe((s) => states.push(s.state));
    await takeValues(h.kraken.trades('XBT/USD'), 1);
    await eventually(() => states[states.length - 1] === 'closed');
    const unsubscribes = h.sim.received.filter((r) => (r.message as { event?: string } | undefined)?.event === 'unsubscribe');
    expect(unsubscribes).toHaveLength(1);
    await eventually(() => h.sim.connectionCount === 0);
    statusSub.unsubscribe();
  });

  it('closed candles with REST history continue live with no gap and no duplicate', async () => {
    // The simulator's clock runs 60x faster, so one-minute candles close every second.
    const origin = Date.now();
    h = await startHarness({ eventsPerSecond: 100, clock: () => origin + (Date.now() - origin) * 60 });
    const candles = await takeValues(h.kraken.candles('XBT/USD', { interval: 1, history: 5 }), 8, 20_000);
    expect(candles.every((c) => c.final && c.pair === 'XBT/USD' && c.intervalMs === 60_000)).toBe(true);
    // No gap, no duplicate: exactly the simulator's candles of that span, in order (an interval
    // without trades has no candle, at Kraken as here).
    const truth = new Map(h.sim.candles('XBT/USD', 1).map((c) => [c.start * 1000, c]));
    const first = candles[0]?.start ?? 0;
    const last = candles[candles.length - 1]?.start ?? 0;
    const expectedStarts = [...truth.keys()].filter((start) => start >= first && start <= last).sort((a, b) => a - b);
    expect(candles.map((c) => c.start)).toEqual(expectedStarts);
    // Every candle, from REST or live, has the values of the simulator's own candle of that interval.
    for (const candle of candles) {
      const expected = truth.get(candle.start);
      expect(expected).toBeDefined();
      for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
        expect(Number(candle[field])).toBe(Number(expected?.[field]));
      }
      expect(candle.count).toBe(expected?.count);
    }
  });

  it('closed one-minute candles from the ohlc feed match candles built from the same trades', async () => {
    // The simulator's clock runs 60x faster, so one-minute candles close every second.
    const origin = Date.now();
    h = await startHarness({ eventsPerSecond: 100, clock: () => origin + (Date.now() - origin) * 60 });
    // The simulator's ohlc vwap is Σ(price × volume) / Σ volume over the interval's trades, computed
    // exactly and rounded half-up once to the pair's WebSocket price decimals; tradesToCandles
    // documents the same formula and rounding (docs/candles.md), to `vwapDecimals`.
    const vwapDecimals = DEFAULT_PAIRS.find((p) => p.wsname === 'XBT/USD')?.wsPriceDecimals as number;
    const fromTrades: Candle[] = [];
    const sub = h.kraken.trades('XBT/USD').pipe(tradesToCandles({ intervalMs: 60_000, vwapDecimals })).subscribe((c) => fromTrades.push(c));
    const fromOhlc = await takeValues(h.kraken.candles('XBT/USD', { interval: 1 }), 5, 20_000);
    await eventually(() => fromTrades.length >= 6, 20_000);
    sub.unsubscribe();
    // Compare the intervals both saw whole: the trade feed started mid-interval, so its first
    // candle is partial. Every price, the volume and the vwap must be the same decimal value
    // (Big.eq, exact: the strings may differ in trailing zeros, e.g. the ohlc feed pads prices
    // to the wire's decimals while a trade candle keeps the trade's string); count is an integer.
    const byStart = new Map(fromTrades.slice(1).map((c) => [c.start, c]));
    let compared = 0;
    for (const candle of fromOhlc) {
      const other = byStart.get(candle.start);
      if (other === undefined) continue;
      compared++;
      for (const field of ['open', 'high', 'low', 'close', 'volume', 'vwap'] as const) {
        expect({ start: candle.start, field, ohlc: candle[field], equal: new Big(candle[field]).eq(other[field]), trades: other[field] }).toEqual({
          start: candle.start,
          field,
          ohlc: candle[field],
          equal: true,
          trades: other[field],
        });
      }
      expect(candle.count).toBe(other.count);
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });
});
