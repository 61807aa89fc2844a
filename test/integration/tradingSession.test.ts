/**
 * Trading on one private connection against the simulator: tokens that expire while the
 * connection lives, `Exceeded msg rate` on an order, post-only orders cancelled on arrival,
 * and the dead man's switch when a refresh fails. Every error, status and log line is checked
 * for the key, the secret and every token (useLeakCheck).
 */
import { firstValueFrom, timeout } from 'rxjs';
import { DeadMansSwitchError, KrakenRequestError, MessageRateLimitError, RequestTimeoutError } from '../../src/errors';
import { toOpenOrders } from '../../src/operators/toOpenOrders';
import type { OpenOrdersState } from '../../src/private/openOrders';
import { SIMULATOR_TEST_CREDENTIALS } from '../../src/simulator';
import { useLeakCheck } from '../support/leakCheck';
import { errorOf, eventually, startHarness, type SimHarness } from '../support/simulatorClient';

const leaks = useLeakCheck();

async function tradingHarness(overrides: Parameters<typeof startHarness>[1] = {}): Promise<SimHarness> {
  // No liveness pings: the client sends nothing the test did not ask for (the message-rate
  // fault refuses "the next message", whatever it is).
  return startHarness({ eventsPerSecond: 0 }, { credentials: SIMULATOR_TEST_CREDENTIALS, liveness: false, ...overrides }, { leaks });
}

interface Sent {
  readonly connectionId: number;
  readonly event?: string;
  readonly name?: string;
  readonly token?: string;
  readonly userref?: string;
  readonly timeout?: number;
}

/** What the client sent on the private endpoint, in order. */
function privateRequests(h: SimHarness): Sent[] {
  return h.sim.received
    .filter((r) => r.endpoint === 'private')
    .map((r) => {
      const m = r.message as { event?: string; token?: string; userref?: string; timeout?: number; subscription?: { name?: string; token?: string } };
      return {
        connectionId: r.connectionId,
        ...(m.event === undefined ? {} : { event: m.event }),
        ...(m.subscription?.name === undefined ? {} : { name: m.subscription.name }),
        ...((m.token ?? m.subscription?.token) === undefined ? {} : { token: (m.token ?? m.subscription?.token) as string }),
        ...(m.userref === undefined ? {} : { userref: m.userref }),
        ...(m.timeout === undefined ? {} : { timeout: m.timeout }),
      };
    });
}

const farBelow = (h: SimHarness): string => (Number(h.sim.trueBook('XBT/USD', 1).bids[0]?.[0]) / 2).toFixed(1);

describe('one private connection, tokens expiring under it', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('a second private feed subscribed after the tokens expired gets a fresh token and subscribes transparently, on the same connection', async () => {
    h = await tradingHarness();
    const states: OpenOrdersState[] = [];
    const fills: string[] = [];
    let feedError: unknown;
    const held = h.kraken.openOrders().pipe(toOpenOrders()).subscribe({ next: (s) => states.push(s), error: (e: unknown) => (feedError = e) });
    await eventually(() => states.length > 0);
    expect(h.sim.issuedTokens()).toHaveLength(1);
    h.sim.faults.expireTokens(); // no drop: the connection, and its openOrders subscription, live on

    const trades = h.kraken.ownTrades().subscribe({ next: (t) => fills.push(t.trade.ordertxid ?? ''), error: (e: unknown) => (feedError = e) });
    await eventually(() => privateRequests(h).filter((r) => r.event === 'subscribe' && r.name === 'ownTrades').length === 2);
    const [refused, accepted] = privateRequests(h).filter((r) => r.event === 'subscribe' && r.name === 'ownTrades');
    const [first, fresh] = h.sim.issuedTokens();
    expect(refused?.token).toBe(first);
    expect(accepted?.token).toBe(fresh);
    expect(fresh).not.toBe(first);

    // The new subscription works: a fill shows on it (and on the old openOrders one).
    const bid = h.sim.trueBook('XBT/USD', 1).bids[0]?.[0] as string;
    const placed = await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: bid, volume: '0.01', userref: 11 }));
    h.sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '5' });
    await eventually(() => fills.includes(placed.txid as string));
    await eventually(() => states.some((s) => s.terminal.some((o) => o.id === placed.txid && o.status === 'closed')));

    expect(new Set(privateRequests(h).map((r) => r.connectionId)).size).toBe(1);
    expect(h.sim.issuedTokens()).toHaveLength(2);
    expect(feedError).toBeUndefined();
    expect(h.errors.filter((e) => e.name === 'SubscriptionError')).toEqual([]);
    held.unsubscribe();
    trades.unsubscribe();
  });

  it('an order sent after the tokens expired is refused for its token (nothing placed); the next one gets a fresh token on the same connection', async () => {
    h = await tradingHarness();
    const held = h.kraken.openOrders().subscribe();
    await eventually(() => privateRequests(h).some((r) => r.name === 'openOrders'));
    await firstValueFrom(h.kraken.cancelAll()); // the connection's token is in use
    h.sim.faults.expireTokens();

    const order = (userref: number) => h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref });
    const refused = await errorOf(order(501));
    expect(refused).toBeInstanceOf(KrakenRequestError);
    expect((refused as KrakenRequestError).info).toMatchObject({ errorMessage: 'ESession:Invalid session', request: 'addOrder' });
    expect(h.sim.orders().filter((o) => o.userref === 501)).toEqual([]);

    const placed = await firstValueFrom(order(502).pipe(timeout(10_000)));
    expect(h.sim.orders().find((o) => o.txid === placed.txid)).toMatchObject({ userref: 502, status: 'open' });
    const orders = privateRequests(h).filter((r) => r.event === 'addOrder');
    expect(orders.map((r) => r.userref)).toEqual(['501', '502']);
    expect(orders[0]?.token).toBe(h.sim.issuedTokens()[0]);
    expect(orders[1]?.token).toBe(h.sim.issuedTokens()[1]);
    expect(new Set(privateRequests(h).map((r) => r.connectionId)).size).toBe(1);
    expect(h.sim.requestCount('addOrder', { userref: 501 })).toBe(1);
    held.unsubscribe();
  });

  it('a cancelOrder of several ids refused for its token fails at once, not at the timeout, and the next one works', async () => {
    h = await tradingHarness({ requestTimeoutMs: 30_000 });
    const held = h.kraken.openOrders().subscribe();
    const order = (userref: number) =>
      firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref }));
    const a = await order(1);
    const b = await order(2);
    h.sim.faults.expireTokens();
    const started = Date.now();
    const refused = await errorOf(h.kraken.cancelOrder([a.txid as string, b.txid as string]));
    expect(refused).toBeInstanceOf(KrakenRequestError);
    expect((refused as KrakenRequestError).info.errorMessage).toBe('ESession:Invalid session');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(h.sim.orders().filter((o) => o.status === 'open')).toHaveLength(2);

    expect(await firstValueFrom(h.kraken.cancelOrder([a.txid as string, b.txid as string]))).toEqual({ cancelled: 2, failed: [] });
    expect(h.sim.orders().filter((o) => o.status === 'open')).toHaveLength(0);
    expect(new Set(privateRequests(h).map((r) => r.connectionId)).size).toBe(1);
    held.unsubscribe();
  });
});

describe('an order refused with "Exceeded msg rate"', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('fails as refused (nothing placed), is never resent, and the next order goes out after the pause', async () => {
    h = await tradingHarness({ subscriptions: { rateLimitPauseMs: 300 } });
    const states: OpenOrdersState[] = [];
    const held = h.kraken.openOrders().pipe(toOpenOrders()).subscribe((s) => states.push(s));
    await eventually(() => states.length > 0); // subscribed: nothing else will be sent unasked
    h.sim.faults.messageRateLimit({ count: 1 });

    const error = await errorOf(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref: 601 }));
    expect(error).toBeInstanceOf(MessageRateLimitError);
    expect((error as MessageRateLimitError).info).toMatchObject({ errorMessage: 'Exceeded msg rate', request: 'addOrder', outcome: 'refused' });
    expect((error as Error).message).toContain('nothing was placed');

    const before = Date.now();
    const placed = await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref: 602 }));
    expect(placed.txid).toBeDefined();
    const sent = h.sim.received.filter((r) => (r.message as { event?: string } | undefined)?.event === 'addOrder');
    expect(sent.map((r) => r.rateLimited)).toEqual([true, false]);
    // The second order waited out the pause the refusal started (300 ms, from the refusal).
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
    expect(Date.now() - before).toBeLessThan(5_000);

    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.sim.requestCount('addOrder', { userref: 601 })).toBe(1);
    expect(h.sim.orders().map((o) => o.userref)).toEqual([602]);
    held.unsubscribe();
  });
});

describe('post-only orders', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('a post-only order that would take is accepted (a txid), then cancelled at once: status canceled, reason "Post only order"', async () => {
    h = await tradingHarness();
    const states: OpenOrdersState[] = [];
    const held = h.kraken.openOrders().pipe(toOpenOrders()).subscribe((s) => states.push(s));
    await eventually(() => states.length > 0);
    const ask = h.sim.trueBook('XBT/USD', 1).asks[0]?.[0] as string;
    const placed = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: ask, volume: '0.01', oflags: ['post'], userref: 77 }),
    );
    expect(placed.txid).toMatch(/^O/);
    await eventually(() => states.some((s) => s.terminal.some((o) => o.id === placed.txid)));
    const terminal = states.flatMap((s) => s.terminal).find((o) => o.id === placed.txid);
    expect(terminal).toMatchObject({ status: 'canceled', cancel_reason: 'Post only order', vol_exec: '0.00000000' });
    expect(states[states.length - 1]?.orders.has(placed.txid as string)).toBe(false);
    expect(h.sim.orders().find((o) => o.txid === placed.txid)).toMatchObject({ status: 'canceled', cancelReason: 'Post only order' });

    // A post-only order that would rest stays open.
    const resting = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', oflags: ['post'], userref: 78 }),
    );
    await eventually(() => states.some((s) => s.orders.get(resting.txid as string)?.status === 'open'));
    held.unsubscribe();
  });
});

describe("the dead man's switch against the simulator", () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('a refresh that times out leaves it armed: no timeout 0 is sent, and Kraken cancels the orders when the countdown ends', async () => {
    h = await tradingHarness({ requestTimeoutMs: 500 });
    const held = h.kraken.openOrders().subscribe();
    const placed = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref: 900 }),
    );
    const values: unknown[] = [];
    let error: unknown;
    const armed = h.kraken.deadMansSwitch({ timeoutSeconds: 2, refreshSeconds: 1 }).subscribe({ next: (v) => values.push(v), error: (e: unknown) => (error = e) });
    await eventually(() => values.length === 1);
    h.sim.faults.delayResponses(5_000); // the refresh a second later is processed, its answer comes too late
    await eventually(() => error !== undefined, 5_000);
    expect(error).toBeInstanceOf(DeadMansSwitchError);
    expect((error as Error).cause).toBeInstanceOf(RequestTimeoutError);
    armed.unsubscribe();
    await eventually(() => h.sim.orders().find((o) => o.txid === placed.txid)?.status === 'canceled', 5_000);
    expect(h.sim.orders().find((o) => o.txid === placed.txid)?.cancelReason).toBe("Dead man's switch");
    expect(privateRequests(h).filter((r) => r.event === 'cancelAllOrdersAfter').map((r) => r.timeout)).toEqual([2, 2]);
    h.sim.faults.reset();
    held.unsubscribe();
  });

  it('unsubscribing disarms it: timeout 0 is sent and the orders stay open past the countdown', async () => {
    h = await tradingHarness();
    const held = h.kraken.openOrders().subscribe();
    const placed = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: farBelow(h), volume: '0.01', userref: 901 }),
    );
    const values: unknown[] = [];
    const armed = h.kraken.deadMansSwitch({ timeoutSeconds: 1, refreshSeconds: 0.5 }).subscribe((v) => values.push(v));
    await eventually(() => values.length === 1);
    armed.unsubscribe();
    await eventually(() => privateRequests(h).some((r) => r.event === 'cancelAllOrdersAfter' && r.timeout === 0));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.sim.orders().find((o) => o.txid === placed.txid)?.status).toBe('open');
    held.unsubscribe();
  });
});
