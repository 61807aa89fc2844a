import { KrakenError } from './krakenError';
import { parseKrakenErrorCode, type KrakenErrorCode } from './krakenErrorCode';
import { excerpt, redactSecrets } from './redact';

/** @category Errors @since 0.1.0 */
export interface KrakenRestErrorInfo {
  /** `GET` or `POST`. */
  readonly method: string;
  /** The endpoint path, e.g. `/0/private/GetWebSocketsToken` (never a query string). */
  readonly path: string;
  /** Kraken's `error` array, verbatim (secrets redacted), e.g. `["EAPI:Invalid key"]`. */
  readonly errors: ReadonlyArray<string>;
  /** Each entry of `errors` split into severity, category, message and detail. */
  readonly codes: ReadonlyArray<KrakenErrorCode>;
  /** The HTTP status of the answer (Kraken answers most errors with 200). */
  readonly status: number;
}

/**
 * Kraken's REST API answered with a non-empty `error` array, e.g. `EAPI:Invalid key` or
 * `EQuery:Unknown asset pair`. Match on `info.codes[i].code` (or `category`).
 *
 * @example
 * ```ts
 * rest.assetPairs(['NOPE']).subscribe({
 *   error: (err) => {
 *     if (err instanceof KrakenRestError) console.log(err.info.errors); // ['EQuery:Unknown asset pair']
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class KrakenRestError extends KrakenError<KrakenRestErrorInfo> {
  override readonly name = 'KrakenRestError' as const;

  constructor(info: { method: string; path: string; errors: ReadonlyArray<string>; status: number }) {
    const errors = info.errors.map((e) => redactSecrets(e));
    const codes = errors.map((e) => parseKrakenErrorCode(e));
    super(
      `Kraken REST ${info.method} ${info.path} failed: ${errors.join(', ')}.${hintFor(codes)}`,
      { method: info.method, path: info.path, errors, codes, status: info.status },
    );
  }
}

function hintFor(codes: ReadonlyArray<KrakenErrorCode>): string {
  const c = codes.map((x) => x.code);
  if (c.includes('EAPI:Invalid key')) return ' Check the API key (it may be deleted or mistyped).';
  if (c.includes('EAPI:Invalid signature')) return ' Check the API secret: it must be the base64 private key shown when the key was created.';
  if (c.includes('EAPI:Invalid nonce')) {
    return ' Another client using the same API key sent a larger nonce: give each program its own key, or raise the key\'s nonce window.';
  }
  if (c.includes('EGeneral:Permission denied')) {
    return ' The API key lacks a permission (WebSocket access needs "Access WebSockets API"; trading needs the order permissions).';
  }
  return '';
}

/** @category Errors @since 0.1.0 */
export interface RestRequestErrorInfo {
  readonly method: string;
  readonly path: string;
  /**
   * `http-status`: an HTTP error without Kraken's error envelope; `network`: fetch failed;
   * `timeout`: no answer in time; `malformed-response`: the body is not the expected JSON.
   */
  readonly reason: 'http-status' | 'network' | 'timeout' | 'malformed-response';
  /** The HTTP status, when a response arrived. */
  readonly status?: number;
  /** What went wrong, e.g. the start of the body or the network error's message (redacted). */
  readonly detail: string;
  /** For `timeout`: the limit in milliseconds. */
  readonly timeoutMs?: number;
}

/**
 * A REST request failed below Kraken's API: an HTTP error status, a network failure, a
 * timeout, or a body that is not the JSON Kraken promises. Usually transient; retrying later
 * is reasonable.
 *
 * @example
 * ```ts
 * rest.ohlc('XBTUSD', 5).subscribe({
 *   error: (err) => {
 *     if (err instanceof RestRequestError && err.info.reason === 'timeout') console.log('slow');
 *   },
 * });
 * ```
 * @category Errors
 * @since 0.1.0
 */
export class RestRequestError extends KrakenError<RestRequestErrorInfo> {
  override readonly name = 'RestRequestError' as const;

  constructor(info: RestRequestErrorInfo, options?: { cause?: unknown }) {
    const safe: RestRequestErrorInfo = { ...info, detail: excerpt(info.detail, 300) };
    super(`Kraken REST ${info.method} ${info.path} failed: ${describe(safe)}`, safe, options);
  }
}

function describe(info: RestRequestErrorInfo): string {
  switch (info.reason) {
    case 'http-status':
      return `HTTP ${info.status ?? '?'} (${info.detail}). Retry later.`;
    case 'network':
      return `network error (${info.detail}). Check the connection and retry.`;
    case 'timeout':
      return `no answer within ${info.timeoutMs ?? '?'} ms. Retry later.`;
    case 'malformed-response':
      return `unexpected response (${info.detail}).`;
  }
}
