export { decodeFrame, decodeValue, type DecodeResult } from './decodeFrame';
export type * from './messages';
export { isMessageRateError } from './messages';
export { BOOK_DEPTHS, OHLC_INTERVALS, type BookDepth, type OhlcInterval, type PublicChannel, type PrivateChannel } from './channels';
export { BookLevels, type BookLevelTuple } from './bookLevels';
export type { TickerPayload, OhlcPayload, TradeTuple, SpreadPayload } from './publicMessages';
export type { OwnTrade, OpenOrderPatch, OrderDescription, OrderStatus } from './privateMessages';
export type { SubscriptionEcho } from './eventMessages';
export type { SubscriptionSpec } from './requests';
