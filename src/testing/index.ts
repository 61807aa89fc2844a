/**
 * `kraken-rx/testing`: what you need to test your own pipelines in virtual time, with no
 * network: typed value and message builders, a fake client whose feeds are marble
 * Observables, replay of recorded JSONL traffic, and a scriptable fake WebSocket.
 * See docs/testing.md.
 * @packageDocumentation
 */
export { FakeWebSocket, createFakeWebSocketFactory, type FakeWebSocketFactory } from './fakeWebSocket';
export { buildCandle, buildOhlcUpdate, buildSpread, buildTicker, buildTrade } from './builders';
export {
  bookMessageSequence,
  bookSnapshotMessage,
  bookUpdateMessage,
  heartbeatMessage,
  ohlcMessage,
  openOrdersMessage,
  ownTradesMessage,
  pongMessage,
  spreadMessage,
  subscriptionStatusMessages,
  systemStatusMessage,
  tickerMessage,
  tradeMessage,
  type BookChanges,
  type BookLevelInput,
  type BookSnapshotInput,
  type ChannelOptions,
  type SubscriptionAnswerOptions,
} from './messages';
export { encodeFrame } from './encodeFrame';
export {
  createFakeKrakenClient,
  type FakeFeedScript,
  type FakeKrakenClient,
  type FakeKrakenClientCall,
  type FakeKrakenClientMethod,
  type FakeKrakenClientScript,
} from './fakeKrakenClient';
export {
  decodeRecording,
  parseRecording,
  recordedValues,
  replayRecording,
  type RecordedFeedValues,
  type RecordedFrame,
  type RecordedMessage,
  type RecordedValue,
  type ReplayConfig,
} from './recordings';
