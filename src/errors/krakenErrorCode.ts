/**
 * Kraken's error strings have the form `<Severity><Category>:<Message>[:<detail>]`
 * (protocol reference 12), e.g. `EOrder:Unknown order`, `EGeneral:Invalid arguments:volume`.
 */

/**
 * A Kraken error string split into its parts. Strings outside Kraken's coded form (such as
 * `Exceeded msg rate` or `Reqid field must be ...`) parse to `{ severity: undefined, ... }`
 * with the whole text as `message`.
 * @example
 * ```ts
 * parseKrakenErrorCode('EGeneral:Invalid arguments:volume');
 * // { code: 'EGeneral:Invalid arguments', severity: 'error', category: 'General',
 * //   message: 'Invalid arguments', detail: 'volume' }
 * ```
 * @category Errors
 * @since 0.1.0
 */
export interface KrakenErrorCode {
  /** The text up to the detail, e.g. `EGeneral:Invalid arguments`; the whole text when uncoded. */
  readonly code: string;
  /** `E` → `error`, `W` → `warning`; `undefined` when the text is not in Kraken's coded form. */
  readonly severity?: 'error' | 'warning';
  /** `General`, `API`, `Query`, `Order`, `Trade`, `Funding`, `Service`, `Auth`, `Session`, ... */
  readonly category?: string;
  /** The message part, e.g. `Invalid arguments`. */
  readonly message: string;
  /** What follows a second `:`, e.g. the field name in `EGeneral:Invalid arguments:volume`. */
  readonly detail?: string;
}

const CODED = /^([EW])([A-Za-z]+):(.*)$/s;

/**
 * Splits a Kraken error string into severity, category, message and detail.
 * @example
 * ```ts
 * parseKrakenErrorCode('EOrder:Unknown order').category; // 'Order'
 * ```
 * @category Errors
 * @since 0.1.0
 */
export function parseKrakenErrorCode(text: string): KrakenErrorCode {
  const match = CODED.exec(text);
  if (match === null) return { code: text, message: text };
  const [, sev, category, rest] = match as unknown as [string, string, string, string];
  const colon = rest.indexOf(':');
  const message = colon < 0 ? rest : rest.slice(0, colon);
  const detail = colon < 0 ? undefined : rest.slice(colon + 1);
  const severity = sev === 'E' ? 'error' : 'warning';
  const code = `${sev}${category}:${message}`;
  return detail === undefined || detail === ''
    ? { code, severity, category, message }
    : { code, severity, category, message, detail };
}

/**
 * Kraken errors that mean the credentials or the token are not (or no longer) usable:
 * retrying with the same key or token cannot succeed.
 * @internal
 */
export function isAuthenticationErrorCode(text: string): boolean {
  const { code, category } = parseKrakenErrorCode(text);
  if (category === 'Auth' || category === 'Session') return true;
  return (
    code === 'EAPI:Invalid key' ||
    code === 'EAPI:Invalid signature' ||
    code === 'EAPI:Invalid nonce' ||
    code === 'EAPI:Invalid token' ||
    code === 'EGeneral:Permission denied'
  );
}

/**
 * Kraken errors that say the WebSocket token itself was rejected (it expired or was never
 * valid), after which a fresh token must be fetched.
 * @internal
 */
export function isInvalidTokenErrorCode(text: string): boolean {
  const { code } = parseKrakenErrorCode(text);
  return code === 'ESession:Invalid session' || code === 'EAPI:Invalid token';
}
