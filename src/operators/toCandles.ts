import {
  EMPTY,
  asyncScheduler,
  concat,
  concatMap,
  defer,
  dematerialize,
  expand,
  map,
  materialize,
  of,
  switchMap,
  timer,
  type ObservableNotification,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import type { Candle } from '../candles/candle';
import { closeDueCandles } from '../candles/closeDueCandles';
import { nextCloseTime, type CandleStep, type ClosingParts } from '../candles/closing';
import { applyOhlcUpdate, initialOhlcCandleState, DEFAULT_OHLC_CANDLE_CONFIG, type OhlcCandleState } from '../candles/ohlcCandles';
import { CandleRevisionError } from '../errors/candleErrors';
import type { OhlcUpdate } from '../feeds/values';

/**
 * Options of {@link toCandles}.
 * @category Operators
 * @since 0.1.0
 */
export interface ToCandlesConfig {
  /**
   * How long after an interval's end (ms) the running candle is closed when no update for a
   * later interval arrived. Must exceed the feed's latency plus the local clock's lead over
   * Kraken's. Default 2000.
   */
  readonly graceMs?: number;
  /** Also emit the running candle (`final: false`) each time it changes. Default false. */
  readonly includeRunning?: boolean;
  /**
   * Called with a {@link CandleRevisionError} when data arrives that would change a candle
   * already emitted as final. The candle stream is not changed. If it throws, the result
   * errors with what it threw. Default: none (late data is dropped).
   */
  readonly onRevision?: (revision: CandleRevisionError) => void;
  /** Scheduler of the grace timer; its `now()` is the wall clock. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Defaults of {@link ToCandlesConfig}.
 * @category Operators
 * @since 0.1.0
 */
export const DEFAULT_TO_CANDLES_CONFIG = Object.freeze({
  graceMs: DEFAULT_OHLC_CANDLE_CONFIG.graceMs,
  includeRunning: false,
}) satisfies ToCandlesConfig;

/** setTimeout's longest delay; longer waits are re-armed. @internal */
export const MAX_TIMER_DELAY = 2_147_483_647;

/** How a candle operator drives its pure state. @internal */
export interface CandleDriver<T, S extends ClosingParts> {
  readonly initial: () => S;
  readonly apply: (state: S, value: T, now: number) => CandleStep<S>;
  readonly close: (state: S, now: number) => CandleStep<S>;
  readonly includeRunning: boolean;
  readonly onRevision: ((revision: CandleRevisionError) => void) | undefined;
  readonly scheduler: SchedulerLike;
}

/**
 * The operator shared by `toCandles` and `tradesToCandles`: each value goes through `apply`;
 * a timer on `scheduler` fires at `nextCloseTime` and runs `close`. The timer is replaced by
 * each value and released on error, completion and unsubscribe; on completion the running
 * candle is not emitted as final.
 * @internal
 */
export function candleOperator<T, S extends ClosingParts>(driver: CandleDriver<T, S>): OperatorFunction<T, Candle> {
  const { scheduler, includeRunning, onRevision } = driver;
  return (source) =>
    defer(() => {
      let state = driver.initial();
      const take = (step: CandleStep<S>): readonly Candle[] => {
        state = step.state;
        if (onRevision !== undefined) for (const info of step.revisions) onRevision(new CandleRevisionError(info));
        return includeRunning ? step.emitted : step.emitted.filter((c) => c.final);
      };
      // One timer at a time, for the running candle's close time; re-armed after it fires.
      const wait = (): Observable<readonly Candle[]> => {
        const due = nextCloseTime(state);
        if (due === undefined) return EMPTY;
        const delay = Math.min(Math.max(0, due - scheduler.now()), MAX_TIMER_DELAY);
        return timer(delay, scheduler).pipe(map(() => take(driver.close(state, scheduler.now()))));
      };
      const closes = defer(wait).pipe(
        expand(wait),
        concatMap((candles) => candles),
      );
      return source.pipe(
        materialize(),
        switchMap((n): Observable<ObservableNotification<Candle>> =>
          n.kind === 'N'
            ? concat(take(driver.apply(state, n.value, scheduler.now())), closes).pipe(map((value) => ({ kind: 'N', value }) as const))
            : of(n),
        ),
        dematerialize(),
      );
    });
}

/**
 * Turns Kraken's ohlc feed (the running candle, re-sent on every trade) into closed candles,
 * each emitted once.
 *
 * <span class="informal">Kraken never says that a candle closed: after an interval's end it
 * sends nothing until the next trade. This closes it then, or when the grace period after
 * its end has passed on the scheduler's clock.</span>
 *
 * ```
 * source:  -a-b------c---------------|    a, b update the 0–60 s candle; c opens 60–120 s
 * toCandles({ graceMs: 2000 })
 * result:  ----------A----------C----|    A = b's values, final when c arrives; C final at 122 s
 * ```
 *
 * A candle is emitted as final (`final: true`) when an update for a later interval arrives,
 * or when `end + graceMs` is reached on `scheduler.now()` with no such update. An update
 * whose interval ended long ago (Kraken's snapshot on subscribe) closes at once. Re-sent
 * running candles (after a reconnect) are merged: identical or older ones are dropped.
 * Late updates for an interval already emitted as final never produce a second final
 * candle; when they change the values, `onRevision` is called. When the source completes the
 * result completes and the running candle is not emitted as final (its interval may not be
 * over). Errors pass through. Every candle keeps Kraken's exact decimal strings.
 *
 * @example
 * ```ts
 * kraken.ohlc('XBT/USD', { interval: 1 }).pipe(toCandles()).subscribe((c) => console.log(new Date(c.start), c.close));
 * ```
 * @param config Grace period, running candles, revision callback and scheduler.
 * @return A function that returns an Observable that emits each candle once closed (and,
 * with `includeRunning`, the running candle on each change).
 * @throws {InvalidArgumentError} When `graceMs` is negative or not finite.
 * @see {@link tradesToCandles} for any interval, built from trades.
 * @see {@link withCandleHistory} to start with REST history.
 * @category Operators
 * @since 0.1.0
 */
export function toCandles(config: ToCandlesConfig = {}): OperatorFunction<OhlcUpdate, Candle> {
  const { graceMs = DEFAULT_TO_CANDLES_CONFIG.graceMs } = config;
  initialOhlcCandleState({ graceMs }); // validates now, not at subscription
  return candleOperator<OhlcUpdate, OhlcCandleState>({
    initial: () => initialOhlcCandleState({ graceMs }),
    apply: applyOhlcUpdate,
    close: closeDueCandles,
    includeRunning: config.includeRunning ?? DEFAULT_TO_CANDLES_CONFIG.includeRunning,
    onRevision: config.onRevision,
    scheduler: config.scheduler ?? asyncScheduler,
  });
}
