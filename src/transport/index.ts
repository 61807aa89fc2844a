/**
 * The transport: one shared, reconnecting WebSocket per endpoint that moves text frames. It
 * knows nothing of Kraken channels or message shapes.
 * @packageDocumentation
 */
export { createReconnectingSocket } from './reconnectingSocket';
export { DEFAULT_RECONNECTING_SOCKET_CONFIG, type ReconnectingSocketConfig } from './reconnectingSocketConfig';
export { DEFAULT_LIVENESS_CONFIG, type LivenessConfig } from './liveness';
export type { ReconnectingSocket, Connection, ConnectionStatus } from './connection';
export { DEFAULT_BACKOFF_CONFIG, type BackoffConfig } from './backoff';
export { DEFAULT_RATE_BUDGET_CONFIG, type RateBudgetConfig } from './rateBudget';
export type { SendReceipt, SendStatus, SendOptions } from './sendQueue';
export {
  webSocketFactoryFrom,
  WebSocketReadyState,
  type WebSocketLike,
  type WebSocketFactory,
  type WebSocketUpgradeErrorEvent,
} from './webSocketLike';
export { nodeWebSocketFactory } from './nodeWebSocket';
