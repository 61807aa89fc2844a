import {
  Observable,
  Subscription,
  asapScheduler,
  from,
  type MonoTypeOperatorFunction,
  type ObservableInput,
  type ObservedValueOf,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { InvalidArgumentError } from '../errors/protocolErrors';

/**
 * Options of {@link conflateLatest}.
 * @example
 * ```ts
 * const config: ConflateLatestConfig = { scheduler: asyncScheduler }; // let I/O run between hand-offs
 * ```
 * @category Operators
 * @since 0.1.0
 */
export interface ConflateLatestConfig {
  /**
   * Where each hand-off runs: a value is passed on (or its work started) in a task on this
   * scheduler, and values that arrive before that task runs replace the waiting one. Default
   * `asapScheduler` (a microtask: a burst of values delivered in one go, such as the book
   * updates of one network read, collapses to its last value). `asyncScheduler` also lets
   * pending I/O run between two hand-offs.
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Hands on only the latest value to a consumer that is slower than its source: while the
 * consumer is busy, at most **one** value waits, and a newer value replaces it.
 *
 * <span class="informal">The bounded alternative to `concatMap` (which queues every value) and
 * to `observeOn` (which schedules one task per value) for state streams such as order books,
 * where only the newest state matters.</span>
 *
 * ```
 * source:  -a-b-(cd)--e-------f--|
 * conflateLatest()                       (one hand-off per scheduler task)
 * result:  -a-b-d-----e-------f--|
 *
 * source:  -abcd------e--|
 * conflateLatest((v) => work(v))         (work takes 3 frames, emits its result W(v))
 * result:  ----A--D------E--|            (b and c are dropped: d replaced them while A ran)
 * ```
 *
 * Without `project`, each value is handed to the subscriber in a task on `scheduler`; values
 * that arrive before the task runs replace the waiting one. With `project`, the latest value
 * is given to `project` in a task on `scheduler`, and its Observable (or Promise, array...) is
 * followed to completion before the next latest value starts: no two run at once, and nothing
 * but the newest value waits. Either way memory is bounded by one value, whatever the
 * consumer's speed, and the consumer always works on the newest state once it catches up.
 *
 * Completion waits for the waiting value and the running work; an error from the source, from
 * `project` or from the work is passed on at once and drops the waiting value. Unsubscribing
 * cancels the scheduled hand-off and the running work.
 *
 * Do not use it on streams where every value counts (trades, fills, openOrders messages): it
 * drops values by design. For order books it is safe because each `OrderBook` value is a
 * complete, verified state (`kraken.book()` keeps applying every update, conflation only skips
 * the states nobody had time to look at).
 *
 * @example
 * ```ts
 * import { conflateLatest } from 'kraken-rx/operators';
 * // a strategy that takes 50 ms per book never builds a backlog: it always sees the newest book
 * kraken.book('XBT/USD', { depth: 100 })
 *   .pipe(conflateLatest((book) => evaluate(book))) // evaluate returns a Promise or Observable
 *   .subscribe((decision) => act(decision));
 * ```
 * @param config The scheduler of the hand-offs. (With a `project` function first, see the
 * second signature.)
 * @return A function that returns an Observable that emits the latest source value (or the
 * results of `project` for it) whenever the consumer is free, never holding more than one
 * waiting value.
 * @throws {InvalidArgumentError} When `project` is given and is not a function, or `config` is
 * not an options object.
 * @see https://rxjs.dev/api/operators/auditTime
 * @see https://rxjs.dev/api/operators/exhaustMap
 * @category Operators
 * @since 0.1.0
 */
export function conflateLatest<T>(config?: ConflateLatestConfig): MonoTypeOperatorFunction<T>;
/**
 * Runs `project` on the latest value whenever the previous run has finished, dropping the
 * values that arrived meanwhile except the newest (see the first signature).
 * @example
 * ```ts
 * kraken.book('XBT/USD').pipe(conflateLatest((book) => evaluate(book))).subscribe(act);
 * ```
 * @param project The work to run for each handed-on value (the slow consumer).
 * @param config The scheduler of the hand-offs.
 * @return A function that returns an Observable that emits the results of `project`.
 * @category Operators
 * @since 0.1.0
 */
export function conflateLatest<T, O extends ObservableInput<unknown>>(
  project: (value: T, index: number) => O,
  config?: ConflateLatestConfig,
): OperatorFunction<T, ObservedValueOf<O>>;
export function conflateLatest<T, O extends ObservableInput<unknown>>(
  projectOrConfig?: ((value: T, index: number) => O) | ConflateLatestConfig,
  maybeConfig?: ConflateLatestConfig,
): OperatorFunction<T, T | ObservedValueOf<O>> {
  return conflateLatestProbed(projectOrConfig, maybeConfig, undefined);
}

/**
 * What a conflation holds, reported for measurement (the load test, test/load/runLoad.ts): the
 * number of source values received and not yet let go of, i.e. received minus handed on
 * (to the subscriber or to `project`) minus replaced while waiting. Counted from those three
 * events, not read from the one waiting slot, so a conflation that queued values would show it.
 * @internal
 */
export interface ConflationProbe {
  /** Called with the new count whenever it changes. */
  held(count: number): void;
}

/**
 * {@link conflateLatest} reporting what it holds to `probe` (not part of the public API).
 * @internal
 */
export function conflateLatestProbed<T, O extends ObservableInput<unknown>>(
  projectOrConfig: ((value: T, index: number) => O) | ConflateLatestConfig | undefined,
  maybeConfig: ConflateLatestConfig | undefined,
  probe: ConflationProbe | undefined,
): OperatorFunction<T, T | ObservedValueOf<O>> {
  const project = typeof projectOrConfig === 'function' ? projectOrConfig : undefined;
  const config = typeof projectOrConfig === 'function' ? maybeConfig : projectOrConfig;
  if (config !== undefined && (typeof config !== 'object' || config === null)) {
    throw new InvalidArgumentError('conflateLatest config', config, 'an options object { scheduler? }');
  }
  const scheduler = config?.scheduler ?? asapScheduler;
  return (source) =>
    new Observable<T | ObservedValueOf<O>>((subscriber) => {
      /** Values received and not yet handed on or replaced (only counted with a probe). */
      let held = 0;
      const count = (delta: number): void => {
        if (probe === undefined || delta === 0) return;
        held += delta;
        probe.held(held);
      };
      /** The one value waiting for the consumer. */
      let waiting: { readonly value: T } | undefined;
      /** A hand-off is scheduled or the work of a value is running. */
      let busy = false;
      let sourceDone = false;
      let index = 0;
      /** The scheduled hand-off, if any (one at a time). */
      let scheduled: Subscription | undefined;
      /** The running work of `project`, if any (one at a time). */
      let work: Subscription | undefined;

      const done = (): void => {
        busy = false;
        if (waiting !== undefined) schedule();
        else if (sourceDone) subscriber.complete();
      };

      const handOff = (): void => {
        scheduled = undefined;
        const next = waiting;
        waiting = undefined;
        if (next === undefined) {
          done();
          return;
        }
        count(-1);
        if (project === undefined) {
          subscriber.next(next.value);
          done();
          return;
        }
        let input: ObservableInput<ObservedValueOf<O>>;
        try {
          input = project(next.value, index++) as ObservableInput<ObservedValueOf<O>>;
        } catch (error) {
          subscriber.error(error);
          return;
        }
        let finished = false;
        const current = from(input).subscribe({
          next: (result) => subscriber.next(result),
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            finished = true;
            work = undefined;
            done();
          },
        });
        if (!finished) work = current;
      };

      const schedule = (): void => {
        busy = true;
        scheduled = scheduler.schedule(handOff);
      };

      const upstream = source.subscribe({
        next: (value) => {
          const replaced = waiting !== undefined;
          waiting = { value };
          count(replaced ? 0 : 1); // one more received; the one it replaced (if any) is let go of
          if (!busy) schedule();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          if (!busy && waiting === undefined) subscriber.complete();
        },
      });
      return () => {
        upstream.unsubscribe();
        scheduled?.unsubscribe();
        work?.unsubscribe();
        waiting = undefined;
        count(-held);
      };
    });
}
