/**
 * Reconciliation after an outcome-unknown request, against the simulator: an order that was
 * placed and filled (or cancelled) while its answer was lost is no longer open, so
 * findOrderByUserref (openOrders) cannot see it; findClosedOrdersByUserref (REST ClosedOrders)
 * can. Under the shared secrets check.
 */
import { firstValueFrom, of, timeout } from 'rxjs';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import { AuthenticationError, RequestInterruptedError } from '../../src/errors';
import { SIMULATOR_TEST_CREDENTIALS } from '../../src/simulator';
import { useLeakCheck } from '../support/leakCheck';
import { errorOf, eventually, startHarness, type SimHarness } from '../support/simulatorClient';

const leaks = useLeakCheck();

describe('finding an order by userref once it is no longer open', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  const start = () => startHarness({ eventsPerSecond: 0 }, { credentials: SIMULATOR_TEST_CREDENTIALS }, { leaks });

  it('a market order filled while its answer was lost: not open, but found closed with what filled, and never resent', async () => {
    h = await start();
    const held = h.kraken.openOrders().subscribe();
    await eventually(() => h.sim.connectionCount === 1);
    h.sim.faults.dropAfterNextOrder();
    const error = await errorOf(h.kraken.addOrder({ ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '0.02', userref: 4343 }));
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect((error as RequestInterruptedError).info).toMatchObject({ outcome: 'unknown', userref: 4343 });
    expect((error as Error).message).toContain('findClosedOrdersByUserref');

    expect(await firstValueFrom(h.kraken.findOrderByUserref(4343).pipe(timeout(10_000)))).toBeUndefined();
    const closed = await firstValueFrom(h.kraken.findClosedOrdersByUserref(4343).pipe(timeout(10_000)));
    const [placed] = h.sim.orders().filter((o) => o.userref === 4343);
    expect(closed).toEqual([
      expect.objectContaining({
        id: placed?.txid,
        status: 'closed',
        userref: 4343,
        vol: '0.02000000',
        vol_exec: '0.02000000',
        descr: expect.objectContaining({ pair: 'XBTUSD', type: 'buy', ordertype: 'market' }),
      }),
    ]);
    expect(Number(closed[0]?.price)).toBeGreaterThan(0);
    expect(h.sim.requestCount('addOrder', { userref: 4343 })).toBe(1);
    held.unsubscribe();
  });

  it('cancelled orders are found with their reason; another userref, or none, gives an empty list', async () => {
    h = await start();
    const bid = h.sim.trueBook('XBT/USD', 1).bids[0]?.[0] as string;
    const ask = h.sim.trueBook('XBT/USD', 1).asks[0]?.[0] as string;
    const resting = await firstValueFrom(
      h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: (Number(bid) / 2).toFixed(1), volume: '0.01', userref: 7 }),
    );
    await firstValueFrom(h.kraken.cancelOrder([resting.txid as string]));
    const postOnly = await firstValueFrom(h.kraken.addOrder({ ordertype: 'limit', type: 'buy', pair: 'XBT/USD', price: ask, volume: '0.01', oflags: ['post'], userref: 7 }));
    const found = await firstValueFrom(h.kraken.findClosedOrdersByUserref(7));
    expect(found.map((o) => [o.id, o.status, o.reason])).toEqual([
      [postOnly.txid, 'canceled', 'Post only order'],
      [resting.txid, 'canceled', 'User requested'],
    ]);
    expect(await firstValueFrom(h.kraken.findClosedOrdersByUserref(8))).toEqual([]);
  });

  it('reads every page: 60 closed orders with one userref', async () => {
    h = await start();
    for (let i = 0; i < 60; i++) h.sim.placeOrder({ by: 'account', pair: 'XBT/USD', type: i % 2 === 0 ? 'buy' : 'sell', ordertype: 'market', volume: '0.001', userref: 99 });
    const found = await firstValueFrom(h.kraken.findClosedOrdersByUserref(99));
    expect(found).toHaveLength(60);
    expect(new Set(found.map((o) => o.id)).size).toBe(60);
    expect(found.every((o) => o.userref === 99 && o.status === 'closed')).toBe(true);
  });

  it('needs credentials: with only a tokenProvider it fails with AuthenticationError (no-credentials), calling nothing', async () => {
    h = await start();
    const fetches: string[] = [];
    const kraken = leaks.watchClient(
      createKrakenClient({
        url: h.sim.url,
        authUrl: h.sim.authUrl,
        restUrl: h.sim.restUrl,
        tokenProvider: () => of(h.sim.issueToken()),
        fetch: (url, init) => {
          fetches.push(url);
          return fetch(url, init);
        },
      }),
    );
    const error = await errorOf(kraken.findClosedOrdersByUserref(1));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info.reason).toBe('no-credentials');
    expect((error as Error).message).toContain('ClosedOrders');
    expect(fetches).toEqual([]);
    kraken.close();
  });
});
