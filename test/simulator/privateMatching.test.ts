import { startSimulator, type Simulator } from '../../src/simulator';
import { orderEntries, orderUpdate, privateMessages, request, subscribePrivate, type PrivateMessage } from './support/privateSupport';
import { ReferenceBook } from './support/referenceBook';
import { TestClient } from './support/testClient';

/** Exact decimal text -> integer units of 10^-d (test-side, independent of the simulator). */
function units(text: string, d: number): bigint {
  const [i = '0', f = ''] = text.split('.');
  return BigInt(i + f.padEnd(d, '0').slice(0, d));
}
function text(u: bigint, d: number): string {
  const s = u.toString().padStart(d + 1, '0');
  return `${s.slice(0, s.length - d)}.${s.slice(s.length - d)}`;
}
/** round-half-up(n / m) for non-negative integers. */
const div = (n: bigint, m: bigint): bigint => (2n * n + m) / (2n * m);

// XBT/USD: price ticks 0.1 (1 decimal, 5 on the wire), 8 lot decimals, 5 cost decimals.
const P = 1;
const L = 8;
const C = 5;
/** Cost and fee of one fill, computed here from the wire strings. */
function expected(price: string, vol: string, feePct4: bigint): { cost: bigint; fee: bigint } {
  const n = units(price, P) * units(vol, L) * 10n ** BigInt(C);
  const scale = 10n ** BigInt(P + L);
  return { cost: div(n, scale), fee: div(n * feePct4, scale * 1_000_000n) };
}

describe('simulator matching engine on the true book', () => {
  let sim: Simulator;
  let token: string;
  let priv: TestClient;
  let pub: TestClient;
  let reqid = 1000;
  const books = new Map<string, ReferenceBook>();
  let fed = 0;
  const clients: TestClient[] = [];

  /** Replays every public book message received so far through the reference books (throws on a checksum mismatch). */
  function feed(): void {
    for (; fed < pub.messages.length; fed++) {
      const m = pub.messages[fed];
      if (!Array.isArray(m) || !String(m[m.length - 2]).startsWith('book-')) continue;
      const key = `${m[m.length - 1] as string}|${m[m.length - 2] as string}`;
      const book = books.get(key);
      if (book === undefined) throw new Error(`no reference book for ${key}`);
      if (!book.apply(m)) throw new Error(`checksum mismatch on ${key}: ${JSON.stringify(m).slice(0, 300)}`);
    }
  }
  /** Asserts that every reference book equals the true book. */
  async function checkBooks(): Promise<void> {
    await pub.sync(++reqid);
    feed();
    for (const [key, book] of books) {
      const [pair, channel] = key.split('|') as [string, string];
      const depth = Number(channel.slice(5));
      const truth = sim.trueBook(pair, depth);
      expect(book.view()).toEqual({ asks: truth.asks.map((l) => [...l]), bids: truth.bids.map((l) => [...l]) });
    }
  }
  const publicTrades = (): string[][] =>
    pub.channel('trade', 'XBT/USD').flatMap((m) => m[1] as string[][]);

  async function start(options: Parameters<typeof startSimulator>[0] = {}): Promise<void> {
    sim = await startSimulator({ seed: 21, paused: true, historyMinutes: 2, pairs: ['XBT/USD'], tradingRateLimit: false, ...options });
    token = sim.issueToken();
    priv = await TestClient.connect(sim.authUrl);
    pub = await TestClient.connect(sim.url);
    clients.push(priv, pub);
    await subscribePrivate(priv, 'openOrders', token);
    await subscribePrivate(priv, 'ownTrades', token, {}, 2);
    const pair = sim.market.pairs[0]!;
    for (const depth of [10, 25]) {
      pub.send({ event: 'subscribe', pair: [pair], subscription: { name: 'book', depth } });
      books.set(`${pair}|book-${depth}`, new ReferenceBook(depth));
    }
    pub.send({ event: 'subscribe', pair: [pair], subscription: { name: 'trade' } });
    await checkBooks();
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    books.clear();
    fed = 0;
    await sim.close();
  });

  const add = async (fields: Record<string, unknown>): Promise<string> => {
    const r = await request(priv, 'addOrder', ++reqid, { token, ordertype: 'limit', pair: 'XBT/USD', ...fields });
    if (r['status'] !== 'ok') throw new Error(JSON.stringify(r));
    return r['txid'] as string;
  };
  const tick = (price: string, delta: number): string => text(units(price, P) + BigInt(delta), P);

  it('a resting limit order adds to the public book, is filled by other traders (maker fee) and closes', async () => {
    await start();
    const bid = sim.trueBook('XBT/USD', 1).bids[0]![0];
    const price = tick(bid, 1); // inside the spread: the new best bid
    const txid = await add({ type: 'buy', price, volume: '0.75', userref: '3' });
    await orderUpdate(priv, txid, (f) => f['status'] === 'open');
    await checkBooks();
    expect(sim.trueBook('XBT/USD', 1).bids[0]).toEqual([`${price}0000`, '0.75000000']);

    // Another trader sells 0.25 at market: the account's bid is first in line.
    const first = sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.25' });
    expect(first.txid).toBeUndefined();
    expect(first.trades).toEqual([expect.objectContaining({ price: `${price}0000`, volume: '0.25000000', side: 's', orderType: 'm' })]);
    const fill = await orderUpdate(priv, txid, (f) => 'vol_exec' in f && !('status' in f));
    const a = expected(price, '0.25', 1600n);
    expect(fill).toEqual({ vol_exec: '0.25000000', cost: text(a.cost, C), fee: text(a.fee, C), avg_price: `${price}0000`, userref: 3 });
    await checkBooks();
    expect(sim.trueBook('XBT/USD', 1).bids[0]).toEqual([`${price}0000`, '0.50000000']);

    // The rest, in a bigger sell that also takes the next levels.
    sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.6' });
    const done = await orderUpdate(priv, txid, (f) => f['status'] === 'closed');
    const b = expected(price, '0.5', 1600n);
    expect(done).toMatchObject({ status: 'closed', vol_exec: '0.75000000', cost: text(a.cost + b.cost, C), fee: text(a.fee + b.fee, C), avg_price: `${price}0000` });
    await checkBooks();
    expect(sim.trueBook('XBT/USD', 1).bids[0]![0]).toBe(bid);

    // ownTrades: two maker trades at the order's price; the public trade feed shows them too.
    await priv.sync(++reqid);
    const trades = privateMessages(priv, 'ownTrades').slice(1).map((m) => Object.values(m[0][0]!)[0]!);
    expect(trades.map((t) => [t['ordertxid'], t['price'], t['vol'], t['type'], t['ordertype']])).toEqual([
      [txid, `${price}0000`, '0.25000000', 'buy', 'limit'],
      [txid, `${price}0000`, '0.50000000', 'buy', 'limit'],
    ]);
    expect(sim.ownTrades().every((t) => t.maker)).toBe(true);
    expect(publicTrades().filter((t) => t[0] === `${price}0000`).map((t) => t[1])).toEqual(['0.25000000', '0.50000000']);
    // Lifecycle on openOrders: pending, open, fill, fill, closed.
    expect(orderEntries(priv).filter((e) => e.id === txid).map((e) => e.fields['status'] ?? 'fill')).toEqual(['pending', 'open', 'fill', 'fill', 'closed']);
  });

  it('price-time priority: market volume already at the level trades first, volume added later trades after', async () => {
    await start();
    const [price, before] = sim.trueBook('XBT/USD', 1).bids[0]!;
    const ahead = units(before, L);
    const txid = await add({ type: 'buy', price: price.replace(/0000$/, ''), volume: '0.3' });
    // Another trader joins the level behind the account.
    sim.placeOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', volume: '1', price: price.replace(/0000$/, '') });
    expect(sim.trueBook('XBT/USD', 1).bids[0]).toEqual([price, text(ahead + units('1.3', L), L)]);
    // Selling exactly what was ahead leaves the account untouched.
    sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: text(ahead, L) });
    expect(sim.orders()[0]).toMatchObject({ txid, volumeExecuted: '0.00000000', status: 'open' });
    // The next 0.4 fills the account's 0.3 first, then 0.1 of the later volume.
    sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.4' });
    expect(sim.orders()[0]).toMatchObject({ txid, volumeExecuted: '0.30000000', status: 'closed' });
    expect(sim.trueBook('XBT/USD', 1).bids[0]).toEqual([price, '0.90000000']);
    await checkBooks();
  });

  it('a crossing limit order takes the levels up to its limit (taker fee), rests the rest; the public feeds show it', async () => {
    await start();
    const asks = sim.trueBook('XBT/USD', 3).asks;
    const limit = asks[1]![0]; // crosses the best two levels
    const taken = units(asks[0]![1], L) + units(asks[1]![1], L);
    const volume = text(taken + units('0.5', L), L);
    const txid = await add({ type: 'buy', price: limit.replace(/0000$/, ''), volume });
    const fill = await orderUpdate(priv, txid, (f) => 'vol_exec' in f && !('status' in f));
    const f0 = expected(asks[0]![0], asks[0]![1], 2600n);
    const f1 = expected(asks[1]![0], asks[1]![1], 2600n);
    const notional = units(asks[0]![0], P) * units(asks[0]![1], L) + units(asks[1]![0], P) * units(asks[1]![1], L);
    // avg price with 5 wire decimals: notional is in 10^-(1+8); scale to 10^-5 per lot.
    const avg = div(notional * 10n ** 4n, taken);
    expect(fill).toEqual({ vol_exec: text(taken, L), cost: text(f0.cost + f1.cost, C), fee: text(f0.fee + f1.fee, C), avg_price: text(avg, 5), userref: 0 });
    await checkBooks();
    const top = sim.trueBook('XBT/USD', 1);
    expect(top.bids[0]).toEqual([limit, '0.50000000']);
    expect(top.asks[0]![0]).toBe(asks[2]![0]);
    expect(publicTrades().slice(-2).map((t) => [t[0], t[1], t[3], t[4]])).toEqual([
      [asks[0]![0], asks[0]![1], 'b', 'l'],
      [asks[1]![0], asks[1]![1], 'b', 'l'],
    ]);
    // One book message touched both sides (Kraken's two-dict form).
    expect(pub.channel('book-10', 'XBT/USD').some((m) => m.length === 5)).toBe(true);
    expect(sim.ownTrades()).toEqual([expect.objectContaining({ maker: false, volume: text(taken, L), price: text(avg, 5) })]);
    expect(sim.orders()[0]).toMatchObject({ status: 'open', volumeExecuted: text(taken, L) });
  });

  it('a market order fills against the book: pending, open, fill, closed; the trade and book feeds show it', async () => {
    await start();
    const bids = sim.trueBook('XBT/USD', 2).bids;
    const volume = text(units(bids[0]![1], L) + 1n, L); // the best level and one lot of the next
    const txid = await add({ type: 'sell', ordertype: 'market', volume });
    await orderUpdate(priv, txid, (f) => f['status'] === 'closed');
    expect(orderEntries(priv).filter((e) => e.id === txid).map((e) => e.fields['status'] ?? 'fill')).toEqual(['pending', 'open', 'fill', 'closed']);
    await checkBooks();
    expect(sim.trueBook('XBT/USD', 1).bids[0]).toEqual([bids[1]![0], text(units(bids[1]![1], L) - 1n, L)]);
    expect(publicTrades().map((t) => [t[0], t[1], t[3], t[4]])).toEqual([
      [bids[0]![0], bids[0]![1], 's', 'm'],
      [bids[1]![0], '0.00000001', 's', 'm'],
    ]);
  });

  it('a market order bigger than the book fills what there is; the rest is canceled', async () => {
    await start({ pairs: [{ wsname: 'THIN/USD', priceDecimals: 2, startPrice: '100.00', typicalVolume: '1', levelsPerSide: 20 }] });
    const asks = sim.trueBook('THIN/USD', 1000).asks;
    const total = asks.reduce((s, [, v]) => s + units(v, L), 0n);
    const r = await request(priv, 'addOrder', ++reqid, { token, ordertype: 'market', type: 'buy', pair: 'THIN/USD', volume: text(total + units('5', L), L) });
    const end = await orderUpdate(priv, r['txid'] as string, (f) => f['status'] === 'canceled');
    expect(end).toMatchObject({ vol_exec: text(total, L), cancel_reason: 'Insufficient liquidity' });
    // The market refills the side afterwards.
    expect(sim.trueBook('THIN/USD', 1).asks.length).toBe(1);
    await checkBooks();
  });

  it('self-trade prevention: a taker stops at the account\'s own resting order (cancel newest)', async () => {
    await start();
    const ask = sim.trueBook('XBT/USD', 1).asks[0]![0];
    const own = await add({ type: 'sell', price: tick(ask.replace(/0000$/, ''), -1), volume: '0.2' });
    const r = await request(priv, 'addOrder', ++reqid, { token, ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '1' });
    expect(await orderUpdate(priv, r['txid'] as string, (f) => f['status'] === 'canceled')).toMatchObject({ vol_exec: '0.00000000', cancel_reason: 'Self trade prevention' });
    expect(sim.orders().find((o) => o.txid === own)).toMatchObject({ status: 'open', volumeExecuted: '0.00000000' });
    expect(sim.trades('XBT/USD')).toEqual([]);
  });

  it('random market events trade through resting orders; books, checksums, fills and trades stay consistent', async () => {
    await start();
    const mid = units(sim.trueBook('XBT/USD', 1).bids[0]![0], P);
    const txids: string[] = [];
    for (let i = 0; i < 6; i++) {
      txids.push(await add({ type: 'buy', price: text(mid - BigInt(i * 3), P), volume: '0.4', userref: String(i) }));
      txids.push(await add({ type: 'sell', price: text(mid + BigInt(20 + i * 3), P), volume: '0.4', userref: String(i) }));
    }
    await checkBooks();
    for (let step = 0; step < 300; step++) {
      sim.market.step(1);
      if (step % 10 === 0) {
        await checkBooks();
        // Every open account order is in the book: its level holds at least its remaining volume.
        for (const o of sim.orders().filter((x) => x.status === 'open')) {
          const side = o.type === 'buy' ? 'bids' : 'asks';
          const level = sim.trueBook('XBT/USD', 1000)[side].find(([p]) => p === o.price);
          expect(level).toBeDefined();
          expect(units(level![1], L)).toBeGreaterThanOrEqual(units(o.volume, L) - units(o.volumeExecuted, L));
        }
      }
    }
    await checkBooks();
    await priv.sync(++reqid);
    const orders = sim.orders();
    const filled = orders.filter((o) => o.volumeExecuted !== '0.00000000');
    expect(filled.length).toBeGreaterThan(0);
    // Each order's totals are the sums of its own trades (maker fee 0.16 % each, computed here).
    const trades = sim.ownTrades();
    for (const o of orders) {
      const mine = trades.filter((t) => t.orderTxid === o.txid);
      expect(text(mine.reduce((s, t) => s + units(t.volume, L), 0n), L)).toBe(o.volumeExecuted);
      expect(text(mine.reduce((s, t) => s + units(t.cost, C), 0n), C)).toBe(o.cost);
      expect(text(mine.reduce((s, t) => s + units(t.fee, C), 0n), C)).toBe(o.fee);
      for (const t of mine) {
        expect(t.maker).toBe(true);
        const e = expected(t.price, t.volume, 1600n);
        expect([t.cost, t.fee]).toEqual([text(e.cost, C), text(e.fee, C)]);
      }
      if (o.status === 'closed') expect(o.volumeExecuted).toBe(o.volume);
    }
    // The feeds agree: the last openOrders entry of each filled order carries its totals, and
    // every own trade arrived exactly once on ownTrades.
    const last = new Map<string, Record<string, unknown>>();
    for (const e of orderEntries(priv)) if ('vol_exec' in e.fields) last.set(e.id, e.fields);
    for (const o of filled) expect(last.get(o.txid)).toMatchObject({ vol_exec: o.volumeExecuted, cost: o.cost, fee: o.fee, avg_price: o.avgPrice });
    const seen = privateMessages(priv, 'ownTrades').slice(1).flatMap((m: PrivateMessage) => m[0].map((e) => Object.keys(e)[0]));
    expect(seen).toEqual(trades.map((t) => t.id));
  });
});
