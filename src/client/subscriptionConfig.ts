/**
 * Timeouts and pacing of subscriptions on one connection.
 * @category Client
 * @since 0.1.0
 */
export interface SubscriptionConfig {
  /** How long to wait for Kraken's `subscriptionStatus` before sending the subscribe again. */
  readonly ackTimeoutMs: number;
  /** How long to wait, after the acknowledgement, for the first message Kraken promises. */
  readonly firstMessageTimeoutMs: number;
  /** Attempts (acknowledgement or first-message timeouts in a row) before the feed errors. */
  readonly maxAttempts: number;
  /** Pause of outgoing traffic after Kraken's `Exceeded msg rate`, doubled on each repeat. */
  readonly rateLimitPauseMs: number;
  readonly rateLimitPauseCapMs: number;
}

/** @category Client @since 0.1.0 */
export const DEFAULT_SUBSCRIPTION_CONFIG: SubscriptionConfig = {
  ackTimeoutMs: 10_000,
  firstMessageTimeoutMs: 10_000,
  maxAttempts: 5,
  rateLimitPauseMs: 1_000,
  rateLimitPauseCapMs: 30_000,
};
