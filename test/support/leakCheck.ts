/**
 * The secrets check shared by every private and trading suite: it records everything a test
 * (or a user's log line) could show — every value of `errors$`, `status$`, `privateStatus$`
 * and `systemStatus$`, every error a test subscription received, all console output — and,
 * after each test and at the end of the file, asserts that none of it, nor `String()`,
 * `JSON.stringify()` or `util.inspect()` of the client itself, contains the API key, the API
 * secret or any token the simulator issued.
 *
 * Usage, at the top of a suite:
 *
 * ```ts
 * const leaks = useLeakCheck();
 * // ...
 * h = await startHarness(simOptions, clientConfig, { leaks });
 * ```
 *
 * `startHarness` then watches the client, hands the test a client whose every Observable
 * records the error it ends with, and adds the simulator's issued tokens to the secrets.
 */
import { format, inspect } from 'node:util';
import { isObservable, tap, type Subscription } from 'rxjs';
import type { KrakenClient } from '../../src/client/krakenClient';
import { SIMULATOR_TEST_CREDENTIALS, type Simulator } from '../../src/simulator';

/** Secrets shorter than this are not looked for (the library does not register them either). */
const MIN_SECRET_LENGTH = 8;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

interface Recorded {
  readonly where: string;
  readonly value: unknown;
}

interface Secret {
  readonly what: string;
  readonly value: string;
}

/** One place a secret was found; never the secret itself (a failing check must not print it). */
export interface Leak {
  /** Which secret: `API key`, `API secret`, `token #3 issued by the simulator`, ... */
  readonly secret: string;
  /** Where it was recorded, e.g. `errors$`, `kraken.addOrder() error`, `console.error`. */
  readonly where: string;
  /** Which view showed it: `String`, `JSON.stringify`, `util.inspect`, `stack`... */
  readonly view: string;
}

export interface LeakCheck {
  /** Adds fixed secrets (at least 8 characters) to look for. */
  addSecrets(what: string, ...values: readonly string[]): void;
  /** Adds secrets read at check time, e.g. `() => sim.issuedTokens()`. */
  addSecretSource(what: string, source: () => readonly string[]): void;
  /** Looks for the simulator's issued tokens, and any token a client sent it. */
  watchSimulator(sim: Simulator): void;
  /** Records a value a user could log (an error, a status...). */
  record(where: string, value: unknown): void;
  /**
   * Records every value of the client's state streams, and its own String/JSON/inspect views
   * at each check; returns the client with every Observable-returning method wrapped so that
   * the error any subscription ends with is recorded too.
   */
  watchClient(kraken: KrakenClient): KrakenClient;
  /** Starts recording console output (the original methods still print). Returns the undo. */
  captureConsole(): () => void;
  /** Every leak among the values recorded since the last check (`all`: every value). */
  findLeaks(options?: { readonly all?: boolean }): Leak[];
  /** Throws, naming each leak (never the secret), if {@link findLeaks} finds any. */
  assertNoLeaks(options?: { readonly all?: boolean }): void;
  /** How many values were recorded so far (to check the recorder itself). */
  readonly recorded: number;
}

/** A leak check with the simulator's test credentials as its first secrets. */
export function createLeakCheck(): LeakCheck {
  const records: Recorded[] = [];
  const fixed: Secret[] = [];
  const sources: Array<{ what: string; source: () => readonly string[] }> = [];
  const clients: KrakenClient[] = [];
  const subscriptions: Subscription[] = [];
  let checked = 0;

  const check: LeakCheck = {
    addSecrets(what, ...values) {
      values.forEach((value, i) => fixed.push({ what: values.length === 1 ? what : `${what} #${i + 1}`, value }));
    },
    addSecretSource(what, source) {
      sources.push({ what, source });
    },
    watchSimulator(sim) {
      check.addSecretSource('token issued by the simulator', () => sim.issuedTokens());
      check.addSecretSource('token a client sent the simulator', () => tokensSentTo(sim));
    },
    record(where, value) {
      records.push({ where, value });
    },
    watchClient(kraken) {
      clients.push(kraken);
      subscriptions.push(
        kraken.errors$.subscribe((e) => check.record('errors$', e)),
        kraken.status$.subscribe((s) => check.record('status$', s)),
        kraken.privateStatus$.subscribe((s) => check.record('privateStatus$', s)),
        kraken.systemStatus$.subscribe((s) => check.record('systemStatus$', s)),
      );
      return recordingClient(kraken, (where, error) => check.record(where, error));
    },
    captureConsole() {
      const originals = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
      for (const [name, original] of originals) {
        console[name] = (...args: unknown[]) => {
          check.record(`console.${name}`, format(...args));
          args.forEach((arg, i) => check.record(`console.${name} argument ${i}`, arg));
          original.apply(console, args);
        };
      }
      return () => {
        for (const [name, original] of originals) console[name] = original;
      };
    },
    findLeaks(options = {}) {
      const secrets = currentSecrets();
      const from = options.all === true ? 0 : checked;
      const leaks: Leak[] = [];
      for (const { where, value } of records.slice(from)) leaks.push(...leaksIn(where, value, secrets, true));
      // The client object itself, as `console.log(kraken)` would show it, at this moment.
      clients.forEach((kraken, i) => leaks.push(...leaksIn(clients.length === 1 ? 'the client' : `client ${i + 1}`, kraken, secrets, false)));
      checked = records.length;
      return leaks;
    },
    assertNoLeaks(options) {
      const leaks = check.findLeaks(options);
      if (leaks.length > 0) {
        throw new Error(`A secret leaked:\n${leaks.map((l) => `- the ${l.secret} in ${l.where} (${l.view})`).join('\n')}`);
      }
    },
    get recorded() {
      return records.length;
    },
  };
  check.addSecrets('API key', SIMULATOR_TEST_CREDENTIALS.apiKey);
  check.addSecrets('API secret', SIMULATOR_TEST_CREDENTIALS.apiSecret);

  function currentSecrets(): Secret[] {
    const all = [...fixed];
    for (const { what, source } of sources) source().forEach((value, i) => all.push({ what: `${what} (#${i + 1})`, value }));
    const seen = new Set<string>();
    return all.filter((s) => s.value.length >= MIN_SECRET_LENGTH && !seen.has(s.value) && seen.add(s.value));
  }

  return check;
}

/**
 * A {@link LeakCheck} wired into the current test file: console output is recorded from the
 * first test on; after each test the values recorded during it are checked, and at the end
 * (after every harness closed) everything is checked again, late values included.
 */
export function useLeakCheck(): LeakCheck {
  const leaks = createLeakCheck();
  let restore: (() => void) | undefined;
  beforeAll(() => {
    restore = leaks.captureConsole();
  });
  afterEach(() => leaks.assertNoLeaks());
  afterAll(() => {
    restore?.();
    leaks.assertNoLeaks({ all: true });
  });
  return leaks;
}

/** Every `token` a client sent the simulator (subscriptions and trading requests). */
function tokensSentTo(sim: Simulator): string[] {
  const tokens: string[] = [];
  for (const r of sim.received) {
    const m = r.message as { token?: unknown; subscription?: { token?: unknown } } | undefined;
    for (const t of [m?.token, m?.subscription?.token]) if (typeof t === 'string') tokens.push(t);
  }
  return tokens;
}

/** The client with each method's Observable recording the error it ends with. */
function recordingClient(kraken: KrakenClient, record: (where: string, error: unknown) => void): KrakenClient {
  return new Proxy(kraken, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return isObservable(result) ? result.pipe(tap({ error: (error: unknown) => record(`kraken.${String(property)}() error`, error) })) : result;
      };
    },
  });
}

/** Every view of `value` a log line could show, and the secrets any of them contains. */
function leaksIn(where: string, value: unknown, secrets: readonly Secret[], hidden: boolean): Leak[] {
  const leaks: Leak[] = [];
  for (const [view, text] of viewsOf(value, hidden)) {
    for (const secret of secrets) if (text.includes(secret.value)) leaks.push({ secret: secret.what, where, view });
  }
  return leaks;
}

function viewsOf(value: unknown, hidden: boolean): Array<[string, string]> {
  const views: Array<[string, string]> = [];
  const add = (view: string, text: () => unknown): void => {
    try {
      const t = text();
      if (typeof t === 'string') views.push([view, t]);
    } catch (e) {
      views.push([`${view} threw`, e instanceof Error ? `${e.name}: ${e.message}` : String(e)]);
    }
  };
  if (typeof value === 'string') views.push(['text', value]);
  add('String', () => String(value));
  add('JSON.stringify', () => JSON.stringify(value));
  add('util.inspect', () => inspect(value, { depth: 10 }));
  if (hidden) add('util.inspect showHidden', () => inspect(value, { depth: 10, showHidden: true }));
  if (value instanceof Error) {
    add('message', () => value.message);
    add('stack', () => value.stack);
  }
  return views;
}
