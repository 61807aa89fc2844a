import { readFileSync } from 'node:fs';
import path from 'node:path';
import { firstValueFrom, take, toArray, type Subscription } from 'rxjs';
import WebSocket from 'ws';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenError } from '../../src/errors';
import type { OrderBook } from '../../src/book';
import type { Trade } from '../../src/feeds/values';
import { parseRecording, startReplayServer, type ReplayServer, type ReplayServerOptions } from '../../src/simulator/replay';
import type { WebSocketLike } from '../../src/transport/webSocketLike';
import { FIXTURES, recordedChecksums, referenceChecksum } from './support';

// The replay as one market shared by every connection: resubscribes get one fresh snapshot,
// reconnects continue where the market is, and an idle server starts again from the beginning.

/** The real XBT/USD book-10 recording: one snapshot, 979 updates (with "r" levels and two-dict updates). */
const BOOK_FIXTURE = readFileSync(path.join(FIXTURES, 'kraken-book-python-kraken-sdk-2023-08.jsonl'), 'utf8');
const BOOK_TAILS = new Map(parseRecording(BOOK_FIXTURE).frames.map((frame, index) => [frame.tail, index]));
const BOOK_CHECKSUMS = recordedChecksums(BOOK_FIXTURE, 'book-10', 'XBT/USD');

/** The book recording with a synthetic trade (times strictly increasing) after every second book frame. */
const WITH_TRADES = (() => {
  const lines: string[] = [];
  let books = 0;
  for (const line of BOOK_FIXTURE.split('\n')) {
    if (!line.startsWith('[')) continue;
    lines.push(line);
    books += 1;
    if (books % 2 === 0) lines.push(`[337,[["27120.00000","0.01000000","${(1693415330 + books / 100).toFixed(6)}","b","l",""]],"trade","XBT/USD"]`);
  }
  return lines.join('\n');
})();
const FIRST_TRADE_TIME = '1693415330.020000';

/** The frame's text after its channel id, as in `ReplayFrame.tail`. */
const tailOf = (text: string) => text.slice(text.indexOf(','));
const isTrade = (text: string) => text.startsWith('[') && text.endsWith('"trade","XBT/USD"]');
const isBook = (text: string) => text.startsWith('[') && text.endsWith('"book-10","XBT/USD"]');
const isSnapshot = (text: string) => isBook(text) && text.includes('{"as":');
/** The times of the trades of raw trade frames. */
const tradeTimes = (texts: readonly string[]) => texts.filter(isTrade).flatMap((text) => (JSON.parse(text) as [number, string[][]])[1].map((t) => t[2]!));

/** The checksum of a raw snapshot frame's book, computed independently of the library. */
function snapshotChecksum(text: string): number {
  const { as, bs } = (JSON.parse(text) as [number, { as: string[][]; bs: string[][] }])[1];
  const levels = (side: string[][]) => side.map(([price, volume]) => ({ price: price!, volume: volume! }));
  return referenceChecksum(levels(as), levels(bs));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(test: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A WebSocket for the library that records every frame it receives and can be dropped (1006) from the test. */
class RecordingSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly received: string[] = [];
  readonly #ws: WebSocket;

  constructor(url: string) {
    this.#ws = new WebSocket(url, { perMessageDeflate: false });
    this.#ws.on('open', () => this.onopen?.({ type: 'open' }));
    this.#ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      this.received.push(text);
      this.onmessage?.({ data: text });
    });
    this.#ws.on('error', (error: Error) => this.onerror?.({ error, message: error.message }));
    this.#ws.on('close', (code: number, reason: Buffer) => this.onclose?.({ code, reason: reason.toString('utf8') }));
  }

  get readyState(): number {
    return this.#ws.readyState;
  }

  send(data: string): void {
    this.#ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.#ws.close(code, reason);
  }

  /** Drops the connection without a closing handshake, as a network failure does. */
  drop(): void {
    this.#ws.terminate();
  }
}

/** A raw client: every frame it receives, and a way to wait for one. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return {
    frames,
    send: (value: unknown) => ws.send(JSON.stringify(value)),
    close: () => new Promise((resolve) => (ws.once('close', resolve), ws.close())),
  };
}

describe('the replay server as one shared market (library and raw clients)', () => {
  let servers: ReplayServer[] = [];
  let subscriptions: Subscription[] = [];
  /** Everything to close after a test, passed or failed (a client left open keeps reconnecting). */
  let closers: (() => unknown)[] = [];
  const start = async (options: ReplayServerOptions) => {
    const server = await startReplayServer(options);
    servers.push(server);
    return server;
  };
  const library = (config: Parameters<typeof createKrakenClient>[0]) => {
    const kraken = createKrakenClient(config);
    closers.push(() => kraken.close());
    return kraken;
  };
  const client = (server: ReplayServer, sockets: RecordingSocket[], config: { lingerMs?: number } = {}) =>
    library({
      url: server.url,
      lingerMs: config.lingerMs ?? 0,
      reconnect: { baseMs: 50, capMs: 100 },
      webSocket: (url: string) => {
        const socket = new RecordingSocket(url);
        sockets.push(socket);
        return socket;
      },
    });

  afterEach(async () => {
    for (const s of subscriptions) s.unsubscribe();
    subscriptions = [];
    await Promise.all(closers.map((close) => close()));
    closers = [];
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('a book unsubscribed and subscribed again gets exactly one fresh snapshot, then the recorded updates, and verifies', async () => {
    const server = await start({ recording: BOOK_FIXTURE, frameIntervalMs: 4 });
    const sockets: RecordingSocket[] = [];
    const kraken = client(server, sockets, { lingerMs: 60_000 });
    const errors: KrakenError[] = [];
    subscriptions.push(kraken.errors$.subscribe((e) => errors.push(e)));

    await firstValueFrom(kraken.book('XBT/USD').pipe(take(50), toArray()));
    const socket = sockets[0]!;
    await until(() => socket.received.some((t) => t.includes('"status":"unsubscribed"')), 5_000, 'unsubscribed');
    const lastBefore = Math.max(...socket.received.filter(isBook).map((t) => BOOK_TAILS.get(tailOf(t)) ?? -1));
    await sleep(100); // the market moves on meanwhile
    const resubscribedAt = socket.received.length;

    const books = await firstValueFrom(kraken.book('XBT/USD').pipe(take(100), toArray()));
    kraken.close();
    expect(sockets).toHaveLength(1);
    const after = socket.received.slice(resubscribedAt);
    const statuses = after.filter((t) => t.includes('"event":"subscriptionStatus"'));
    expect(statuses.map((t) => (JSON.parse(t) as { status: string }).status)).toEqual(['subscribed']);
    const bookFrames = after.filter(isBook);
    // One snapshot, first; it is not the recorded one but the book now (no recorded frame has its text).
    expect(bookFrames.filter(isSnapshot)).toHaveLength(1);
    expect(isSnapshot(bookFrames[0]!)).toBe(true);
    expect(BOOK_TAILS.has(tailOf(bookFrames[0]!))).toBe(false);
    // Then the recorded updates, byte for byte, from after where the first subscription left: no history.
    const indices = bookFrames.slice(1).map((t) => BOOK_TAILS.get(tailOf(t)));
    expect(indices.length).toBeGreaterThanOrEqual(99);
    expect(indices.every((i) => i !== undefined)).toBe(true);
    expect(indices[0]!).toBeGreaterThan(lastBefore + 1);
    expect(indices).toEqual([...(indices as number[])].sort((a, b) => a - b));
    // The snapshot is the book as Kraken had it: its checksum is the recorded one of the update just
    // before it (frame i >= 1 is update i, whose checksum is BOOK_CHECKSUMS[i - 1]).
    expect(snapshotChecksum(bookFrames[0]!)).toBe(BOOK_CHECKSUMS[indices[0]! - 2]);
    // The library verified every update against it.
    expect(books[0]!.checksum).toBe(BOOK_CHECKSUMS[indices[0]! - 2]);
    expect(books.slice(1).map((b) => b.checksum)).toEqual(indices.slice(0, 99).map((i) => BOOK_CHECKSUMS[i! - 1]));
    expect(errors).toEqual([]);
  });

  it('a client that reconnects mid-replay continues where the market is: no trade repeats or goes back, its book resyncs and verifies', async () => {
    const server = await start({ recording: WITH_TRADES, frameIntervalMs: 2 });
    const sockets: RecordingSocket[] = [];
    const kraken = client(server, sockets);
    const errors: KrakenError[] = [];
    const trades: Trade[] = [];
    const books: OrderBook[] = [];
    subscriptions.push(kraken.errors$.subscribe((e) => errors.push(e)));
    subscriptions.push(kraken.trades('XBT/USD', { backfill: false }).subscribe((t) => trades.push(t)));
    subscriptions.push(kraken.book('XBT/USD').subscribe((b) => books.push(b)));

    await until(() => trades.length >= 100, 10_000, '100 trades');
    sockets[0]!.drop();
    await until(() => sockets.length === 2 && sockets[1]!.received.some(isTrade), 10_000, 'trades after the reconnect');
    const lastChecksum = BOOK_CHECKSUMS[BOOK_CHECKSUMS.length - 1];
    await until(() => books[books.length - 1]?.checksum === lastChecksum, 15_000, 'the last book');
    kraken.close();

    expect(sockets).toHaveLength(2);
    const [first, second] = [sockets[0]!.received, sockets[1]!.received];
    // On the wire: the second connection's trades start after the first one's, none repeated.
    const times = tradeTimes([...first, ...second]);
    for (let i = 1; i < times.length; i++) expect(Number(times[i])).toBeGreaterThan(Number(times[i - 1]));
    expect(tradeTimes(second).length).toBeGreaterThan(0);
    expect(trades.map((t) => t.time)).toEqual(trades.map((t) => t.time).sort((a, b) => Number(a) - Number(b)));
    expect(new Set(trades.map((t) => t.time)).size).toBe(trades.length);
    // The book: one fresh snapshot on the new connection, then updates from where the market is.
    expect(second.filter(isSnapshot)).toHaveLength(1);
    const secondIndices = second.filter((t) => isBook(t) && !isSnapshot(t)).map((t) => BOOK_TAILS.get(tailOf(t)) ?? -1);
    const firstIndices = first.filter((t) => isBook(t) && !isSnapshot(t)).map((t) => BOOK_TAILS.get(tailOf(t)) ?? -1);
    expect(secondIndices[0]!).toBeGreaterThan(Math.max(...firstIndices));
    expect(errors.filter((e) => e.name === 'BookChecksumError')).toEqual([]);
  });

  it('after idleRestartMs without clients, the next client gets the recording from the start; a quicker one does not', async () => {
    const server = await start({ recording: WITH_TRADES, frameIntervalMs: 2, idleRestartMs: 300 });
    /** A library client's first 20 trades; its subscribe is the only one, so a fresh session's clock starts with it. */
    const firstTrades = async () => {
      const kraken = library({ url: server.url, lingerMs: 0 });
      const trades = await firstValueFrom(kraken.trades('XBT/USD', { backfill: false }).pipe(take(20), toArray()));
      kraken.close();
      await until(() => server.connectionCount === 0, 5_000, 'the client to leave');
      return trades.map((t) => t.time);
    };
    const one = await firstTrades();
    expect(one[0]).toBe(FIRST_TRADE_TIME);
    await sleep(450);
    const two = await firstTrades();
    expect(two).toEqual(one);
    // Back within idleRestartMs: the same market, further on.
    const three = await firstTrades();
    expect(Number(three[0])).toBeGreaterThan(Number(two[two.length - 1]));
  });

  it('maxRate: a later client joins at the furthest frame reached; with clock per-connection it gets the whole recording', async () => {
    const allTrades = tradeTimes(WITH_TRADES.split('\n'));
    const lastChecksum = BOOK_CHECKSUMS[BOOK_CHECKSUMS.length - 1];
    for (const clock of ['shared', 'per-connection'] as const) {
      const server = await start({ recording: WITH_TRADES, maxRate: true, clock, heartbeatIntervalMs: 50 });
      const a = await rawClient(server.url);
      a.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
      await until(() => tradeTimes(a.frames).length === allTrades.length, 10_000, 'the end of the recording');
      expect(tradeTimes(a.frames)).toEqual(allTrades);
      const b = await rawClient(server.url);
      b.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
      b.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book' } });
      await until(() => b.frames.some(isBook) && b.frames.includes('{"event":"heartbeat"}'), 5_000, 'a book and a heartbeat');
      const books = b.frames.filter(isBook);
      expect(books.filter(isSnapshot)).toHaveLength(1);
      expect(isSnapshot(books[0]!)).toBe(true);
      if (clock === 'shared') {
        // Joined at the end: no trade, and the book as it is at the end.
        expect(tradeTimes(b.frames)).toEqual([]);
        expect(books).toHaveLength(1);
        expect(snapshotChecksum(books[0]!)).toBe(lastChecksum);
      } else {
        expect(tradeTimes(b.frames)).toEqual(allTrades);
        expect((JSON.parse(books[books.length - 1]!) as [number, { c?: string }])[1].c).toBe(String(lastChecksum));
      }
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('rejects a bad clock or idleRestartMs', async () => {
    await expect(startReplayServer({ recording: BOOK_FIXTURE, clock: 'wall' as 'shared' })).rejects.toThrow('Invalid clock');
    await expect(startReplayServer({ recording: BOOK_FIXTURE, idleRestartMs: -1 })).rejects.toThrow('Invalid idleRestartMs');
  });
});
