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
