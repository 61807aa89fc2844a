import { decodeFrame } from '../../src/protocol';
import { ohlcUpdateOf, tradesOf, type OhlcUpdate, type Trade } from '../../src/feeds/values';
import { fixtureFrames } from '../support/fixtures';

/** Every ohlc update recorded in a fixture file, decoded as the feed decodes it. */
export function fixtureOhlcUpdates(file: string): OhlcUpdate[] {
  return fixtureFrames(file).flatMap((frame) => {
    const result = decodeFrame(frame);
    return result.ok && result.message.kind === 'ohlc' ? [ohlcUpdateOf(result.message)] : [];
  });
}

/** Every trade recorded in a fixture file, one value per trade, in recorded order. */
export function fixtureTrades(file: string): Trade[] {
  return fixtureFrames(file).flatMap((frame) => {
    const result = decodeFrame(frame);
    return result.ok && result.message.kind === 'trade' ? tradesOf(result.message) : [];
  });
}
