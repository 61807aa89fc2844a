import { isRecord } from '../core/json';
import { verifyKrakenSignature } from '../private/credentials';
import { fail, type RestRequest, type RestResponse } from './routes';

/** What every private REST route checks a request against. @internal */
export interface PrivateAuthContext {
  /** The accepted API key pairs. */
  readonly credentials: readonly { readonly apiKey: string; readonly apiSecret: string }[];
  /** The last accepted nonce per API key, shared by every private route (as Kraken's is). */
  readonly nonces: Map<string, bigint>;
}

/** A request that passed the checks: its key and its parameters. @internal */
export interface AuthenticatedRequest {
  readonly ok: true;
  readonly apiKey: string;
  /** The body's fields (form-encoded, or a JSON object's values as text). */
  readonly params: URLSearchParams;
}

const MAX_NONCE = 18446744073709551615n;

/**
 * Kraken's checks of a private REST call (protocol reference 10.1–10.3), in Kraken's order:
 * `API-Key` (`EAPI:Invalid key`), the nonce's form (`EAPI:Invalid nonce`), `API-Sign` over the
 * path and `SHA256(nonce + body)` with the base64-decoded secret (`EAPI:Invalid signature`),
 * then that the nonce is larger than the last accepted one of that key, whatever the route
 * (`EAPI:Invalid nonce`; a request with a bad signature does not consume its nonce).
 *
 * The body is form-encoded (`nonce=…&userref=…`, the classic form); a JSON body (newer docs)
 * is accepted when the Content-Type says so, signed the same way over its raw text.
 * @internal
 */
export function authenticate(ctx: PrivateAuthContext, req: RestRequest): AuthenticatedRequest | { readonly ok: false; readonly response: RestResponse } {
  const refuse = (message: string) => ({ ok: false as const, response: fail(message) });
  const apiKey = header(req, 'api-key');
  const cred = apiKey === undefined ? undefined : ctx.credentials.find((c) => c.apiKey === apiKey);
  if (apiKey === undefined || cred === undefined) return refuse('EAPI:Invalid key');
  const params = readParams(req);
  const nonceText = params === undefined ? undefined : checkedNonce(params.get('nonce'));
  if (params === undefined || nonceText === undefined) return refuse('EAPI:Invalid nonce');
  const signature = header(req, 'api-sign');
  if (signature === undefined || !verifyKrakenSignature(signature, req.path, nonceText, req.body, cred.apiSecret)) {
    return refuse('EAPI:Invalid signature');
  }
  const nonce = BigInt(nonceText);
  const last = ctx.nonces.get(apiKey);
  if (last !== undefined && nonce <= last) return refuse('EAPI:Invalid nonce');
  ctx.nonces.set(apiKey, nonce);
  return { ok: true, apiKey, params };
}

function header(req: RestRequest, name: string): string | undefined {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** The body's fields, or `undefined` when a JSON body is not a JSON object. */
function readParams(req: RestRequest): URLSearchParams | undefined {
  if (!(header(req, 'content-type') ?? '').includes('application/json')) return new URLSearchParams(req.body);
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') params.set(k, v);
    else if ((typeof v === 'number' && Number.isSafeInteger(v)) || typeof v === 'boolean') params.set(k, String(v));
  }
  return params;
}

/** The nonce as decimal text when it is an unsigned 64-bit integer, else `undefined`. */
function checkedNonce(raw: string | null): string | undefined {
  if (raw === null || !/^\d{1,20}$/.test(raw)) return undefined;
  return BigInt(raw) <= MAX_NONCE ? raw : undefined;
}
