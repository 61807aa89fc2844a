/**
 * A verified order book that heals itself. Every update's CRC32 is checked; here the simulator
 * is told to corrupt one checksum, and `bookSync()` shows the book resynchronising while
 * `book()` simply carries on with verified books.
 *
 *   npx tsx examples/verifiedBook.ts      # on the embedded simulator, 10 s
 *   npx tsx examples/verifiedBook.ts --live
 */
import { auditTime, merge, map, takeUntil, timer } from 'rxjs';
import { bestAsk, bestBid, createKrakenClient, spread } from 'kraken-rx';
import { startSimulator } from 'kraken-rx/simulator';
import { exampleArgs } from './args';

const { seconds, live } = exampleArgs(10);
const sim = live ? undefined : await startSimulator({ seed: 7 });
const kraken = createKrakenClient(sim === undefined ? {} : { url: sim.url, authUrl: sim.authUrl, restUrl: sim.restUrl });

const pair = 'ETH/USD';
const books$ = kraken.book(pair, { depth: 10 }).pipe(
  auditTime(500), // print the latest book twice a second
  map((book) => `book   ${book.pair} bid ${bestBid(book)?.price} ask ${bestAsk(book)?.price} spread ${spread(book)} crc ${book.checksum}`),
);
const sync$ = kraken.bookSync(pair, { depth: 10 }).pipe(map((s) => `sync   ${s.pair} ${s.state}${s.state === 'synced' ? '' : ` (${s.reason})`}`));
const errors$ = kraken.errors$.pipe(map((e) => `error  ${e.name}: ${e.message}`));

const stop$ = timer(seconds * 1_000);
const subscription = merge(books$, sync$, errors$).pipe(takeUntil(stop$)).subscribe({
  next: (line) => console.log(line),
  complete: () => {
    kraken.close();
    void sim?.close();
  },
});

// Halfway through, the simulator sends one update with a wrong checksum: watch the resync.
if (sim !== undefined) {
  setTimeout(() => {
    if (!subscription.closed) {
      console.log(`fault  corrupting the next ${pair} checksum`);
      sim.faults.corruptNextChecksum(pair);
    }
  }, (seconds * 1_000) / 2);
}
