import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom, merge, toArray, timeout } from 'rxjs';
import { RequestInterruptedError, KrakenRequestError } from '../../src/errors';
import type { KrakenError } from '../../src/errors';
import { toOpenOrders } from '../../src/operators/toOpenOrders';
import type { OpenOrdersState } from '../../src/private/openOrders';
import { SIMULATOR_TEST_CREDENTIALS } from '../../src/simulator';
import { useLeakCheck } from '../support/leakCheck';
import { eventually, startHarness, type SimHarness } from '../support/simulatorClient';

const CREDENTIALS = SIMULATOR_TEST_CREDENTIALS;
// Every error, status and log line of this file is checked for the key, the secret and every token.
const leaks = useLeakCheck();

async function tradingHarness(overrides: Parameters<typeof startHarness>[1] = {}): Promise<SimHarness> {
  return startHarness({ eventsPerSecond: 0 }, { credentials: CREDENTIALS, ...overrides }, { leaks });
}

describe('private feeds and trading against the simulator', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('follows an order from addOrder to its fill on openOrders and ownTrades', async () => {
    h = await tradingHarness();
    const states: OpenOrdersState[] = [];
    const fills: string[] = [];
    const subs = [
      h.kraken.openOrders().pipe(toOpenOrders()).subscribe((s) => states.push(s)),
      h.kraken.ownTrades().subscribe((t) => fills.push(`${t.trade.ordertxid} ${t.trade.vol} ${t.snapshot}`)),
    ];
    await eventually(() => states.length > 0);
    const best = h.sim.trueBook('XBT/USD', 1);
    const bid = best.bids[0]?.[0] as string;
    const placed = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: bid, volume: '0.01000000', userref: 77 }),
    );
    expect(placed.txid).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    await eventually(() => states.some((s) => s.orders.get(placed.txid as string)?.status === 'open'));
    // Another trader sells into our bid: the order fills.
    h.sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '5' });
    await eventually(() => states.some((s) => s.terminal.some((o) => o.id === placed.txid && o.status === 'closed')));
    await eventually(() => fills.some((f) => f.startsWith(placed.txid as string)));
    const last = states[states.length - 1] as OpenOrdersState;
    expect(last.orders.has(placed.txid as string)).toBe(false);
    const closed = states.flatMap((s) => s.terminal).find((o) => o.id === placed.txid);
    expect(closed).toMatchObject({ status: 'closed', vol_exec: '0.01000000', userref: 77 });
    expect(fills.find((f) => f.startsWith(placed.txid as string))).toBe(`${placed.txid} 0.01000000 false`);
    expect(h.sim.requestCount('addOrder', { userref: 77 })).toBe(1);
    subs.forEach((s) => s.unsubscribe());
  });

  it('correlates 100 concurrent orders whose answers come back shuffled', async () => {
    h = await tradingHarness({ requestTimeoutMs: 30_000, rateBudget: { burst: 100, intervalMs: 10 } });
    h.sim.faults.reorderResponses(100);
    const best = h.sim.trueBook('ETH/USD', 1);
    const farBelow = (Number(best.bids[0]?.[0]) / 2).toFixed(2);
    const results = await lastValueFrom(
      merge(
        ...Array.from({ length: 100 }, (_, i) =>
          h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'ETH/USD', price: farBelow, volume: '0.1', userref: 1000 + i }),
        ),
      ).pipe(toArray(), timeout(30_000)),
    );
    expect(results).toHaveLength(100);
    const byTxid = new Map(h.sim.orders().map((o) => [o.txid, o.userref]));
    // Each answer's txid is the order placed by the request with that reqid (userref 1000+i).
    const reqidToUserref = new Map(
      h.sim.received
        .filter((r) => (r.message as { event?: string } | undefined)?.event === 'addOrder')
        .map((r) => {
          const m = r.message as { reqid: number; userref: string };
          return [m.reqid, Number(m.userref)] as const;
        }),
    );
    for (const result of results) {
      expect(byTxid.get(result.txid as string)).toBe(reqidToUserref.get(result.reqid as number));
    }
    for (let i = 0; i < 100; i++) expect(h.sim.requestCount('addOrder', { userref: 1000 + i })).toBe(1);
  });

  it('a drop after the order was placed gives an outcome-unknown error; reconciliation finds it by userref; it is never resent', async () => {
    h = await tradingHarness();
    const held = h.kraken.openOrders().subscribe();
    await eventually(() => h.sim.connectionCount === 1);
    h.sim.faults.dropAfterNextOrder();
    let error: unknown;
    try {
      await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'sell', pair: 'XBT/USD', price: '99999', volume: '0.01', userref: 4242 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect((error as RequestInterruptedError).info).toMatchObject({ outcome: 'unknown', userref: 4242 });
    expect((error as Error).message).toContain('MAY have been placed');
    const found = await firstValueFrom(h.kraken.findOrderByUserref(4242).pipe(timeout(10_000)));
    expect(found).toMatchObject({ userref: 4242, status: 'open' });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.requestCount('addOrder', { userref: 4242 })).toBe(1);
    held.unsubscribe();
  });

  // Tokens expired AND the connection dropped: the new connection fetches a fresh token anyway,
  // so this never meets ESession:Invalid session. That path (tokens expired under a live
  // connection) is tested in tradingSession.test.ts.
  it('after a drop with every token expired, the new connection subscribes with a fresh token', async () => {
    h = await tradingHarness();
    const messages: number[] = [];
    const sub = h.kraken.openOrders().subscribe((m) => messages.push(m.sequence ?? 0));
    await eventually(() => messages.length > 0);
    h.sim.faults.expireTokens();
    h.sim.faults.dropAll();
    await eventually(() => messages.filter((s) => s === 1).length >= 2);
    // A fresh token for the new connection: the resubscription used a token other than the first.
    const tokens = h.sim.received
      .map((r) => (r.message as { event?: string; subscription?: { token?: string } } | undefined))
      .filter((m) => m?.event === 'subscribe')
      .map((m) => m?.subscription?.token);
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(2);
    expect(h.errors.filter((e) => e.name === 'SubscriptionError')).toEqual([]);
    sub.unsubscribe();
  });

  it('answers Kraken\'s refusals with typed errors carrying Kraken\'s text', async () => {
    h = await tradingHarness();
    const error = await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '0.00000001' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KrakenRequestError);
    expect((error as KrakenRequestError).info.errorMessage).toMatch(/^EOrder:Order minimum not met|^EGeneral:Invalid arguments/);
    const cancel = await firstValueFrom(h.kraken.cancelOrder(['OUNKNO-WN000-000000'])).catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(KrakenRequestError);
    expect((cancel as KrakenRequestError).info.errorMessage).toBe('EOrder:Unknown order');
  });

  it('cancels by txid with one answer each, cancels all, and the dead man\'s switch cancels when not refreshed', async () => {
    h = await tradingHarness();
    const place = (userref: number) =>
      firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'sell', pair: 'XBT/USD', price: '99999', volume: '0.01', userref }));
    const a = await place(1);
    const b = await place(2);
    await place(3);
    const result = await firstValueFrom(h.kraken.cancelOrder([a.txid as string, b.txid as string, 'OUNKNO-WN000-000000']));
    expect(result).toEqual({ cancelled: 2, failed: ['EOrder:Unknown order'] });
    const all = await firstValueFrom(h.kraken.cancelAll());
    expect(all.count).toBe(1);
    await place(4);
    const armed = await firstValueFrom(h.kraken.cancelAllOrdersAfter(1));
    expect(armed.triggerTime).not.toBe('0');
    await eventually(() => h.sim.orders().every((o) => o.status !== 'open'), 5_000);
  });

  it('never lets the API key, secret or token appear in any error or log line', async () => {
    h = await tradingHarness();
    const seen: KrakenError[] = [];
    h.kraken.errors$.subscribe((e) => seen.push(e));
    const sub = h.kraken.openOrders().subscribe();
    await eventually(() => h.sim.connectionCount === 1);
    h.sim.faults.expireTokens();
    await firstValueFrom(h.kraken.cancelAll()).catch((e: KrakenError) => seen.push(e));
    h.sim.faults.dropAfterNextOrder();
    await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: '1', volume: '1' })).catch((e: KrakenError) => seen.push(e));
    sub.unsubscribe();
    const tokens = h.sim.received
      .map((r) => (r.message as { token?: string; subscription?: { token?: string } } | undefined))
      .flatMap((m) => [m?.token, m?.subscription?.token])
      .filter((t): t is string => typeof t === 'string');
    expect(tokens.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    const secrets = [CREDENTIALS.apiKey, CREDENTIALS.apiSecret, ...tokens];
    for (const error of seen) {
      const texts = [error.message, String(error), JSON.stringify(error), error.stack ?? '', inspect(error, { depth: 10 }), inspect(error, { depth: 10, showHidden: true })];
      for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    // The shared check saw them too (and checks the statuses, console output and client).
    expect(leaks.recorded).toBeGreaterThan(seen.length);
    expect(leaks.findLeaks({ all: true })).toEqual([]);
  });
});
