import { createHash, createHmac } from 'node:crypto';
import { SIMULATOR_TEST_CREDENTIALS, type Simulator } from '../../../src/simulator';
import { isObject, TestClient, type Message } from './testClient';

export const TOKEN_PATH = '/0/private/GetWebSocketsToken';

/**
 * Kraken's API-Sign, written here independently of the simulator (protocol reference 10.3):
 * Base64(HMAC-SHA512(Base64Decode(secret), path + SHA256(nonce + postData))).
 */
export function sign(path: string, nonce: string, postData: string, secret: string): string {
  const inner = createHash('sha256').update(nonce + postData).digest();
  return createHmac('sha512', Buffer.from(secret, 'base64')).update(path).update(inner).digest('base64');
}

export interface TokenReply {
  status: number;
  body: { error: string[]; result?: { token: string; expires: number } };
}

let lastNonce = 0;
/** A nonce larger than every earlier one of this process. */
export function nextNonce(): string {
  lastNonce = Math.max(lastNonce + 1, Date.now() * 1000);
  return String(lastNonce);
}

/** POSTs GetWebSocketsToken with the given parts (defaults: the test credentials, a fresh nonce, a correct signature). */
export async function requestToken(
  sim: Simulator,
  options: { apiKey?: string; secret?: string; nonce?: string; body?: string; signature?: string; method?: string; contentType?: string } = {},
): Promise<TokenReply> {
  const nonce = options.nonce ?? nextNonce();
  const body = options.body ?? `nonce=${nonce}`;
  const apiKey = options.apiKey ?? SIMULATOR_TEST_CREDENTIALS.apiKey;
  const signature = options.signature ?? sign(TOKEN_PATH, nonce, body, options.secret ?? SIMULATOR_TEST_CREDENTIALS.apiSecret);
  const method = options.method ?? 'POST';
  const res = await fetch(`${sim.restUrl}${TOKEN_PATH}`, {
    method,
    headers: { 'API-Key': apiKey, 'API-Sign': signature, 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded; charset=utf-8' },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as TokenReply['body'] };
}

/** A token from the REST endpoint (fails the test otherwise). */
export async function fetchToken(sim: Simulator): Promise<string> {
  const r = await requestToken(sim);
  if (r.body.result === undefined) throw new Error(`no token: ${JSON.stringify(r.body)}`);
  return r.body.result.token;
}

/** A private-feed message `[entries, channelName, {sequence}]`. */
export type PrivateMessage = [Record<string, Record<string, unknown>>[], string, { sequence: number }];

export function isPrivate(m: Message, channel?: string): m is PrivateMessage {
  return Array.isArray(m) && Array.isArray(m[0]) && typeof m[1] === 'string' && (channel === undefined || m[1] === channel);
}

/** The private messages of `channel` received so far. */
export function privateMessages(c: TestClient, channel: 'openOrders' | 'ownTrades'): PrivateMessage[] {
  return c.messages.filter((m): m is PrivateMessage => isPrivate(m, channel));
}

/** Every `{txid: fields}` entry of the openOrders messages so far, flattened in order. */
export function orderEntries(c: TestClient): { id: string; fields: Record<string, unknown>; sequence: number }[] {
  return privateMessages(c, 'openOrders').flatMap((m) =>
    m[0].map((e) => {
      const [id, fields] = Object.entries(e)[0] as [string, Record<string, unknown>];
      return { id, fields, sequence: m[2].sequence };
    }),
  );
}

/** Subscribes to a private feed and waits for its status and (for snapshots) its first message. */
export async function subscribePrivate(
  c: TestClient,
  name: 'openOrders' | 'ownTrades',
  token: string,
  extra: Record<string, unknown> = {},
  reqid = 1,
): Promise<Record<string, unknown>> {
  c.send({ event: 'subscribe', reqid, subscription: { name, token, ...extra } });
  return c.event('subscriptionStatus', (m) => m['reqid'] === reqid);
}

/** Sends a trading request and waits for its (first) answer. */
export async function request(
  c: TestClient,
  event: string,
  reqid: number,
  fields: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  c.send({ event, reqid, ...fields });
  return c.event(`${event}Status`, (m) => m['reqid'] === reqid);
}

/** Waits until an openOrders entry for `txid` matches `match`. */
export function orderUpdate(c: TestClient, txid: string, match: (f: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  return c
    .take<PrivateMessage>((m) => isPrivate(m, 'openOrders') && m[0].some((e) => e[txid] !== undefined && match(e[txid])), 5000, `openOrders update of ${txid}`)
    .then((m) => (m[0].find((e) => e[txid] !== undefined) as Record<string, Record<string, unknown>>)[txid] as Record<string, unknown>);
}

export { isObject };
