import type { DecodeError } from '../errors/protocolErrors';
import type { PrivateMessage, PublicMessage } from '../protocol/messages';

/**
 * What a shared channel emits to the feeds built on it: the channel's data messages
 * themselves (no wrapper, for speed), and control events about its server subscription.
 * @internal
 */
export type ChannelEvent = PublicMessage | PrivateMessage | ChannelControl;

/** @internal */
export type ChannelControl =
  /** A subscribe for this channel is on its way: data that follows starts afresh. */
  | { readonly kind: 'requested'; readonly connectionId: number; readonly reason: SubscribeReason }
  /** The connection carrying the subscription ended; it will be requested again on the next one. */
  | { readonly kind: 'interrupted'; readonly connectionId: number }
  /** Kraken acknowledged the subscription. */
  | { readonly kind: 'subscribed'; readonly connectionId: number }
  /** A frame for this channel did not decode; it is lost. */
  | { readonly kind: 'invalid'; readonly error: DecodeError };

/** Why a subscribe was sent. @internal */
export type SubscribeReason = 'subscribe' | 'reconnect' | 'resync' | 'retry';

/** @internal */
export function isControl(event: ChannelEvent): event is ChannelControl {
  return event.kind === 'requested' || event.kind === 'subscribed' || event.kind === 'invalid' || event.kind === 'interrupted';
}
