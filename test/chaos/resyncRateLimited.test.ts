/**
 * Regression test found by the chaos suite: a book resync is an unsubscribe followed by a
 * subscribe. When Kraken refused the unsubscribe (`Exceeded msg rate`) but processed the
 * subscribe, it answered `Already subscribed`, which the client took for an acknowledgement;
 * the refused unsubscribe, sent again after the pause, then ended the server's subscription.
 * The book waited for a snapshot that never came (data of the old subscription had counted as
 * the first message, so the stall timer never fired either).
 */
import { firstValueFrom, filter, timeout, type Subscription } from 'rxjs';
import type { BookSyncState } from '../../src/feeds/bookFeed';
import { eventually, startHarness, type SimHarness } from '../support/simulatorClient';

describe('a book resync whose unsubscribe Kraken refuses (regression)', () => {
  let h: SimHarness;
  let subs: Subscription[] = [];
  afterEach(async () => {
    subs.forEach((s) => s.unsubscribe());
    subs = [];
    await h.close();
  });

  it('still ends with a fresh snapshot and a synced book equal to the true book', async () => {
    // The stall timers are far away: recovery must not depend on them.
    h = await startHarness(
      { paused: true, pairs: ['XBT/USD', 'ETH/USD'] },
      { subscriptions: { ackTimeoutMs: 60_000, firstMessageTimeoutMs: 60_000, rateLimitPauseMs: 100 } },
    );
    const states: BookSyncState['state'][] = [];
    subs.push(h.kraken.bookSync('ETH/USD', { depth: 25 }).subscribe((s) => states.push(s.state)));
    const book$ = h.kraken.book('ETH/USD', { depth: 25 });
    subs.push(book$.subscribe());
    await eventually(() => states[states.length - 1] === 'synced');

    h.sim.faults.messageRateLimit({ count: 1 }); // the resync's unsubscribe will be refused
    h.sim.faults.corruptNextChecksum('ETH/USD');
    while (!states.includes('resyncing')) {
      h.sim.market.step(1, { pair: 'ETH/USD' });
      await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => states[states.length - 1] === 'synced', 5_000);
    expect(states).toEqual(['awaiting-snapshot', 'synced', 'resyncing', 'awaiting-snapshot', 'synced']);
    // The server holds the subscription again (the book keeps moving with the market).
    h.sim.market.step(5, { pair: 'ETH/USD' });
    await new Promise((r) => setTimeout(r, 200));
    const book = await firstValueFrom(book$.pipe(filter(Boolean), timeout(2_000)));
    const truth = h.sim.trueBook('ETH/USD', 25);
    expect(book.asks.map((l) => [l.price, l.volume])).toEqual(truth.asks);
    expect(book.bids.map((l) => [l.price, l.volume])).toEqual(truth.bids);
    expect(h.errors.map((e) => e.name)).toEqual(expect.arrayContaining(['BookChecksumError', 'MessageRateLimitError']));
  });
});
