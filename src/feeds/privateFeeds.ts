import { Observable, ReplaySubject, share } from 'rxjs';
import type { PrivateChannelSpec } from '../client/channelSpec';
import type { Endpoint } from '../client/endpoint';
import { compareDecimals } from '../book/decimal';
import { KrakenError } from '../errors/krakenError';
import { UnexpectedError } from '../errors/sessionErrors';
import { applyOpenOrdersMessage, type OpenOrdersState } from '../private/openOrders';
import { checkSequence } from '../private/sequence';
import type { OpenOrdersMessage, OwnTradesMessage } from '../protocol/messages';
import type { OwnTrade } from '../protocol/privateMessages';

/** @internal */
export interface PrivateFeedContext {
  readonly endpoint: Endpoint;
  readonly report: (error: KrakenError) => void;
}

/**
 * One of your own trades, as `ownTrades()` emits it.
 * @category Private
 * @since 0.1.0
 */
export interface OwnTradeEvent {
  /** Kraken's trade id (`T...`). */
  readonly id: string;
  readonly trade: OwnTrade;
  /**
   * `true` for the recent trades Kraken sends when the feed starts (history, up to 50);
   * `false` for fills that happened while you were subscribed, including fills recovered from
   * a fresh snapshot after a reconnect or a sequence gap.
   */
  readonly snapshot: boolean;
}

/** Options of `ownTrades()`. @category Private @since 0.1.0 */
export interface OwnTradesOptions {
  /** Send the recent trades first (Kraken's `snapshot`, default true). */
  readonly snapshot?: boolean;
  /** One fill per taker trade (Kraken's `consolidate_taker`, default true). */
  readonly consolidateTaker?: boolean;
}

/** Options of `openOrders()`. @category Private @since 0.1.0 */
export interface OpenOrdersOptions {
  /** Ask Kraken for `ratecount` on order updates (Kraken's `ratecounter`, default false). */
  readonly rateCounter?: boolean;
}

/**
 * A step of a private engine: a message and the state after it, or (`message` undefined) the
 * news that the subscription is being replaced, so the state is no longer current until the
 * next snapshot.
 */
interface Step<M, S> {
  readonly message: M | undefined;
  readonly state: S;
}

/**
 * The shared engine of a private feed: checks sequence numbers (a gap, or a frame that did not
 * decode, is reported and heals by resubscribing for a fresh snapshot), skips what a replaced
 * subscription still sends, and folds every message into a state. The last step is replayed
 * to late subscribers so that each can start from a snapshot.
 */
function privateEngine<M extends OpenOrdersMessage | OwnTradesMessage, S>(
  context: PrivateFeedContext,
  spec: PrivateChannelSpec,
  reduce: (state: S | undefined, message: M) => S,
): Observable<Step<M, S>> {
  const channel$ = context.endpoint.channel(spec);
  const engine$ = new Observable<Step<M, S>>((subscriber) => {
    let previous: number | undefined;
    let awaitingSnapshot = true;
    let state: S | undefined;
    const stale = (): void => {
      // Late subscribers must not take the old state for current while a new snapshot is awaited.
      if (!awaitingSnapshot && state !== undefined) subscriber.next({ message: undefined, state });
      awaitingSnapshot = true;
      previous = undefined;
    };
    const heal = (error: KrakenError, alreadyReported = false): void => {
      // A frame that did not decode was reported by the session already: once on errors$.
      if (!alreadyReported) context.report(error);
      stale();
      context.endpoint.resubscribe(spec);
    };
    return channel$.subscribe({
      next: (event) => {
        if (event.kind === 'requested' || event.kind === 'interrupted') {
          if (event.kind === 'interrupted' || event.reason !== 'resync') stale();
          return;
        }
        if (event.kind === 'invalid') {
          heal(event.error, true);
          return;
        }
        if (event.kind !== spec.name) return;
        const message = event as M;
        // Until the new subscription's snapshot arrives, anything else is left over from the old one.
        if (awaitingSnapshot && message.sequence !== undefined && message.sequence !== 1) return;
        const check = checkSequence(previous, message);
        if (!check.ok) {
          heal(check.error);
          return;
        }
        let next: S;
        try {
          next = reduce(state, message);
        } catch (error) {
          // A message the decoder let through but the state cannot take: heal like a bad frame,
          // never throw out of the socket's callback.
          heal(error instanceof KrakenError ? (error as KrakenError) : new UnexpectedError(`the ${spec.name} feed`, error));
          return;
        }
        previous = check.sequence;
        awaitingSnapshot = false;
        state = next;
        subscriber.next({ message, state });
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
  return engine$.pipe(share({ connector: () => new ReplaySubject(1), resetOnRefCountZero: true, resetOnError: true, resetOnComplete: true }));
}

/**
 * Subscribes to a replaying engine, telling the replayed step (delivered synchronously while
 * subscribing) from live ones.
 */
function withReplay<T>(source: Observable<T>, onStep: (step: T, replayed: boolean) => void): Observable<never> {
  return new Observable<never>((subscriber) => {
    let subscribing = true;
    // A hand-written subscription: only here can a replayed value be told from a live one.
    const subscription = source.subscribe({
      next: (step) => onStep(step, subscribing),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    subscribing = false;
    return subscription;
  });
}

/**
 * `openOrders()`: raw openOrders messages, snapshot first for every subscriber. A subscriber
 * joining a feed that is already live gets a snapshot of the current open orders as its
 * sequence 1, and the sequence numbers it sees continue from there (they count messages of
 * its own subscription, as Kraken's do for a fresh one).
 * @internal
 */
export function openOrdersFeed(context: PrivateFeedContext, options: OpenOrdersOptions): Observable<OpenOrdersMessage> {
  const spec: PrivateChannelSpec = {
    scope: 'private',
    name: 'openOrders',
    ...(options.rateCounter === undefined ? {} : { options: { ratecounter: options.rateCounter } }),
  };
  const engine$ = context.endpoint.shared(`engine:openOrders:${options.rateCounter ?? false}`, () =>
    privateEngine<OpenOrdersMessage, OpenOrdersState>(context, spec, applyOpenOrdersMessage),
  );
  return new Observable<OpenOrdersMessage>((subscriber) => {
    let offset = 0;
    return withReplay(engine$, ({ message, state }, replayed) => {
      // The subscription is being replaced: wait for its snapshot (sequence 1).
      if (message === undefined) return;
      if (replayed && message.sequence !== 1) {
        offset = (message.sequence ?? 1) - 1;
        subscriber.next({
          kind: 'openOrders',
          orders: [...state.orders.values()].map(({ id, ...patch }) => ({ id, patch })),
          sequence: 1,
        });
        return;
      }
      if (message.sequence === 1) offset = 0;
      subscriber.next(offset === 0 || message.sequence === undefined ? message : { ...message, sequence: message.sequence - offset });
    }).subscribe(subscriber);
  });
}

/** How many recent trade ids the ownTrades feed remembers to drop repeats after a resnapshot. */
const SEEN_TRADE_IDS = 2_000;
/** Kraken's ownTrades snapshot holds the last 50 trades. */
const RECENT_TRADES = 50;

interface OwnTradesState {
  readonly recent: readonly OwnTradeEvent[];
  readonly emitted: readonly OwnTradeEvent[];
  readonly seen: ReadonlySet<string>;
  readonly seenOrder: readonly string[];
  readonly started: boolean;
}

function applyOwnTrades(state: OwnTradesState | undefined, message: OwnTradesMessage, withSnapshot: boolean): OwnTradesState {
  const previous = state ?? { recent: [], emitted: [], seen: new Set<string>(), seenOrder: [], started: false };
  const isSnapshot = message.sequence === 1 || message.sequence === undefined;
  const fresh = message.trades
    .filter(({ id }) => !previous.seen.has(id))
    .map(({ id, trade }) => ({ id, trade, snapshot: withSnapshot && isSnapshot && !previous.started }));
  // Kraken lists a snapshot newest first; a stream of fills reads oldest first.
  // Times are unsigned decimal strings (checked by the decoder), compared exactly.
  if (isSnapshot) fresh.sort((a, b) => compareDecimals(a.trade.time, b.trade.time));
  const seen = new Set(previous.seen);
  const seenOrder = [...previous.seenOrder];
  for (const event of fresh) {
    seen.add(event.id);
    seenOrder.push(event.id);
  }
  while (seenOrder.length > SEEN_TRADE_IDS) seen.delete(seenOrder.shift() as string);
  return {
    recent: [...previous.recent, ...fresh].slice(-RECENT_TRADES),
    emitted: fresh,
    seen,
    seenOrder,
    started: true,
  };
}


/**
 * `ownTrades()`: your fills, one value per trade, each exactly once. The recent trades come
 * first (`snapshot: true`); a subscriber joining a live feed gets the recent trades the feed
 * has seen. After a reconnect or a sequence gap the fresh snapshot is compared with what was
 * already emitted: fills missed meanwhile are emitted (`snapshot: false`), repeats are dropped.
 * @internal
 */
export function ownTradesFeed(context: PrivateFeedContext, options: OwnTradesOptions): Observable<OwnTradeEvent> {
  const spec: PrivateChannelSpec = {
    scope: 'private',
    name: 'ownTrades',
    options: {
      ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
      ...(options.consolidateTaker === undefined ? {} : { consolidate_taker: options.consolidateTaker }),
    },
  };
  const engine$ = context.endpoint.shared(
    `engine:ownTrades:${options.snapshot ?? true}:${options.consolidateTaker ?? true}`,
    () => privateEngine<OwnTradesMessage, OwnTradesState>(context, spec, (state, message) => applyOwnTrades(state, message, options.snapshot !== false)),
  );
  return new Observable<OwnTradeEvent>((subscriber) =>
    withReplay(engine$, ({ message, state }, replayed) => {
      // Past trades stay true while a subscription is replaced, so a late subscriber still gets them.
      const events = replayed ? state.recent.map((e) => ({ ...e, snapshot: true })) : message === undefined ? [] : state.emitted;
      for (const event of events) subscriber.next(event);
    }).subscribe(subscriber),
  );
}
