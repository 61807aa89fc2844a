/**
 * The README's fifteen lines, runnable: a verified book and a 20-minute average of closed
 * candles (REST history first), combined only while the book is in sync.
 *
 *   npx tsx examples/tour.ts              # on the embedded simulator, 20 s
 *   npx tsx examples/tour.ts --live       # on Kraken
 */
import { bufferCount, combineLatest, filter, map, throttleTime, timer, takeUntil } from 'rxjs';
import { createKrakenClient, bestBid } from 'kraken-rx';
import { startSimulator } from 'kraken-rx/simulator';
import { exampleArgs } from './args';

const { seconds, live } = exampleArgs(20);
const sim = live ? undefined : await startSimulator({ seed: 7 });
const kraken = createKrakenClient(sim === undefined ? {} : { url: sim.url, authUrl: sim.authUrl, restUrl: sim.restUrl });

const book$ = kraken.book('XBT/USD', { depth: 25 }); // checksum-verified, self-healing
const synced$ = kraken.bookSync('XBT/USD', { depth: 25 }).pipe(map((s) => s.state === 'synced'));
const sma20$ = kraken.candles('XBT/USD', { interval: 1, history: 20 }).pipe(
  bufferCount(20, 1), // the last 20 closed one-minute candles
  map((last20) => last20.reduce((sum, c) => sum + Number(c.close), 0) / 20),
);
combineLatest([book$, sma20$, synced$])
  .pipe(
    filter(([, , synced]) => synced), // never act on a book that is not verified
    throttleTime(1_000), // one line a second is enough to read
    takeUntil(timer(seconds * 1_000)),
  )
  .subscribe({
    next: ([book, sma20]) => {
      const bid = Number(bestBid(book)?.price);
      console.log(bid > sma20 ? 'above' : 'below', 'the 20-minute average:', bid, sma20.toFixed(1));
    },
    complete: () => {
      kraken.close();
      void sim?.close();
    },
  });
