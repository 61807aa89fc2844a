/**
 * The side of each client process that the bench owns: reads the run's configuration, times
 * the books the client hands to the application, and reports to the orchestrator over IPC.
 *
 * A client calls `ctx.book(pair, read)` each time its library gives the application a book
 * (an emitted value, an event, a resolved promise) and `ctx.error(e)` for each error its
 * library surfaces. `read()` returns the client's current top 10; in a timed run it is only
 * called once, at the end, so it costs nothing while the stream is measured.
 */
import type { TopOfBook } from '../shared/referenceBook';
import { sameTop } from '../shared/referenceBook';

export interface ClientConfig {
  readonly url: string;
  readonly pairs: ReadonlyArray<string>;
  readonly depth: number;
  /** `timed`: ends by itself once no book came for `idleMs`. `fault`: compares every book with `expected` and reports when asked. */
  readonly mode: 'timed' | 'fault';
  readonly idleMs: number;
  /** Books a client that misses nothing holds by the end (the stream's data frames): once there, a short idle ends the run. */
  readonly frames?: number;
  /** A timed run that has not ended by then reports what it has. */
  readonly timeoutMs: number;
  /** Fault runs: the book each pair must end with. */
  readonly expected?: Readonly<Record<string, TopOfBook>>;
}

export interface ClientError {
  /** Epoch ms. */
  readonly at: number;
  readonly name: string;
  readonly message: string;
}

export interface ClientReport {
  /** Epoch ms (sub-ms precision) of the first book and of the last one. */
  readonly firstBookAt: number | undefined;
  readonly lastBookAt: number | undefined;
  /**
   * CPU time (user + system, µs) this process used from the first book to the report. The
   * report comes after the run went idle, so this is the CPU of the stream (and a few idle
   * timer ticks); unlike the wall-clock time, it does not grow when other processes take the
   * cores.
   */
  readonly cpuMicros: number | undefined;
  /** Book messages the client has handled (it holds the book after each). */
  readonly books: number;
  /** Books handed to the application (fewer than `books` when the library coalesces). */
  readonly deliveries: number;
  /** The client's top 10 per pair at the end (`null`: the client holds no book for it). */
  readonly final: Readonly<Record<string, TopOfBook | null>>;
  readonly errors: ReadonlyArray<ClientError>;
  readonly errorCount: number;
  /** How many errors of each name (all of them, not only those kept in `errors`). */
  readonly errorNames: Readonly<Record<string, number>>;
  /** Resubscriptions the library made without telling the application. */
  readonly silentResyncs: number;
  /** Fault runs: when every pair first held its expected book (epoch ms). */
  readonly matchedAt: number | undefined;
  readonly timedOut: boolean;
  /** An uncaught exception or unhandled rejection that ended the process. */
  readonly crash: string | undefined;
}

export interface ClientContext {
  readonly config: ClientConfig;
  /** The client holds a new book for `pair`; `delivered: false` when the application was not handed it. */
  book(pair: string, read: () => TopOfBook | null, delivered?: boolean): void;
  /** The application was handed a book (for clients that call `book(..., false)`). */
  delivered(): void;
  /** The library resubscribed a book without surfacing an error. */
  silentResync(): void;
  /** An error the library surfaced to the application; `surfaced: false` for one seen inside it that the application was not told of. */
  error(error: unknown, surfaced?: boolean): void;
}

export const now = (): number => performance.timeOrigin + performance.now();

const MAX_ERRORS_KEPT = 20;

export function runClient(start: (ctx: ClientContext) => void | Promise<void>): void {
  const raw = process.env['BENCH_PEER_CONFIG'];
  if (raw === undefined) throw new Error('BENCH_PEER_CONFIG is not set: run this through `npm run bench:peers`');
  const config = JSON.parse(raw) as ClientConfig;
  const readers = new Map<string, () => TopOfBook | null>();
  const errors: ClientError[] = [];
  const matched = new Set<string>();
  let errorCount = 0;
  const errorNames: Record<string, number> = {};
  let firstBookAt: number | undefined;
  let lastBookAt: number | undefined;
  let books = 0;
  let deliveries = 0;
  let silentResyncs = 0;
  let matchedAt: number | undefined;
  let reported = false;
  let cpuAtFirstBook: NodeJS.CpuUsage | undefined;

  const report = (timedOut: boolean, crash?: string): void => {
    if (reported) return;
    reported = true;
    const final: Record<string, TopOfBook | null> = {};
    for (const pair of config.pairs) {
      let top: TopOfBook | null = null;
      try {
        top = readers.get(pair)?.() ?? null;
      } catch {
        top = null;
      }
      final[pair] = top;
    }
    const cpu = cpuAtFirstBook === undefined ? undefined : process.cpuUsage(cpuAtFirstBook);
    const cpuMicros = cpu === undefined ? undefined : cpu.user + cpu.system;
    const message: ClientReport = { firstBookAt, lastBookAt, cpuMicros, books, deliveries, final, errors, errorCount, errorNames, silentResyncs, matchedAt, timedOut, crash };
    process.send!(message, () => process.exit(crash === undefined ? 0 : 1));
  };

  const ctx: ClientContext = {
    config,
    book(pair, read, isDelivered = true) {
      const t = now();
      if (firstBookAt === undefined) {
        firstBookAt = t;
        cpuAtFirstBook = process.cpuUsage();
      }
      lastBookAt = t;
      books++;
      if (isDelivered) deliveries++;
      readers.set(pair, read);
      if (config.mode === 'fault' && config.expected !== undefined) {
        const expected = config.expected[pair];
        const top = read();
        if (expected !== undefined && top !== null && sameTop(top, expected)) matched.add(pair);
        else matched.delete(pair);
        if (matchedAt === undefined && config.pairs.every((p) => matched.has(p))) matchedAt = t;
      }
    },
    delivered() {
      deliveries++;
    },
    silentResync() {
      silentResyncs++;
    },
    error(error, surfaced = true) {
      errorCount++;
      const e = error instanceof Error ? error : new Error(String(error));
      const name = `${e.name !== 'Error' ? e.name : e.constructor.name}${surfaced ? '' : ' (not surfaced)'}`;
      errorNames[name] = (errorNames[name] ?? 0) + 1;
      // The first errors of each name.
      if (errors.length < MAX_ERRORS_KEPT && errors.filter((x) => x.name === name).length < 3) {
        errors.push({ at: now(), name, message: e.message.slice(0, 300) });
      }
    },
  };

  const fail = (error: unknown) => report(false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  process.on('message', (message: unknown) => {
    if ((message as { type?: string }).type === 'report') report(false);
  });

  const startedAt = Date.now();
  if (config.mode === 'timed') {
    const timer = setInterval(() => {
      const t = now();
      const idle = config.frames !== undefined && books >= config.frames ? Math.min(300, config.idleMs) : config.idleMs;
      if (lastBookAt !== undefined && t - lastBookAt >= idle) {
        clearInterval(timer);
        report(false);
      } else if (Date.now() - startedAt > config.timeoutMs) {
        clearInterval(timer);
        report(true);
      }
    }, 50);
  }
  void Promise.resolve()
    .then(() => start(ctx))
    .catch(fail);
}
