import { KrakenError } from './krakenError';
import { redactSecrets } from './redact';

/** @category Errors @since 0.1.0 */
export interface AuthenticationErrorInfo {
  /**
   * - `no-credentials`: a private feed or trading request needs credentials or a `tokenProvider`;
   * - `invalid-credentials`: the API key or secret cannot be used (e.g. the secret is not base64);
   * - `rejected`: Kraken refused the key (`EAPI:Invalid key`, `EAPI:Invalid signature`,
   *   `EAPI:Invalid nonce`, `EGeneral:Permission denied`, ...);
   * - `token-provider-failed`: the user's `tokenProvider` failed or gave no usable token;
   * - `token-rejected`: a token Kraken already refused was offered again;
   * - `webcrypto-unavailable`: `globalThis.crypto.subtle` is missing (signing is impossible).
   */
  readonly reason:
    | 'no-credentials'
    | 'invalid-credentials'
    | 'rejected'
    | 'token-provider-failed'
    | 'token-rejected'
    | 'webcrypto-unavailable';
  /** Kraken's error text(s), when Kraken gave some (secrets redacted). */
  readonly errorMessage?: string;
}

/**
 * A WebSocket token could not be obtained, or the credentials cannot be used. Retrying with
 * the same credentials does not help (except after `token-provider-failed`, which depends
 * on the user's provider).
 *
 * @example
 * ```ts
 * kraken.openOrders().subscribe({
 *   error: (err) => {
 *     if (err instanceof AuthenticationError) console.error(err.info.reason, err.message);
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class AuthenticationError extends KrakenError<AuthenticationErrorInfo> {
  override readonly name = 'AuthenticationError' as const;

  constructor(reason: AuthenticationErrorInfo['reason'], detail?: string, options?: { cause?: unknown; errorMessage?: string }) {
    const errorMessage = options?.errorMessage === undefined ? undefined : redactSecrets(options.errorMessage);
    const info: AuthenticationErrorInfo = errorMessage === undefined ? { reason } : { reason, errorMessage };
    const extra = detail === undefined ? '' : ` ${redactSecrets(detail)}`;
    super(`${SUMMARY[reason]}${errorMessage === undefined ? '' : ` (${errorMessage})`}.${extra}`, info, options);
  }
}

const SUMMARY: Record<AuthenticationErrorInfo['reason'], string> = {
  'no-credentials': 'No credentials: private feeds and trading need `credentials` (apiKey, apiSecret) or a `tokenProvider`',
  'invalid-credentials': 'The credentials cannot be used',
  rejected: 'Kraken rejected the API credentials',
  'token-provider-failed': 'The tokenProvider did not give a usable WebSocket token',
  'token-rejected': 'The WebSocket token was already rejected by Kraken; a new one is needed',
  'webcrypto-unavailable': 'WebCrypto (globalThis.crypto.subtle) is not available, so requests cannot be signed',
};
