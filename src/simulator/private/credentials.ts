import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A test API key pair the simulator accepts by default: a 56-character public key and a valid
 * base64 secret of 64 bytes, shaped like Kraken's. They open nothing anywhere but the simulator.
 *
 * @example
 * ```ts
 * import { startSimulator, SIMULATOR_TEST_CREDENTIALS } from 'kraken-rx/simulator';
 *
 * const sim = await startSimulator();
 * // sign `POST /0/private/GetWebSocketsToken` with SIMULATOR_TEST_CREDENTIALS against sim.restUrl
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export const SIMULATOR_TEST_CREDENTIALS: { readonly apiKey: string; readonly apiSecret: string } = Object.freeze({
  apiKey: '8I5R88ypm/AwH8pYR6dC7CBbLmh/ulfZJMqUKKOXa3wAV9+a8Wur0g3J',
  apiSecret: 'Dy5GYcVuifrCz3sj6dDFPGCc5LGGMgilX3l7h3VRc0yOgHMasaHUvBreDnytVdMSfxSkZUCFWlWoOKiBeXtL2A==',
});

/** Strict base64 (padding optional): what Kraken's secrets look like. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** True when `text` is non-empty, strict base64 (the form of a Kraken API secret). @internal */
export function isBase64Secret(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

/**
 * Kraken's `API-Sign` (protocol reference 10.3):
 * `Base64(HMAC-SHA512(Base64Decode(secret), path ‖ SHA256(nonce + postData)))`.
 * @internal
 */
export function krakenSignature(path: string, nonce: string, postData: string, secretBase64: string): string {
  const digest = createHash('sha256').update(nonce + postData, 'utf8').digest();
  return createHmac('sha512', Buffer.from(secretBase64, 'base64'))
    .update(Buffer.concat([Buffer.from(path, 'utf8'), digest]))
    .digest('base64');
}

/** Compares a received `API-Sign` with the expected one in constant time. @internal */
export function verifyKrakenSignature(signature: string, path: string, nonce: string, postData: string, secretBase64: string): boolean {
  const expected = Buffer.from(krakenSignature(path, nonce, postData, secretBase64), 'base64');
  const given = Buffer.from(signature, 'base64');
  // Buffer.from(.., 'base64') ignores junk; require the canonical text too.
  return given.length === expected.length && timingSafeEqual(given, expected) && given.toString('base64') === signature;
}
