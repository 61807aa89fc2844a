/**
 * A strategy on closed candles of any interval, built from trades: 5-second candles and a
 * breakout signal when one closes outside the range of the 6 before it. The strategy itself
 * (examples/strategies/breakout.ts) is a function of the client, and is marble-tested with a
 * fake client in test/examples/breakout.test.ts.
 *
 *   npx tsx examples/candlesStrategy.ts   # on the embedded simulator, 60 s
 *   npx tsx examples/candlesStrategy.ts --seconds 120 --live
 */
import { map, merge, takeUntil, timer } from 'rxjs';
import { createKrakenClient } from 'kraken-rx';
import { tradesToCandles } from 'kraken-rx/operators';
import { startSimulator } from 'kraken-rx/simulator';
import { exampleArgs } from './args';
import { breakoutSignals } from './strategies/breakout';

const { seconds, live } = exampleArgs(60);
// A busy simulated market (40 events a second) so that 5-second candles fill up.
const sim = live ? undefined : await startSimulator({ seed: 11, eventsPerSecond: 40 });
const kraken = createKrakenClient(sim === undefined ? {} : { url: sim.url, authUrl: sim.authUrl, restUrl: sim.restUrl });

const pair = 'XBT/USD';
const intervalMs = 5_000;
const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

const candles$ = kraken.trades(pair).pipe(
  tradesToCandles({ intervalMs, graceMs: 500 }),
  map((c) => `candle ${time(c.start)} o ${c.open} h ${c.high} l ${c.low} c ${c.close} v ${c.volume} (${c.count} trades)`),
);
const signals$ = breakoutSignals(kraken, { pair, intervalMs, lookback: 6 }).pipe(
  map((s) => `SIGNAL ${s.side.toUpperCase()} at ${time(s.at)}: close ${s.close} broke ${s.level}`),
);

merge(candles$, signals$)
  .pipe(takeUntil(timer(seconds * 1_000)))
  .subscribe({
    next: (line) => console.log(line),
    complete: () => {
      kraken.close();
      void sim?.close();
    },
  });
