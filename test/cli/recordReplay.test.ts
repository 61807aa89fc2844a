import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, jsonLines, killAll, recordedChecksums, runCli, startCli, type CliResult } from './support';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('kraken-rx record, then simulate --replay, then watch (child processes)', () => {
  let dir: string;
  let file: string;
  let recording: string;
  /** Runs that do not need the recording start at once (the machine has two cores). */
  let fixtureRun: Promise<{ replayed: CliResult; book: CliResult }>;
  let failures: Promise<CliResult[]>;
  const fixture = path.join(FIXTURES, 'kraken-book-python-kraken-sdk-2023-05.jsonl');

  /** Replays a real Kraken recording (one raw frame per line) and watches its book. */
  async function replayFixture() {
    const replay = startCli(['simulate', '--replay', fixture, '--speed', '50']);
    const [, url] = await replay.waitFor(/public\s+(ws:\/\/\S+)/);
    const book = await runCli(['watch', 'book', 'XBT/USD', '--url', url!, '--levels', '10', '--count', '111']);
    return { book, replayed: await replay.stop() };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kraken-rx-cli-'));
    file = path.join(dir, 'xbt.jsonl');
    fixtureRun = replayFixture();
    failures = Promise.all([
      runCli(['record', '--out', path.join(dir, 'refused.jsonl'), 'ticker', 'DOT/USD']),
    ]);
    const result = await runCli(['record', '--out', file, '--duration', '2', '--seed', '3', '--rate', '30', 'book,trade,ticker', 'XBT/USD']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Recorded \\d+ frames \\(\\d+ channel data frames\\) in \\d+\\.\\d s to ${escape(file)}\\n$`));
    recording = readFileSync(file, 'utf8');
  });

  afterAll(async () => {
    await killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one {t, conn, frame|sent} object per line: the requests, then every frame as received', () => {
    const lines = jsonLines(recording);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(line.sent === undefined ? ['conn', 'frame', 't'] : ['conn', 'sent', 't']);
      expect(Number.isInteger(line.t)).toBe(true);
      expect(line.conn).toBe(1);
    }
    const times = lines.map((l) => l.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const sent = lines.filter((l) => l.sent !== undefined).map((l) => JSON.parse(l.sent));
    expect(sent).toEqual([
      { event: 'subscribe', reqid: 1, pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } },
      { event: 'subscribe', reqid: 2, pair: ['XBT/USD'], subscription: { name: 'trade' } },
      { event: 'subscribe', reqid: 3, pair: ['XBT/USD'], subscription: { name: 'ticker' } },
    ]);
    const frames = lines.filter((l) => l.frame !== undefined).map((l) => l.frame as string);
    expect(JSON.parse(frames[0]!)).toMatchObject({ event: 'systemStatus', status: 'online' });
    // Raw text, byte for byte: the book snapshot keeps Kraken's decimal strings.
    expect(frames.some((f) => /^\[\d+,\{"as":\[\["\d+\.\d{5}","\d+\.\d{8}","\d+\.\d{6}"\]/.test(f))).toBe(true);
    expect(recordedChecksums(recording, 'book-10', 'XBT/USD').length).toBeGreaterThan(5);
  });

  it('replays at max rate: watch book shows the recorded checksums, watch trades the recorded trades', async () => {
    // Three watchers start at about the same time and each wants the whole recording: one playback per connection.
    const replay = startCli(['simulate', '--replay', file, '--max-rate', '--clock', 'per-connection']);
    const [, url] = await replay.waitFor(/public\s+(ws:\/\/\S+)/);
    const checksums = recordedChecksums(recording, 'book-10', 'XBT/USD');
    const recordedTrades = jsonLines(recording)
      .filter((l) => typeof l.frame === 'string' && l.frame.endsWith('"trade","XBT/USD"]'))
      .flatMap((l) => JSON.parse(l.frame)[1]);
    expect(recordedTrades.length).toBeGreaterThan(0);

    const [book, trades, refused] = await Promise.all([
      runCli(['watch', 'book', 'XBT/USD', '--url', url!, '--levels', '1', '--count', String(checksums.length + 1)]),
      runCli(['watch', 'trades', 'XBT/USD', '--url', url!, '--count', String(recordedTrades.length)]),
      runCli(['watch', 'book', 'XBT/USD', '--depth', '25', '--url', url!]),
    ]);
    expect(book.stderr).toBe('');
    expect(book.code).toBe(0);
    // The first book is the snapshot (no checksum sent); every later one is a verified update.
    expect(jsonLines(book.stdout).map((b) => b.checksum).slice(1)).toEqual(checksums);
    expect(trades.code).toBe(0);
    expect(jsonLines(trades.stdout).map((t) => [t.price, t.volume, t.time, t.side === 'buy' ? 'b' : 's', t.orderType === 'market' ? 'm' : 'l', t.misc])).toEqual(recordedTrades);

    expect(refused.code).toBe(1);
    const [, recorded] = /book-25 XBT\/USD is not in this recording \(recorded for XBT\/USD: (.*)\)/.exec(refused.stderr) ?? [];
    expect(recorded?.split(', ').sort()).toEqual(['book-10', 'ticker', 'trade']);

    const stopped = await replay.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(
      /^Replaying .*xbt\.jsonl: \d+ frames over \d+\.\ds, as fast as possible\n {2}channels (book-10|trade|ticker) XBT\/USD, (book-10|trade|ticker) XBT\/USD, (book-10|trade|ticker) XBT\/USD\n/,
    );
    expect(stopped.stdout).toMatch(/connection \d: end of the recording/);
    expect(stopped.stdout).toMatch(/Replay stopped\.\n$/);
  });

  it('replays a real Kraken recording in the fixture format (one raw frame per line)', async () => {
    const checksums = recordedChecksums(readFileSync(fixture, 'utf8'), 'book-10', 'XBT/USD');
    expect(checksums).toHaveLength(110);
    const { book, replayed } = await fixtureRun;
    expect(book.code).toBe(0);
    const books = jsonLines(book.stdout);
    expect(books.map((b) => b.checksum).slice(1)).toEqual(checksums);
    expect(books[0].asks[0]).toEqual({ price: '27918.60000', volume: '0.10013466', timestamp: '1685349920.743439' });
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/: 111 frames over 11\.0s, 100 ms per frame x50\n/);
  });

  it("exits 1 with Kraken's text when a subscription is refused", async () => {
    const [refused] = await failures;
    expect(refused!.code).toBe(1);
    expect(refused!.stderr).toBe('kraken-rx record: Kraken refused the ticker DOT/USD subscription: Currency pair not supported DOT/USD\n');
  });
});
