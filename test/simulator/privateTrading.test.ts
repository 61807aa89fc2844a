import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { orderEntries, orderUpdate, request, subscribePrivate, type PrivateMessage } from './support/privateSupport';
import { TestClient } from './support/testClient';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const recordedExpired = readFileSync(path.join(FIXTURES, 'kraken-private-kraken-async-rs-2023-11.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.includes('"status":"expired"'))
  .map((l) => Object.values((JSON.parse(l) as PrivateMessage)[0][0]!)[0]!)[0]!;

describe('simulator trading requests', () => {
  let sim: Simulator;
  let token: string;
  let c: TestClient;
  const clock = new ManualClock(T0);
  let reqid = 100;
  const limitBuy = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
    token,
    ordertype: 'limit',
    type: 'buy',
    pair: 'XBT/USD',
    price: '29000.0',
    volume: '0.5',
    ...fields,
  });
  const send = (event: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> => request(c, event, ++reqid, fields);
  const add = async (fields: Record<string, unknown> = {}): Promise<string> => {
    const r = await send('addOrder', limitBuy(fields));
    if (r['status'] !== 'ok') throw new Error(JSON.stringify(r));
    return r['txid'] as string;
  };

  beforeEach(async () => {
    clock.now = T0;
    sim = await startSimulator({ seed: 5, paused: true, historyMinutes: 2, pairs: ['XBT/USD', 'ETH/USD'], clock: clock.read, tradingRateLimit: false });
    token = sim.issueToken();
    c = await TestClient.connect(sim.authUrl);
    await subscribePrivate(c, 'openOrders', token);
  });

  afterEach(async () => {
    await c.close();
    await sim.close();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no token', { token: undefined }, 'ESession:Invalid session'],
    ['an unknown token', { token: 'abc' }, 'ESession:Invalid session'],
    ['no ordertype', { ordertype: undefined }, 'EGeneral:Invalid arguments:ordertype'],
    ['an order type the simulator does not run', { ordertype: 'stop-loss' }, 'EGeneral:Invalid arguments:ordertype'],
    ['a bad type', { type: 'hold' }, 'EGeneral:Invalid arguments:type'],
    ['no pair', { pair: undefined }, 'EGeneral:Invalid arguments:pair'],
    ['an unknown pair', { pair: 'DOT/USD' }, 'EQuery:Unknown asset pair'],
    ['no volume', { volume: undefined }, 'EGeneral:Invalid arguments:volume'],
    ['a numeric volume', { volume: 0.5 }, 'EGeneral:Invalid arguments:volume'],
    ['a negative volume', { volume: '-1' }, 'EGeneral:Invalid arguments:volume'],
    ['a zero volume', { volume: '0.00000000' }, 'EGeneral:Invalid arguments:volume'],
    ['too many volume decimals', { volume: '0.000100001' }, 'EGeneral:Invalid arguments:volume'],
    ['a volume below ordermin', { volume: '0.00009' }, 'EOrder:Order minimum not met'],
    ['a limit order without price', { price: undefined }, 'EGeneral:Invalid arguments:price'],
    ['a zero price', { price: '0' }, 'EGeneral:Invalid arguments:price'],
    ['a relative price', { price: '+5' }, 'EGeneral:Invalid arguments:price'],
    ['too many price decimals', { price: '29000.05' }, 'EOrder:Invalid price:XBT/USD price can only be specified up to 1 decimals.'],
    ['a bad timeinforce (recorded text)', { timeinforce: 'FOK' }, 'EGeneral:Invalid arguments:timeinforce'],
    ['GTD without expiretm', { timeinforce: 'GTD' }, 'EGeneral:Invalid arguments:expiretm'],
    ['an expiretm in the past', { expiretm: '1000' }, 'EGeneral:Invalid arguments:expiretm'],
    ['an unknown flag', { oflags: 'post,fast' }, 'EGeneral:Invalid arguments:oflags'],
    ['post on a market order', { ordertype: 'market', oflags: 'post' }, 'EGeneral:Invalid arguments:oflags'],
    ['a bad userref', { userref: 'abc' }, 'EGeneral:Invalid arguments:userref'],
    ['a userref beyond 32 bits', { userref: '4294967296' }, 'EGeneral:Invalid arguments:userref'],
    ['leverage (margin is not simulated)', { leverage: '2' }, 'EGeneral:Invalid arguments:leverage'],
    ['a conditional close', { 'close[ordertype]': 'limit' }, 'EGeneral:Invalid arguments:close[ordertype]'],
    ['a scheduled start', { starttm: '+60' }, 'EGeneral:Invalid arguments:starttm'],
    ['a bad validate', { validate: 'maybe' }, 'EGeneral:Invalid arguments:validate'],
    ['reduce_only without a position', { reduce_only: true }, 'EOrder:Unknown position'],
    ['a deadline already past', { deadline: '2023-11-12T14:27:29Z' }, 'EService:Deadline elapsed'],
    ['a deadline too far', { deadline: '2023-11-12T14:30:00Z' }, 'EGeneral:Invalid arguments:deadline'],
  ])('addOrder with %s %j is refused with %s, echoing reqid, placing nothing', async (_what, change, errorMessage) => {
    const r = await send('addOrder', limitBuy(change));
    expect(r).toEqual({ errorMessage, event: 'addOrderStatus', reqid, status: 'error' });
    expect(sim.orders()).toEqual([]);
  });

  it('addOrder ok: Kraken\'s descr (altname, 8 lot decimals, pair decimals), txid, userref on the order', async () => {
    const r = await send('addOrder', limitBuy({ price: '9857', volume: '0.002', userref: '8874657', oflags: 'post', timeinforce: 'GTC' }));
    expect(r).toEqual({ descr: 'buy 0.00200000 XBTUSD @ limit 9857.0', event: 'addOrderStatus', reqid, status: 'ok', txid: expect.stringMatching(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/) });
    const [order] = sim.orders();
    expect(order).toMatchObject({ txid: r['txid'], status: 'open', userref: 8874657, oflags: 'post,fciq', price: '9857.00000', volume: '0.00200000' });
    const m = await send('addOrder', limitBuy({ ordertype: 'market', type: 'sell', price: undefined, volume: '0.0001' }));
    expect(m['descr']).toBe('sell 0.00010000 XBTUSD @ market');
  });

  it('validate: true answers ok with the descr and no txid, and places nothing', async () => {
    for (const validate of [true, 'true']) {
      expect(await send('addOrder', limitBuy({ validate }))).toEqual({ descr: 'buy 0.50000000 XBTUSD @ limit 29000.0', event: 'addOrderStatus', reqid, status: 'ok' });
    }
    expect(sim.orders()).toEqual([]);
  });

  it('a bad reqid on a trading request gets the recorded shape (its Status event, the pair, "reqid":null)', async () => {
    c.send({ event: 'addOrder', reqid: -3, ...limitBuy({ pair: 'USDC/USD' }) });
    expect(await c.event('addOrderStatus')).toEqual({
      errorMessage: 'Reqid field must be a positive integer less than 18446744073709551616',
      event: 'addOrderStatus',
      pair: 'USDC/USD',
      reqid: null,
      status: 'error',
    });
  });

  it('editOrder replaces an order: new txid, originaltxid, the old one canceled, refid, descr with the price as sent', async () => {
    const old = await add({ userref: '77' });
    const r = await send('editOrder', { token, orderid: old, pair: 'XBT/USD', price: '28000', volume: '0.75', newuserref: '78' });
    expect(r).toEqual({ descr: 'buy 0.75000000 XBTUSD @ limit 28000', event: 'editOrderStatus', originaltxid: old, reqid, status: 'ok', txid: expect.any(String) });
    expect(r['txid']).not.toBe(old);
    expect(await orderUpdate(c, old, (f) => f['status'] === 'canceled')).toMatchObject({ cancel_reason: 'Order replaced' });
    const fresh = await orderUpdate(c, r['txid'] as string, (f) => f['status'] === 'pending');
    expect(fresh).toMatchObject({ refid: old, userref: 78, vol: '0.75000000', descr: { price: '28000.00000' } });
    // By userref; then the errors.
    const byRef = await send('editOrder', { token, orderid: '78', pair: 'XBT/USD', volume: '0.8' });
    expect(byRef).toMatchObject({ status: 'ok', originaltxid: r['txid'], descr: 'buy 0.80000000 XBTUSD @ limit 28000.0' });
    expect(await send('editOrder', { token, orderid: old, pair: 'XBT/USD', volume: '1' })).toMatchObject({ errorMessage: 'EOrder:Unknown order' });
    expect(await send('editOrder', { token, orderid: byRef['txid'], pair: 'ETH/USD', volume: '1' })).toMatchObject({ errorMessage: 'EGeneral:Invalid arguments:pair' });
    expect(await send('editOrder', { token, orderid: byRef['txid'], pair: 'XBT/USD' })).toMatchObject({ errorMessage: 'EGeneral:Invalid arguments:volume' });
    expect(sim.orders().map((o) => o.status)).toEqual(['canceled', 'canceled', 'open']);
  });

  it('cancelOrder sends one cancelOrderStatus per id named: ok for cancelled ones, EOrder:Unknown order for the rest', async () => {
    const a = await add();
    const b = await add({ userref: '42' });
    const d = await add({ userref: '42' });
    const id = ++reqid;
    c.send({ event: 'cancelOrder', reqid: id, token, txid: [a, 'OUNKNO-WN000-000000', '42', a] });
    const statuses: Record<string, unknown>[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await c.event('cancelOrderStatus', (m) => m['reqid'] === id));
    expect(statuses).toEqual([
      { event: 'cancelOrderStatus', reqid: id, status: 'ok' },
      { errorMessage: 'EOrder:Unknown order', event: 'cancelOrderStatus', reqid: id, status: 'error' },
      { event: 'cancelOrderStatus', reqid: id, status: 'ok' },
      { errorMessage: 'EOrder:Unknown order', event: 'cancelOrderStatus', reqid: id, status: 'error' },
    ]);
    await c.sync(1);
    expect(c.messages.filter((m) => (m as Record<string, unknown>)['event'] === 'cancelOrderStatus')).toHaveLength(4);
    expect(sim.orders().map((o) => [o.txid, o.status, o.cancelReason])).toEqual([
      [a, 'canceled', 'User requested'],
      [b, 'canceled', 'User requested'],
      [d, 'canceled', 'User requested'],
    ]);
    expect(await send('cancelOrder', { token, txid: 'not-an-array' })).toMatchObject({ errorMessage: 'EGeneral:Invalid arguments:txid', status: 'error' });
  });

  it('cancelAll answers the count and cancels every open order', async () => {
    await add();
    await add({ pair: 'ETH/USD', price: '1500.00' });
    expect(await send('cancelAll', { token })).toEqual({ count: 2, event: 'cancelAllStatus', reqid, status: 'ok' });
    expect(await send('cancelAll', { token })).toEqual({ count: 0, event: 'cancelAllStatus', reqid, status: 'ok' });
    expect(sim.orders().every((o) => o.status === 'canceled')).toBe(true);
  });

  it('cancelAllOrdersAfter answers currentTime/triggerTime (RFC 3339, seconds); timeout 0 disarms', async () => {
    clock.now = T0 + 250; // rounded up to the next second
    expect(await send('cancelAllOrdersAfter', { token, timeout: 60 })).toEqual({
      currentTime: '2023-11-12T14:27:31Z',
      event: 'cancelAllOrdersAfterStatus',
      reqid,
      status: 'ok',
      triggerTime: '2023-11-12T14:28:31Z',
    });
    expect(await send('cancelAllOrdersAfter', { token, timeout: 0 })).toEqual({
      currentTime: '2023-11-12T14:27:31Z',
      event: 'cancelAllOrdersAfterStatus',
      reqid,
      status: 'ok',
      triggerTime: '0',
    });
    for (const timeout of [-1, 1.5, '60', 86_401]) {
      expect(await send('cancelAllOrdersAfter', { token, timeout })).toMatchObject({ errorMessage: 'EGeneral:Invalid arguments:timeout', status: 'error' });
    }
  });

  it('the dead man\'s switch really cancels every open order when it fires, once', async () => {
    const a = await add();
    const b = await add({ pair: 'ETH/USD', price: '1500.00' });
    await send('cancelAllOrdersAfter', { token, timeout: 1 });
    const [ua, ub] = await Promise.all([
      orderUpdate(c, a, (f) => f['status'] === 'canceled'),
      orderUpdate(c, b, (f) => f['status'] === 'canceled'),
    ]);
    expect(ua['cancel_reason']).toBe("Dead man's switch");
    expect(ub['cancel_reason']).toBe("Dead man's switch");
    // After firing the switch is off: a new order stays.
    const later = await add();
    await send('cancelAllOrdersAfter', { token, timeout: 1 });
    await send('cancelAllOrdersAfter', { token, timeout: 0 });
    await new Promise((r) => setTimeout(r, 1300));
    await c.sync(1);
    expect(sim.orders().find((o) => o.txid === later)?.status).toBe('open');
  });

  it('systemStatus: cancel_only, post_only, limit_only and maintenance refuse what they must (EService:...)', async () => {
    const resting = await add();
    sim.setSystemStatus('cancel_only');
    expect(await send('addOrder', limitBuy())).toMatchObject({ errorMessage: 'EService:Market in cancel_only mode' });
    expect(await send('editOrder', { token, orderid: resting, pair: 'XBT/USD', volume: '1' })).toMatchObject({ errorMessage: 'EService:Market in cancel_only mode' });
    // No matching: the random market does not trade.
    expect(sim.market.step(40).flatMap((e) => e.trades)).toEqual([]);
    sim.setSystemStatus('post_only');
    expect(await send('addOrder', limitBuy())).toMatchObject({ errorMessage: 'EService:Market in post_only mode' });
    expect(await send('addOrder', limitBuy({ oflags: 'post' }))).toMatchObject({ status: 'ok' });
    sim.setSystemStatus('limit_only');
    expect(await send('addOrder', limitBuy({ ordertype: 'market', price: undefined }))).toMatchObject({ errorMessage: 'EService:Market in limit_only mode' });
    sim.setSystemStatus('maintenance');
    expect(await send('cancelOrder', { token, txid: [resting] })).toMatchObject({ errorMessage: 'EService:Unavailable' });
    expect(await send('cancelAll', { token })).toMatchObject({ errorMessage: 'EService:Unavailable' });
    expect(() => sim.placeOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '1' })).toThrow(/EService:Unavailable/);
    sim.setSystemStatus('online');
    expect(await send('cancelOrder', { token, txid: [resting] })).toMatchObject({ status: 'ok' });
    expect(sim.market.step(40).flatMap((e) => e.trades).length).toBeGreaterThan(0);
  });

  it('a post-only order that would take is accepted, then canceled without ever opening', async () => {
    const ask = sim.trueBook('XBT/USD', 1).asks[0]![0];
    const price = ask.replace(/0000$/, '');
    const r = await send('addOrder', limitBuy({ price, oflags: 'post' }));
    expect(r).toMatchObject({ status: 'ok', txid: expect.any(String) });
    const txid = r['txid'] as string;
    const canceled = await orderUpdate(c, txid, (f) => f['status'] === 'canceled');
    expect(canceled).toMatchObject({ cancel_reason: 'Post only order', vol_exec: '0.00000000' });
    expect(orderEntries(c).filter((e) => e.id === txid).map((e) => e.fields['status'])).toEqual(['pending', 'canceled']);
    expect(sim.trueBook('XBT/USD', 1).asks[0]![0]).toBe(ask);
    expect(sim.trades('XBT/USD')).toEqual([]);
  });

  it('IOC: fills what crosses, cancels the rest; an IOC that does not cross is canceled at once', async () => {
    const [[p0, v0], [p1]] = sim.trueBook('XBT/USD', 2).asks as [[string, string], [string, string]];
    // Limit at the best ask, more than it holds.
    const r = await send('addOrder', limitBuy({ price: p0.replace(/0000$/, ''), volume: '1000', timeinforce: 'IOC' }));
    const txid = r['txid'] as string;
    const end = await orderUpdate(c, txid, (f) => f['status'] === 'canceled');
    expect(end).toMatchObject({ vol_exec: v0, cancel_reason: 'Immediate or cancel' });
    expect(sim.trueBook('XBT/USD', 1).asks[0]![0]).toBe(p1);
    const none = await send('addOrder', limitBuy({ price: '20000.0', timeinforce: 'IOC' }));
    expect(await orderUpdate(c, none['txid'] as string, (f) => f['status'] === 'canceled')).toMatchObject({ vol_exec: '0.00000000' });
    expect(sim.trueBook('XBT/USD', 1000).bids.some(([p]) => p === '20000.00000')).toBe(false);
  });

  it('GTD: an order expires at expiretm on the simulator clock (recorded expired shape, no cancel_reason)', async () => {
    const txid = await add({ timeinforce: 'GTD', expiretm: '+5' });
    const [order] = sim.orders();
    expect(order?.expireTime).toBe(`${T0 / 1000 + 5}.000000`);
    clock.advance(5_000);
    await send('addOrder', limitBuy({ validate: true })); // any request lets the engine look at the clock
    const expired = await orderUpdate(c, txid, (f) => f['status'] === 'expired');
    expect(Object.keys(expired)).toEqual(Object.keys(recordedExpired));
    expect(sim.orders()[0]?.status).toBe('expired');
    expect(sim.trueBook('XBT/USD', 1000).bids.some(([p]) => p === '29000.00000')).toBe(false);
    // expiretm without timeinforce makes the order GTD (older clients' form).
    await add({ expiretm: String(T0 / 1000 + 60) });
    expect(sim.orders()[1]).toMatchObject({ timeInForce: 'GTD', expireTime: `${T0 / 1000 + 60}.000000` });
  });

  it('requestCount counts requests by event, reqid and userref (to prove nothing was sent twice)', async () => {
    await add({ userref: '5' });
    await add({ userref: 5 });
    await send('cancelAll', { token });
    expect(sim.requestCount('addOrder')).toBe(2);
    expect(sim.requestCount('addOrder', { userref: 5 })).toBe(2);
    expect(sim.requestCount('addOrder', { userref: '5', reqid: reqid - 1 })).toBe(1);
    expect(sim.requestCount('addOrder', { userref: 6 })).toBe(0);
    expect(sim.requestCount('cancelAll', { reqid })).toBe(1);
    expect(sim.requestCount('subscribe')).toBe(1);
  });
});
