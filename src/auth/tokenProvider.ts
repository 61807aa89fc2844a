import { catchError, defer, from, isObservable, map, share, take, tap, throwIfEmpty, type Observable } from 'rxjs';
import { AuthenticationError } from '../errors/authenticationError';
import { KrakenError } from '../errors/krakenError';
import { isAuthenticationErrorCode } from '../errors/krakenErrorCode';
import { registerSecret } from '../errors/redact';
import { KrakenRestError } from '../errors/restErrors';
import type { WebSocketsToken } from '../protocol/restMessages';
import type { KrakenCredentials } from './credentials';

/**
 * A user-supplied source of WebSocket tokens (e.g. from your own backend, so the API secret
 * never reaches a browser). Called once per token needed; must give a fresh token each time.
 * @example
 * ```ts
 * const tokenProvider: TokenProvider = () => fetch('/my/ws-token').then((r) => r.text());
 * ```
 * @category Client
 * @since 0.1.0
 */
export type TokenProvider = () => Promise<string> | Observable<string>;

/**
 * Options of {@link createTokenSource}.
 * @category Client
 * @since 0.1.0
 */
export interface TokenSourceConfig {
  /** API credentials; the token comes from `GetWebSocketsToken`. */
  readonly credentials?: KrakenCredentials;
  /** Replaces the REST call when given (takes precedence over `credentials`). */
  readonly tokenProvider?: TokenProvider;
  /** The REST client (only `getWebSocketsToken` is used). */
  readonly rest: { getWebSocketsToken(credentials: KrakenCredentials): Observable<WebSocketsToken> };
}

/**
 * Hands out WebSocket tokens for private connections.
 * @category Client
 * @since 0.1.0
 */
export interface TokenSource {
  /**
   * A cold Observable of one fresh token. Callers that subscribe while a request is in flight
   * share it (single flight); once it has answered, the next subscription makes a new request,
   * so each new private connection gets a fresh token. Unsubscribing every caller aborts the
   * request.
   */
  token(): Observable<string>;
  /**
   * Call after Kraken answers `ESession:Invalid session` or `EAPI:Invalid token`. The next
   * `token()` makes a new request even if one is in flight, and `token` (when given) is never
   * handed out again: a provider that returns it again fails with `AuthenticationError`
   * (`token-rejected`).
   */
  invalidate(token?: string): void;
}

const MAX_REMEMBERED = 32;

/**
 * Creates a {@link TokenSource} from credentials (REST `GetWebSocketsToken`) or a user
 * `tokenProvider`. Every token is registered as a secret, so it is redacted from errors and
 * logs.
 *
 * Errors: no credentials and no provider → `AuthenticationError` (`no-credentials`); Kraken
 * refusing the key (`EAPI:Invalid key`, `EAPI:Invalid signature`, `EAPI:Invalid nonce`,
 * `EGeneral:Permission denied`, `EAuth:…`) → `AuthenticationError` (`rejected`, the
 * `KrakenRestError` as `cause`); a provider that fails or gives no non-empty string →
 * `AuthenticationError` (`token-provider-failed`); other REST failures (network, timeout,
 * HTTP 5xx) pass through unchanged, being worth a retry.
 *
 * @example
 * ```ts
 * const tokens = createTokenSource({ credentials, rest: createRestClient() });
 * tokens.token().subscribe((token) => socket.subscribe({ name: 'openOrders', token }));
 * ```
 * @param config Credentials or provider, and the REST client.
 * @return A token source with single-flight requests.
 * @category Client
 * @since 0.1.0
 */
export function createTokenSource(config: TokenSourceConfig): TokenSource {
  const { credentials, tokenProvider, rest } = config;
  const rejected: string[] = [];
  let inFlight: Observable<string> | undefined;

  function fetchToken(): Observable<string> {
    if (tokenProvider !== undefined) return fromProvider(tokenProvider);
    if (credentials !== undefined) {
      return rest.getWebSocketsToken(credentials).pipe(
        map((answer) => answer.token),
        catchError((err: unknown) => {
          if (err instanceof KrakenRestError && err.info.errors.some(isAuthenticationErrorCode)) {
            throw new AuthenticationError('rejected', undefined, { cause: err, errorMessage: err.info.errors.join(', ') });
          }
          throw err;
        }),
      );
    }
    return defer(() => {
      throw new AuthenticationError('no-credentials');
    });
  }

  function start(): Observable<string> {
    function forget(): void {
      if (inFlight === shared) inFlight = undefined;
    }
    const shared: Observable<string> = defer(fetchToken).pipe(
      take(1),
      throwIfEmpty(() => new AuthenticationError('token-provider-failed', 'It completed without a token.')),
      tap({
        next: (token) => {
          // Forget the flight before anyone sees the token, so a caller that asks again from
          // its `next` handler starts a new request instead of joining a finished one.
          forget();
          if (typeof token !== 'string' || token === '') {
            throw new AuthenticationError('token-provider-failed', 'The token is not a non-empty string.');
          }
          registerSecret(token, { ephemeral: true });
          if (rejected.includes(token)) {
            throw new AuthenticationError('token-rejected', 'The tokenProvider returned a token Kraken already refused: it must fetch a new one.');
          }
        },
        error: forget,
        finalize: forget,
      }),
      share(),
    );
    return shared;
  }

  return {
    token() {
      return defer(() => (inFlight ??= start()));
    },
    invalidate(token) {
      inFlight = undefined;
      if (token !== undefined && token !== '' && !rejected.includes(token)) {
        registerSecret(token, { ephemeral: true });
        rejected.push(token);
        if (rejected.length > MAX_REMEMBERED) rejected.shift();
      }
    },
  };
}

function fromProvider(provider: TokenProvider): Observable<string> {
  return defer(() => {
    const result = provider();
    return isObservable(result) ? result : from(result);
  }).pipe(
    catchError((err: unknown) => {
      if (err instanceof KrakenError) throw err;
      throw new AuthenticationError('token-provider-failed', errorText(err), { cause: err });
    }),
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? `It failed: ${err.message}` : 'It failed.';
}
