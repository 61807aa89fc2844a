import {
  EMPTY,
  Observable,
  ReplaySubject,
  Subject,
  defer,
  filter,
  finalize,
  retry,
  share,
  takeUntil,
  throwError,
  timer,
  Subscription,
} from 'rxjs';
import { ConnectionError, ConnectionRateLimitError, InvalidArgumentError, KrakenError } from '../errors';
import { backoffDelay } from './backoff';
import type { Connection, ConnectionStatus, ReconnectingSocket } from './connection';
import { watchLiveness } from './liveness';
import { resolveConfig, type ReconnectingSocketConfig } from './reconnectingSocketConfig';
import { SendQueue, type SendOptions, type SendReceipt } from './sendQueue';
import { asKrakenError, closeQuietly, errorFromClose, errorFromEvent, frameText, messageOf } from './socketEvents';
import { WebSocketReadyState, type WebSocketLike } from './webSocketLike';

/**
 * Creates a shared, reconnecting WebSocket for one endpoint, as RxJS streams.
 *
 * Nothing happens until `connection$` is subscribed. Then a socket opens (status
 * `connecting`, then `open`) and every subscriber shares it. Any drop (error, server close,
 * refused upgrade, connect timeout, liveness timeout, `classifyFrame` or `Connection.fail`)
 * ends the current
 * {@link Connection} (its `messages$` completes, its queued messages are `dropped`) and
 * schedules a new attempt after a full-jitter exponential backoff (status `reconnecting` with
 * the attempt number, delay and error); a new `Connection` is emitted when it opens, so the
 * layer above `switchMap`s to resubscribe. When the last subscriber leaves, the socket closes
 * after `lingerMs` (status `closed`/`idle`). Frames are only moved, never interpreted (except
 * by the optional `classifyFrame`). No socket callback ever throws.
 *
 * Composition: a cold per-connection Observable built on the factory, `retry({ delay })`
 * around it (the delay function computes the backoff and reports `reconnecting`),
 * `share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: () => timer(lingerMs) })`.
 *
 * @example
 * ```ts
 * const socket = createReconnectingSocket({ url: 'wss://ws.kraken.com', webSocketFactory: nodeWebSocketFactory });
 * socket.status$.subscribe((s) => console.log(s.state));
 * const frames$ = socket.connection$.pipe(
 *   switchMap((connection) => {
 *     connection.send('{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"trade"}}');
 *     return connection.messages$;
 *   }),
 * );
 * const sub = frames$.subscribe((text) => console.log(text));
 * // later
 * sub.unsubscribe(); // the socket closes after the linger
 * ```
 * @param config Endpoint, socket factory and policies.
 * @return The shared socket: `connection$`, `status$` and `close()`.
 * @throws {InvalidArgumentError} When a configuration value is out of range.
 * @category Client
 * @since 0.1.0
 */
export function createReconnectingSocket(config: ReconnectingSocketConfig): ReconnectingSocket {
  const settings = resolveConfig(config);
  const { url, webSocketFactory, scheduler, lingerMs, connectTimeoutMs, backoff, rateBudget, liveness, classifyFrame } = settings;

  let current: ConnectionStatus = { state: 'closed', reason: 'idle' };
  const statusSubject = new ReplaySubject<ConnectionStatus>(1);
  statusSubject.next(current);
  let closedForGood = false;
  /** Whether the current share cycle's source may still run (false once closed or given up). */
  let sourceLive = false;
  const closeSignal = new Subject<void>();
  let lastConnectionId = 0;

  const setStatus = (next: ConnectionStatus): void => {
    if (closedForGood) return;
    current = next;
    statusSubject.next(next);
  };

  /** Failures in a row within one active period (from first subscriber to idle). */
  interface Streak {
    failures: number;
    openedAt: number | undefined;
  }

  const onDrop = (streak: Streak, thrown: unknown): Observable<unknown> => {
    const error = asKrakenError(thrown, url);
    if (streak.openedAt !== undefined && scheduler.now() - streak.openedAt >= backoff.healthyAfterMs) streak.failures = 0;
    streak.openedAt = undefined;
    streak.failures += 1;
    if (backoff.maxAttempts !== undefined && streak.failures > backoff.maxAttempts) {
      sourceLive = false;
      setStatus({ state: 'closed', reason: 'gave-up', error });
      return throwError(() => error);
    }
    const delayMs = backoffDelay(streak.failures, error instanceof ConnectionRateLimitError, backoff);
    setStatus({ state: 'reconnecting', attempt: streak.failures, delayMs, error });
    return timer(delayMs, scheduler);
  };

  /** One connection attempt: opens a socket on subscribe; emits its Connection on open; errors when it ends. */
  const connectOnce = (streak: Streak): Observable<LiveConnection | undefined> =>
    new Observable<LiveConnection | undefined>((subscriber) => {
      setStatus({ state: 'connecting', attempt: streak.failures });
      let socket: WebSocketLike;
      try {
        socket = webSocketFactory(url);
      } catch (cause) {
        subscriber.error(
          new ConnectionError(`Could not create a WebSocket for ${url}: ${messageOf(cause)}. Retrying with backoff.`, { url }, { cause }),
        );
        return undefined;
      }

      let live: LiveConnection | undefined;
      let livenessSubscription: Subscription | undefined;
      let connectTimer: Subscription | undefined;
      let finished = false;

      const finish = (error?: KrakenError): void => {
        if (finished) return;
        finished = true;
        socket.onopen = null;
        socket.onmessage = null;
        socket.onclose = null;
        socket.onerror = null;
        connectTimer?.unsubscribe();
        livenessSubscription?.unsubscribe();
        live?.end(error);
        closeQuietly(socket, error);
        if (error !== undefined) {
          if (live !== undefined) subscriber.next(undefined); // late subscribers must not get a dead connection
          subscriber.error(error);
        }
      };

      const guard =
        <E>(handle: (event: E) => void) =>
        (event: E): void => {
          if (finished) return;
          try {
            handle(event);
          } catch (cause) {
            try {
              finish(
                new ConnectionError(
                  `Unexpected failure while handling a WebSocket event on ${url}: ${messageOf(cause)}. Reconnecting.`,
                  { url },
                  { cause },
                ),
              );
            } catch {
              // never throw out of a socket callback
            }
          }
        };

      const write = (text: string): boolean => {
        if (finished || socket.readyState !== WebSocketReadyState.OPEN) return false;
        try {
          socket.send(text);
          return true;
        } catch (cause) {
          finish(new ConnectionError(`Writing to the WebSocket ${url} failed: ${messageOf(cause)}. Reconnecting.`, { url }, { cause }));
          return false;
        }
      };

      socket.onopen = guard(() => {
        connectTimer?.unsubscribe();
        lastConnectionId += 1;
        const connection = new LiveConnection(lastConnectionId, url, new SendQueue(rateBudget, scheduler, write), (error) => finish(error));
        live = connection;
        streak.openedAt = scheduler.now();
        if (liveness !== false) livenessSubscription = watchLiveness(connection, liveness, url, scheduler, finish);
        setStatus({ state: 'open', connectionId: connection.id });
        subscriber.next(connection);
      });

      socket.onmessage = guard((event: { data: unknown }) => {
        if (live === undefined) return;
        const text = frameText(event.data);
        if (text === undefined) return;
        live.deliver(text);
        if (finished || classifyFrame === undefined) return;
        let verdict: KrakenError | undefined;
        try {
          verdict = classifyFrame(text);
        } catch (cause) {
          finish(new ConnectionError(`classifyFrame threw on a frame from ${url}: ${messageOf(cause)}. Reconnecting.`, { url }, { cause }));
          return;
        }
        if (verdict !== undefined) finish(asKrakenError(verdict, url));
      });

      socket.onerror = guard((event: unknown) => finish(errorFromEvent(url, event)));

      socket.onclose = guard((event: { code: number; reason: string }) => finish(errorFromClose(url, event, live !== undefined)));

      if (!finished && live === undefined) {
        connectTimer = scheduler.schedule(() => {
          finish(
            new ConnectionError(`The WebSocket connection to ${url} did not open within ${connectTimeoutMs} ms.`, {
              url,
            }),
          );
        }, connectTimeoutMs);
      }

      return () => finish();
    });

  const cycle$ = defer(() => {
    if (closedForGood) return EMPTY;
    sourceLive = true;
    const streak: Streak = { failures: 0, openedAt: undefined };
    return connectOnce(streak).pipe(
      retry({ delay: (error: unknown) => onDrop(streak, error) }),
      finalize(() => {
        if (current.state !== 'closed') setStatus({ state: 'closed', reason: 'idle' });
      }),
      takeUntil(closeSignal),
    );
  });

  const connection$ = cycle$.pipe(
    share<LiveConnection | undefined>({
      connector: () => new ReplaySubject<LiveConnection | undefined>(1),
      resetOnError: true,
      resetOnComplete: true,
      // share also runs this reset when the source's own completion (close()) or error (gave up)
      // tears the subscribers down: there is nothing to linger for then, and a linger timer
      // would only keep a real process alive.
      resetOnRefCountZero: lingerMs > 0 ? () => (sourceLive ? timer(lingerMs, scheduler) : EMPTY) : true,
    }),
    filter((connection): connection is LiveConnection => connection !== undefined),
  );

  return {
    connection$,
    status$: statusSubject.asObservable(),
    close: () => {
      if (closedForGood) return;
      setStatus({ state: 'closed', reason: 'client-closed' });
      closedForGood = true;
      sourceLive = false;
      closeSignal.next();
      closeSignal.complete();
      statusSubject.complete();
    },
  };
}

/** The Connection handed to the layer above. */
class LiveConnection implements Connection {
  readonly messages$: Observable<string>;
  private readonly messages = new Subject<string>();
  private isEnded = false;
  private error: KrakenError | undefined;

  constructor(
    readonly id: number,
    private readonly url: string,
    private readonly queue: SendQueue,
    private readonly onFail: (error: KrakenError) => void,
  ) {
    this.messages$ = this.messages.asObservable();
  }

  get ended(): boolean {
    return this.isEnded;
  }

  get endError(): KrakenError | undefined {
    return this.error;
  }

  send(text: string, options?: SendOptions): SendReceipt {
    if (typeof text !== 'string') throw new InvalidArgumentError('Connection.send text', text, 'a string');
    return this.queue.enqueue(text, options);
  }

  pause(ms: number): void {
    this.queue.pause(ms);
  }

  fail(error: KrakenError): void {
    if (!this.isEnded) this.onFail(asKrakenError(error, this.url));
  }

  /** @internal */
  deliver(text: string): void {
    this.messages.next(text);
  }

  /** Drops the queue, then completes `messages$` (so receipts read `dropped` by then). @internal */
  end(error: KrakenError | undefined): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.error = error;
    this.queue.stop();
    this.messages.complete();
  }
}
