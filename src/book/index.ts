export type { BookLevel, OrderBook, OrderBookConfig } from './orderBook';
export { DEFAULT_ORDER_BOOK_CONFIG } from './orderBook';
export { applyBookMessage } from './applyBookMessage';
export { bookChecksum, bookChecksumInput } from './checksum';
export { bestAsk, bestBid, spread, midPrice } from './bookPrices';
