import {
  EMPTY,
  Observable,
  Subject,
  concat,
  exhaustMap,
  of,
  takeWhile,
  defer,
  filter,
  map,
  merge,
  share,
  switchMap,
  take,
  takeUntil,
  throwError,
  timeout,
  type SchedulerLike,
} from 'rxjs';
import { HeartbeatTimeoutError, MessageRateLimitError } from '../errors/connectionErrors';
import { KrakenRequestError } from '../errors/requestErrors';
import { isMessageRateError } from '../protocol/messages';
import { pingRequest } from '../protocol/requests';
import type { Connection, ConnectionStatus, ReconnectingSocket } from '../transport/connection';
import type { ChannelEvent } from './channelEvent';
import { keyOf } from './channelSpec';
import type { ChannelSpec } from './channelSpec';
import { Session, type SessionDeps } from './session';

/**
 * One Kraken endpoint (public or private) of a client: its shared reconnecting socket, a
 * {@link Session} per connection, and the shared channels that feeds are built from.
 *
 * A channel is cold and shared: the first subscriber subscribes on the server, later ones
 * join, the last one leaving unsubscribes. On every new connection each live channel
 * subscribes again by itself.
 * @internal
 */
export class Endpoint {
  readonly status$: Observable<ConnectionStatus>;
  /** A session for every open connection (the current one replayed to late subscribers). */
  readonly sessions$: Observable<Session>;
  private readonly sessions = new WeakMap<Connection, Session>();
  private readonly channels = new Map<string, Observable<ChannelEvent>>();
  private readonly engines = new Map<string, Observable<unknown>>();
  private readonly closed$ = new Subject<void>();
  private latest: Session | undefined;

  constructor(
    private readonly socket: ReconnectingSocket,
    private readonly deps: SessionDeps,
  ) {
    this.status$ = socket.status$;
    this.sessions$ = socket.connection$.pipe(
      map((connection) => this.sessionFor(connection)),
      takeUntil(this.closed$),
    );
  }

  /** The shared channel for a spec: events of its server subscription, across reconnects. */
  channel(spec: ChannelSpec): Observable<ChannelEvent> {
    const key = keyOf(spec);
    let channel$ = this.channels.get(key);
    if (channel$ === undefined) {
      channel$ = defer(() => {
        let first = true;
        return this.sessions$.pipe(
          switchMap((session) => {
            const reason = first ? 'subscribe' : 'reconnect';
            first = false;
            return session.register(spec, reason);
          }),
          takeUntil(this.closed$),
        );
      }).pipe(share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }));
      this.channels.set(key, channel$);
    }
    return channel$;
  }

  /**
   * A shared Observable kept per key for the life of the endpoint (feeds built on channels,
   * such as a verified book, share one engine between their subscribers).
   */
  shared<T>(key: string, create: () => Observable<T>): Observable<T> {
    let shared$ = this.engines.get(key) as Observable<T> | undefined;
    if (shared$ === undefined) {
      shared$ = create();
      this.engines.set(key, shared$);
    }
    return shared$;
  }

  /**
   * Unsubscribes and subscribes a live channel again on the current connection, so that
   * Kraken sends a fresh snapshot. Does nothing when the channel is not live.
   */
  resubscribe(spec: ChannelSpec): boolean {
    const session = this.latest;
    return session !== undefined && !session.isEnded && session.resubscribe(spec);
  }

  /**
   * Sends Kraken's `ping` and emits the round trip in milliseconds, then completes.
   * Opens the connection if needed; errors with {@link HeartbeatTimeoutError} when no `pong`
   * arrives within `timeoutMs`, and with Kraken's refusal when it answers the ping's reqid with
   * an error event ({@link MessageRateLimitError} for `Exceeded msg rate`).
   */
  ping(timeoutMs: number, scheduler: SchedulerLike): Observable<number> {
    return this.onFirstSession((session) => {
      const reqid = this.deps.reqids.next();
      const start = scheduler.now();
      return merge(
        session.correlate(reqid).pipe(
          filter((message) => message.kind === 'pong' || message.kind === 'error'),
          take(1),
          map((message) => {
            if (message.kind === 'error') throw pingRefused(reqid, message.errorMessage);
            return scheduler.now() - start;
          }),
        ),
        defer(() => {
          session.send(pingRequest(reqid), { priority: true });
          return EMPTY;
        }),
      );
    }).pipe(
      timeout({
        first: timeoutMs,
        scheduler,
        with: () => throwError(() => new HeartbeatTimeoutError({ each: timeoutMs, url: this.deps.url })),
      }),
      takeUntil(this.closed$),
    );
  }

  /**
   * Runs `use` on the first open connection, staying subscribed to the socket until `use`'s
   * Observable ends, so the connection is not closed under it.
   */
  private onFirstSession<T>(use: (session: Session) => Observable<T>): Observable<T> {
    const done = Symbol('done');
    return this.sessions$.pipe(
      filter((session) => !session.isEnded),
      // exhaustMap: later connections are ignored while the first one is in use.
      exhaustMap((session) => concat(use(session), of(done))),
      takeWhile((value): value is T => value !== done),
    );
  }

  /** Ends every channel of this endpoint and closes its socket for good. */
  close(): void {
    this.closed$.next();
    this.closed$.complete();
    this.socket.close();
  }

  private sessionFor(connection: Connection): Session {
    let session = this.sessions.get(connection);
    if (session === undefined) {
      session = new Session(connection, this.deps);
      this.sessions.set(connection, session);
      this.latest = session;
    }
    return session;
  }
}

/** Kraken answered a ping with an error event of its reqid. */
function pingRefused(reqid: number, errorMessage: string): Error {
  return isMessageRateError(errorMessage)
    ? new MessageRateLimitError({ errorMessage, reqid, request: 'ping', outcome: 'refused' })
    : new KrakenRequestError({ event: 'ping', errorMessage, reqid });
}
