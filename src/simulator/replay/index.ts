/**
 * The replay server: serves a recording of Kraken frames back to clients as a Kraken v1
 * endpoint, for backtests on real market data. See {@link startReplayServer}.
 * @module
 */
export { startReplayServer, type ReplayServer, type ReplayServerOptions } from './replayServer';
export {
  parseRecording,
  DEFAULT_FRAME_INTERVAL_MS,
  type ReplayRecording,
  type ReplayFrame,
  type ReplayChannel,
  type ParseRecordingOptions,
} from './recording';
