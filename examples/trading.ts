/**
 * Private feeds and trading against the simulator's private side (never against Kraken: this
 * example places orders). It follows a limit order from `addOrder` to its fill on `openOrders`
 * and `ownTrades`, then rests a second order far from the market and cancels it.
 *
 *   npx tsx examples/trading.ts
 */
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { createKrakenClient, type OpenOrdersState } from 'kraken-rx';
import { toOpenOrders } from 'kraken-rx/operators';
import { startSimulator, SIMULATOR_TEST_CREDENTIALS } from 'kraken-rx/simulator';

// A quiet market (no random events) so that the steps below are easy to follow.
const sim = await startSimulator({ seed: 5, eventsPerSecond: 0 });
const kraken = createKrakenClient({
  url: sim.url,
  authUrl: sim.authUrl,
  restUrl: sim.restUrl,
  credentials: SIMULATOR_TEST_CREDENTIALS, // your { apiKey, apiSecret } on Kraken
});

const orders$ = kraken.openOrders().pipe(toOpenOrders());
/** Resolves with the first open-orders state that passes `check`; subscribe before acting. */
const until = (check: (s: OpenOrdersState) => boolean) => firstValueFrom(orders$.pipe(filter(check), take(1), timeout(5_000)));
const describe = (s: OpenOrdersState) => [...s.orders.values()].map((o) => `${o.id} ${o.status} ${o.vol_exec ?? '0'}/${o.vol}`).join(', ') || 'none';
const watching = [
  orders$.subscribe((s) => console.log(`openOrders  open: ${describe(s)}${s.terminal.length > 0 ? `; done: ${s.terminal.map((o) => `${o.id} ${o.status}`).join(', ')}` : ''}`)),
  kraken.ownTrades({ snapshot: false }).subscribe((t) => console.log(`ownTrades   ${t.trade.type} ${t.trade.vol} @ ${t.trade.price} fee ${t.trade.fee} (order ${t.trade.ordertxid})`)),
];

try {
  const bid = sim.trueBook('XBT/USD', 1).bids[0]?.[0] ?? '30000.0';
  console.log(`best bid    ${bid}`);

  // 1. Join the best bid with a limit buy.
  const placed = await firstValueFrom(kraken.addOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: bid, volume: '0.01', userref: 1 }));
  console.log(`addOrder    ${placed.txid}: ${placed.descr}`);
  await until((s) => s.orders.get(placed.txid ?? '')?.status === 'open');

  // 2. Another trader sells at market into the bids: our order fills (it leaves the open orders).
  const filled = until((s) => !s.orders.has(placed.txid ?? ''));
  sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '5' });
  await filled;

  // 3. Rest a buy far below the market, then cancel it.
  const far = (Number(bid) * 0.5).toFixed(1);
  const resting = await firstValueFrom(kraken.addOrder({ pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: far, volume: '0.02', userref: 2 }));
  console.log(`addOrder    ${resting.txid}: ${resting.descr}`);
  await until((s) => s.orders.has(resting.txid ?? ''));
  const gone = until((s) => !s.orders.has(resting.txid ?? ''));
  await firstValueFrom(kraken.cancelOrder([resting.txid ?? '']));
  await gone;
  const order = sim.orders().find((o) => o.txid === resting.txid);
  console.log(`cancelOrder ${resting.txid} ${order?.status} (${order?.cancelReason ?? 'no reason'})`);
  console.log(`simulator   orders: ${sim.orders().map((o) => `${o.txid} ${o.status}`).join(', ')}`);
} finally {
  watching.forEach((s) => s.unsubscribe());
  kraken.close();
  await sim.close();
}
