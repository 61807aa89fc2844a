import type { PublicChannel } from './channels';

/**
 * The `subscription` object of a subscribe/unsubscribe request (reference 5.1).
 * @category Protocol
 * @since 0.1.0
 */
export interface SubscriptionSpec {
  readonly name: PublicChannel | 'ownTrades' | 'openOrders';
  readonly depth?: number;
  readonly interval?: number;
  readonly token?: string;
  readonly ratecounter?: boolean;
  readonly snapshot?: boolean;
  readonly consolidate_taker?: boolean;
}

/** @category Protocol @since 0.1.0 */
export interface SubscribeRequest {
  readonly event: 'subscribe' | 'unsubscribe';
  readonly reqid?: number;
  readonly pair?: ReadonlyArray<string>;
  readonly subscription: SubscriptionSpec;
}

/**
 * Builds the text of a subscribe or unsubscribe request. Public channels take a `pair` array
 * (always an array, even for one pair); private feeds take none.
 * @internal
 */
export function subscriptionRequest(
  event: 'subscribe' | 'unsubscribe',
  subscription: SubscriptionSpec,
  pairs: ReadonlyArray<string> | undefined,
  reqid: number,
): string {
  const request: SubscribeRequest =
    pairs === undefined ? { event, reqid, subscription } : { event, reqid, pair: pairs, subscription };
  return JSON.stringify(request);
}

/** Builds a `ping` request. @internal */
export function pingRequest(reqid: number): string {
  return JSON.stringify({ event: 'ping', reqid });
}
