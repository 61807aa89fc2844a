import { KrakenError } from './krakenError';
import { excerpt } from './redact';

/** @category Errors @since 0.1.0 */
export interface DecodeErrorInfo {
  /** Why the frame was rejected: not JSON, no known message shape, or a known shape with bad fields. */
  readonly reason: 'malformed-json' | 'unknown-message' | 'invalid-message';
  /** The raw frame, truncated and with secrets redacted. */
  readonly frame: string;
  /** What did not match, e.g. `book level 3: volume is not a decimal string`. */
  readonly detail: string;
  /** The channel the frame was meant for, when that much could be read. */
  readonly channelName?: string;
  /** The pair the frame was meant for, when that much could be read. */
  readonly pair?: string;
}

/**
 * A frame from Kraken that is not JSON or does not match any v1 message.
 *
 * It is reported on `client.errors$`, and on the one feed it was routed to when its channel and
 * pair could be read; the socket and every other feed carry on.
 * @category Errors
 * @since 0.1.0
 */
export class DecodeError extends KrakenError<DecodeErrorInfo> {
  override readonly name = 'DecodeError' as const;

  constructor(reason: DecodeErrorInfo['reason'], frame: string, detail: string, route?: { channelName?: string; pair?: string }) {
    const info: DecodeErrorInfo = {
      reason,
      frame: excerpt(frame),
      detail,
      ...(route?.channelName === undefined ? {} : { channelName: route.channelName }),
      ...(route?.pair === undefined ? {} : { pair: route.pair }),
    };
    super(`Could not decode a Kraken frame (${reason}): ${detail}`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface SubscriptionErrorInfo {
  /** Kraken's `errorMessage`, verbatim (secrets redacted). */
  readonly errorMessage: string;
  readonly channel: string;
  readonly pair?: string;
  readonly reqid?: number;
}

/**
 * Kraken refused a subscription (`subscriptionStatus` with `status: "error"`), or ended one
 * by itself. Only the feed concerned errors; every other feed continues.
 * @category Errors
 * @since 0.1.0
 */
export class SubscriptionError extends KrakenError<SubscriptionErrorInfo> {
  override readonly name = 'SubscriptionError' as const;

  constructor(info: SubscriptionErrorInfo, hint?: string) {
    const where = info.pair === undefined ? info.channel : `${info.channel} ${info.pair}`;
    super(`Kraken refused the ${where} subscription: ${info.errorMessage}${hint ? `. ${hint}` : ''}`, info);
  }
}

/** @category Errors @since 0.1.0 */
export interface InvalidArgumentErrorInfo {
  readonly argument: string;
  readonly value: string;
  readonly expected: string;
}

/**
 * A public function was called with an argument it cannot use; nothing was sent.
 * @category Errors
 * @since 0.1.0
 */
export class InvalidArgumentError extends KrakenError<InvalidArgumentErrorInfo> {
  override readonly name = 'InvalidArgumentError' as const;

  /**
   * @param options `showValue: false` names only the value's type (for values that may hold a
   * secret, e.g. an unknown config key that is a misspelt `credentials`).
   */
  constructor(argument: string, value: unknown, expected: string, hint?: string, options?: { readonly showValue?: boolean }) {
    const shown =
      options?.showValue === false
        ? `${describeType(value)} (value not shown)`
        : excerpt(typeof value === 'string' ? JSON.stringify(value) : safeStringify(value), 120);
    super(`Invalid ${argument}: got ${shown}, expected ${expected}${hint ? `. ${hint}` : ''}`, {
      argument,
      value: shown,
      expected,
    });
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : type === 'undefined' ? 'undefined' : `a ${type}`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
