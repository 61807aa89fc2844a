import { Observable, asyncScheduler, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { HeartbeatTimeoutError, InvalidArgumentError, type HeartbeatTimeoutErrorInfo } from '../errors';

/**
 * Options of {@link heartbeatTimeout}.
 * @example
 * ```ts
 * const config: HeartbeatTimeoutConfig = { each: 5000, info: { url: 'wss://ws.kraken.com' } };
 * ```
 * @category Operators
 * @since 0.1.0
 */
export interface HeartbeatTimeoutConfig {
  /**
   * The longest silence allowed, in ms: before the first value (counted from subscription) and
   * between two values. A positive finite number.
   */
  readonly each: number;
  /** Scheduler of the deadline. Defaults to `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Extra context copied into the error's `info` (e.g. the socket URL). */
  readonly info?: Omit<HeartbeatTimeoutErrorInfo, 'each'>;
}

/**
 * Errors with a {@link HeartbeatTimeoutError} when no value arrives within `each` ms.
 *
 * <span class="informal">A watchdog for streams that are expected to tick, such as a Kraken
 * connection, which heartbeats every second while it has subscriptions.</span>
 *
 * ```
 * source:   --a--b---------c--|
 * heartbeatTimeout({ each: 5 })
 * result:   --a--b----#
 * ```
 *
 * The deadline starts at subscription and restarts at every value. Values, errors and
 * completion of the source pass through unchanged. On timeout the source is unsubscribed and
 * the result errors with `HeartbeatTimeoutError` whose `info` holds `each` plus
 * `config.info`.

Unlike RxJS `timeout({ each })`, which cancels and re-arms a timer on every value, it notes the
time of the last value and keeps one timer that, when it fires, either errors or re-arms itself
for the rest of the deadline: a frame costs a clock read, not a timer (it runs on every frame of
every socket).
 *
 * @example
 * ```ts
 * messages$.pipe(heartbeatTimeout({ each: 5000, info: { url: 'wss://ws.kraken.com' } })).subscribe({
 *   error: (err) => console.error(err.name), // 'HeartbeatTimeoutError' after 5 s of silence
 * });
 * ```
 * @param config The deadline and, for tests, the scheduler.
 * @return A function that returns an Observable that mirrors the source, but errors with a
 * `HeartbeatTimeoutError` if the source stays silent for `each` ms.
 * @throws {InvalidArgumentError} When `each` is not a positive finite number.
 * @see https://rxjs.dev/api/operators/timeout
 * @category Operators
 * @since 0.1.0
 */
export function heartbeatTimeout<T>(config: HeartbeatTimeoutConfig): MonoTypeOperatorFunction<T> {
  const { each, scheduler = asyncScheduler, info } = config;
  if (typeof each !== 'number' || !Number.isFinite(each) || each <= 0) {
    throw new InvalidArgumentError('heartbeatTimeout each', each, 'a positive finite number of milliseconds');
  }
  return (source) =>
    new Observable<T>((subscriber) => {
      let last = scheduler.now();
      let timer: Subscription | undefined;
      const check = (): void => {
        const silence = scheduler.now() - last;
        if (silence >= each) {
          subscriber.error(new HeartbeatTimeoutError({ ...info, each }));
          return;
        }
        timer = scheduler.schedule(check, each - silence);
      };
      timer = scheduler.schedule(check, each);
      const subscription = source.subscribe({
        next: (value) => {
          last = scheduler.now();
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
