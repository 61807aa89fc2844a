export {
  createRestClient,
  DEFAULT_REST_CLIENT_CONFIG,
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
  type ClosedOrdersParams,
  type KrakenRestClient,
  type RestClientConfig,
} from './restClient';
export {
  createPairIndex,
  createPairResolver,
  guessWsPairName,
  lookupPair,
  needsPairResolution,
  nonWsPairNameError,
  pairHint,
  resolvePair,
  type PairIndex,
  type PairResolver,
} from './pairResolver';
export type { AssetPair, AssetPairs, ClosedOrderInfo, ClosedOrders, OhlcHistory, OhlcRow, RestTradeRow, TradesHistory, WebSocketsToken } from '../protocol/restMessages';
