import { channelNameOf } from '../protocol/channels';
import type { PrivateChannel, PublicChannel } from '../protocol/channels';
import type { PrivateMessage, PublicMessage } from '../protocol/messages';
import type { SubscriptionSpec } from '../protocol/requests';

/**
 * What one server-side subscription is: a public channel for one pair (with its depth or
 * interval), or a private feed. Subscribers of equal specs share one server subscription.
 * @internal
 */
export type ChannelSpec = PublicChannelSpec | PrivateChannelSpec;

/** @internal */
export interface PublicChannelSpec {
  readonly scope: 'public';
  readonly name: PublicChannel;
  readonly pair: string;
  readonly depth?: number;
  readonly interval?: number;
}

/** @internal */
export interface PrivateChannelSpec {
  readonly scope: 'private';
  readonly name: PrivateChannel;
  readonly options?: { readonly snapshot?: boolean; readonly ratecounter?: boolean; readonly consolidate_taker?: boolean };
}

/** The wire channel name: `book-25`, `ticker`, `openOrders`. @internal */
export function wireChannelName(spec: ChannelSpec): string {
  if (spec.scope === 'private') return spec.name;
  return channelNameOf(spec.name, {
    ...(spec.depth === undefined ? {} : { depth: spec.depth }),
    ...(spec.interval === undefined ? {} : { interval: spec.interval }),
  });
}

/** The routing key of data messages: `book-25|XBT/USD`, or `openOrders`. @internal */
export function routeKey(channelName: string, pair?: string): string {
  return pair === undefined ? channelName : `${channelName}|${pair}`;
}

/** @internal */
export function keyOf(spec: ChannelSpec): string {
  return spec.scope === 'public' ? routeKey(wireChannelName(spec), spec.pair) : routeKey(spec.name);
}

/**
 * The key of specs that can be batched into one subscribe message (same channel and
 * options, different pairs). Private feeds are never batched.
 * @internal
 */
export function batchKeyOf(spec: ChannelSpec): string {
  return spec.scope === 'public' ? wireChannelName(spec) : `private:${spec.name}`;
}

/** The `subscription` object of the request (without the token). @internal */
export function subscriptionOf(spec: ChannelSpec): SubscriptionSpec {
  if (spec.scope === 'private') return { name: spec.name, ...(spec.options ?? {}) };
  return {
    name: spec.name,
    ...(spec.name === 'book' ? { depth: spec.depth ?? 10 } : {}),
    ...(spec.name === 'ohlc' ? { interval: spec.interval ?? 1 } : {}),
  };
}

/** Whether Kraken promises a first message right after subscribing (reference 13.4). @internal */
export function promisesFirstMessage(spec: ChannelSpec): boolean {
  if (spec.scope === 'private') return spec.name === 'openOrders' || spec.options?.snapshot !== false;
  return spec.name !== 'trade';
}

/**
 * Whether `message` is the first message Kraken promises on a new subscription of `spec`. Where
 * Kraken sends a snapshot first (book; openOrders; ownTrades unless `snapshot: false`), only the
 * snapshot is: an update may still come from a subscription being replaced (a book resync), and
 * must not pass for the new subscription's start. Any data message counts on the other channels.
 * @internal
 */
export function isFirstMessage(spec: ChannelSpec, message: PublicMessage | PrivateMessage): boolean {
  if (spec.scope === 'public') return spec.name !== 'book' || message.kind === 'bookSnapshot';
  if (!promisesFirstMessage(spec)) return true;
  if (message.kind !== 'openOrders' && message.kind !== 'ownTrades') return true;
  // A private snapshot is sequence 1 (Kraken's 2019 feeds sent no sequence at all).
  return message.sequence === undefined || message.sequence === 1;
}
