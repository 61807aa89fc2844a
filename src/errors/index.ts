export { KrakenError } from './krakenError';
export {
  DecodeError,
  SubscriptionError,
  InvalidArgumentError,
  type DecodeErrorInfo,
  type SubscriptionErrorInfo,
  type InvalidArgumentErrorInfo,
} from './protocolErrors';
export {
  ConnectionError,
  UpgradeRejectedError,
  ConnectionRateLimitError,
  MessageRateLimitError,
  HeartbeatTimeoutError,
  ClientClosedError,
  type ConnectionErrorInfo,
  type MessageRateLimitErrorInfo,
  type HeartbeatTimeoutErrorInfo,
  type ClientClosedErrorInfo,
} from './connectionErrors';
export { BookChecksumError, type BookChecksumErrorInfo } from './bookChecksumError';
export {
  ConnectionLostError,
  SubscriptionStalledError,
  UnexpectedError,
  type UnexpectedErrorInfo,
  type ConnectionLostErrorInfo,
  type SubscriptionStalledErrorInfo,
} from './sessionErrors';
export { parseKrakenErrorCode, type KrakenErrorCode } from './krakenErrorCode';
export {
  KrakenRestError,
  RestRequestError,
  type KrakenRestErrorInfo,
  type RestRequestErrorInfo,
} from './restErrors';
export { AuthenticationError, type AuthenticationErrorInfo } from './authenticationError';
export { SequenceGapError, type SequenceGapErrorInfo } from './sequenceGapError';
export { InvalidOrderError, type InvalidOrderErrorInfo, type OrderProblem } from './invalidOrderError';
export {
  KrakenRequestError,
  RequestTimeoutError,
  RequestInterruptedError,
  type KrakenRequestErrorInfo,
  type RequestOutcomeInfo,
  type RequestTimeoutErrorInfo,
  type RequestInterruptedErrorInfo,
} from './requestErrors';
export { CandleRevisionError, CandleGapError, type CandleRevisionErrorInfo, type CandleGapErrorInfo } from './candleErrors';
export { BookSequenceError, type BookSequenceErrorInfo } from './bookSequenceError';
export { DeadMansSwitchError, type DeadMansSwitchErrorInfo } from './deadMansSwitchError';
export { TradeGapError, type TradeGapErrorInfo } from './tradeGapError';
