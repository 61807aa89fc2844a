import { AuthenticationError } from '../errors/authenticationError';
import { registerSecret } from '../errors/redact';
import { createNonceSource, type NonceSource } from './nonce';
import { decodeSecret, defaultSubtle, signKrakenRequest, type SubtleCryptoLike } from './sign';

/**
 * The API key pair for Kraken's private REST endpoints (here, only `GetWebSocketsToken`).
 * @category Client
 * @since 0.1.0
 */
export interface CredentialsConfig {
  /** The API key ("API Key" in Kraken's settings). */
  readonly apiKey: string;
  /** The base64 private key ("Private Key"), exactly as Kraken showed it. */
  readonly apiSecret: string;
  /** The key's two-factor password, when it has one: a fixed string or a function giving the current code. */
  readonly otp?: string | (() => string);
  /** Milliseconds since the epoch for nonces; defaults to `Date.now` (tests inject a fake). */
  readonly clock?: () => number;
}

/**
 * A request body signed for a private endpoint: send `body` with these headers.
 * @category Client
 * @since 0.1.0
 */
export interface SignedRequest {
  /** The url-encoded body, starting with `nonce=`. */
  readonly body: string;
  readonly headers: { readonly 'API-Key': string; readonly 'API-Sign': string };
}

const REDACTED = '[redacted]';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Holds an API key and secret so that they never leak: `toString()`, `JSON.stringify` and
 * Node's `util.inspect`/`console.log` all show `[redacted]`, the values live in private fields
 * (invisible to spreading and `Object.keys`), and both are registered so that
 * `redactSecrets` removes them from any error or log text. Owns the key's nonce source.
 *
 * @example
 * ```ts
 * const credentials = new KrakenCredentials({ apiKey: process.env.KRAKEN_KEY!, apiSecret: process.env.KRAKEN_SECRET! });
 * console.log(credentials); // KrakenCredentials { apiKey: [redacted], apiSecret: [redacted] }
 * const kraken = createKrakenClient({ credentials });
 * ```
 * @category Client
 * @since 0.1.0
 */
export class KrakenCredentials {
  readonly #apiKey: string;
  readonly #secret: Uint8Array;
  readonly #otp: (() => string) | undefined;
  readonly #nonces: NonceSource;

  /**
   * @throws {AuthenticationError} With reason `invalid-credentials` when the key is empty or
   * the secret is not base64 (the message never shows either).
   */
  constructor(config: CredentialsConfig) {
    const { apiKey, apiSecret, otp } = config;
    for (const value of [apiKey, apiSecret] as unknown[]) {
      if (typeof value === 'string') {
        registerSecret(value);
        registerSecret(value.trim());
      }
    }
    if (typeof otp === 'string') registerSecret(otp);
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new AuthenticationError('invalid-credentials', 'The API key must be a non-empty string.');
    }
    if (typeof apiSecret !== 'string') {
      throw new AuthenticationError('invalid-credentials', 'The API secret must be a string (the base64 "Private key").');
    }
    this.#apiKey = apiKey.trim();
    this.#secret = decodeSecret(apiSecret);
    this.#otp = otp === undefined ? undefined : typeof otp === 'string' ? () => otp : otp;
    this.#nonces = createNonceSource(config.clock);
  }

  /**
   * Builds and signs the body of a private REST request: `nonce` (from this key's nonce
   * source), `otp` when configured, then `params` in their order.
   *
   * Nonces are taken when this is called, so concurrent requests reach Kraken with increasing
   * nonces only if they are sent in call order.
   * @example
   * ```ts
   * const { body, headers } = await credentials.signRequest('/0/private/GetWebSocketsToken');
   * ```
   * @param path The path starting at `/0/private`.
   * @param params Further form fields.
   * @param subtle WebCrypto to sign with; defaults to `globalThis.crypto.subtle`.
   * @return A Promise of the body and the `API-Key`/`API-Sign` headers.
   */
  async signRequest(path: string, params: Readonly<Record<string, string>> = {}, subtle?: SubtleCryptoLike): Promise<SignedRequest> {
    const nonce = this.#nonces.next();
    const form = new URLSearchParams({ nonce });
    if (this.#otp !== undefined) {
      const code = this.#otp();
      registerSecret(code, { ephemeral: true });
      form.append('otp', code);
    }
    for (const [k, v] of Object.entries(params)) form.append(k, v);
    const body = form.toString();
    const sign = await signKrakenRequest({ path, nonce, postData: body, secret: this.#secret }, subtle ?? defaultSubtle());
    return { body, headers: { 'API-Key': this.#apiKey, 'API-Sign': sign } };
  }

  /** Always `KrakenCredentials { apiKey: [redacted], apiSecret: [redacted] }`. */
  toString(): string {
    return `KrakenCredentials { apiKey: ${REDACTED}, apiSecret: ${REDACTED} }`;
  }

  /** Always `{ "apiKey": "[redacted]", "apiSecret": "[redacted]" }`. */
  toJSON(): { apiKey: string; apiSecret: string } {
    return { apiKey: REDACTED, apiSecret: REDACTED };
  }

  /** What Node's `util.inspect` and `console.log` show. */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * Whether a value is a {@link KrakenCredentials}.
 * @example
 * ```ts
 * isKrakenCredentials(new KrakenCredentials({ apiKey, apiSecret })); // true
 * ```
 * @category Client
 * @since 0.1.0
 */
export function isKrakenCredentials(value: unknown): value is KrakenCredentials {
  return value instanceof KrakenCredentials;
}
