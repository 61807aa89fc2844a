import { killAll, runCli, type CliResult } from './support';

/** The lines of one plain snapshot block, by section. */
function sections(block: string) {
  const lines = block.split('\n');
  const bookAt = lines.findIndex((l) => l.startsWith('── Book'));
  const candlesAt = lines.findIndex((l) => l.startsWith('── Candles 1m'));
  return {
    header: lines[0] ?? '',
    ticker: lines[1] ?? '',
    ladder: lines.slice(bookAt + 2, candlesAt),
    chart: lines.slice(candlesAt + 1, lines.length - 1),
    status: lines[lines.length - 1] ?? '',
    bookTitle: lines[bookAt] ?? '',
  };
}

describe('kraken-rx dashboard, plain mode (stdout is not a terminal)', () => {
  /** The three command lines run at once (the machine has two cores); each test checks its own. */
  let once: Promise<CliResult>;
  let duration: Promise<CliResult>;
  let unknownPair: Promise<CliResult>;

  beforeAll(() => {
    once = runCli(['dashboard', '--once', '--pair', 'ETH/USD', '--depth', '4', '--candles', '30', '--seed', '9', '--rate', '40']);
    duration = runCli(['dashboard', '--duration', '2', '--candles', '0', '--width', '90']);
    unknownPair = runCli(['dashboard', '--once', '--pair', 'DOT/USD']);
  });

  afterAll(() => killAll());

  it('--once prints one snapshot with ladder, spread and mid, trades, candles, ticker and status, without escape codes', async () => {
    const result = await once;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\x1b');
    const block = result.stdout.trimEnd();
    const { header, ticker, ladder, chart, status, bookTitle } = sections(block);
    expect(header).toMatch(/^kraken-rx · ETH\/USD · simulator ws:\/\/127\.0\.0\.1:\d+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(ticker).toMatch(/^last \d+\.\d{5} × \d+\.\d{8} [+-]\d+\.\d\d% 24h · bid \d+\.\d{5} · ask \d+\.\d{5}/);
    expect(bookTitle).toMatch(/^── Book ETH\/USD book-10 · checksum \d+ ─+ {2}── Trades ─+$/);

    // The ladder: 4 asks from the worst down to the best, the spread row, 4 bids from the best.
    const prices = (side: string) => ladder.map((l) => new RegExp(`^ ${side} +(\\d+\\.\\d+) `).exec(l)?.[1]).filter((p) => p !== undefined);
    const asks = prices('ask');
    const bids = prices('bid');
    expect(asks).toHaveLength(4);
    expect(bids).toHaveLength(4);
    expect(asks.map(Number)).toEqual([...asks.map(Number)].sort((a, b) => b - a));
    expect(bids.map(Number)).toEqual([...bids.map(Number)].sort((a, b) => b - a));
    const spreadRow = ladder.find((l) => l.includes('spread'));
    const [, spread, mid] = /spread (\d+\.\d+) · mid (\d+\.\d+)/.exec(spreadRow ?? '') ?? [];
    const bestAsk = asks[3]!;
    const bestBid = bids[0]!;
    expect(Number(spread)).toBeCloseTo(Number(bestAsk) - Number(bestBid), 8);
    expect(Number(mid)).toBeCloseTo((Number(bestAsk) + Number(bestBid)) / 2, 8);
    expect(ladder.some((l) => /^ (ask|bid) \d+\.\d{5} +\d+\.\d{8} {2}[█▏▎▍▌▋▊▉]+/.test(l))).toBe(true);

    // Trades, right of the ladder: time, side, price, volume.
    expect(ladder.some((l) => /\d\d:\d\d:\d\d\.\d{3} {2}(buy |sell) +\d+\.\d{5} \d+\.\d{8}$/.test(l))).toBe(true);

    // Candles: labelled top and bottom rows, bodies, and a time axis.
    expect(block).toMatch(/── Candles 1m 3\d closed/);
    expect(chart[0]).toMatch(/^ *\d+\.\d+ ┤/);
    expect(chart.join('\n')).toContain('█');
    expect(chart.at(-1)).toMatch(/└ \d\d:\d\d ─+ \d\d:\d\d/);

    expect(status).toMatch(/^● open · reconnects 0 · \d+ msg\/s · checksums verified \d+ · resyncs 0 · book synced · system online$/);
  });

  it('--duration 2 prints one block per second, then exits 0', async () => {
    const result = await duration;
    expect(result.code).toBe(0);
    const blocks = result.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block.split('\n')[0]).toMatch(/^kraken-rx · XBT\/USD/);
      for (const line of block.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
    }
    // By the second block the book is verified update after update.
    expect(sections(blocks[1]!).status).toMatch(/checksums verified [1-9]\d*/);
  });

  it("exits 1 with Kraken's error text when the pair does not exist", async () => {
    const result = await unknownPair;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Currency pair not supported DOT/USD');
  });
});
