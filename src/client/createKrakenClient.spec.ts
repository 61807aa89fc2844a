import { inspect } from 'node:util';
import { TestScheduler } from 'rxjs/testing';
import type { Subscription } from 'rxjs';
import { InvalidArgumentError, SubscriptionError, DecodeError, MessageRateLimitError, SubscriptionStalledError } from '../errors';
import { KrakenError } from '../errors';
import { createFakeWebSocketFactory } from '../testing/fakeWebSocket';
import type { FakeWebSocket } from '../testing/fakeWebSocket';
import { createKrakenClient } from './createKrakenClient';
import type { KrakenClient } from './krakenClient';

const TICKER =
  '{"a":["37080.20000",0,"0.49479977"],"b":["37080.10000",24,"24.49109974"],"c":["37080.10000","0.01268510"],"v":["537.03329406","1394.36071246"],"p":["37012.52371","37042.48940"],"t":[8495,21019],"l":["36727.30000","36658.00000"],"h":["37185.60000","37289.70000"],"o":["37139.90000","37160.10000"]}';

interface Harness {
  scheduler: TestScheduler;
  fake: ReturnType<typeof createFakeWebSocketFactory>;
  kraken: KrakenClient;
  errors: KrakenError[];
  /** Parsed requests the client sent on socket `index` (default: latest). */
  sent(index?: number): Array<Record<string, unknown>>;
  advance(ms: number): void;
  socket(): FakeWebSocket;
}

function harness(options: Parameters<typeof createKrakenClient>[0] = {}): Harness {
  const scheduler = new TestScheduler(() => undefined);
  const fake = createFakeWebSocketFactory();
  const kraken = createKrakenClient({
    url: 'wss://ws.kraken.com',
    webSocket: fake.factory,
    scheduler,
    liveness: false,
    reconnect: { random: () => 0.5 },
    ...options,
  });
  const errors: KrakenError[] = [];
  kraken.errors$.subscribe((e) => errors.push(e));
  return {
    scheduler,
    fake,
    kraken,
    errors,
    sent: (index) => {
      const socket = index === undefined ? fake.latest() : fake.sockets[index];
      return (socket?.sent ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
    },
    advance: (ms) => {
      scheduler.maxFrames = scheduler.now() + ms;
      scheduler.schedule(() => undefined, ms);
      scheduler.flush();
    },
    socket: () => fake.latest(),
  };
}

/** Opens the latest socket and lets queued requests leave. */
function open(h: Harness): void {
  h.socket().serverOpen();
  h.socket().serverSend('{"connectionID":1,"event":"systemStatus","status":"online","version":"1.9.2"}');
  h.advance(1);
}

function ackAll(h: Harness): void {
  for (const request of h.sent()) {
    if (request['event'] !== 'subscribe') continue;
    const subscription = request['subscription'] as { name: string; depth?: number; interval?: number };
    const suffix = subscription.name === 'book' ? `-${subscription.depth}` : subscription.name === 'ohlc' ? `-${subscription.interval}` : '';
    for (const pair of request['pair'] as string[]) {
      h.socket().serverSend(
        JSON.stringify({ channelID: 1, channelName: `${subscription.name}${suffix}`, event: 'subscriptionStatus', pair, reqid: request['reqid'], status: 'subscribed', subscription }),
      );
    }
  }
}

describe('createKrakenClient (fake socket, virtual time)', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    for (const s of subs) s.unsubscribe();
    subs = [];
  });

  it('is cold: nothing connects until a feed is subscribed', () => {
    const h = harness();
    const ticker$ = h.kraken.ticker('XBT/USD');
    h.advance(100);
    expect(h.fake.sockets).toHaveLength(0);
    subs.push(ticker$.subscribe());
    expect(h.fake.sockets).toHaveLength(1);
    h.kraken.close();
  });

  it('batches the pairs of one channel into one subscribe and routes data by channel and pair', () => {
    const h = harness();
    const tickers: string[] = [];
    subs.push(h.kraken.ticker(['XBT/USD', 'ETH/USD']).subscribe((t) => tickers.push(`${t.pair} ${t.bid.price}`)));
    open(h);
    expect(h.sent()).toEqual([{ event: 'subscribe', reqid: expect.any(Number), pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'ticker' } }]);
    ackAll(h);
    h.socket().serverSend(`[340,${TICKER},"ticker","XBT/USD"]`);
    h.socket().serverSend(`[341,${TICKER},"ticker","ETH/USD"]`);
    h.socket().serverSend(`[342,${TICKER},"ticker","LTC/USD"]`);
    expect(tickers).toEqual(['XBT/USD 37080.10000', 'ETH/USD 37080.10000']);
    h.kraken.close();
  });

  it('shares one server subscription between subscribers; the last to leave unsubscribes, then the socket lingers and closes', () => {
    const h = harness({ lingerMs: 1000 });
    const a = h.kraken.trades('XBT/USD').subscribe();
    const b = h.kraken.trades('XBT/USD').subscribe();
    open(h);
    ackAll(h);
    expect(h.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(1);
    a.unsubscribe();
    h.advance(10);
    expect(h.sent().filter((r) => r['event'] === 'unsubscribe')).toHaveLength(0);
    b.unsubscribe();
    h.advance(10);
    expect(h.sent().filter((r) => r['event'] === 'unsubscribe')).toEqual([
      { event: 'unsubscribe', reqid: expect.any(Number), pair: ['XBT/USD'], subscription: { name: 'trade' } },
    ]);
    expect(h.socket().closed).toBe(false);
    h.advance(1000);
    expect(h.socket().closed).toBe(true);
    h.kraken.close();
  });

  it('emits one value per trade, with exact strings', () => {
    const h = harness();
    const trades: unknown[] = [];
    subs.push(h.kraken.trades('XMR/USD').subscribe((t) => trades.push(t)));
    open(h);
    ackAll(h);
    h.socket().serverSend('[993,[["354.04000000","0.28245396","1618678150.826417","s","m",""],["353.81000000","1.71754604","1618678150.827816","b","l",""]],"trade","XMR/USD"]');
    expect(trades).toEqual([
      { pair: 'XMR/USD', price: '354.04000000', volume: '0.28245396', time: '1618678150.826417', side: 'sell', orderType: 'market', misc: '' },
      { pair: 'XMR/USD', price: '353.81000000', volume: '1.71754604', time: '1618678150.827816', side: 'buy', orderType: 'limit', misc: '' },
    ]);
    h.kraken.close();
  });

  it('errors only the feed whose subscription Kraken refused, matched by reqid and pair', () => {
    const h = harness();
    const good: string[] = [];
    let badError: unknown;
    subs.push(h.kraken.ticker('XBT/USD').subscribe((t) => good.push(t.pair)));
    subs.push(h.kraken.ticker('FOO/BAR').subscribe({ error: (e: unknown) => (badError = e) }));
    open(h);
    const [request] = h.sent();
    expect(request?.['pair']).toEqual(['XBT/USD', 'FOO/BAR']);
    h.socket().serverSend(
      `{"channelID":1,"channelName":"ticker","event":"subscriptionStatus","pair":"XBT/USD","reqid":${request?.['reqid']},"status":"subscribed","subscription":{"name":"ticker"}}`,
    );
    h.socket().serverSend(
      `{"errorMessage":"Currency pair not supported FOO/BAR","event":"subscriptionStatus","pair":"FOO/BAR","reqid":${request?.['reqid']},"status":"error","subscription":{"name":"ticker"}}`,
    );
    h.socket().serverSend(`[340,${TICKER},"ticker","XBT/USD"]`);
    expect(badError).toBeInstanceOf(SubscriptionError);
    expect((badError as SubscriptionError).info).toMatchObject({ errorMessage: 'Currency pair not supported FOO/BAR', pair: 'FOO/BAR', channel: 'ticker' });
    expect(good).toEqual(['XBT/USD']);
    h.kraken.close();
  });

  it('resubscribes every live channel after a reconnect, in one batched request', () => {
    const h = harness();
    const tickers: string[] = [];
    subs.push(h.kraken.ticker(['XBT/USD', 'ETH/USD']).subscribe((t) => tickers.push(t.pair)));
    open(h);
    ackAll(h);
    h.socket().serverClose(1006, 'gone');
    h.advance(10_000);
    expect(h.fake.sockets).toHaveLength(2);
    open(h);
    expect(h.sent()).toEqual([{ event: 'subscribe', reqid: expect.any(Number), pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'ticker' } }]);
    ackAll(h);
    h.socket().serverSend(`[340,${TICKER},"ticker","ETH/USD"]`);
    expect(tickers).toEqual(['ETH/USD']);
    h.kraken.close();
  });

  it('errors a feed with the DecodeError of a frame routed to it; other feeds and errors$ carry on', () => {
    const h = harness();
    let tickerError: unknown;
    const spreads: string[] = [];
    subs.push(h.kraken.ticker('XBT/USD').subscribe({ error: (e: unknown) => (tickerError = e) }));
    subs.push(h.kraken.spread('XBT/USD').subscribe((s) => spreads.push(s.bid)));
    open(h);
    ackAll(h);
    h.socket().serverSend('[340,{"a":"broken"},"ticker","XBT/USD"]');
    h.socket().serverSend('{this is not json');
    h.socket().serverSend('[341,["37080.10000","37080.20000","1699797184.943422","21.82608437","0.50775187"],"spread","XBT/USD"]');
    expect(tickerError).toBeInstanceOf(DecodeError);
    expect(spreads).toEqual(['37080.10000']);
    expect(h.errors.map((e) => e.name)).toEqual(['DecodeError', 'DecodeError']);
    h.kraken.close();
  });

  it.each([
    ['an error event with the reqid', (reqid: unknown) => `{"errorMessage":"Exceeded msg rate","event":"error","reqid":${reqid}}`],
    ['a subscriptionStatus error', (reqid: unknown) => `{"errorMessage":"Exceeded msg rate","event":"subscriptionStatus","pair":"XBT/USD","reqid":${reqid},"status":"error","subscription":{"depth":10,"name":"book"}}`],
    ['the capitalised form without reqid', () => '{"Error":"Exceeded msg rate"}'],
  ])('slows down and resends a subscribe refused with "Exceeded msg rate" (%s)', (_label, refusal) => {
    const h = harness({ subscriptions: { rateLimitPauseMs: 2000 } });
    let feedError: unknown;
    subs.push(h.kraken.bookMessages('XBT/USD').subscribe({ error: (e: unknown) => (feedError = e) }));
    open(h);
    const [first] = h.sent();
    h.socket().serverSend(refusal(first?.['reqid']));
    expect(h.errors[0]).toBeInstanceOf(MessageRateLimitError);
    h.advance(1500);
    expect(h.sent()).toHaveLength(1);
    h.advance(1000);
    const subscribes = h.sent().filter((r) => r['event'] === 'subscribe');
    expect(subscribes).toHaveLength(2);
    expect(subscribes[1]).toMatchObject({ pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    expect(feedError).toBeUndefined();
    h.kraken.close();
  });

  it('a ping answered "Exceeded msg rate" fails with MessageRateLimitError at once (not a timeout) and slows the connection', () => {
    const h = harness({ subscriptions: { rateLimitPauseMs: 2000 } });
    let pingError: unknown;
    subs.push(h.kraken.spread('XBT/USD').subscribe());
    subs.push(h.kraken.ping().subscribe({ error: (e: unknown) => (pingError = e) }));
    open(h);
    const ping = h.sent().find((r) => r['event'] === 'ping');
    h.socket().serverSend(`{"errorMessage":"Exceeded msg rate","event":"error","reqid":${String(ping?.['reqid'])}}`);
    expect(pingError).toBeInstanceOf(MessageRateLimitError);
    expect((pingError as MessageRateLimitError).info).toMatchObject({ request: 'ping', outcome: 'refused' });
    // The connection holds its traffic: a second ping waits for the pause to end...
    subs.push(h.kraken.ping().subscribe());
    h.advance(1500);
    expect(h.sent().filter((r) => r['event'] === 'ping')).toHaveLength(1);
    h.advance(1000);
    expect(h.sent().filter((r) => r['event'] === 'ping')).toHaveLength(2);
    // ...and the refusal concerned the ping alone: the subscribe waiting for its answer is not sent again.
    expect(h.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(1);
    h.kraken.close();
  });

  it('an "Exceeded msg rate" error event with the reqid of nothing pending resends no subscribe', () => {
    const h = harness({ subscriptions: { rateLimitPauseMs: 2000 } });
    subs.push(h.kraken.spread('XBT/USD').subscribe());
    open(h);
    h.socket().serverSend('{"errorMessage":"Exceeded msg rate","event":"error","reqid":987654}');
    expect(h.errors.map((e) => e.name)).toEqual(['MessageRateLimitError']);
    h.advance(5000);
    expect(h.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(1);
    h.kraken.close();
  });

  it.each([
    ['credentials at the top level', { apiKey: 'K3yTh4tMustN0tLeak0123456789', apiSecret: 'U2VjcmV0VGhhdE11c3ROb3RMZWFrQW55d2hlcmU=' }],
    ['a misspelt credentials', { credential: { apiKey: 'K3yTh4tMustN0tLeak0123456789', apiSecret: 'U2VjcmV0VGhhdE11c3ROb3RMZWFrQW55d2hlcmU=' } }],
    ['a key passed as the whole config', 'K3yTh4tMustN0tLeak0123456789'],
  ])('an unknown config key (%s) is refused by name, its value never shown', (_label, config) => {
    let error: unknown;
    try {
      createKrakenClient(config as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const everything = [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ''].join('\n');
    expect(everything).toMatch(/config/);
    expect(everything).not.toContain('K3yTh4tMustN0tLeak');
    expect(everything).not.toContain('U2VjcmV0VGhhdE11c3RO');
  });

  it('gives up after reconnect.maxAttempts failed connections: status$ closed gave-up, and the feeds on that socket error', () => {
    const h = harness({ reconnect: { random: () => 0.5, baseMs: 100, capMs: 100, maxAttempts: 2 } });
    const statuses: string[] = [];
    subs.push(h.kraken.status$.subscribe((s) => statuses.push(s.state === 'closed' ? `closed ${s.reason}` : s.state)));
    let feedError: unknown;
    let completed = false;
    subs.push(h.kraken.ticker('XBT/USD').subscribe({ error: (e: unknown) => (feedError = e), complete: () => (completed = true) }));
    const sockets = new Set<unknown>();
    for (let attempt = 0; attempt < 5 && !statuses.includes('closed gave-up'); attempt++) {
      const socket = h.socket();
      if (!sockets.has(socket)) {
        sockets.add(socket);
        socket.serverError();
      }
      h.advance(1_000);
    }
    expect(statuses[statuses.length - 1]).toBe('closed gave-up');
    expect(statuses).toEqual(['closed idle', 'connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'closed gave-up']);
    // The first attempt and the two reconnects allowed, then nothing more.
    expect(h.fake.sockets).toHaveLength(3);
    expect(feedError).toBeInstanceOf(KrakenError);
    expect((feedError as KrakenError).name).toBe('ConnectionError');
    expect(completed).toBe(false);
    h.kraken.close();
  });

  it('rejects bad arguments on subscribe, before touching the network', () => {
    const h = harness();
    const errors: unknown[] = [];
    const collect = { error: (e: unknown) => errors.push(e) };
    subs.push(h.kraken.bookMessages('XBT/USD', { depth: 42 }).subscribe(collect));
    subs.push(h.kraken.ohlc('XBT/USD', { interval: 2 }).subscribe(collect));
    subs.push(h.kraken.ticker([]).subscribe(collect));
    subs.push(h.kraken.ticker('XBT USD').subscribe(collect));
    subs.push(h.kraken.bookMessages('XBT/USD', { dpeth: 25 } as never).subscribe(collect));
    expect(errors).toHaveLength(5);
    for (const e of errors) expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(h.fake.sockets).toHaveLength(0);
    h.kraken.close();
  });

  it('resends a subscribe that got no acknowledgement, then reports the stall', () => {
    const h = harness({ subscriptions: { ackTimeoutMs: 1000, maxAttempts: 3 } });
    let feedError: unknown;
    subs.push(h.kraken.spread('XBT/USD').subscribe({ error: (e: unknown) => (feedError = e) }));
    open(h);
    h.advance(1000);
    expect(h.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(2);
    expect(h.errors[0]).toBeInstanceOf(SubscriptionStalledError);
    h.advance(1000);
    expect(h.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(3);
    h.advance(1000);
    expect(feedError).toBeInstanceOf(SubscriptionStalledError);
    h.kraken.close();
  });

  it('measures a ping round trip', () => {
    const h = harness();
    const rtts: number[] = [];
    subs.push(h.kraken.ping().subscribe((rtt) => rtts.push(rtt)));
    open(h);
    const ping = h.sent()[0];
    expect(ping).toEqual({ event: 'ping', reqid: expect.any(Number) });
    h.advance(42);
    h.socket().serverSend(`{"event":"pong","reqid":${ping?.['reqid']}}`);
    expect(rtts).toEqual([43]);
    h.kraken.close();
  });
});

