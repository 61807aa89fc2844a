import {
  EMPTY,
  Observable,
  ReplaySubject,
  Subject,
  asyncScheduler,
  defer,
  filter,
  finalize,
  retry,
  share,
  takeUntil,
  throwError,
  timer,
  Subscription,
  type SchedulerLike,
} from 'rxjs';
import { ConnectionError, ConnectionRateLimitError, InvalidArgumentError, KrakenError, UpgradeRejectedError } from '../errors';
import { heartbeatTimeout } from '../operators/heartbeatTimeout';
import { DEFAULT_BACKOFF_CONFIG, backoffDelay, type BackoffConfig } from './backoff';
import { DEFAULT_RATE_BUDGET_CONFIG, type RateBudgetConfig } from './rateBudget';
import { SendQueue, type SendOptions, type SendReceipt } from './sendQueue';
import {
  WebSocketReadyState,
  describeErrorEvent,
  upgradeStatusCodeOf,
  type WebSocketFactory,
  type WebSocketLike,
} from './webSocketLike';

/**
 * Liveness policy of a connection: how long it may stay silent, and whether to probe it first.
 * @example
 * ```ts
 * let reqid = 0;
 * const liveness: Partial<LivenessConfig> = { timeoutMs: 5000, probeAfterMs: 2500, probe: () => JSON.stringify({ event: 'ping', reqid: ++reqid }) };
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface LivenessConfig {
  /**
   * Longest silence allowed, in ms, counted from the open and from every received frame. When
   * it passes, the connection fails with `HeartbeatTimeoutError` and the socket reconnects.
   * Kraken heartbeats every second while a connection has subscriptions.
   */
  readonly timeoutMs: number;
  /**
   * After this much silence (ms, less than `timeoutMs`), send `probe()` (ahead of everything queued). Only
   * used when `probe` is given. Any frame that arrives resets both clocks; if none arrives,
   * the timeout fires as usual.
   */
  readonly probeAfterMs: number;
  /**
   * Produces the text of a probe (for Kraken, a `ping` frame). Without it, a connection that
   * receives nothing (e.g. one without subscriptions, which Kraken does not heartbeat) is
   * declared dead after `timeoutMs`.
   */
  readonly probe?: (() => string) | undefined;
}

/**
 * Defaults of {@link LivenessConfig}: 5 s of silence is fatal; probe after 2.5 s of silence when a
 * `probe` is given (none by default: the transport does not know Kraken's `ping` frame).
 * @example
 * ```ts
 * createReconnectingSocket({ url, webSocketFactory, liveness: { ...DEFAULT_LIVENESS_CONFIG, probe: () => '{"event":"ping"}' } });
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_LIVENESS_CONFIG: LivenessConfig = Object.freeze({ timeoutMs: 5_000, probeAfterMs: 2_500 });

/**
 * Configuration of {@link createReconnectingSocket}. Only `url` and `webSocketFactory` are
 * required; see {@link DEFAULT_RECONNECTING_SOCKET_CONFIG} for the rest.
 * @example
 * ```ts
 * const config: ReconnectingSocketConfig = {
 *   url: 'wss://ws.kraken.com',
 *   webSocketFactory: nodeWebSocketFactory,
 *   lingerMs: 2000,
 *   backoff: { maxAttempts: 20 },
 * };
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface ReconnectingSocketConfig {
  /** The endpoint, e.g. `wss://ws.kraken.com`. Connect by host name (TLS SNI), never by IP. */
  readonly url: string;
  /** Creates each socket: {@link nodeWebSocketFactory}, `webSocketFactoryFrom(WebSocket)`, or a fake. */
  readonly webSocketFactory: WebSocketFactory;
  /** Scheduler of every timer (linger, backoff, liveness, rate budget). Defaults to `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** How long the socket stays open after the last subscriber left, in ms. Default 1000. `0`: close at once. */
  readonly lingerMs?: number;
  /**
   * How long a socket may take to open, in ms, before the attempt is abandoned and counted as
   * a failure (`ConnectionError`, then backoff). Default 10000.
   */
  readonly connectTimeoutMs?: number;
  /** Reconnection backoff; missing fields take {@link DEFAULT_BACKOFF_CONFIG}. */
  readonly backoff?: Partial<BackoffConfig>;
  /** Outgoing message budget per connection; missing fields take {@link DEFAULT_RATE_BUDGET_CONFIG}. */
  readonly rateBudget?: Partial<RateBudgetConfig>;
  /** Liveness watchdog; missing fields take {@link DEFAULT_LIVENESS_CONFIG}; `false` disables it. */
  readonly liveness?: Partial<LivenessConfig> | false;
  /**
   * Looks at every received text frame (after it was delivered on `messages$`) and may declare
   * the connection broken by returning an error: the socket then closes and reconnects with
   * that error (a `ConnectionRateLimitError` gets the longer backoff). If it throws, the
   * connection fails with a `ConnectionError` whose `cause` is the thrown value.
   */
  readonly classifyFrame?: (text: string) => KrakenError | undefined;
}

/**
 * The defaults of {@link ReconnectingSocketConfig}.
 * @example
 * ```ts
 * const lingerMs = DEFAULT_RECONNECTING_SOCKET_CONFIG.lingerMs; // 1000
 * ```
 * @category Client
 * @since 0.1.0
 */
export const DEFAULT_RECONNECTING_SOCKET_CONFIG: {
  readonly lingerMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffConfig;
  readonly rateBudget: RateBudgetConfig;
  readonly liveness: LivenessConfig;
} = Object.freeze({
  lingerMs: 1_000,
  connectTimeoutMs: 10_000,
  backoff: DEFAULT_BACKOFF_CONFIG,
  rateBudget: DEFAULT_RATE_BUDGET_CONFIG,
  liveness: DEFAULT_LIVENESS_CONFIG,
});

/**
 * One open WebSocket connection, as emitted by {@link ReconnectingSocket.connection$}. It is
 * valid until its `messages$` completes; a later reconnection emits a new `Connection`.
 * @example
 * ```ts
 * socket.connection$.pipe(
 *   switchMap((connection) => {
 *     connection.send(JSON.stringify({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } }));
 *     return connection.messages$;
 *   }),
 * );
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface Connection {
  /** 1, 2, 3...: one per socket that opened, over the life of the `ReconnectingSocket`. */
  readonly id: number;
  /**
   * Text frames received on this connection. Hot: subscribe synchronously when the
   * `Connection` is emitted (the server may speak right after the open). Completes when the
   * connection ends, for whatever reason; it never errors.
   */
  readonly messages$: Observable<string>;
  /**
   * Queues a text frame; it leaves as the rate budget allows (a burst, then one per interval).
   * Never throws for a string; after the connection ended the receipt is `dropped` at once.
   * Queued messages are never carried over to a later connection.
   */
  send(text: string, options?: SendOptions): SendReceipt;
  /**
   * Holds all outgoing traffic for `ms` (e.g. after Kraken's "Exceeded msg rate"); after the
   * pause, messages leave one per interval, without a burst.
   */
  pause(ms: number): void;
  /**
   * Declares this connection broken (the layer above found it unusable): it is closed and the
   * socket reconnects with backoff, reporting `error` on `status$` (a
   * `ConnectionRateLimitError` gets the longer backoff). No-op once ended.
   */
  fail(error: KrakenError): void;
  /** `true` once the connection ended (set before `messages$` completes). */
  readonly ended: boolean;
  /**
   * Why the connection ended: the error that closed it, or `undefined` while it is open or
   * when it ended because nobody needed it any more (linger, `close()`).
   */
  readonly endError: KrakenError | undefined;
}

/**
 * The state of a socket (the client's `status$` and `privateStatus$`).
 *
 * - `connecting`: a socket is being opened. `attempt` is 0 for the first connection after an
 *   idle period, else the number of the reconnection attempt (same as the `reconnecting`
 *   status before it).
 * - `open`: connection `connectionId` is open.
 * - `reconnecting`: the last connection (or attempt) failed with `error`; reconnection attempt
 *   `attempt` (1, 2, ... counting failures in a row, reset after a healthy connection) starts
 *   in `delayMs`.
 * - `closed`: no socket. `idle` (nobody subscribed: the initial state, and after the linger),
 *   `client-closed` (after `close()`, final), or `gave-up` (after `backoff.maxAttempts`
 *   failures in a row; `error` is the last one; a new subscriber starts over).
 * @example
 * ```ts
 * socket.status$.subscribe((status) => {
 *   if (status.state === 'reconnecting') console.warn(`retry ${status.attempt} in ${status.delayMs} ms: ${status.error.message}`);
 * });
 * ```
 * @category Client
 * @since 0.1.0
 */
export type ConnectionStatus =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'open'; readonly connectionId: number }
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly error: KrakenError }
  | { readonly state: 'closed'; readonly reason: 'idle' | 'client-closed' | 'gave-up'; readonly error?: KrakenError };

/**
 * A shared, reconnecting WebSocket for one endpoint. See {@link createReconnectingSocket}.
 * @example
 * ```ts
 * const socket: ReconnectingSocket = createReconnectingSocket({ url: 'wss://ws.kraken.com', webSocketFactory: nodeWebSocketFactory });
 * socket.close();
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface ReconnectingSocket {
  /**
   * Emits a {@link Connection} each time a socket opens. Cold and shared: the first subscriber
   * opens the socket, every subscriber shares it, and it closes `lingerMs` after the last one
   * leaves (a subscriber arriving within the linger keeps it). A late subscriber receives the
   * current connection at once if one is open. Never errors while reconnecting; errors with the
   * last connection error when `backoff.maxAttempts` is exhausted; completes on `close()`.
   */
  readonly connection$: Observable<Connection>;
  /**
   * The connection state; replays the current state to every subscriber (initially
   * `{ state: 'closed', reason: 'idle' }`). Completes, after `closed`/`client-closed`, on
   * `close()`.
   */
  readonly status$: Observable<ConnectionStatus>;
  /**
   * Closes the socket for good: releases every socket, timer and subscription, completes
   * `connection$` and `status$`. Later subscribers to `connection$` complete at once.
   * Idempotent.
   */
  close(): void;
}

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

/**
 * Watches a connection's frames: probe when quiet, fail with HeartbeatTimeoutError when silent
 * too long. Both run on every frame, so a frame only records its time: the deadline is
 * `heartbeatTimeout` (one self-re-arming timer), and the probe is one timer re-armed only when
 * a quiet spell ends after a probe was sent.
 */
function watchLiveness(
  connection: LiveConnection,
  liveness: LivenessConfig,
  url: string,
  scheduler: SchedulerLike,
  fail: (error: KrakenError) => void,
): Subscription {
  const { timeoutMs, probeAfterMs, probe } = liveness;
  const watch = connection.messages$.pipe(heartbeatTimeout({ each: timeoutMs, scheduler, info: { url } })).subscribe({
    error: (error: unknown) => fail(error as KrakenError),
  });
  if (probe === undefined) return watch;
  let last = scheduler.now();
  let probed = false;
  let timer: Subscription | undefined;
  const arm = (delay: number): void => {
    timer?.unsubscribe();
    timer = scheduler.schedule(check, delay);
  };
  function check(): void {
    const silence = scheduler.now() - last;
    if (silence < probeAfterMs) {
      arm(probeAfterMs - silence);
      return;
    }
    probed = true;
    try {
      connection.send(probe!(), { urgent: true });
    } catch (error) {
      fail(new ConnectionError(`The liveness probe for ${url} failed: ${messageOf(error)}.`, { url }, { cause: error }));
    }
  }
  arm(probeAfterMs);
  watch.add(
    connection.messages$.subscribe(() => {
      last = scheduler.now();
      if (probed) {
        // The probe was answered (or anything arrived): the next probe is due after a new quiet spell.
        probed = false;
        arm(probeAfterMs);
      }
    }),
  );
  watch.add(() => timer?.unsubscribe());
  return watch;
}

interface ResolvedConfig {
  readonly url: string;
  readonly webSocketFactory: WebSocketFactory;
  readonly scheduler: SchedulerLike;
  readonly lingerMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: BackoffConfig;
  readonly rateBudget: RateBudgetConfig;
  readonly liveness: LivenessConfig | false;
  readonly classifyFrame: ((text: string) => KrakenError | undefined) | undefined;
}

function resolveConfig(config: ReconnectingSocketConfig): ResolvedConfig {
  const defaults = DEFAULT_RECONNECTING_SOCKET_CONFIG;
  if (typeof config.url !== 'string' || config.url === '') {
    throw new InvalidArgumentError('url', config.url, 'a ws:// or wss:// URL');
  }
  if (typeof config.webSocketFactory !== 'function') {
    throw new InvalidArgumentError('webSocketFactory', typeof config.webSocketFactory, 'a function (url) => WebSocketLike');
  }
  const lingerMs = config.lingerMs ?? defaults.lingerMs;
  requireNumber('lingerMs', lingerMs, 0);
  const connectTimeoutMs = config.connectTimeoutMs ?? defaults.connectTimeoutMs;
  requireNumber('connectTimeoutMs', connectTimeoutMs, 1);
  const backoff: BackoffConfig = { ...defaults.backoff, ...withoutUndefined(config.backoff ?? {}) };
  if (config.backoff !== undefined && 'maxAttempts' in config.backoff) {
    Object.assign(backoff, { maxAttempts: config.backoff.maxAttempts });
  }
  requireNumber('backoff.baseMs', backoff.baseMs, 0);
  requireNumber('backoff.capMs', backoff.capMs, 0);
  requireNumber('backoff.healthyAfterMs', backoff.healthyAfterMs, 0);
  requireNumber('backoff.rateLimitedMinMs', backoff.rateLimitedMinMs, 0);
  if (backoff.maxAttempts !== undefined && !(Number.isInteger(backoff.maxAttempts) && backoff.maxAttempts >= 0)) {
    throw new InvalidArgumentError('backoff.maxAttempts', backoff.maxAttempts, 'a whole number >= 0, or undefined to never give up');
  }
  if (typeof backoff.random !== 'function') {
    throw new InvalidArgumentError('backoff.random', typeof backoff.random, 'a function returning a number in [0, 1)');
  }
  const rateBudget: RateBudgetConfig = { ...defaults.rateBudget, ...withoutUndefined(config.rateBudget ?? {}) };
  if (!(Number.isInteger(rateBudget.burst) && rateBudget.burst >= 1)) {
    throw new InvalidArgumentError('rateBudget.burst', rateBudget.burst, 'a whole number >= 1');
  }
  requireNumber('rateBudget.intervalMs', rateBudget.intervalMs, 0);
  let liveness: LivenessConfig | false = false;
  if (config.liveness !== false) {
    const merged: LivenessConfig = { ...defaults.liveness, ...withoutUndefined(config.liveness ?? {}) };
    if (!(typeof merged.timeoutMs === 'number' && Number.isFinite(merged.timeoutMs) && merged.timeoutMs > 0)) {
      throw new InvalidArgumentError('liveness.timeoutMs', merged.timeoutMs, 'a positive number of milliseconds');
    }
    if (merged.probe !== undefined) {
      if (typeof merged.probe !== 'function') throw new InvalidArgumentError('liveness.probe', typeof merged.probe, 'a function returning a text frame');
      if (!(Number.isFinite(merged.probeAfterMs) && merged.probeAfterMs > 0 && merged.probeAfterMs < merged.timeoutMs)) {
        throw new InvalidArgumentError('liveness.probeAfterMs', merged.probeAfterMs, `a positive number of milliseconds below timeoutMs (${merged.timeoutMs})`);
      }
    }
    liveness = merged;
  }
  if (config.classifyFrame !== undefined && typeof config.classifyFrame !== 'function') {
    throw new InvalidArgumentError('classifyFrame', typeof config.classifyFrame, 'a function (text) => KrakenError | undefined');
  }
  return {
    url: config.url,
    webSocketFactory: config.webSocketFactory,
    scheduler: config.scheduler ?? asyncScheduler,
    lingerMs,
    connectTimeoutMs,
    backoff,
    rateBudget,
    liveness,
    classifyFrame: config.classifyFrame,
  };
}

function requireNumber(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new InvalidArgumentError(name, value, `a finite number of milliseconds >= ${min}`);
  }
}

/** Drops keys whose value is `undefined`, so that they do not override defaults. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The text of a frame: strings as they are, binary frames decoded as UTF-8; anything else is ignored. */
function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return undefined;
}

function errorFromEvent(url: string, event: unknown): KrakenError {
  const statusCode = upgradeStatusCodeOf(event);
  if (statusCode === 429) return new ConnectionRateLimitError(url, 'HTTP 429 Too Many Requests at the WebSocket upgrade', 429);
  if (statusCode !== undefined) return new UpgradeRejectedError(url, statusCode);
  const detail = describeErrorEvent(event);
  const cause = typeof event === 'object' && event !== null && 'error' in event ? event.error : undefined;
  return new ConnectionError(
    `The WebSocket connection to ${url} failed${detail === undefined ? '' : `: ${detail}`}.`,
    { url },
    cause === undefined ? undefined : { cause },
  );
}

function errorFromClose(url: string, event: { code: number; reason: string } | null | undefined, wasOpen: boolean): KrakenError {
  const code = typeof event?.code === 'number' ? event.code : undefined;
  const reason = typeof event?.reason === 'string' && event.reason !== '' ? event.reason : undefined;
  const details = [code === undefined ? undefined : `code ${code}`, reason === undefined ? undefined : `reason "${reason}"`]
    .filter((part) => part !== undefined)
    .join(', ');
  const what = wasOpen ? 'was closed by the server' : 'closed before it opened';
  return new ConnectionError(`The WebSocket connection to ${url} ${what}${details === '' ? '' : ` (${details})`}.`, {
    url,
    ...(code === undefined ? {} : { closeCode: code }),
    ...(reason === undefined ? {} : { reason }),
  });
}

function asKrakenError(value: unknown, url: string): KrakenError {
  if (value instanceof KrakenError) return value as KrakenError;
  return new ConnectionError(`The connection to ${url} failed: ${messageOf(value)}.`, { url }, { cause: value });
}

function closeQuietly(socket: WebSocketLike, error: KrakenError | undefined): void {
  try {
    if (socket.readyState === WebSocketReadyState.CONNECTING || socket.readyState === WebSocketReadyState.OPEN) {
      socket.close(1000, error === undefined ? 'client closed' : error.name);
    }
  } catch {
    // never throw while releasing a socket
  }
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    return 'unknown error';
  }
}
