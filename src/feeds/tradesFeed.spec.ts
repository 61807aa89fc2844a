import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import type { KrakenClientConfig } from '../client/clientConfig';
import { createKrakenClient } from '../client/createKrakenClient';
import { InvalidArgumentError, TradeGapError, type KrakenError } from '../errors';
import type { FetchInit, FetchResponseLike } from '../rest/restClient';
import { createFakeWebSocketFactory } from '../testing/fakeWebSocket';
import type { Trade } from './values';

/** A REST answer the test releases when it wants. */
interface PendingCall {
  readonly url: string;
  resolve(body: unknown): void;
  fail(error: Error): void;
}

const ASSET_PAIRS = { error: [], result: { XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD' } } };

function harness(config: KrakenClientConfig = {}) {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const calls: PendingCall[] = [];
  const fetch = (url: string, _init: FetchInit): Promise<FetchResponseLike> =>
    new Promise((resolve, reject) => {
      const answer = (body: unknown) => resolve({ ok: true, status: 200, statusText: 'OK', text: () => Promise.resolve(JSON.stringify(body)) });
      if (url.includes('/0/public/AssetPairs')) answer(ASSET_PAIRS);
      else calls.push({ url, resolve: answer, fail: reject });
    });
  const kraken = createKrakenClient({
    url: 'wss://ws.kraken.com',
    restUrl: 'https://rest.test',
    webSocket: fake.factory,
    fetch,
    scheduler,
    liveness: false,
    reconnect: { random: () => 0.5 },
    tradeBackfill: { minIntervalMs: 0 },
    ...config,
  });
  const errors: KrakenError[] = [];
  kraken.errors$.subscribe((e) => errors.push(e));
  const advance = (ms: number): void => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => undefined, ms);
    scheduler.flush();
  };
  const socket = () => fake.latest();
  const connect = (): void => {
    socket().serverOpen();
    socket().serverSend('{"connectionID":1,"event":"systemStatus","status":"online","version":"1.9.2"}');
    advance(1);
    for (const text of socket().sent) {
      const request = JSON.parse(text) as { event: string; reqid: number; pair: string[] };
      if (request.event !== 'subscribe') continue;
      for (const pair of request.pair) {
        socket().serverSend(JSON.stringify({ channelID: 1, channelName: 'trade', event: 'subscriptionStatus', pair, reqid: request.reqid, status: 'subscribed', subscription: { name: 'trade' } }));
      }
    }
  };
  const reconnect = (): void => {
    socket().serverClose(1006, 'gone');
    advance(10_000);
    connect();
  };
  const sendTrades = (...rows: string[][]): void => socket().serverSend(JSON.stringify([1, rows, 'trade', 'XBT/USD']));
  return { kraken, errors, calls, connect, reconnect, sendTrades, advance };
}

/** Lets the fake fetch's promises (and the REST client's) settle. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const short = (t: Trade): string => `${t.price} ${t.time}${t.backfilled === true ? ' (rest)' : ''}`;

describe('trades() backfill after a reconnect (fake socket, fake REST)', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    subs.forEach((s) => s.unsubscribe());
    subs = [];
  });

  it('fetches REST Trades since the last trade once resubscribed, and emits the missed trades before the live ones held back', async () => {
    const h = harness();
    const trades: Trade[] = [];
    subs.push(h.kraken.trades('XBT/USD').subscribe((t) => trades.push(t)));
    h.connect();
    h.sendTrades(['30000.10000', '0.10000000', '1700000000.000100', 'b', 'm', '']);
    h.reconnect();
    await settle();
    expect(h.calls.map((c) => c.url)).toEqual(['https://rest.test/0/public/Trades?pair=XBTUSD&since=1699999999999100000']);
    // Live again before REST answers: held back.
    h.sendTrades(['30003.00000', '0.30000000', '1700000003.000000', 's', 'l', '']);
    expect(trades.map(short)).toEqual(['30000.10000 1700000000.000100']);
    h.calls[0]?.resolve({
      error: [],
      result: {
        XXBTZUSD: [
          ['30000.1', '0.10000000', 1700000000.0001, 'b', 'm', '', 1],
          ['30001.2', '0.20000000', 1700000001.5, 's', 'm', '', 2],
          ['30003.0', '0.30000000', 1700000003, 's', 'l', '', 3],
          ['30004.0', '0.40000000', 1700000004, 'b', 'm', '', 4],
        ],
        last: '1700000004000000000',
      },
    });
    await settle();
    expect(trades.map(short)).toEqual([
      '30000.10000 1700000000.000100',
      '30001.20000 1700000001.500000 (rest)',
      '30003.00000 1700000003.000000',
      '30004.00000 1700000004.000000 (rest)',
    ]);
    // The socket then delivers the trade REST already gave, and a new one.
    h.sendTrades(['30004.00000', '0.40000000', '1700000004.000000', 'b', 'm', ''], ['30005.00000', '0.50000000', '1700000005.000000', 'b', 'm', '']);
    expect(trades.map(short).slice(4)).toEqual(['30005.00000 1700000005.000000']);
    expect(h.errors).toEqual([]);
    h.kraken.close();
  });

  it('reports a failed REST call as TradeGapError with the window, and carries on live', async () => {
    const h = harness();
    const trades: Trade[] = [];
    let ended = false;
    subs.push(h.kraken.trades('XBT/USD').subscribe({ next: (t) => trades.push(t), error: () => (ended = true) }));
    h.connect();
    h.sendTrades(['30000.10000', '0.10000000', '1700000000.000100', 'b', 'm', '']);
    h.reconnect();
    await settle();
    h.sendTrades(['30003.00000', '0.30000000', '1700000003.000000', 's', 'l', '']);
    h.calls[0]?.fail(new Error('connection refused'));
    await settle();
    expect(trades.map(short)).toEqual(['30000.10000 1700000000.000100', '30003.00000 1700000003.000000']);
    const [gap] = h.errors;
    expect(gap).toBeInstanceOf(TradeGapError);
    expect((gap as TradeGapError).info).toMatchObject({ pair: 'XBT/USD', from: '1700000000.000100', to: '1700000003.000000', reason: 'rest-failed', since: '1699999999999100000' });
    h.sendTrades(['30004.00000', '0.40000000', '1700000004.000000', 'b', 'm', '']);
    expect(trades).toHaveLength(3);
    expect(ended).toBe(false);
    h.kraken.close();
  });

  it('makes one REST call per gap for all subscribers of a pair', async () => {
    const h = harness();
    const first: Trade[] = [];
    const second: Trade[] = [];
    subs.push(h.kraken.trades('XBT/USD').subscribe((t) => first.push(t)));
    subs.push(h.kraken.trades('XBT/USD').subscribe((t) => second.push(t)));
    h.connect();
    h.sendTrades(['30000.10000', '0.10000000', '1700000000.000100', 'b', 'm', '']);
    h.reconnect();
    await settle();
    expect(h.calls).toHaveLength(1);
    h.calls[0]?.resolve({ error: [], result: { XXBTZUSD: [['30001.2', '0.2', 1700000001.5, 's', 'm', '', 2]], last: '1' } });
    await settle();
    expect(first.map(short)).toEqual(['30000.10000 1700000000.000100', '30001.20000 1700000001.500000 (rest)']);
    expect(second).toEqual(first);
    h.kraken.close();
  });

  it('is off with { backfill: false }, with tradeBackfill: false, and by default for a WebSocket URL without a REST URL', async () => {
    for (const [config, options] of [
      [{}, { backfill: false }],
      [{ tradeBackfill: false }, undefined],
      [{ url: 'ws://127.0.0.1:1', restUrl: undefined }, undefined],
    ] as const) {
      const h = harness(config as KrakenClientConfig);
      const trades: Trade[] = [];
      subs.push(h.kraken.trades('XBT/USD', options).subscribe((t) => trades.push(t)));
      h.connect();
      h.sendTrades(['30000.10000', '0.10000000', '1700000000.000100', 'b', 'm', '']);
      h.reconnect();
      h.sendTrades(['30003.00000', '0.30000000', '1700000003.000000', 's', 'l', '']);
      await settle();
      expect(h.calls).toEqual([]);
      expect(trades).toHaveLength(2);
      h.kraken.close();
    }
  });

  it('rejects bad options before touching the network', () => {
    const h = harness();
    const errors: unknown[] = [];
    h.kraken.trades('XBT/USD', { backfill: 'yes' as never }).subscribe({ error: (e: unknown) => errors.push(e) });
    h.kraken.trades('XBT/USD', { fill: true } as never).subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors.map((e) => e instanceof InvalidArgumentError)).toEqual([true, true]);
    expect(() => createKrakenClient({ tradeBackfill: { maxRequests: 0 } })).toThrow(InvalidArgumentError);
    expect(() => createKrakenClient({ tradeBackfill: { minIntervalMs: -1 } })).toThrow(InvalidArgumentError);
    h.kraken.close();
  });
});
