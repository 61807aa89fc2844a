import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Options of {@link createRestPacer}.
 * @internal
 */
export interface RestPacerConfig {
  /** Least time between the starts of two requests, in ms. */
  readonly minIntervalMs: number;
  /** Scheduler of the waits (tests pass a `TestScheduler`). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Wraps a cold request so that it waits its turn: one request at a time, each starting at
 * least `minIntervalMs` after the previous one started. @internal
 */
export type RestPacer = <T>(request$: Observable<T>) => Observable<T>;

/**
 * A queue for REST requests that share one rate limit (Kraken limits public REST calls per
 * IP): requests run one after the other, in the order they were subscribed, spaced by
 * `minIntervalMs`. Unsubscribing from a waiting request takes it out of the queue;
 * unsubscribing from a running one aborts it and lets the next one go.
 *
 * ```text
 * minIntervalMs 3:  a$ -a|   b$ -b|   c$ -c|
 * subscribed together:        -a-b-c|   (a at 0, b at 3, c at 6)
 * ```
 * @example
 * ```ts
 * const paced = createRestPacer({ minIntervalMs: 1000 });
 * merge(paced(rest.trades('XBTUSD', since)), paced(rest.trades('ETHUSD', since))).subscribe(...);
 * ```
 * @return A function that returns an Observable that runs the request when its turn comes.
 * @internal
 */
export function createRestPacer(config: RestPacerConfig): RestPacer {
  const scheduler = config.scheduler ?? asyncScheduler;
  const queue: (() => void)[] = [];
  let busy = false;
  let lastStart = Number.NEGATIVE_INFINITY;

  const pump = (): void => {
    if (busy) return;
    const start = queue.shift();
    if (start === undefined) return;
    busy = true;
    start();
  };

  return <T>(request$: Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      let state: 'queued' | 'started' | 'done' = 'queued';
      let timer: Subscription | undefined;
      let inner: Subscription | undefined;
      const run = (): void => {
        timer = undefined;
        lastStart = scheduler.now();
        inner = request$.subscribe(subscriber);
      };
      const start = (): void => {
        state = 'started';
        const wait = lastStart + config.minIntervalMs - scheduler.now();
        if (wait > 0) timer = scheduler.schedule(run, wait);
        else run();
      };
      queue.push(start);
      pump();
      return () => {
        if (state === 'queued') {
          const i = queue.indexOf(start);
          if (i >= 0) queue.splice(i, 1);
        } else if (state === 'started') {
          timer?.unsubscribe();
          inner?.unsubscribe();
          busy = false;
          // Let the next request go once this teardown is over.
          pump();
        }
        state = 'done';
      };
    });
}
