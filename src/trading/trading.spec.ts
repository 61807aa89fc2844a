import { Subject, of, type Subscription } from 'rxjs';
import {
  AuthenticationError,
  DeadMansSwitchError,
  InvalidOrderError,
  KrakenRequestError,
  MessageRateLimitError,
  RequestInterruptedError,
  RequestTimeoutError,
} from '../errors';
import { FAKE_TOKEN as TOKEN, fakeSocketClient as setup } from '../../test/support/fakeSocketClient';

describe('trading requests (fake socket, virtual time)', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    for (const s of subs) s.unsubscribe();
    subs = [];
  });

  it('sends addOrder with the token and a reqid, and emits the answer matched by reqid', () => {
    const t = setup();
    const results: unknown[] = [];
    let completed = false;
    subs.push(
      t.kraken
        .addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '27000.1', volume: '0.002', userref: 42 })
        .subscribe({ next: (r) => results.push(r), complete: () => (completed = true) }),
    );
    expect(t.fake.sockets[0]?.url).toBe('wss://ws-auth.kraken.com');
    t.open();
    const [request] = t.sent();
    expect(request).toMatchObject({ event: 'addOrder', token: TOKEN, ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '27000.1', volume: '0.002', userref: '42' });
    t.socket().serverSend(`{"descr":"buy 0.00200000 XBTUSD @ limit 27000.1","event":"addOrderStatus","reqid":${request?.['reqid']},"status":"ok","txid":"OA7JUX-OKLO3-M6IEVL"}`);
    expect(results).toEqual([{ txid: 'OA7JUX-OKLO3-M6IEVL', descr: 'buy 0.00200000 XBTUSD @ limit 27000.1', reqid: request?.['reqid'] }]);
    expect(completed).toBe(true);
    t.kraken.close();
  });

  it('correlates 100 concurrent orders answered in shuffled order', () => {
    const t = setup({ requestTimeoutMs: 30_000 });
    const results = new Map<number, string>();
    for (let i = 1; i <= 100; i++) {
      subs.push(
        t.kraken
          .addOrder({ ordertype: 'limit', type: 'sell', pair: 'ETH/USD', price: `${2000 + i}`, volume: '1', userref: i })
          .subscribe((r) => results.set(i, r.txid ?? '')),
      );
    }
    t.open();
    t.advance(10_000); // the rate budget releases a burst of 10, then one every 100 ms
    const requests = t.sent();
    expect(requests).toHaveLength(100);
    expect(new Set(requests.map((r) => r['reqid'])).size).toBe(100);
    const shuffled = [...requests].sort((a, b) => ((Number(a['reqid']) * 7919) % 101) - ((Number(b['reqid']) * 7919) % 101));
    for (const r of shuffled) {
      t.socket().serverSend(`{"event":"addOrderStatus","reqid":${r['reqid']},"status":"ok","txid":"T-${r['userref']}"}`);
    }
    expect(results.size).toBe(100);
    for (const [i, txid] of results) expect(txid).toBe(`T-${i}`);
    t.kraken.close();
  });

  it('turns Kraken\'s error answer into a KrakenRequestError with its text', () => {
    const t = setup();
    let error: unknown;
    subs.push(t.kraken.addOrder({ ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '0.0001' }).subscribe({ error: (e: unknown) => (error = e) }));
    t.open();
    const [request] = t.sent();
    t.socket().serverSend(`{"errorMessage":"EOrder:Order minimum not met","event":"addOrderStatus","reqid":${request?.['reqid']},"status":"error"}`);
    expect(error).toBeInstanceOf(KrakenRequestError);
    expect((error as KrakenRequestError).info).toMatchObject({ errorMessage: 'EOrder:Order minimum not met', category: 'Order' });
    t.kraken.close();
  });

  it('rejects invalid parameters before sending anything', () => {
    const t = setup();
    let error: unknown;
    subs.push(t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', volume: '-1' }).subscribe({ error: (e: unknown) => (error = e) }));
    expect(error).toBeInstanceOf(InvalidOrderError);
    expect(t.fake.sockets).toHaveLength(0);
    t.kraken.close();
  });

  it('a drop after sending gives outcome "unknown" and the order is never sent again', () => {
    const t = setup();
    let error: unknown;
    subs.push(t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '1', userref: 7 }).subscribe({ error: (e: unknown) => (error = e) }));
    subs.push(t.kraken.openOrders().subscribe()); // keeps the private socket wanted across the drop
    t.open();
    expect(t.sent().filter((r) => r['event'] === 'addOrder')).toHaveLength(1);
    t.socket().serverClose(1006, 'network');
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect((error as RequestInterruptedError).info).toMatchObject({ outcome: 'unknown', request: 'addOrder', userref: 7 });
    expect((error as Error).message).toContain('MAY have been placed');
    t.advance(1_000); // the backoff's first retry (jitter 0.5 of 500 ms)
    expect(t.fake.sockets).toHaveLength(2);
    t.open();
    expect(t.sent().filter((r) => r['event'] === 'addOrder')).toHaveLength(0);
    t.kraken.close();
  });

  it('times out with outcome "not-sent" when the request never left, and withdraws it', () => {
    const t = setup();
    let error: unknown;
    subs.push(t.kraken.cancelAll().subscribe({ error: (e: unknown) => (error = e) }));
    // The socket never opens.
    t.advance(10_000);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).info.outcome).toBe('not-sent');
    t.kraken.close();
  });

  it('times out with outcome "unknown" when sent and unanswered', () => {
    const t = setup();
    let error: unknown;
    subs.push(t.kraken.cancelAll({ timeoutMs: 3000 }).subscribe({ error: (e: unknown) => (error = e) }));
    t.open();
    t.advance(3000);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).info).toMatchObject({ outcome: 'unknown', timeoutMs: 3000 });
    t.kraken.close();
  });

  it('completes cancelOrder when every txid has its answer; partial failures are listed', () => {
    const t = setup();
    const results: unknown[] = [];
    subs.push(t.kraken.cancelOrder(['OA', 'OB', 'OC']).subscribe((r) => results.push(r)));
    t.open();
    const [request] = t.sent();
    expect(request).toMatchObject({ event: 'cancelOrder', txid: ['OA', 'OB', 'OC'] });
    const reqid = request?.['reqid'];
    t.socket().serverSend(`{"event":"cancelOrderStatus","reqid":${reqid},"status":"ok"}`);
    t.socket().serverSend(`{"errorMessage":"EOrder:Unknown order","event":"cancelOrderStatus","reqid":${reqid},"status":"error"}`);
    expect(results).toEqual([]);
    t.socket().serverSend(`{"event":"cancelOrderStatus","reqid":${reqid},"status":"ok"}`);
    expect(results).toEqual([{ cancelled: 2, failed: ['EOrder:Unknown order'] }]);
    t.kraken.close();
  });

  it('keeps the dead man\'s switch armed while subscribed and disarms it on unsubscribe', () => {
    const t = setup();
    const sub = t.kraken.deadMansSwitch({ timeoutSeconds: 60, refreshSeconds: 20 }).subscribe({ error: () => undefined });
    t.advance(0);
    t.open();
    const answer = () => {
      for (const r of t.sent().filter((x) => x['event'] === 'cancelAllOrdersAfter')) {
        t.socket().serverSend(`{"event":"cancelAllOrdersAfterStatus","reqid":${r['reqid']},"status":"ok","currentTime":"x","triggerTime":"y"}`);
      }
    };
    answer();
    t.advance(20_000);
    answer();
    t.advance(20_000);
    const timeouts = () => t.sent().filter((x) => x['event'] === 'cancelAllOrdersAfter').map((x) => x['timeout']);
    expect(timeouts()).toEqual([60, 60, 60]);
    sub.unsubscribe();
    t.advance(1);
    expect(timeouts()).toEqual([60, 60, 60, 0]);
    t.kraken.close();
  });

  describe('the dead man\'s switch stays armed when a refresh fails', () => {
    const switchTimeouts = (t: ReturnType<typeof setup>) =>
      t.fake.sockets.flatMap((s) => s.sent.map((x) => JSON.parse(x) as Record<string, unknown>)).filter((x) => x['event'] === 'cancelAllOrdersAfter').map((x) => x['timeout']);
    const answerAll = (t: ReturnType<typeof setup>, answered: Set<unknown>) => {
      for (const r of t.sent().filter((x) => x['event'] === 'cancelAllOrdersAfter' && !answered.has(x['reqid']))) {
        answered.add(r['reqid']);
        t.socket().serverSend(`{"event":"cancelAllOrdersAfterStatus","reqid":${r['reqid']},"status":"ok","currentTime":"2024-01-01T00:00:00Z","triggerTime":"2024-01-01T00:01:00Z"}`);
      }
    };

    it('a refresh that times out errors with DeadMansSwitchError and never sends 0', () => {
      const t = setup({ requestTimeoutMs: 5_000 });
      let error: unknown;
      const values: unknown[] = [];
      const sub = t.kraken.deadMansSwitch({ timeoutSeconds: 60, refreshSeconds: 20 }).subscribe({ next: (v) => values.push(v), error: (e: unknown) => (error = e) });
      t.open();
      const answered = new Set<unknown>();
      answerAll(t, answered);
      t.advance(20_000); // the refresh goes out and is never answered
      expect(switchTimeouts(t)).toEqual([60, 60]);
      t.advance(5_000);
      expect(error).toBeInstanceOf(DeadMansSwitchError);
      expect((error as DeadMansSwitchError).info).toEqual({ timeoutSeconds: 60, triggerTime: '2024-01-01T00:01:00Z', failure: 'RequestTimeoutError' });
      expect((error as Error).cause).toBeInstanceOf(RequestTimeoutError);
      expect((error as Error).message).toContain('left armed');
      expect(values).toHaveLength(1);
      sub.unsubscribe(); // after the error: nothing more is sent
      t.advance(60_000);
      expect(switchTimeouts(t)).toEqual([60, 60]);
      t.kraken.close();
    });

    it('a connection drop during a refresh never sends 0, not even on the next connection', () => {
      const t = setup();
      let error: unknown;
      // Keeps the private socket wanted across the drop (never acknowledged here: it stalls, quietly).
      subs.push(t.kraken.openOrders().subscribe({ error: () => undefined }));
      subs.push(t.kraken.deadMansSwitch().subscribe({ error: (e: unknown) => (error = e) }));
      t.open();
      answerAll(t, new Set());
      t.advance(20_000);
      t.socket().serverClose(1006, 'network');
      expect(error).toBeInstanceOf(DeadMansSwitchError);
      expect((error as Error).cause).toBeInstanceOf(RequestInterruptedError);
      t.advance(1_000);
      expect(t.fake.sockets).toHaveLength(2);
      t.open();
      t.advance(60_000);
      expect(switchTimeouts(t)).toEqual([60, 60]);
      t.kraken.close();
    });

    it('a refresh Kraken refuses never sends 0', () => {
      const t = setup();
      let error: unknown;
      subs.push(t.kraken.deadMansSwitch().subscribe({ error: (e: unknown) => (error = e) }));
      t.open();
      const [first] = t.sent().filter((x) => x['event'] === 'cancelAllOrdersAfter');
      t.socket().serverSend(`{"errorMessage":"EGeneral:Permission denied","event":"cancelAllOrdersAfterStatus","reqid":${first?.['reqid']},"status":"error"}`);
      expect(error).toBeInstanceOf(DeadMansSwitchError);
      expect((error as DeadMansSwitchError).info).toEqual({ timeoutSeconds: 60, failure: 'KrakenRequestError' });
      t.advance(60_000);
      expect(switchTimeouts(t)).toEqual([60]);
      t.kraken.close();
    });
  });
});

describe('invalid tokens and message-rate refusals (fake socket, virtual time)', () => {
  let subs: Subscription[] = [];
  afterEach(() => {
    for (const s of subs) s.unsubscribe();
    subs = [];
  });

  /** A token provider handing out tok-1-…, tok-2-…: a fresh token per call, counted. */
  function countingProvider() {
    const issued: string[] = [];
    return {
      issued,
      tokenProvider: () => {
        const token = `tok-${issued.length + 1}-c2VjcmV0IHRva2Vu`;
        issued.push(token);
        return of(token);
      },
    };
  }
  const subscribeFrames = (t: ReturnType<typeof setup>) => t.sent().filter((r) => r['event'] === 'subscribe');

  it('a token that cannot be had fails every request waiting for it at once, and a waiting feed once', () => {
    const token$ = new Subject<string>();
    const t = setup({ tokenProvider: () => token$ });
    const errors: unknown[] = [];
    const reported: string[] = [];
    subs.push(t.kraken.errors$.subscribe((e) => reported.push(e.name)));
    const order = (userref: number) => ({ ordertype: 'limit' as const, type: 'buy' as const, pair: 'XBT/USD', price: '1.0', volume: '1.0', userref });
    subs.push(t.kraken.addOrder(order(1)).subscribe({ error: (e: unknown) => errors.push(e) }));
    subs.push(t.kraken.addOrder(order(2)).subscribe({ error: (e: unknown) => errors.push(e) }));
    subs.push(t.kraken.openOrders().subscribe({ error: (e: unknown) => errors.push(e) }));
    subs.push(t.kraken.ownTrades().subscribe({ error: (e: unknown) => errors.push(e) }));
    t.open();
    token$.error(new Error('the token service is down'));
    t.advance(1);
    // Both orders fail now, not at their 10 s timeout; nothing was sent.
    expect(errors).toHaveLength(4);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).info.reason).toBe('token-provider-failed');
    }
    expect(t.sent().filter((r) => r['event'] === 'addOrder')).toHaveLength(0);
    // The feeds' shared failure is reported once on errors$ (the orders' callers are told directly).
    expect(reported).toEqual(['AuthenticationError']);
    t.kraken.close();
  });

  it('a provider that hands back the token Kraken refused fails the feed with token-rejected instead of reusing it', () => {
    const t = setup({ tokenProvider: () => of(TOKEN) });
    let error: unknown;
    const sub = t.kraken.openOrders().subscribe({ error: (e: unknown) => (error = e) });
    t.open();
    const [first] = subscribeFrames(t);
    t.socket().serverSend(
      `{"errorMessage":"ESession:Invalid session","event":"subscriptionStatus","reqid":${first?.['reqid']},"status":"error","subscription":{"name":"openOrders"}}`,
    );
    t.advance(1);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info.reason).toBe('token-rejected');
    // The refused token was never sent again.
    expect(subscribeFrames(t)).toHaveLength(1);
    sub.unsubscribe();
    t.kraken.close();
  });

  it('an addOrder refused for its token fails (nothing was placed); the next request on the same connection gets a fresh token', () => {
    const provider = countingProvider();
    const t = setup({ tokenProvider: provider.tokenProvider });
    let error: unknown;
    const placed: unknown[] = [];
    subs.push(t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '1' }).subscribe({ error: (e: unknown) => (error = e) }));
    t.open();
    const [first] = t.sent();
    expect(first?.['token']).toBe(provider.issued[0]);
    t.socket().serverSend(`{"errorMessage":"ESession:Invalid session","event":"addOrderStatus","reqid":${first?.['reqid']},"status":"error"}`);
    expect(error).toBeInstanceOf(KrakenRequestError);
    expect((error as Error).message).toContain('safe to send it again');
    subs.push(t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '1' }).subscribe((r) => placed.push(r)));
    t.advance(1);
    const second = t.sent()[1];
    expect(provider.issued).toHaveLength(2);
    expect(second?.['token']).toBe(provider.issued[1]);
    t.socket().serverSend(`{"event":"addOrderStatus","reqid":${second?.['reqid']},"status":"ok","txid":"OA"}`);
    expect(placed).toHaveLength(1);
    expect(t.fake.sockets).toHaveLength(1);
    t.kraken.close();
  });

  it('a cancelOrder of several ids refused once for its token fails at once and invalidates the token', () => {
    const provider = countingProvider();
    const t = setup({ tokenProvider: provider.tokenProvider });
    let error: unknown;
    subs.push(t.kraken.cancelOrder(['OA', 'OB', 'OC']).subscribe({ error: (e: unknown) => (error = e) }));
    t.open();
    const [request] = t.sent();
    t.socket().serverSend(`{"errorMessage":"ESession:Invalid session","event":"cancelOrderStatus","reqid":${request?.['reqid']},"status":"error"}`);
    expect(error).toBeInstanceOf(KrakenRequestError);
    expect((error as KrakenRequestError).info.errorMessage).toBe('ESession:Invalid session');
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    t.advance(1);
    expect(provider.issued).toHaveLength(2);
    expect(t.sent()[1]).toMatchObject({ event: 'cancelAll', token: provider.issued[1] });
    t.kraken.close();
  });

  it('two answers refusing the same token fetch one new token, not two', () => {
    const provider = countingProvider();
    const t = setup({ tokenProvider: provider.tokenProvider });
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    t.open();
    const [a, b] = t.sent();
    t.socket().serverSend(`{"errorMessage":"ESession:Invalid session","event":"cancelAllStatus","reqid":${a?.['reqid']},"status":"error"}`);
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    t.advance(1);
    expect(provider.issued).toHaveLength(2);
    // The second refusal names the first token, already replaced: the new one stays.
    t.socket().serverSend(`{"errorMessage":"ESession:Invalid session","event":"cancelAllStatus","reqid":${b?.['reqid']},"status":"error"}`);
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    t.advance(1);
    expect(provider.issued).toHaveLength(2);
    expect(t.sent().slice(2).map((r) => r['token'])).toEqual([provider.issued[1], provider.issued[1]]);
    t.kraken.close();
  });

  it('an addOrder answered "Exceeded msg rate" fails as refused, is never resent, and slows the connection down', () => {
    const t = setup({ subscriptions: { rateLimitPauseMs: 2000 } });
    let error: unknown;
    subs.push(t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '1', userref: 9 }).subscribe({ error: (e: unknown) => (error = e) }));
    t.open();
    const [request] = t.sent();
    t.socket().serverSend(`{"errorMessage":"Exceeded msg rate","event":"error","reqid":${request?.['reqid']}}`);
    expect(error).toBeInstanceOf(MessageRateLimitError);
    expect((error as MessageRateLimitError).info).toEqual({ errorMessage: 'Exceeded msg rate', reqid: request?.['reqid'], request: 'addOrder', outcome: 'refused' });
    expect((error as Error).message).toContain('nothing was placed');
    // The next request waits out the pause.
    subs.push(t.kraken.cancelAll().subscribe({ error: () => undefined }));
    t.advance(1500);
    expect(t.sent().map((r) => r['event'])).toEqual(['addOrder']);
    t.advance(600);
    expect(t.sent().map((r) => r['event'])).toEqual(['addOrder', 'cancelAll']);
    t.advance(60_000);
    expect(t.sent().filter((r) => r['event'] === 'addOrder')).toHaveLength(1);
    t.kraken.close();
  });
});

describe('the request timeout bounds the whole call, pair lookup included (virtual time)', () => {
  const ASSET_PAIRS = JSON.stringify({ error: [], result: { XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD' } } });
  /** A fetch whose answers the test releases by hand (REST calls otherwise hang). */
  function manualFetch() {
    const pending: Array<() => void> = [];
    return {
      pending,
      fetch: () =>
        new Promise<{ ok: boolean; status: number; statusText: string; text(): Promise<string> }>((resolve) =>
          pending.push(() => resolve({ ok: true, status: 200, statusText: 'OK', text: () => Promise.resolve(ASSET_PAIRS) })),
        ),
    };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('a lookup that hangs fails the order at the request timeout, as not-sent', () => {
    const rest = manualFetch();
    const t = setup({ fetch: rest.fetch, requestTimeoutMs: 3_000 });
    let error: unknown;
    const sub = t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBTUSD', price: '1', volume: '1', userref: 5 }).subscribe({ error: (e: unknown) => (error = e) });
    expect(rest.pending).toHaveLength(1);
    t.advance(2_999);
    expect(error).toBeUndefined();
    t.advance(1);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).info).toEqual({ request: 'addOrder', outcome: 'not-sent', timeoutMs: 3_000, userref: 5 });
    expect(t.fake.sockets).toHaveLength(0);
    sub.unsubscribe();
    t.kraken.close();
  });

  it('a slow lookup leaves the request only the rest of its timeout (7 s lookup + 3 s = 10 s, not 17 s)', async () => {
    const rest = manualFetch();
    const t = setup({ fetch: rest.fetch });
    let error: unknown;
    const sub = t.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBTUSD', price: '1', volume: '1' }).subscribe({ error: (e: unknown) => (error = e) });
    t.advance(7_000);
    rest.pending[0]?.();
    await settle();
    expect(t.fake.sockets).toHaveLength(1);
    t.open();
    expect(t.sent()).toEqual([expect.objectContaining({ event: 'addOrder', pair: 'XBT/USD' })]);
    t.advance(2_998); // 7 s + 1 ms (open) + 2 998 ms: 1 ms before the deadline
    expect(error).toBeUndefined();
    t.advance(1);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).info).toMatchObject({ request: 'addOrder', outcome: 'unknown', timeoutMs: 10_000 });
    sub.unsubscribe();
    t.kraken.close();
  });

  it('editOrder too, with its own { timeoutMs }', () => {
    const rest = manualFetch();
    const t = setup({ fetch: rest.fetch });
    let error: unknown;
    const sub = t.kraken
      .editOrder({ orderid: 'OA', pair: 'XBTUSD', volume: '1', price: '2', newuserref: 8 }, { timeoutMs: 1_500 })
      .subscribe({ error: (e: unknown) => (error = e) });
    t.advance(1_500);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).info).toEqual({ request: 'editOrder', outcome: 'not-sent', timeoutMs: 1_500, txid: ['OA'], userref: 8 });
    sub.unsubscribe();
    t.kraken.close();
  });
});

describe('private feeds (fake socket, virtual time)', () => {
  it('subscribes openOrders with the token; a late subscriber gets a snapshot of the current orders as sequence 1', () => {
    const t = setup();
    const first: Array<{ sequence?: number; ids: string[] }> = [];
    const late: Array<{ sequence?: number; ids: string[] }> = [];
    const a = t.kraken.openOrders().subscribe((m) => first.push({ ...(m.sequence === undefined ? {} : { sequence: m.sequence }), ids: m.orders.map((o) => o.id) }));
    t.open();
    expect(t.sent()[0]).toMatchObject({ event: 'subscribe', subscription: { name: 'openOrders', token: TOKEN } });
    expect(t.sent()[0]).not.toHaveProperty('pair');
    t.socket().serverSend('{"channelName":"openOrders","event":"subscriptionStatus","reqid":1,"status":"subscribed","subscription":{"maxratecount":125,"name":"openOrders"}}');
    t.socket().serverSend('[[{"OA":{"status":"open","vol":"1.0","vol_exec":"0.0","descr":{"pair":"XBT/USD"}}}],"openOrders",{"sequence":1}]');
    t.socket().serverSend('[[{"OB":{"status":"pending","vol":"2.0","vol_exec":"0.0"}}],"openOrders",{"sequence":2}]');
    const b = t.kraken.openOrders().subscribe((m) => late.push({ ...(m.sequence === undefined ? {} : { sequence: m.sequence }), ids: m.orders.map((o) => o.id) }));
    t.socket().serverSend('[[{"OA":{"status":"canceled"}}],"openOrders",{"sequence":3}]');
    expect(first).toEqual([
      { sequence: 1, ids: ['OA'] },
      { sequence: 2, ids: ['OB'] },
      { sequence: 3, ids: ['OA'] },
    ]);
    expect(late).toEqual([
      { sequence: 1, ids: ['OA', 'OB'] },
      { sequence: 2, ids: ['OA'] },
    ]);
    expect(t.sent().filter((r) => r['event'] === 'subscribe')).toHaveLength(1);
    a.unsubscribe();
    b.unsubscribe();
    t.kraken.close();
  });

  it('heals a sequence gap by resubscribing for a fresh snapshot', () => {
    const t = setup();
    const errors: string[] = [];
    t.kraken.errors$.subscribe((e) => errors.push(e.name));
    const seen: number[] = [];
    const sub = t.kraken.openOrders().subscribe((m) => seen.push(m.sequence ?? -1));
    t.open();
    t.socket().serverSend('{"channelName":"openOrders","event":"subscriptionStatus","reqid":1,"status":"subscribed","subscription":{"name":"openOrders"}}');
    t.socket().serverSend('[[],"openOrders",{"sequence":1}]');
    t.socket().serverSend('[[{"OA":{"status":"open"}}],"openOrders",{"sequence":3}]');
    expect(errors).toEqual(['SequenceGapError']);
    t.advance(1);
    const events = t.sent().map((r) => r['event']);
    expect(events).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    t.socket().serverSend('[[{"OA":{"status":"open"}}],"openOrders",{"sequence":1}]');
    expect(seen).toEqual([1, 1]);
    sub.unsubscribe();
    t.kraken.close();
  });

  it('emits each own trade once, recovering fills missed during a reconnect from the new snapshot', () => {
    const t = setup();
    const trades: Array<{ id: string; snapshot: boolean }> = [];
    const sub = t.kraken.ownTrades().subscribe((e) => trades.push({ id: e.id, snapshot: e.snapshot }));
    t.open();
    const trade = (time: string) => `{"ordertxid":"O1","pair":"XBT/USD","time":"${time}","type":"buy","ordertype":"limit","price":"1.0","cost":"1.0","fee":"0.1","vol":"1.0"}`;
    t.socket().serverSend(`[[{"T2":${trade('2.0')}},{"T1":${trade('1.0')}}],"ownTrades",{"sequence":1}]`);
    t.socket().serverSend(`[[{"T3":${trade('3.0')}}],"ownTrades",{"sequence":2}]`);
    t.socket().serverClose(1006, 'network');
    t.advance(1_000);
    t.open();
    t.socket().serverSend(`[[{"T5":${trade('5.0')}},{"T4":${trade('4.0')}},{"T3":${trade('3.0')}},{"T2":${trade('2.0')}}],"ownTrades",{"sequence":1}]`);
    expect(trades).toEqual([
      { id: 'T1', snapshot: true },
      { id: 'T2', snapshot: true },
      { id: 'T3', snapshot: false },
      { id: 'T4', snapshot: false },
      { id: 'T5', snapshot: false },
    ]);
    sub.unsubscribe();
    t.kraken.close();
  });
});
