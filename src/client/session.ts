import { Observable, Subscriber, Subscription, type SchedulerLike } from 'rxjs';
import { ConnectionRateLimitError, MessageRateLimitError } from '../errors/connectionErrors';
import { KrakenError } from '../errors/krakenError';
import { SubscriptionError } from '../errors/protocolErrors';
import { ConnectionLostError, SubscriptionStalledError, UnexpectedError } from '../errors/sessionErrors';
import { decodeFrame } from '../protocol/decodeFrame';
import { isMessageRateError } from '../protocol/messages';
import type { ErrorMessage, KrakenMessage, PrivateMessage, PublicMessage, SubscriptionStatusMessage, SystemStatusMessage } from '../protocol/messages';
import { subscriptionRequest } from '../protocol/requests';
import type { Connection } from '../transport/connection';
import type { SendReceipt } from '../transport/sendQueue';
import type { ChannelEvent, SubscribeReason } from './channelEvent';
import { batchKeyOf, isFirstMessage, promisesFirstMessage, subscriptionOf, wireChannelName } from './channelSpec';
import type { ChannelSpec } from './channelSpec';
import type { ReqidSource } from './reqids';
import type { SubscriptionConfig } from './subscriptionConfig';

/** @internal */
export interface SessionDeps {
  readonly url: string;
  readonly reqids: ReqidSource;
  readonly scheduler: SchedulerLike;
  readonly config: SubscriptionConfig;
  /** Non-fatal problems: decode errors, rate limits, stalls. */
  readonly report: (error: KrakenError) => void;
  readonly systemStatus: (message: SystemStatusMessage) => void;
  /** Private endpoint only: a token for this connection (fetched once per connection). */
  readonly token?: () => Observable<string>;
  /** Called with the token Kraken said is no longer valid (so it is never used again). */
  readonly onInvalidToken?: (token: string) => void;
}

type RegistrationState = 'queued' | 'pending' | 'subscribed' | 'ended';

interface Registration {
  readonly spec: ChannelSpec;
  readonly channelName: string;
  readonly pair: string;
  readonly observer: Subscriber<ChannelEvent>;
  state: RegistrationState;
  attempts: number;
  /**
   * Whether the subscription requested last got its first message (its snapshot, where Kraken
   * sends one first). Reset on each subscribe, so one server subscription's data never passes
   * for the next one's.
   */
  gotFirstMessage: boolean;
  reqid: number | undefined;
  timer: Subscription | undefined;
}

interface PendingRequest {
  readonly event: 'subscribe' | 'unsubscribe';
  readonly registrations: readonly Registration[];
  /** Answers still expected (one `subscriptionStatus` per pair). */
  remaining: number;
  /** The token a private request was sent with. */
  token?: string;
}

/** Requests whose answers never came are forgotten past this many (oldest first). */
const MAX_PENDING_REQUESTS = 1_000;

const PRIVATE_PAIR = '';
const INVALID_TOKEN = /^(ESession:Invalid session|EAPI:Invalid token)/;

/**
 * Everything kraken-rx does on one open connection: decodes every frame once, routes data to
 * the channel registered for it, batches subscribe/unsubscribe requests, tracks their
 * acknowledgements by reqid (and pair), and correlates request/response pairs by reqid.
 *
 * A session ends with its connection; registrations on it are then replaced by new ones on
 * the next connection (see {@link Endpoint}).
 * @internal
 */
export class Session {
  readonly id: number;
  private readonly routes = new Map<string, Map<string, Registration>>();
  private readonly pending = new Map<number, PendingRequest>();

  /** Requests awaiting their answers (for tests of the bookkeeping). */
  get pendingRequests(): number {
    return this.pending.size;
  }
  private readonly correlations = new Map<number, Subscriber<KrakenMessage>>();
  private readonly subscribeBatch: Registration[] = [];
  private readonly unsubscribeBatch: Registration[] = [];
  private flushScheduled: Subscription | undefined;
  private readonly messagesSubscription: Subscription;
  private token: string | undefined;
  private tokenSubscription: Subscription | undefined;
  /** Frames waiting for the connection's token, with what to do if it cannot be had. */
  private readonly awaitingToken: Array<{ readonly use: (token: string) => void; readonly fail: (error: unknown) => void }> = [];
  /** How a subscription reports a token that could not be had (one function: reported once). */
  private readonly reportTokenFailure = (error: unknown): void => this.deps.report(asKrakenError(error, 'token acquisition'));
  private rateLimitStreak = 0;
  private ended = false;

  constructor(
    private readonly connection: Connection,
    private readonly deps: SessionDeps,
  ) {
    this.id = connection.id;
    this.messagesSubscription = connection.messages$.subscribe({
      next: (frame) => this.onFrame(frame),
      error: () => this.end(),
      complete: () => this.end(),
    });
  }

  /** Whether the connection behind this session has ended. */
  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Subscribes a channel on this connection. The Observable emits the channel's events and,
   * when unsubscribed, sends Kraken's unsubscribe (if the connection is still up).
   */
  register(spec: ChannelSpec, reason: SubscribeReason): Observable<ChannelEvent> {
    return new Observable<ChannelEvent>((observer) => {
      if (this.ended) return undefined;
      const channelName = wireChannelName(spec);
      const pair = spec.scope === 'public' ? spec.pair : PRIVATE_PAIR;
      let byPair = this.routes.get(channelName);
      if (byPair === undefined) {
        byPair = new Map();
        this.routes.set(channelName, byPair);
      }
      if (byPair.has(pair)) {
        observer.error(new Error(`kraken-rx internal error: ${channelName} ${pair} registered twice on one connection`));
        return undefined;
      }
      const registration: Registration = {
        spec,
        channelName,
        pair,
        observer,
        state: 'queued',
        attempts: 0,
        gotFirstMessage: false,
        reqid: undefined,
        timer: undefined,
      };
      byPair.set(pair, registration);
      this.queueSubscribe(registration, reason);
      return () => this.unregister(registration);
    });
  }

  /**
   * Drops and re-creates the server subscription of a channel (unsubscribe, then subscribe):
   * Kraken then sends a fresh snapshot. Used by the book feed after a checksum mismatch.
   * @returns whether the channel was live on this connection.
   */
  resubscribe(spec: ChannelSpec): boolean {
    const registration = this.routes.get(wireChannelName(spec))?.get(spec.scope === 'public' ? spec.pair : PRIVATE_PAIR);
    if (registration === undefined || this.ended || registration.state === 'ended') return false;
    this.clearTimer(registration);
    if (registration.state === 'pending' || registration.state === 'subscribed') this.queueUnsubscribe(registration);
    registration.attempts = 0;
    this.queueSubscribe(registration, 'resync');
    return true;
  }

  /** Sends a frame on this connection, paced by the rate budget. */
  send(text: string, options?: { priority?: boolean }): SendReceipt {
    return this.connection.send(text, options);
  }

  /** Sends a frame that needs this connection's token. */
  withToken(use: (token: string) => void, fail: (error: unknown) => void): void {
    if (this.token !== undefined) {
      use(this.token);
      return;
    }
    if (this.deps.token === undefined) {
      fail(new Error('kraken-rx internal error: no token source on this endpoint'));
      return;
    }
    this.awaitingToken.push({ use, fail });
    if (this.tokenSubscription !== undefined) return;
    this.tokenSubscription = this.deps.token().subscribe({
      next: (token) => {
        if (this.token !== undefined) return;
        this.token = token;
        const waiting = this.awaitingToken.splice(0);
        if (!this.ended) for (const w of waiting) w.use(token);
      },
      error: (error: unknown) => {
        this.tokenSubscription = undefined;
        // Every waiter is told at once (an order waiting for the same token must not sit until
        // its own timeout); a failure function shared by several waiters is called once.
        const waiting = this.awaitingToken.splice(0);
        for (const failWaiter of new Set(waiting.map((w) => w.fail))) failWaiter(error);
        for (const byPair of this.routes.values()) {
          for (const registration of byPair.values()) {
            if (registration.state === 'queued' || registration.state === 'pending') this.failRegistration(registration, error);
          }
        }
      },
    });
  }

  /**
   * Kraken said `rejected`, the token a request was sent with, is no longer valid: forgets it,
   * so the next request or subscription gets a fresh one, and hands it to `onInvalidToken` (the
   * token source never hands it out again). Several answers refusing the same token (an order
   * and a subscription sent together) fetch one new token, not one each: a token already
   * replaced, or being replaced, is left alone.
   */
  invalidateToken(rejected: string | undefined): void {
    const current = this.token;
    if (current === undefined) return;
    if (rejected !== undefined && rejected !== current) return;
    this.token = undefined;
    this.tokenSubscription?.unsubscribe();
    this.tokenSubscription = undefined;
    this.deps.onInvalidToken?.(current);
  }

  /**
   * Every message answering `reqid` (pong, trading statuses, `error` events with that reqid).
   * Errors with {@link ConnectionLostError} if the connection ends first.
   */
  correlate(reqid: number): Observable<KrakenMessage> {
    return new Observable<KrakenMessage>((observer) => {
      if (this.ended) {
        observer.error(new ConnectionLostError({ url: this.deps.url, connectionId: this.id }));
        return undefined;
      }
      this.correlations.set(reqid, observer);
      return () => {
        if (this.correlations.get(reqid) === observer) this.correlations.delete(reqid);
      };
    });
  }

  private failRegistration(registration: Registration, error: unknown): void {
    this.clearTimer(registration);
    this.removeRoute(registration);
    registration.state = 'ended';
    registration.observer.error(error);
  }

  // ---------------------------------------------------------------------------------------
  // Outgoing

  private queueSubscribe(registration: Registration, reason: SubscribeReason): void {
    registration.state = 'queued';
    registration.attempts += 1;
    registration.gotFirstMessage = false;
    registration.observer.next({ kind: 'requested', connectionId: this.id, reason });
    this.subscribeBatch.push(registration);
    this.scheduleFlush();
  }

  private queueUnsubscribe(registration: Registration): void {
    this.unsubscribeBatch.push(registration);
    this.scheduleFlush();
  }

  private unregister(registration: Registration): void {
    this.clearTimer(registration);
    this.removeRoute(registration);
    const wasLive = registration.state === 'pending' || registration.state === 'subscribed';
    registration.state = 'ended';
    if (wasLive && !this.ended) this.queueUnsubscribe(registration);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled !== undefined || this.ended) return;
    this.flushScheduled = this.deps.scheduler.schedule(() => {
      this.flushScheduled = undefined;
      this.flush();
    });
  }

  /** Sends batched requests: unsubscribes first (a resync's unsubscribe must precede its subscribe). */
  private flush(): void {
    if (this.ended) return;
    const unsubscribes = unique(this.unsubscribeBatch.splice(0));
    for (const group of groupByBatch(unsubscribes)) this.sendRequest('unsubscribe', group);
    const subscribes = this.subscribeBatch.splice(0).filter((r) => r.state === 'queued');
    for (const group of groupByBatch(unique(subscribes))) this.sendRequest('subscribe', group);
  }

  private sendRequest(event: 'subscribe' | 'unsubscribe', group: Registration[]): void {
    const first = group[0];
    if (first === undefined) return;
    const reqid = this.deps.reqids.next();
    const pendingRequest: PendingRequest = { event, registrations: group, remaining: group.length };
    this.pending.set(reqid, pendingRequest);
    if (this.pending.size > MAX_PENDING_REQUESTS) {
      const oldest = this.pending.keys().next();
      if (oldest.done !== true) this.pending.delete(oldest.value);
    }
    const subscription = subscriptionOf(first.spec);
    if (event === 'subscribe') {
      for (const registration of group) {
        registration.state = 'pending';
        registration.reqid = reqid;
        this.startTimer(registration, 'acknowledgement');
      }
    }
    if (first.spec.scope === 'private') {
      this.withToken(
        (token) => {
          pendingRequest.token = token;
          this.send(subscriptionRequest(event, { ...subscription, token }, undefined, reqid));
        },
        this.reportTokenFailure,
      );
      return;
    }
    const pairs = group.map((r) => r.pair);
    this.send(subscriptionRequest(event, subscription, pairs, reqid));
  }

  // ---------------------------------------------------------------------------------------
  // Timers: acknowledgement and first message

  private startTimer(registration: Registration, waitingFor: 'acknowledgement' | 'first-message'): void {
    this.clearTimer(registration);
    const timeoutMs = waitingFor === 'acknowledgement' ? this.deps.config.ackTimeoutMs : this.deps.config.firstMessageTimeoutMs;
    registration.timer = this.deps.scheduler.schedule(() => {
      registration.timer = undefined;
      this.onStalled(registration, waitingFor, timeoutMs);
    }, timeoutMs);
  }

  private clearTimer(registration: Registration): void {
    registration.timer?.unsubscribe();
    registration.timer = undefined;
  }

  private onStalled(registration: Registration, waitingFor: 'acknowledgement' | 'first-message', timeoutMs: number): void {
    if (this.ended || registration.state === 'ended') return;
    const error = new SubscriptionStalledError({
      channel: registration.channelName,
      ...(registration.spec.scope === 'public' ? { pair: registration.pair } : {}),
      waitingFor,
      timeoutMs,
      attempt: registration.attempts,
    });
    if (registration.attempts >= this.deps.config.maxAttempts) {
      this.unregister(registration);
      registration.observer.error(error);
      return;
    }
    this.deps.report(error);
    if (registration.state === 'subscribed') this.queueUnsubscribe(registration);
    this.queueSubscribe(registration, 'retry');
  }

  // ---------------------------------------------------------------------------------------
  // Incoming

  private onFrame(frame: string): void {
    try {
      const result = decodeFrame(frame);
      if (!result.ok) {
        const { channelName, pair } = result.error.info;
        this.deps.report(result.error);
        if (channelName !== undefined) {
          const registration = this.routes.get(channelName)?.get(pair ?? PRIVATE_PAIR);
          registration?.observer.next({ kind: 'invalid', error: result.error });
        }
        return;
      }
      this.dispatch(result.message);
    } catch (error) {
      // Nothing may escape a socket callback: a failure here is reported, never thrown.
      this.deps.report(asKrakenError(error, 'frame dispatch'));
    }
  }

  private dispatch(message: KrakenMessage): void {
    switch (message.kind) {
      case 'bookUpdate':
      case 'bookSnapshot':
      case 'ticker':
      case 'trade':
      case 'spread':
      case 'ohlc': {
        const registration = this.routes.get(message.channelName)?.get(message.pair);
        if (registration !== undefined) this.deliver(registration, message);
        return;
      }
      case 'ownTrades':
      case 'openOrders': {
        const registration = this.routes.get(message.kind)?.get(PRIVATE_PAIR);
        if (registration !== undefined) this.deliver(registration, message);
        return;
      }
      case 'heartbeat':
        return;
      case 'systemStatus':
        this.deps.systemStatus(message);
        return;
      case 'subscriptionStatus':
        this.onSubscriptionStatus(message);
        return;
      case 'error':
        this.onErrorEvent(message);
        return;
      default: {
        const correlated = message.reqid === undefined ? undefined : this.correlations.get(message.reqid);
        if (correlated === undefined) return;
        // Kraken processed a request: the message rate is fine again.
        this.rateLimitStreak = 0;
        correlated.next(message);
      }
    }
  }

  private deliver(registration: Registration, message: PublicMessage | PrivateMessage): void {
    // While queued, the subscribe has not even been sent: anything arriving is the old subscription's.
    if (!registration.gotFirstMessage && registration.state !== 'queued' && isFirstMessage(registration.spec, message)) {
      registration.gotFirstMessage = true;
      if (registration.state === 'subscribed') this.clearTimer(registration);
    }
    registration.observer.next(message);
  }

  private onSubscriptionStatus(message: SubscriptionStatusMessage): void {
    const pendingRequest = message.reqid === undefined ? undefined : this.pending.get(message.reqid);
    if (pendingRequest !== undefined && --pendingRequest.remaining <= 0) this.pending.delete(message.reqid as number);
    if (message.status === 'error') {
      this.onSubscriptionError(message, pendingRequest);
      return;
    }
    const channelName = message.channelName;
    if (channelName === undefined) return;
    const registration = this.routes.get(channelName)?.get(message.pair ?? PRIVATE_PAIR);
    if (message.status === 'subscribed' || message.status === 'ok') {
      if (registration === undefined || registration.state === 'ended') return;
      if (pendingRequest?.event === 'unsubscribe') return;
      this.acknowledge(registration);
      return;
    }
    // unsubscribed
    if (pendingRequest !== undefined) return; // our own unsubscribe (or a resync's)
    if (registration !== undefined && registration.state === 'subscribed') {
      // Kraken ended the subscription by itself (e.g. a delisted pair): the feed must hear of it.
      this.unregisterWithoutRequest(registration);
      registration.observer.error(
        new SubscriptionError({
          errorMessage: 'Kraken ended the subscription (exchange-initiated unsubscribe)',
          channel: channelName,
          ...(message.pair === undefined ? {} : { pair: message.pair }),
        }),
      );
    }
  }

  private acknowledge(registration: Registration): void {
    if (registration.state === 'subscribed') return;
    registration.state = 'subscribed';
    this.rateLimitStreak = 0;
    registration.observer.next({ kind: 'subscribed', connectionId: this.id });
    if (registration.gotFirstMessage || !promisesFirstMessage(registration.spec)) {
      this.clearTimer(registration);
      registration.attempts = 0;
    } else {
      this.startTimer(registration, 'first-message');
    }
  }

  private onSubscriptionError(message: SubscriptionStatusMessage, pendingRequest: PendingRequest | undefined): void {
    const errorMessage = message.errorMessage ?? 'unknown error';
    const targets = this.targetsOf(message, pendingRequest);
    if (pendingRequest?.event === 'unsubscribe') {
      // e.g. "Subscription Not Found" for a channel we were leaving anyway: nothing to do.
      return;
    }
    if (isMessageRateError(errorMessage)) {
      this.onRateLimited(targets, message.reqid);
      return;
    }
    for (const registration of targets) {
      if (registration.state === 'ended') continue;
      if (errorMessage.startsWith('Already subscribed')) {
        // Our unsubscribe did not take effect (refused, e.g. "Exceeded msg rate", and queued to
        // be sent again): the server still holds the old subscription, which will send no fresh
        // snapshot and which that unsubscribe, once it goes through, will end. Unsubscribe and
        // subscribe again, in that order (within the attempt limit, against a server that would
        // always answer so).
        if (registration.attempts >= this.deps.config.maxAttempts) {
          this.acknowledge(registration);
          continue;
        }
        this.queueUnsubscribe(registration);
        this.queueSubscribe(registration, 'retry');
        continue;
      }
      if (registration.spec.scope === 'private' && INVALID_TOKEN.test(errorMessage) && registration.attempts < this.deps.config.maxAttempts) {
        // The token expired or was refused: get a fresh one and subscribe again, transparently.
        this.invalidateToken(pendingRequest?.token);
        this.queueSubscribe(registration, 'retry');
        continue;
      }
      this.unregisterWithoutRequest(registration);
      registration.observer.error(
        new SubscriptionError({
          errorMessage,
          channel: registration.channelName,
          ...(registration.spec.scope === 'public' ? { pair: registration.pair } : {}),
          ...(message.reqid === undefined ? {} : { reqid: message.reqid }),
        }),
      );
    }
  }

  /** The registrations a subscriptionStatus error concerns: by reqid, narrowed by pair. */
  private targetsOf(message: SubscriptionStatusMessage, pendingRequest: PendingRequest | undefined): Registration[] {
    if (pendingRequest !== undefined) {
      return pendingRequest.registrations.filter((r) => message.pair === undefined || r.pair === message.pair);
    }
    const name = message.subscription?.name;
    const found: Registration[] = [];
    for (const byPair of this.routes.values()) {
      for (const registration of byPair.values()) {
        if (registration.state !== 'pending') continue;
        if (name !== undefined && registration.spec.name !== name) continue;
        if (message.pair !== undefined && registration.pair !== message.pair) continue;
        found.push(registration);
      }
    }
    return found;
  }

  private onErrorEvent(message: ErrorMessage): void {
    if (message.errorMessage.includes('maximum capacity for WebSocket connections')) {
      // Shape unconfirmed (see the protocol reference, 11.1): treated as a refused connection.
      this.connection.fail(new ConnectionRateLimitError(this.deps.url, message.errorMessage));
      return;
    }
    const correlated = message.reqid === undefined ? undefined : this.correlations.get(message.reqid);
    if (correlated !== undefined) {
      // A request's own refusal (e.g. a trading request or a ping answered `Exceeded msg rate`):
      // the request fails with it (its caller is told, not errors$); the connection slows down.
      if (isMessageRateError(message.errorMessage)) this.pauseForRateLimit();
      correlated.next(message);
      return;
    }
    const pendingRequest = message.reqid === undefined ? undefined : this.pending.get(message.reqid);
    // An error event refuses the whole request: no status per pair will follow.
    if (pendingRequest !== undefined) this.pending.delete(message.reqid as number);
    if (isMessageRateError(message.errorMessage)) {
      // Without a reqid, every subscribe still waiting for its answer may be the refused one; with
      // a reqid of nothing pending (e.g. a liveness ping), no subscribe was refused.
      const targets =
        pendingRequest !== undefined
          ? pendingRequest.event === 'subscribe'
            ? [...pendingRequest.registrations]
            : []
          : message.reqid === undefined
            ? this.targetsOf({ kind: 'subscriptionStatus', status: 'error' }, undefined)
            : [];
      if (pendingRequest?.event === 'unsubscribe') {
        // A refused unsubscribe is sent again after the pause, or Kraken keeps sending data we dropped.
        for (const registration of pendingRequest.registrations) this.queueUnsubscribe(registration);
      }
      this.onRateLimited(targets, message.reqid);
      return;
    }
    this.deps.report(
      new SubscriptionError({ errorMessage: message.errorMessage, channel: 'connection', ...(message.reqid === undefined ? {} : { reqid: message.reqid }) }),
    );
  }

  /** `Exceeded msg rate`: hold outgoing traffic, then send the refused subscribes again. */
  private onRateLimited(registrations: Registration[], reqid: number | undefined): void {
    this.pauseForRateLimit();
    this.deps.report(new MessageRateLimitError({ errorMessage: 'Exceeded msg rate', ...(reqid === undefined ? {} : { reqid }) }));
    for (const registration of registrations) {
      if (registration.state === 'pending') {
        this.clearTimer(registration);
        registration.attempts = Math.max(0, registration.attempts - 1);
        this.queueSubscribe(registration, 'retry');
      }
    }
  }

  /** Holds outgoing traffic after `Exceeded msg rate`, twice as long as last time in a row (capped). */
  private pauseForRateLimit(): void {
    const pauseMs = Math.min(
      this.deps.config.rateLimitPauseCapMs,
      this.deps.config.rateLimitPauseMs * 2 ** Math.min(this.rateLimitStreak, 16),
    );
    this.rateLimitStreak += 1;
    this.connection.pause(pauseMs);
  }

  private unregisterWithoutRequest(registration: Registration): void {
    this.clearTimer(registration);
    this.removeRoute(registration);
    registration.state = 'ended';
  }

  private removeRoute(registration: Registration): void {
    const byPair = this.routes.get(registration.channelName);
    if (byPair?.get(registration.pair) === registration) byPair.delete(registration.pair);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.flushScheduled?.unsubscribe();
    this.flushScheduled = undefined;
    this.tokenSubscription?.unsubscribe();
    this.tokenSubscription = undefined;
    this.messagesSubscription?.unsubscribe();
    const live: Registration[] = [];
    for (const byPair of this.routes.values()) {
      for (const registration of byPair.values()) {
        this.clearTimer(registration);
        live.push(registration);
      }
    }
    // Feeds learn at once that their data stopped (a book is no longer current), not only when
    // the next connection subscribes again.
    for (const registration of live) {
      if (registration.state !== 'ended') registration.observer.next({ kind: 'interrupted', connectionId: this.id });
    }
    const lost = new ConnectionLostError({ url: this.deps.url, connectionId: this.id });
    const correlations = [...this.correlations.values()];
    this.correlations.clear();
    for (const observer of correlations) observer.error(lost);
  }
}

function groupByBatch(registrations: Registration[]): Registration[][] {
  const groups = new Map<string, Registration[]>();
  for (const registration of registrations) {
    const key = batchKeyOf(registration.spec);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [registration]);
    else group.push(registration);
  }
  return [...groups.values()];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function asKrakenError(error: unknown, where: string): KrakenError {
  return error instanceof KrakenError ? (error as KrakenError) : new UnexpectedError(where, error);
}
