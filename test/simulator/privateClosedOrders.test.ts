import { SIMULATOR_TEST_CREDENTIALS, startSimulator, type Simulator } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { nextNonce, requestToken, sign } from './support/privateSupport';

const PATH = '/0/private/ClosedOrders';

interface ClosedOrdersReply {
  status: number;
  body: { error: string[]; result?: { closed: Record<string, Record<string, unknown>>; count: number } };
}

/** POSTs ClosedOrders, signed with the test credentials unless told otherwise. */
async function requestClosedOrders(
  sim: Simulator,
  fields: Record<string, string> = {},
  options: { apiKey?: string; secret?: string; nonce?: string; signature?: string; method?: string } = {},
): Promise<ClosedOrdersReply> {
  const nonce = options.nonce ?? nextNonce();
  const body = new URLSearchParams({ nonce, ...fields }).toString();
  const signature = options.signature ?? sign(PATH, nonce, body, options.secret ?? SIMULATOR_TEST_CREDENTIALS.apiSecret);
  const method = options.method ?? 'POST';
  const res = await fetch(`${sim.restUrl}${PATH}`, {
    method,
    headers: {
      'API-Key': options.apiKey ?? SIMULATOR_TEST_CREDENTIALS.apiKey,
      'API-Sign': signature,
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
    },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as ClosedOrdersReply['body'] };
}

describe('simulator REST ClosedOrders', () => {
  let sim: Simulator;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.now = T0;
    sim = await startSimulator({ seed: 3, paused: true, historyMinutes: 2, pairs: ['XBT/USD'], clock: clock.read });
  });

  afterEach(async () => sim.close());

  const account = (order: Parameters<Simulator['placeOrder']>[0]) => sim.placeOrder({ by: 'account', ...order });

  it('answers Kraken\'s shape for a filled, a post-only-cancelled and an IOC-cancelled order; open orders are not listed', async () => {
    const ask = sim.trueBook('XBT/USD', 1).asks[0]?.[0] as string;
    const bid = sim.trueBook('XBT/USD', 1).bids[0]?.[0] as string;
    const filled = account({ pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '0.01', userref: 7 });
    clock.now += 1_000;
    const postOnly = account({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: ask, volume: '0.01', oflags: 'post', userref: 7 });
    clock.now += 1_000;
    const ioc = account({ pair: 'XBT/USD', type: 'sell', ordertype: 'limit', price: '99999', volume: '0.01', timeinforce: 'IOC', userref: 8 });
    account({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: (Number(bid) / 2).toFixed(1), volume: '0.01', userref: 7 }); // stays open

    const r = await requestClosedOrders(sim);
    expect(r.status).toBe(200);
    expect(r.body.error).toEqual([]);
    expect(r.body.result?.count).toBe(3);
    // Most recently closed first.
    expect(Object.keys(r.body.result?.closed ?? {})).toEqual([ioc.txid, postOnly.txid, filled.txid]);
    const f = r.body.result?.closed[filled.txid as string];
    expect(f).toMatchObject({
      refid: null,
      userref: 7,
      status: 'closed',
      reason: null,
      starttm: 0,
      expiretm: 0,
      descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'market', price: '0.0', price2: '0.0', leverage: 'none', order: 'buy 0.01000000 XBTUSD @ market', close: '' },
      vol: '0.01000000',
      vol_exec: '0.01000000',
      stopprice: '0.0',
      limitprice: '0.0',
      misc: '',
    });
    expect(f?.['opentm']).toBe(T0 / 1000);
    expect(typeof f?.['closetm']).toBe('number');
    expect(Number(f?.['price'])).toBeGreaterThanOrEqual(Number(ask));
    expect(Number(f?.['cost'])).toBeGreaterThan(0);
    expect(Object.keys(f ?? {})).toEqual([
      'refid', 'userref', 'status', 'reason', 'opentm', 'closetm', 'starttm', 'expiretm', 'descr',
      'vol', 'vol_exec', 'cost', 'fee', 'price', 'stopprice', 'limitprice', 'misc', 'oflags',
    ]);
    expect(r.body.result?.closed[postOnly.txid as string]).toMatchObject({ status: 'canceled', reason: 'Post only order', vol_exec: '0.00000000', price: '0.0' });
    expect(r.body.result?.closed[ioc.txid as string]).toMatchObject({ status: 'canceled', reason: 'Immediate or cancel', userref: 8 });
  });

  it('filters by userref, pages 50 at a time with ofs, and lists trade ids with trades=true', async () => {
    for (let i = 0; i < 60; i++) {
      clock.now += 10;
      account({ pair: 'XBT/USD', type: i % 2 === 0 ? 'buy' : 'sell', ordertype: 'market', volume: '0.001', userref: i < 55 ? 42 : 43 });
    }
    const first = await requestClosedOrders(sim, { userref: '42' });
    expect(first.body.result?.count).toBe(55);
    expect(Object.keys(first.body.result?.closed ?? {})).toHaveLength(50);
    const second = await requestClosedOrders(sim, { userref: '42', ofs: '50' });
    expect(Object.keys(second.body.result?.closed ?? {})).toHaveLength(5);
    const all = { ...first.body.result?.closed, ...second.body.result?.closed };
    expect(Object.keys(all)).toHaveLength(55);
    expect(Object.values(all).every((o) => o['userref'] === 42)).toBe(true);
    expect((await requestClosedOrders(sim, { userref: '43' })).body.result?.count).toBe(5);
    expect((await requestClosedOrders(sim, { userref: '44' })).body.result).toEqual({ closed: {}, count: 0 });
    const withTrades = await requestClosedOrders(sim, { userref: '43', trades: 'true' });
    for (const order of Object.values(withTrades.body.result?.closed ?? {})) expect(order['trades']).toEqual([expect.stringMatching(/^T/)]);
  });

  it('filters by open or close time (start exclusive, end inclusive)', async () => {
    const a = account({ pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '0.001' });
    clock.now += 10_000;
    const b = account({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.001' });
    const t0 = String(T0 / 1000);
    expect(Object.keys((await requestClosedOrders(sim, { start: t0 })).body.result?.closed ?? {})).toEqual([b.txid]);
    expect(Object.keys((await requestClosedOrders(sim, { end: t0, closetime: 'open' })).body.result?.closed ?? {})).toEqual([a.txid]);
  });

  it('makes the checks of a private call: key, signature, nonce (shared with GetWebSocketsToken), method', async () => {
    expect((await requestClosedOrders(sim, {}, { apiKey: 'someone-else' })).body).toEqual({ error: ['EAPI:Invalid key'] });
    const wrongSecret = Buffer.alloc(64, 7).toString('base64');
    const nonce = nextNonce();
    expect((await requestClosedOrders(sim, {}, { nonce, secret: wrongSecret })).body).toEqual({ error: ['EAPI:Invalid signature'] });
    // A body signed for another path does not pass either.
    const body = new URLSearchParams({ nonce }).toString();
    expect((await requestClosedOrders(sim, {}, { nonce, signature: sign('/0/private/GetWebSocketsToken', nonce, body, SIMULATOR_TEST_CREDENTIALS.apiSecret) })).body).toEqual({
      error: ['EAPI:Invalid signature'],
    });
    // The refused requests did not consume the nonce; this one does.
    expect((await requestClosedOrders(sim, {}, { nonce })).body.error).toEqual([]);
    expect((await requestClosedOrders(sim, {}, { nonce })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    // One nonce sequence per key across private calls, as on Kraken.
    const later = String(BigInt(nextNonce()) + 10n);
    expect((await requestToken(sim, { nonce: later })).body.error).toEqual([]);
    const between = String(BigInt(later) - 1n); // larger than every ClosedOrders nonce so far
    expect((await requestClosedOrders(sim, {}, { nonce: between })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await requestClosedOrders(sim, {}, { nonce: 'abc' })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await requestClosedOrders(sim, {}, { method: 'GET' })).status).toBe(405);
  });

  it('refuses malformed fields with EGeneral:Invalid arguments:<field>', async () => {
    for (const [field, value] of [
      ['userref', 'abc'],
      ['userref', '2147483648'],
      ['ofs', '-1'],
      ['start', 'yesterday'],
      ['end', '1e9'],
      ['closetime', 'never'],
    ] as const) {
      expect((await requestClosedOrders(sim, { [field]: value })).body).toEqual({ error: [`EGeneral:Invalid arguments:${field}`] });
    }
  });
});
