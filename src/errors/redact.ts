/**
 * Redaction of secrets in text that may end up in an error, a log line or `status$`.
 *
 * Kraken echoes the WebSocket token in some `subscriptionStatus` error replies (protocol
 * reference 10.4), so any raw frame placed in an error passes through here first.
 */

const TOKEN_FIELD = /("token"\s*:\s*")[^"]*(")/g;
const REDACTED = '[redacted]';

const registeredSecrets = new Set<string>();
/** Short-lived secrets (tokens, one-time codes), oldest first; only the newest are kept. */
const ephemeralSecrets: string[] = [];
const MAX_EPHEMERAL_SECRETS = 256;

/**
 * Registers a secret (API key, secret or token) so that {@link redactSecrets} removes it from
 * any text. The client registers every credential and token it handles. Ephemeral secrets
 * (a token per connection, for days) are bounded: only the newest 256 are kept, which covers
 * every token that can still be in use.
 * @internal
 */
export function registerSecret(secret: string, options?: { readonly ephemeral?: boolean }): void {
  if (secret.length < 8 || registeredSecrets.has(secret)) return;
  registeredSecrets.add(secret);
  if (options?.ephemeral === true) {
    ephemeralSecrets.push(secret);
    if (ephemeralSecrets.length > MAX_EPHEMERAL_SECRETS) registeredSecrets.delete(ephemeralSecrets.shift() as string);
  }
}

/** Forgets a registered secret (e.g. a token that was replaced). @internal */
export function unregisterSecret(secret: string): void {
  registeredSecrets.delete(secret);
}

/**
 * Returns `text` with every `"token":"..."` value and every registered secret replaced by
 * `[redacted]`.
 * @internal
 */
export function redactSecrets(text: string): string {
  let out = text.replace(TOKEN_FIELD, `$1${REDACTED}$2`);
  for (const secret of registeredSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Redacts and truncates a raw frame for inclusion in an error. @internal */
export function excerpt(text: string, max = 512): string {
  const safe = redactSecrets(text);
  return safe.length > max ? `${safe.slice(0, max)}… (${safe.length} chars)` : safe;
}
