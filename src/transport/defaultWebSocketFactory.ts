import { nodeWebSocketFactory } from './nodeWebSocket';
import type { WebSocketFactory } from './webSocketLike';

/**
 * The socket factory used when the client is given none: `ws` in Node (with TLS SNI).
 * Browser builds replace this module with one that uses the native `WebSocket`.
 * @internal
 */
export const defaultWebSocketFactory: WebSocketFactory = nodeWebSocketFactory;
