import { readFileSync } from 'node:fs';
import path from 'node:path';
import { firstValueFrom, take, toArray } from 'rxjs';
import WebSocket from 'ws';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenError } from '../../src/errors';
import { startReplayServer, type ReplayServer } from '../../src/simulator/replay';
import { FIXTURES, recordedChecksums, type Json } from './support';

/** A raw client: every frame it receives, parsed, and a way to wait for one. */
async function rawClient(url: string) {
  const ws = new WebSocket(url);
  const frames: Json[] = [];
  const waiters: { test: (m: Json) => boolean; resolve: (m: Json) => void }[] = [];
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8'));
    frames.push(message);
    for (const w of [...waiters]) {
      if (!w.test(message)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return {
    frames,
    send: (value: unknown) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    next: (test: (m: Json) => boolean) =>
      new Promise<Json>((resolve) => {
        const found = frames.find(test);
        if (found !== undefined) return resolve(found);
        waiters.push({ test, resolve });
      }),
    close: () => new Promise((resolve) => (ws.once('close', resolve), ws.close())),
  };
}

describe('startReplayServer', () => {
  const fixture = readFileSync(path.join(FIXTURES, 'kraken-book-python-kraken-sdk-2023-08.jsonl'), 'utf8');
  let servers: ReplayServer[] = [];
  const start = async (options: Parameters<typeof startReplayServer>[0]) => {
    const server = await startReplayServer(options);
    servers.push(server);
    return server;
  };

  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it("serves a real Kraken recording to the library: every one of its 979 checksums verifies", async () => {
    const server = await start({ recording: fixture, maxRate: true });
    const kraken = createKrakenClient({ url: server.url, lingerMs: 0 });
    const errors: KrakenError[] = [];
    kraken.errors$.subscribe((e) => errors.push(e));
    const books = await firstValueFrom(kraken.book('XBT/USD').pipe(take(980), toArray()));
    kraken.close();
    expect(books.slice(1).map((b) => b.checksum)).toEqual(recordedChecksums(fixture, 'book-10', 'XBT/USD'));
    expect(errors).toEqual([]);
    expect(books[0]?.bids[0]).toEqual({ price: '27119.90000', volume: '13.54067548', timestamp: '1693415328.088361' });
  });

  it('speaks Kraken v1: systemStatus, ping, subscriptionStatus per pair with its errors, unsubscribe, heartbeats', async () => {
    const finished: number[] = [];
    const server = await start({ recording: fixture, maxRate: true, heartbeatIntervalMs: 50, onFinished: (info) => finished.push(info.framesSent) });
    const client = await rawClient(server.url);
    expect(await client.next(() => true)).toEqual({ connectionID: expect.any(Number), event: 'systemStatus', status: 'online', version: '1.9.2' });

    client.send({ event: 'ping', reqid: 42 });
    expect(await client.next((m) => m.event === 'pong')).toEqual({ event: 'pong', reqid: 42 });

    client.send({ event: 'subscribe', reqid: 7, pair: ['XBT/USD', 'DOT/USD'], subscription: { name: 'book' } });
    expect(await client.next((m) => m.event === 'subscriptionStatus' && m.pair === 'XBT/USD')).toEqual({
      channelID: 336,
      channelName: 'book-10',
      event: 'subscriptionStatus',
      pair: 'XBT/USD',
      reqid: 7,
      status: 'subscribed',
      subscription: { depth: 10, name: 'book' },
    });
    expect(await client.next((m) => m.event === 'subscriptionStatus' && m.pair === 'DOT/USD')).toEqual({
      errorMessage: 'Currency pair not supported DOT/USD',
      event: 'subscriptionStatus',
      pair: 'DOT/USD',
      reqid: 7,
      status: 'error',
      subscription: { name: 'book' },
    });
    // The whole recording arrives, then heartbeats keep the connection alive.
    await client.next((m) => m.event === 'heartbeat');
    expect(client.frames.filter((m) => Array.isArray(m))).toHaveLength(980);
    expect(finished).toEqual([980]);

    client.send({ event: 'subscribe', reqid: 8, pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    expect(await client.next((m) => m.reqid === 8)).toMatchObject({ status: 'error', errorMessage: 'Already subscribed' });
    client.send({ event: 'subscribe', reqid: 9, pair: ['XBT/USD'], subscription: { name: 'trade' } });
    expect((await client.next((m) => m.reqid === 9)).errorMessage).toBe('Subscription Not Found: trade XBT/USD is not in this recording (recorded for XBT/USD: book-10)');
    client.send({ event: 'subscribe', reqid: 10, subscription: { name: 'ownTrades', token: 'x' } });
    expect((await client.next((m) => m.reqid === 10)).errorMessage).toBe('Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com');
    client.send({ event: 'unsubscribe', reqid: 11, pair: ['XBT/USD'], subscription: { name: 'book' } });
    expect(await client.next((m) => m.reqid === 11)).toMatchObject({ channelID: 336, status: 'unsubscribed', pair: 'XBT/USD' });
    client.send('{not json');
    expect(await client.next((m) => m.event === 'error')).toEqual({ errorMessage: 'Malformed request', event: 'error' });
    client.send({ event: 'addOrder', reqid: 12 });
    expect(await client.next((m) => m.reqid === 12)).toEqual({ errorMessage: 'Event(s) not found', event: 'subscriptionStatus', reqid: 12, status: 'error' });
    expect(server.connectionCount).toBe(1);
    await client.close();
  });

  it('paces a timed recording and catches late subscribers up; answers REST with an error', async () => {
    // Book and trades recorded 40 ms apart; at speed 2 they come 20 ms apart.
    const frames = [
      '[1,{"as":[["2.0","1.0","1.000000"]],"bs":[["1.0","1.0","1.000000"]]},"book-10","XBT/USD"]',
      '[2,[["1.5","0.1","1.100000","b","m",""]],"trade","XBT/USD"]',
      '[1,{"a":[["2.0","2.0","1.200000"]],"c":"1234"},"book-10","XBT/USD"]',
      '[2,[["1.6","0.1","1.300000","s","m",""]],"trade","XBT/USD"]',
    ];
    const recording = frames.map((frame, i) => JSON.stringify({ t: 5_000 + i * 40, conn: 1, frame })).join('\n');
    const server = await start({ recording, speed: 2 });
    const client = await rawClient(server.url);
    client.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
    await client.next((m) => Array.isArray(m) && m[1][0][0] === '1.6');
    client.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book' } });
    await client.next((m) => Array.isArray(m) && m[2] === 'book-10');
    // The late book gets one snapshot of the book now: the recorded snapshot with the update applied.
    const snapshot = '[1,{"as":[["2.0","2.0","1.200000"]],"bs":[["1.0","1.0","1.000000"]]},"book-10","XBT/USD"]';
    expect(client.frames.filter((m) => Array.isArray(m)).map((m) => JSON.stringify(m))).toEqual([frames[1], frames[3], snapshot]);
    const rest = await fetch(`${server.url.replace('ws:', 'http:')}/0/public/OHLC?pair=XBTUSD`);
    expect(rest.status).toBe(404);
    expect(await rest.json()).toEqual({ error: ['EGeneral:Unknown method'] });
    await client.close();
  });

  it('rejects bad options and recordings without data', async () => {
    await expect(startReplayServer({ recording: fixture, speed: 0 })).rejects.toThrow('Invalid speed');
    await expect(startReplayServer({ recording: '{"event":"heartbeat"}' })).rejects.toThrow('at least one channel data frame');
  });
});
