import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ResolvedConfig } from '../config';
import type { Market } from '../market/market';
import type { TradingEngine } from '../private/engine';
import { assetPairs } from './assetPairs';
import { CLOSED_ORDERS_PATH, closedOrders } from './closedOrders';
import { getWebSocketsToken, TOKEN_PATH, type TokenRouteContext } from './getWebSocketsToken';
import { ohlc } from './ohlc';
import { trades } from './trades';

/** An HTTP request as a REST handler sees it. @internal */
export interface RestRequest {
  readonly method: string;
  /** Path without the query, e.g. `/0/public/OHLC`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body (form-encoded for Kraken's private endpoints). */
  readonly body: string;
}

/** A REST reply: Kraken's envelope `{"error":[...],"result":...}` is the `body`. @internal */
export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One entry of the route table. @internal */
export interface RestRoute {
  readonly methods: readonly ('GET' | 'POST')[];
  readonly path: string;
  handle(req: RestRequest): RestResponse | Promise<RestResponse>;
}

/** What REST handlers may use. @internal */
export interface RestContext {
  readonly config: ResolvedConfig;
  readonly market: Market;
  /** Credentials, nonces and the token store of the private side. */
  readonly tokens: TokenRouteContext;
  /** The simulated account (its orders, for ClosedOrders). */
  readonly engine: TradingEngine;
}

/** `{"error":[],"result":...}` with status 200. @internal */
export function ok(result: unknown): RestResponse {
  return { status: 200, body: { error: [], result } };
}

/** `{"error":[message]}` (Kraken answers most errors with HTTP 200). @internal */
export function fail(message: string, status = 200): RestResponse {
  return { status, body: { error: [message] } };
}

/**
 * The REST route table. Public market data answers GET and POST, as Kraken does.
 * @internal
 */
export function createRestRoutes(ctx: RestContext): RestRoute[] {
  return [
    { methods: ['GET', 'POST'], path: '/0/public/AssetPairs', handle: (req) => assetPairs(ctx, req) },
    { methods: ['GET', 'POST'], path: '/0/public/OHLC', handle: (req) => ohlc(ctx, req) },
    { methods: ['GET', 'POST'], path: '/0/public/Trades', handle: (req) => trades(ctx, req) },
    // Private: POST only (Kraken answers other methods with an error too).
    { methods: ['POST'], path: TOKEN_PATH, handle: (req) => getWebSocketsToken(ctx.tokens, req) },
    { methods: ['POST'], path: CLOSED_ORDERS_PATH, handle: (req) => closedOrders({ ...ctx.tokens, engine: ctx.engine }, req) },
  ];
}

/** Answers one HTTP request from the route table (404/405 in Kraken's envelope otherwise). @internal */
export async function handleHttp(routes: readonly RestRoute[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const body = await readBody(req);
  let reply: RestResponse;
  const route = routes.find((r) => r.path === url.pathname);
  if (route === undefined) {
    reply = url.pathname === '/' || url.pathname === '/auth'
      ? fail('EGeneral:Upgrade required: this path is a WebSocket endpoint', 426)
      : fail('EGeneral:Unknown method', 404);
  } else if (!(route.methods as readonly string[]).includes(method)) {
    reply = fail('EGeneral:Invalid method', 405);
  } else {
    try {
      reply = await route.handle({ method, path: url.pathname, query: mergeQuery(url.searchParams, body, req.headers), headers: req.headers, body });
    } catch (err) {
      reply = fail(`EGeneral:Internal error: ${err instanceof Error ? err.message : String(err)}`, 500);
    }
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Query parameters, plus form-encoded body fields for POST (Kraken accepts both). */
function mergeQuery(query: URLSearchParams, body: string, headers: IncomingHttpHeaders): URLSearchParams {
  const merged = new URLSearchParams(query);
  if (body.length > 0 && (headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body)) if (!merged.has(k)) merged.set(k, v);
  }
  return merged;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
