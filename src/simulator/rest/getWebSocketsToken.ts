import { isRecord } from '../core/json';
import { verifyKrakenSignature } from '../private/credentials';
import type { TokenStore } from '../private/tokens';
import { fail, ok, type RestRequest, type RestResponse } from './routes';

/** The path Kraken signs for this call. @internal */
export const TOKEN_PATH = '/0/private/GetWebSocketsToken';

/** What the token route needs. @internal */
export interface TokenRouteContext {
  /** The accepted API key pairs. */
  readonly credentials: readonly { readonly apiKey: string; readonly apiSecret: string }[];
  readonly tokens: TokenStore;
  /** The last accepted nonce per API key. */
  readonly nonces: Map<string, bigint>;
}

const MAX_NONCE = 18446744073709551615n;

/**
 * `POST /0/private/GetWebSocketsToken` (protocol reference 10.1–10.3): checks `API-Key`
 * (`EAPI:Invalid key`), then `API-Sign` over the path and `SHA256(nonce + body)` with the
 * base64-decoded secret (`EAPI:Invalid signature`), then that the nonce is larger than the last
 * accepted one of that key (`EAPI:Invalid nonce`; a request with a bad signature does not
 * consume its nonce), and answers `{"error":[],"result":{"token":"…","expires":900}}`.
 *
 * The body is form-encoded (`nonce=…`, the classic form); a JSON body (`{"nonce":…}`, newer
 * docs) is accepted when the Content-Type says so, signed the same way over its raw text.
 * @internal
 */
export function getWebSocketsToken(ctx: TokenRouteContext, req: RestRequest): RestResponse {
  const apiKey = header(req, 'api-key');
  const cred = apiKey === undefined ? undefined : ctx.credentials.find((c) => c.apiKey === apiKey);
  if (apiKey === undefined || cred === undefined) return fail('EAPI:Invalid key');
  const nonceText = readNonce(req);
  const signature = header(req, 'api-sign');
  if (nonceText === undefined) return fail('EAPI:Invalid nonce');
  if (signature === undefined || !verifyKrakenSignature(signature, req.path, nonceText, req.body, cred.apiSecret)) {
    return fail('EAPI:Invalid signature');
  }
  const nonce = BigInt(nonceText);
  const last = ctx.nonces.get(apiKey);
  if (last !== undefined && nonce <= last) return fail('EAPI:Invalid nonce');
  ctx.nonces.set(apiKey, nonce);
  const record = ctx.tokens.issue(apiKey);
  return ok({ token: record.token, expires: Math.floor(ctx.tokens.ttlMs / 1000) });
}

function header(req: RestRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The nonce as decimal text when it is an unsigned 64-bit integer, else `undefined`. */
function readNonce(req: RestRequest): string | undefined {
  let raw: unknown;
  if ((header(req, 'content-type') ?? '').includes('application/json')) {
    try {
      const body: unknown = JSON.parse(req.body);
      raw = isRecord(body) ? body['nonce'] : undefined;
    } catch {
      return undefined;
    }
    if (typeof raw === 'number' && Number.isSafeInteger(raw)) raw = String(raw);
  } else {
    raw = new URLSearchParams(req.body).get('nonce') ?? undefined;
  }
  if (typeof raw !== 'string' || !/^\d{1,20}$/.test(raw)) return undefined;
  return BigInt(raw) <= MAX_NONCE ? raw : undefined;
}
