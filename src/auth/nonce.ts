/**
 * A source of Kraken API nonces: strictly increasing integers, one source per API key.
 * @example
 * ```ts
 * const nonces = createNonceSource();
 * nonces.next(); // '1700000000000000'
 * nonces.next(); // '1700000000000001' when the clock did not advance
 * ```
 * @category Client
 * @since 0.1.0
 */
export interface NonceSource {
  /** The next nonce, as decimal text; strictly greater than every earlier one. */
  next(): string;
}

/**
 * Creates a {@link NonceSource} giving microseconds since the epoch, or the previous nonce + 1
 * when the clock did not advance (or went back), so values never repeat or decrease.
 *
 * Kraken rejects a nonce not larger than the last one it saw for the key (`EAPI:Invalid
 * nonce`), so each API key should have one source; {@link KrakenCredentials} owns one.
 * Microseconds stay below 2^53 until the year 2255.
 *
 * @example
 * ```ts
 * let now = 1_700_000_000_000;
 * const nonces = createNonceSource(() => now);
 * nonces.next(); // '1700000000000000'
 * nonces.next(); // '1700000000000001'
 * ```
 * @param clock Milliseconds since the epoch (fractions allowed); defaults to `Date.now`.
 * @return A new, independent nonce source.
 * @category Client
 * @since 0.1.0
 */
export function createNonceSource(clock: () => number = Date.now): NonceSource {
  let last = 0;
  return {
    next(): string {
      const now = Math.floor(clock() * 1000);
      last = Number.isSafeInteger(now) && now > last ? now : last + 1;
      return String(last);
    },
  };
}
