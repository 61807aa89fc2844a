import * as t from 'io-ts';

/** `reqid` as echoed by Kraken: a positive integer, or `null` when the request's own was malformed. */
const Reqid = t.union([t.number, t.null]);

/**
 * `systemStatus`: sent on connect and whenever the engine status changes (reference 4.1).
 * `connectionID` is a u64 that `JSON.parse` rounds; the decoded message carries it as exact text.
 * @category Protocol
 * @since 0.1.0
 */
export const SystemStatusEvent = t.intersection([
  t.type({ event: t.literal('systemStatus'), status: t.string }),
  t.partial({ version: t.string, connectionID: t.number }),
]);
/** @category Protocol @since 0.1.0 */
export type SystemStatusEvent = t.TypeOf<typeof SystemStatusEvent>;

/** `heartbeat` (reference 4.2). @category Protocol @since 0.1.0 */
export const HeartbeatEvent = t.type({ event: t.literal('heartbeat') });
/** @category Protocol @since 0.1.0 */
export type HeartbeatEvent = t.TypeOf<typeof HeartbeatEvent>;

/** `pong`, echoing the ping's reqid (reference 4.3). @category Protocol @since 0.1.0 */
export const PongEvent = t.intersection([t.type({ event: t.literal('pong') }), t.partial({ reqid: Reqid })]);
/** @category Protocol @since 0.1.0 */
export type PongEvent = t.TypeOf<typeof PongEvent>;

/** Generic `error` event (reference 4.4). @category Protocol @since 0.1.0 */
export const ErrorEvent = t.intersection([
  t.type({ event: t.literal('error'), errorMessage: t.string }),
  t.partial({ reqid: Reqid }),
]);
/** @category Protocol @since 0.1.0 */
export type ErrorEvent = t.TypeOf<typeof ErrorEvent>;

/**
 * The rate-limit error in the capitalised form one client library documents:
 * `{"Error":"Exceeded msg rate"}` (reference 4.4, unconfirmed shape; accepted defensively).
 * @category Protocol
 * @since 0.1.0
 */
export const CapitalisedErrorEvent = t.type({ Error: t.string });

/** The `subscription` object echoed in a `subscriptionStatus`. @category Protocol @since 0.1.0 */
export const SubscriptionEcho = t.intersection([
  t.type({ name: t.string }),
  t.partial({ depth: t.number, interval: t.number, maxratecount: t.number, token: t.string }),
]);
/** @category Protocol @since 0.1.0 */
export type SubscriptionEcho = t.TypeOf<typeof SubscriptionEcho>;

/**
 * `subscriptionStatus`: one per pair for public subscriptions, one for a private feed
 * (reference 5.2).
 * @category Protocol
 * @since 0.1.0
 */
export const SubscriptionStatusEvent = t.intersection([
  t.type({
    event: t.literal('subscriptionStatus'),
    status: t.keyof({ subscribed: null, unsubscribed: null, error: null, ok: null }),
  }),
  t.partial({
    channelName: t.string,
    channelID: t.number,
    pair: t.string,
    reqid: Reqid,
    subscription: SubscriptionEcho,
    errorMessage: t.string,
  }),
]);
/** @category Protocol @since 0.1.0 */
export type SubscriptionStatusEvent = t.TypeOf<typeof SubscriptionStatusEvent>;
