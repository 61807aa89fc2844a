/**
 * `kraken-rx/simulator`: an embedded Kraken WebSocket API v1 server with a seeded market, for
 * demos, tests and backtests. See {@link startSimulator}.
 * @module
 */
export { startSimulator } from './startSimulator';
export { DEFAULT_PAIRS, DEFAULT_SIMULATOR_CONFIG } from './config';
export { SIMULATOR_TEST_CREDENTIALS } from './private/credentials';
export type {
  Simulator,
  SimulatorOptions,
  SimulatorPairConfig,
  SimulatorFaults,
  SimulatorMarket,
  SimulatorMarketEvent,
  SimulatorEventKind,
  SimulatorBookChange,
  SimulatorTrade,
  SimulatorCandle,
  SimulatorTrueBook,
  SimulatorReceivedMessage,
  SimulatorEndpoint,
  SimulatorSystemStatus,
  SimulatorBookDepth,
  SimulatorOhlcInterval,
  SimulatorCredentials,
  SimulatorRateLimit,
  SimulatorOrder,
  SimulatorOrderStatus,
  SimulatorOwnTrade,
  SimulatorOrderRequest,
  SimulatorPlacedOrder,
} from './types';
export * from './replay';
