import { startSimulator, type Simulator } from '../../src/simulator';
import { jsonLines, killAll, referenceChecksum, runCli, type CliResult } from './support';

// XBT/USD on the WebSocket: prices with 5 decimals, volumes with 8 (as Kraken sends them).
const PRICE = /^\d+\.\d{5}$/;
const VOLUME = /^\d+\.\d{8}$/;
const TIME = /^\d{10}\.\d{6}$/;

describe('kraken-rx watch (child process)', () => {
  let sim: Simulator;
  /** Every command line runs at once (the machine has two cores); each test checks its own. */
  let runs: Record<string, Promise<CliResult>>;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, eventsPerSecond: 40, pairs: ['XBT/USD', 'ETH/USD'] });
    runs = {
      ticker: runCli(['watch', 'ticker', 'XBT/USD', 'ETH/USD', '--url', sim.url, '--count', '4']),
      trades: runCli(['watch', 'trades', 'XBT/USD', '--url', sim.url, '--count', '5']),
      spread: runCli(['watch', 'spread', 'ETH/USD', '--url', sim.url, '--count', '2']),
      book: runCli(['watch', 'book', 'XBT/USD', '--url', sim.url, '--depth', '25', '--count', '6']),
      candles: runCli(['watch', 'candles', 'XBT/USD', '--history', '3', '--count', '3', '--seed', '5']),
      unknownPair: runCli(['watch', 'ticker', 'DOT/USD']),
      restName: runCli(['watch', 'ticker', 'XBTUSD', '--url', sim.url]),
      legacyName: runCli(['watch', 'spread', 'XBT/USD', 'XETHXXBT', '--url', sim.url]),
      unreachable: runCli(['watch', 'spread', 'XBT/USD', '--url', 'ws://127.0.0.1:9', '--retries', '1']),
    };
  });

  afterAll(async () => {
    await killAll();
    await sim.close();
  });

  it('prints ticker lines of several pairs with exact decimal strings', async () => {
    const result = await runs.ticker!;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((t) => t.pair))).toEqual(new Set(['XBT/USD', 'ETH/USD']));
    for (const t of lines) {
      for (const price of [t.ask.price, t.bid.price, t.last.price, t.high.last24h, t.low.last24h, t.open.today]) expect(price).toMatch(PRICE);
      expect(t.ask.lotVolume).toMatch(VOLUME);
      expect(typeof t.ask.wholeLotVolume).toBe('number');
      expect(typeof t.trades.last24h).toBe('number');
    }
  });

  it('prints one trade per line, as the simulator traded them', async () => {
    const result = await runs.trades!;
    expect(result.code).toBe(0);
    const trades = jsonLines(result.stdout);
    expect(trades).toHaveLength(5);
    const simulated = sim.trades('XBT/USD');
    for (const trade of trades) {
      expect(trade).toEqual({ pair: 'XBT/USD', price: expect.stringMatching(PRICE), volume: expect.stringMatching(VOLUME), time: expect.stringMatching(TIME), side: expect.stringMatching(/^(buy|sell)$/), orderType: expect.stringMatching(/^(market|limit)$/), misc: '' });
      // The same strings as the trade in the simulator's log: nothing was re-formatted.
      expect(simulated).toContainEqual({ pair: 'XBT/USD', price: trade.price, volume: trade.volume, time: trade.time, side: trade.side === 'buy' ? 'b' : 's', orderType: trade.orderType === 'market' ? 'm' : 'l' });
    }
  });

  it('prints the spread', async () => {
    const result = await runs.spread!;
    expect(result.code).toBe(0);
    for (const s of jsonLines(result.stdout)) {
      expect(s).toEqual({ pair: 'ETH/USD', bid: expect.stringMatching(PRICE), ask: expect.stringMatching(PRICE), timestamp: expect.stringMatching(TIME), bidVolume: expect.stringMatching(VOLUME), askVolume: expect.stringMatching(VOLUME) });
      expect(Number(s.bid)).toBeLessThan(Number(s.ask));
    }
  });

  it('prints verified books whose checksum is that of the printed strings', async () => {
    const result = await runs.book!;
    expect(result.code).toBe(0);
    const books = jsonLines(result.stdout);
    expect(books).toHaveLength(6);
    for (const book of books) {
      expect(book.depth).toBe(25);
      expect(book.asks.length).toBeGreaterThanOrEqual(10);
      expect(book.bids.length).toBeGreaterThanOrEqual(10);
      for (const level of [...book.asks, ...book.bids]) {
        expect(level).toEqual({ price: expect.stringMatching(PRICE), volume: expect.stringMatching(VOLUME), timestamp: expect.stringMatching(TIME) });
      }
      expect(book.checksum).toBe(referenceChecksum(book.asks, book.bids));
      expect(book.bestAsk).toBe(book.asks[0].price);
      expect(book.bestBid).toBe(book.bids[0].price);
    }
  });

  it('prints closed candles, REST history first, from the embedded simulator', async () => {
    const result = await runs.candles!;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const candles = jsonLines(result.stdout);
    expect(candles).toHaveLength(3);
    candles.forEach((candle, i) => {
      expect(candle).toMatchObject({ pair: 'XBT/USD', intervalMs: 60_000, final: true });
      expect(candle.end - candle.start).toBe(60_000);
      for (const key of ['open', 'high', 'low', 'close', 'vwap']) expect(candle[key]).toMatch(/^\d+\.\d+$/);
      if (i > 0) expect(candle.start).toBe(candles[i - 1].end);
    });
  });

  it("exits 1 with Kraken's error text for an unknown pair", async () => {
    const result = await runs.unknownPair!;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Currency pair not supported DOT/USD');
  });

  it('refuses a REST pair name (XBTUSD) at once, exit 2, naming the WebSocket name XBT/USD', async () => {
    for (const [result, name, wsname] of [
      [await runs.restName!, 'XBTUSD', 'XBT/USD'],
      [await runs.legacyName!, 'XETHXXBT', 'ETH/XBT'],
    ] as const) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`"${name}" is not a pair name: use Kraken's WebSocket names (BASE/QUOTE): did you mean "${wsname}"?`);
    }
  });

  it('exits 1 naming the connection error after a bounded number of attempts', async () => {
    const result = await runs.unreachable!;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gave up connecting to ws:\/\/127\.0\.0\.1:9 after 2 attempts: .*ECONNREFUSED/);
  });
});
