import { Subscription, auditTime, filter, share, take, tap, type Observable } from 'rxjs';
import {
  EXIT,
  SOURCE_OPTIONS,
  SOURCE_USAGE,
  UsageError,
  bookDepthFor,
  messageOf,
  parseStrict,
  readInt,
  readNumber,
  readPairs,
  readSource,
  type MarketSource,
} from '../args';
import { dashboardEvents, frames, toViews } from '../dashboard/dashboardEvents';
import { renderDashboard } from '../dashboard/renderDashboard';
import { isQuitKey, openScreen } from '../dashboard/openScreen';
import { initialView, missingParts, type DashboardView } from '../dashboard/dashboardView';
import { openCommandSource, parseCommand } from '../commandSteps';
import { withStop, type CliIo } from '../io';
import { clientFor } from '../source';

/**
 * What `kraken-rx dashboard` was asked to do.
 * @example
 * ```ts
 * const options: DashboardOptions = { pair: 'ETH/USD', levels: 25, history: 120, plain: false, source: { kind: 'live' } };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface DashboardOptions {
  readonly pair: string;
  /** Book levels per side shown (the subscribed depth is the smallest Kraken depth that holds them). */
  readonly levels: number;
  /** Closed 1-minute candles of REST history for the chart. */
  readonly history: number;
  /** Plain-text snapshots even on a terminal. */
  readonly plain: boolean;
  /** Print one snapshot (once the book, ticker, trades and candles are in) and exit. */
  readonly once?: boolean;
  /** Stop after this many seconds. */
  readonly durationS?: number;
  /** Columns of plain snapshots (default: the terminal's, else 100). */
  readonly width?: number;
  readonly source: MarketSource;
}

/** Usage text of `kraken-rx dashboard`. @internal */
export const DASHBOARD_USAGE = `Usage: kraken-rx dashboard [options]
       npm start -- [options]

A live dashboard of one pair: the order book ladder with size bars, spread and mid, the last
trades coloured by side, closed 1-minute candles, the ticker, and a status line (connection,
reconnects, messages per second, verified checksums, resyncs). Without --url or --live, an
embedded simulator is started. Quit with q or Ctrl-C.

When stdout is not a terminal (or with --plain), prints a plain-text snapshot every second.

Options:
  --pair <pair>        the pair (default XBT/USD)
  --depth <n>          book levels per side, 1 to 1000 (default 10)
  --candles <n>        closed candles of REST history in the chart (default 120, max 719)
  --once               print one snapshot once everything has arrived, then exit
  --duration <s>       exit after this many seconds
  --plain              plain-text snapshots even on a terminal
  --width <n>          columns of plain snapshots (default: the terminal's, else 100)
${SOURCE_USAGE}
  -h, --help           show this help

Examples:
  npm start
  kraken-rx dashboard --pair ETH/USD --depth 25
  kraken-rx dashboard --live --pair XBT/EUR
  kraken-rx dashboard --once | less
  kraken-rx dashboard --url ws://127.0.0.1:8080 --duration 30 --plain > snapshots.txt`;

/** Parses the arguments after `dashboard`. Throws a {@link UsageError}. @internal */
export function parseDashboardArgs(argv: readonly string[]): DashboardOptions | 'help' {
  const { values, positionals } = parseStrict(argv, {
    ...SOURCE_OPTIONS,
    pair: { type: 'string', short: 'p' },
    depth: { type: 'string', short: 'd' },
    candles: { type: 'string' },
    once: { type: 'boolean' },
    duration: { type: 'string' },
    plain: { type: 'boolean' },
    width: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (use --pair to choose the pair)`);
  if (values.once === true && values.duration !== undefined) throw new UsageError('--once and --duration cannot be used together');
  const [pair = 'XBT/USD'] = readPairs([values.pair ?? 'XBT/USD']);
  const durationS = readNumber('--duration', values.duration, 0.001, 365 * 86_400);
  const width = readInt('--width', values.width, 40, 1000);
  return {
    pair,
    levels: readInt('--depth', values.depth, 1, 1000) ?? 10,
    history: readInt('--candles', values.candles, 0, 719) ?? 120,
    plain: values.plain === true,
    ...(values.once === true ? { once: true } : {}),
    ...(durationS === undefined ? {} : { durationS }),
    ...(width === undefined ? {} : { width }),
    source: readSource(values),
  };
}

/** How long `--once` waits for everything to arrive. */
const ONCE_TIMEOUT_MS = 20_000;
/** How long `--once` lets values that arrive together settle before printing. */
const ONCE_SETTLE_MS = 200;

/**
 * The `kraken-rx dashboard` command (also `npm start`): full screen on a terminal, plain
 * snapshots otherwise. Built only from the library's public feeds.
 *
 * @example
 * ```ts
 * const code = await runDashboard(['--once', '--pair', 'ETH/USD'], { out: console.log, err: console.error });
 * ```
 * @param argv The arguments after `dashboard`.
 * @param io Output, stop signal and terminal.
 * @returns A promise of the exit code: 0 done, 1 error, 2 bad arguments.
 * @category CLI
 * @since 0.1.0
 */
export async function runDashboard(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCommand('dashboard', argv, parseDashboardArgs, DASHBOARD_USAGE, io);
  if (typeof options === 'number') return options;
  return withStop(io, async (stop) => {
    const source = await openCommandSource('dashboard', options.source, io);
    if (typeof source === 'number') return source;
    let frameCount = 0;
    const kraken = clientFor(source, { onFrame: () => (frameCount += 1) });
    const depth = bookDepthFor(options.levels);
    const initial = initialView({ pair: options.pair, levels: options.levels, depth, source: source.label, now: Date.now() });
    const views$ = dashboardEvents({
      kraken,
      pair: options.pair,
      depth,
      history: options.history,
      takeFrames: () => {
        const n = frameCount;
        frameCount = 0;
        return n;
      },
    }).pipe(toViews(initial), share());
    const run = options.plain || options.once === true || io.terminal === undefined ? runPlain : runFullScreen;
    try {
      return await run(views$, initial, options, io, stop);
    } finally {
      kraken.close();
      await source.close();
    }
  });
}

type Views = Observable<DashboardView>;

function runFullScreen(views$: Views, initial: DashboardView, options: DashboardOptions, io: CliIo, stop: Promise<unknown>): Promise<number> {
  const terminal = io.terminal;
  if (terminal === undefined) return Promise.resolve(EXIT.error);
  const screen = openScreen(terminal.stdout, terminal.stdin);
  let latest = initial;
  const draw = (): void => screen.draw(renderDashboard(latest, { width: screen.columns, height: screen.rows, color: true, interactive: true }));
  const subscriptions = new Subscription();
  let failure: unknown;
  return new Promise<number>((resolve) => {
    draw();
    subscriptions.add(
      views$
        .pipe(
          tap((view) => (latest = view)),
          frames(100),
        )
        .subscribe({
          next: draw,
          error: (error: unknown) => {
            failure = error;
            resolve(EXIT.error);
          },
        }),
    );
    subscriptions.add(screen.onKey((key) => isQuitKey(key) && resolve(EXIT.ok)));
    subscriptions.add(screen.onResize(draw));
    void stop.then(() => resolve(EXIT.ok));
    if (options.durationS !== undefined) {
      const timer = setTimeout(() => resolve(EXIT.ok), options.durationS * 1000);
      subscriptions.add(() => clearTimeout(timer));
    }
  }).finally(() => {
    subscriptions.unsubscribe();
    screen.restore();
    if (failure !== undefined) io.err(`kraken-rx dashboard: ${messageOf(failure)}`);
  });
}

function runPlain(views$: Views, initial: DashboardView, options: DashboardOptions, io: CliIo, stop: Promise<unknown>): Promise<number> {
  const width = options.width ?? io.terminal?.stdout.columns ?? 100;
  const print = (view: DashboardView): void => {
    io.out(renderDashboard({ ...view, now: Date.now() }, { width, color: false }).join('\n'));
    io.out('');
  };
  const subscriptions = new Subscription();
  let latest = initial;
  return new Promise<number>((resolve) => {
    const fail = (error: unknown): void => {
      io.err(`kraken-rx dashboard: ${messageOf(error)}`);
      resolve(EXIT.error);
    };
    void stop.then(() => resolve(EXIT.ok));
    if (options.once === true) {
      subscriptions.add(
        views$
          .pipe(
            tap((view) => (latest = view)),
            filter((view) => missingParts(view, options.history > 0).length === 0),
            // Candle history arrives as a burst of values: show the view once the burst is in.
            auditTime(ONCE_SETTLE_MS),
            take(1),
          )
          .subscribe({
            next: (view) => {
              print(view);
              resolve(EXIT.ok);
            },
            error: fail,
          }),
      );
      const timer = setTimeout(() => {
        print(latest);
        io.err(`kraken-rx dashboard: still missing ${missingParts(latest, options.history > 0).join(', ')} after ${ONCE_TIMEOUT_MS / 1000} s`);
        resolve(EXIT.error);
      }, ONCE_TIMEOUT_MS);
      subscriptions.add(() => clearTimeout(timer));
      return;
    }
    subscriptions.add(views$.subscribe({ next: (view) => (latest = view), error: fail }));
    // One block per second; --duration N (whole seconds) prints exactly N blocks.
    let blocks = 0;
    const every = setInterval(() => {
      blocks += 1;
      print(latest);
      if (options.durationS !== undefined && blocks >= options.durationS) resolve(EXIT.ok);
    }, 1000);
    subscriptions.add(() => clearInterval(every));
    if (options.durationS !== undefined && !Number.isInteger(options.durationS)) {
      const timer = setTimeout(() => resolve(EXIT.ok), options.durationS * 1000);
      subscriptions.add(() => clearTimeout(timer));
    }
  }).finally(() => subscriptions.unsubscribe());
}
