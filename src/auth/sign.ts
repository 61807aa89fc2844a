import { AuthenticationError } from '../errors/authenticationError';
import { decodeBase64, encodeBase64 } from './base64';

/**
 * The part of WebCrypto's `SubtleCrypto` that signing uses (Node 20 and browsers both have it
 * as `globalThis.crypto.subtle`).
 * @category Client
 * @since 0.1.0
 */
export interface SubtleCryptoLike {
  /** SHA-256 of `data` (`crypto.subtle.digest`). */
  digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  /** Imports the decoded API secret as an HMAC-SHA512 signing key (`crypto.subtle.importKey`). */
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: { name: 'HMAC'; hash: 'SHA-512' },
    extractable: false,
    keyUsages: ['sign'],
  ): Promise<unknown>;
  /** HMAC of `data` with the imported key (`crypto.subtle.sign`). */
  sign(algorithm: 'HMAC', key: never, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/**
 * What {@link signKrakenRequest} signs: the URI path, the nonce and the url-encoded body.
 * @category Client
 * @since 0.1.0
 */
export interface SignatureInput {
  /** The path starting at `/0/private`, e.g. `/0/private/GetWebSocketsToken`. */
  readonly path: string;
  /** The nonce, as the decimal text placed in the body. */
  readonly nonce: string;
  /** The url-encoded body exactly as sent, including `nonce=...`. */
  readonly postData: string;
  /** The API secret: base64 text as Kraken shows it, or the decoded bytes. */
  readonly secret: string | Uint8Array;
}

/**
 * Computes Kraken's `API-Sign` header:
 * `Base64(HMAC-SHA512(key = Base64Decode(secret), UTF8(path) ‖ SHA256(UTF8(nonce + postData))))`.
 *
 * Uses WebCrypto (`globalThis.crypto.subtle`), never `node:crypto`, so it runs in browsers too.
 *
 * @example
 * ```ts
 * const sign = await signKrakenRequest({
 *   path: '/0/private/GetWebSocketsToken',
 *   nonce: '1616492376594',
 *   postData: 'nonce=1616492376594',
 *   secret: apiSecret,
 * });
 * ```
 * @param input Path, nonce, body and secret.
 * @param subtle The WebCrypto implementation; defaults to `globalThis.crypto.subtle`.
 * @return A Promise of the base64 signature.
 * @throws {AuthenticationError} (as a rejection) When the secret is not base64 or WebCrypto is missing.
 * @category Client
 * @since 0.1.0
 */
export async function signKrakenRequest(input: SignatureInput, subtle: SubtleCryptoLike | undefined = defaultSubtle()): Promise<string> {
  if (subtle === undefined) throw new AuthenticationError('webcrypto-unavailable');
  const key = typeof input.secret === 'string' ? decodeSecret(input.secret) : input.secret;
  const encoder = new TextEncoder();
  const inner = new Uint8Array(await subtle.digest('SHA-256', encoder.encode(input.nonce + input.postData)));
  const path = encoder.encode(input.path);
  const message = new Uint8Array(path.length + inner.length);
  message.set(path, 0);
  message.set(inner, path.length);
  const hmacKey = await subtle.importKey('raw', copy(key), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  const signature = await subtle.sign('HMAC', hmacKey as never, message);
  return encodeBase64(new Uint8Array(signature));
}

/**
 * Decodes an API secret, failing with an {@link AuthenticationError} that never shows it.
 * @internal
 */
export function decodeSecret(secret: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(secret.trim());
  if (bytes === undefined || bytes.length === 0) {
    throw new AuthenticationError(
      'invalid-credentials',
      'The API secret is not valid base64: copy the "Private key" exactly as Kraken showed it when the key was created.',
    );
  }
  return bytes as Uint8Array<ArrayBuffer>;
}

function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** `globalThis.crypto.subtle`, when this runtime has WebCrypto. @internal */
export function defaultSubtle(): SubtleCryptoLike | undefined {
  const c = (globalThis as { crypto?: { subtle?: unknown } }).crypto;
  return c?.subtle as SubtleCryptoLike | undefined;
}
