import { Observable, firstValueFrom, take, timeout, toArray, filter } from 'rxjs';
import type { KrakenClientConfig } from '../../src/client/clientConfig';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import type { KrakenClient } from '../../src/client/krakenClient';
import type { KrakenError } from '../../src/errors';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import type { LeakCheck } from './leakCheck';

/** A simulator and a client connected to it, and what the client reported. */
export interface SimHarness {
  readonly sim: Simulator;
  readonly kraken: KrakenClient;
  readonly errors: KrakenError[];
  close(): Promise<void>;
}

/**
 * A simulator and a client on it. With `leaks` (see `useLeakCheck`), the check watches the
 * client (its state streams, and the error every subscription of `kraken` ends with) and looks
 * for every token the simulator issued.
 */
export async function startHarness(
  simOptions: SimulatorOptions = {},
  clientConfig: KrakenClientConfig = {},
  options: { readonly leaks?: LeakCheck } = {},
): Promise<SimHarness> {
  const sim = await startSimulator({ seed: 7, eventsPerSecond: 50, ...simOptions });
  const client = createKrakenClient({
    url: sim.url,
    authUrl: sim.authUrl,
    restUrl: sim.restUrl,
    lingerMs: 50,
    reconnect: { baseMs: 50, capMs: 500 },
    ...clientConfig,
  });
  const errors: KrakenError[] = [];
  client.errors$.subscribe((e) => errors.push(e));
  options.leaks?.watchSimulator(sim);
  const kraken = options.leaks === undefined ? client : options.leaks.watchClient(client);
  return {
    sim,
    kraken,
    errors,
    async close() {
      kraken.close();
      await sim.close();
    },
  };
}

/** The first `n` values of a feed, or an error after `ms`. */
export function takeValues<T>(source: Observable<T>, n: number, ms = 10_000): Promise<T[]> {
  return firstValueFrom(source.pipe(take(n), toArray(), timeout(ms)));
}

/** The first value matching `predicate`. */
export function firstMatching<T>(source: Observable<T>, predicate: (value: T) => boolean, ms = 10_000): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout(ms)));
}

/** Resolves when `check` passes, polling every 10 ms. */
export async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves when the error promise rejects, with its reason. */
export async function errorOf(source: Observable<unknown>, ms = 10_000): Promise<unknown> {
  try {
    await firstValueFrom(source.pipe(timeout(ms)));
  } catch (error) {
    return error;
  }
  throw new Error('expected the feed to error');
}
