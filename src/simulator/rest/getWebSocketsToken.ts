import type { TokenStore } from '../private/tokens';
import { authenticate, type PrivateAuthContext } from './privateAuth';
import { ok, type RestRequest, type RestResponse } from './routes';

/** The path Kraken signs for this call. @internal */
export const TOKEN_PATH = '/0/private/GetWebSocketsToken';

/** What the private routes need: the accepted keys, the nonces, the token store. @internal */
export interface TokenRouteContext extends PrivateAuthContext {
  readonly tokens: TokenStore;
}

/**
 * `POST /0/private/GetWebSocketsToken` (protocol reference 10.1–10.3): after Kraken's checks
 * of a private call (see {@link authenticate}: `EAPI:Invalid key`, `EAPI:Invalid signature`,
 * `EAPI:Invalid nonce`), answers `{"error":[],"result":{"token":"…","expires":900}}`.
 * @internal
 */
export function getWebSocketsToken(ctx: TokenRouteContext, req: RestRequest): RestResponse {
  const auth = authenticate(ctx, req);
  if (!auth.ok) return auth.response;
  const record = ctx.tokens.issue(auth.apiKey);
  return ok({ token: record.token, expires: Math.floor(ctx.tokens.ttlMs / 1000) });
}
