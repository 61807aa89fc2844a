import { ConnectionError, ConnectionRateLimitError, KrakenError, UpgradeRejectedError } from '../errors';
import { WebSocketReadyState, describeErrorEvent, upgradeStatusCodeOf, type WebSocketLike } from './webSocketLike';

// What the raw socket callbacks hand createReconnectingSocket, read without ever throwing: the text
// of a frame, the KrakenError an error or close event stands for, and a quiet close of a socket.

/** The text of a frame: strings as they are, binary frames decoded as UTF-8; anything else is ignored. */
export function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return undefined;
}

export function errorFromEvent(url: string, event: unknown): KrakenError {
  const statusCode = upgradeStatusCodeOf(event);
  if (statusCode === 429) return new ConnectionRateLimitError(url, 'HTTP 429 Too Many Requests at the WebSocket upgrade', 429);
  if (statusCode !== undefined) return new UpgradeRejectedError(url, statusCode);
  const detail = describeErrorEvent(event);
  const cause = typeof event === 'object' && event !== null && 'error' in event ? event.error : undefined;
  return new ConnectionError(
    `The WebSocket connection to ${url} failed${detail === undefined ? '' : `: ${detail}`}.`,
    { url },
    cause === undefined ? undefined : { cause },
  );
}

export function errorFromClose(url: string, event: { code: number; reason: string } | null | undefined, wasOpen: boolean): KrakenError {
  const code = typeof event?.code === 'number' ? event.code : undefined;
  const reason = typeof event?.reason === 'string' && event.reason !== '' ? event.reason : undefined;
  const details = [code === undefined ? undefined : `code ${code}`, reason === undefined ? undefined : `reason "${reason}"`]
    .filter((part) => part !== undefined)
    .join(', ');
  const what = wasOpen ? 'was closed by the server' : 'closed before it opened';
  return new ConnectionError(`The WebSocket connection to ${url} ${what}${details === '' ? '' : ` (${details})`}.`, {
    url,
    ...(code === undefined ? {} : { closeCode: code }),
    ...(reason === undefined ? {} : { reason }),
  });
}

export function asKrakenError(value: unknown, url: string): KrakenError {
  if (value instanceof KrakenError) return value as KrakenError;
  return new ConnectionError(`The connection to ${url} failed: ${messageOf(value)}.`, { url }, { cause: value });
}

export function closeQuietly(socket: WebSocketLike, error: KrakenError | undefined): void {
  try {
    if (socket.readyState === WebSocketReadyState.CONNECTING || socket.readyState === WebSocketReadyState.OPEN) {
      socket.close(1000, error === undefined ? 'client closed' : error.name);
    }
  } catch {
    // never throw while releasing a socket
  }
}

export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    return 'unknown error';
  }
}
