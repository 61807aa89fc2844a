import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import type { WebSocketFactory, WebSocketLike, WebSocketUpgradeErrorEvent } from './webSocketLike';

/**
 * The `ws` client options used for a URL: TLS SNI `servername` set to the URL's host name
 * (Kraken sits behind Cloudflare, which refuses TLS handshakes without SNI), never to an IP
 * address; and no automatic redirects.
 * @internal
 */
export function nodeWebSocketOptions(url: string): WebSocket.ClientOptions & Pick<ConnectionOptions, 'servername'> {
  const { protocol, hostname } = new URL(url);
  // URL keeps IPv6 hosts in brackets; SNI must never carry an IP address.
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const options: WebSocket.ClientOptions & Pick<ConnectionOptions, 'servername'> = { followRedirects: false, perMessageDeflate: false };
  if (protocol === 'wss:' && host !== '' && isIP(host) === 0) options.servername = host;
  return options;
}

/**
 * A {@link WebSocketFactory} for Node.js, built on the `ws` package.
 *
 * - TLS SNI: the server name is the URL's host name (Kraken's Cloudflare front answers HTTP 403
 *   without it), so connect by host name, never by IP.
 * - A refused upgrade (any HTTP status other than 101) is reported to `onerror` as
 *   `{ statusCode, message }` (a {@link WebSocketUpgradeErrorEvent}); the request is then
 *   aborted and `onclose` follows with code 1006. The transport turns it into an
 *   `UpgradeRejectedError` whose message explains SNI for a 403.
 * - Other errors are reported to `onerror` as `{ error, message }`; `ws` never emits an
 *   unhandled `'error'`.
 * - Text frames arrive in `onmessage` as strings; binary frames as `Buffer`.
 *
 * @example
 * ```ts
 * const socket = createReconnectingSocket({
 *   url: 'wss://ws.kraken.com',
 *   webSocketFactory: nodeWebSocketFactory,
 * });
 * ```
 * @see webSocketFactoryFrom for browsers.
 * @category Client
 * @since 0.1.0
 */
export const nodeWebSocketFactory: WebSocketFactory = (url) => new NodeWebSocketAdapter(url);

/** Adapts a `ws` client socket to {@link WebSocketLike}. */
class NodeWebSocketAdapter implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;

  private readonly ws: WebSocket;
  /** Set once an upgrade refusal was reported, so the follow-up abort error is not reported twice. */
  private upgradeRejected = false;

  constructor(url: string) {
    this.ws = new WebSocket(url, nodeWebSocketOptions(url));
    this.ws.on('open', () => {
      this.onopen?.({ type: 'open' });
    });
    this.ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      this.onmessage?.({ data: isBinary ? data : rawDataToString(data) });
    });
    this.ws.on('unexpected-response', (_req, res) => {
      const statusCode = res.statusCode ?? 0;
      this.upgradeRejected = true;
      res.resume();
      const event: WebSocketUpgradeErrorEvent = { statusCode, message: `Unexpected server response: ${statusCode}` };
      this.onerror?.(event);
      // With an 'unexpected-response' listener, ws leaves the request to us. close() while
      // connecting aborts the request and destroys its socket, then emits 'error' and 'close'.
      this.ws.close();
    });
    // Always listen: an 'error' without a listener would crash the process.
    this.ws.on('error', (error: Error) => {
      if (this.upgradeRejected) return;
      this.onerror?.({ error, message: error.message });
    });
    this.ws.on('close', (code: number, reason: Buffer) => {
      this.onclose?.({ code, reason: reason.toString('utf8') });
    });
  }

  get readyState(): number {
    return this.ws.readyState;
  }

  send(data: string): void {
    this.ws.send(data);
  }

  close(code?: number, reason?: string): void {
    this.ws.close(code, reason);
  }
}

function rawDataToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
