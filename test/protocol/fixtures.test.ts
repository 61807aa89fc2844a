import { decodeFrame } from '../../src/protocol';
import type { KrakenMessage } from '../../src/protocol';
import { fixtureFiles, fixtureFrames } from '../support/fixtures';

// SOURCES.md marks no line of any recording as malformed on purpose (the deliberately malformed
// constants of kraken-async-rs were left out), so every line must decode.
describe('every recorded Kraken frame decodes', () => {
  const files = fixtureFiles();

  it('finds the recordings', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  it.each(files)('%s decodes with zero errors', (file) => {
    const frames = fixtureFrames(file);
    const failures = frames
      .map((frame, line) => ({ line: line + 1, result: decodeFrame(frame) }))
      .filter((r) => !r.result.ok)
      .map((r) => `${r.line}: ${r.result.ok ? '' : r.result.error.message}`);
    expect(failures).toEqual([]);
    expect(frames.length).toBeGreaterThan(0);
  });

  it('counts every kind across the recordings', () => {
    const kinds = new Map<string, number>();
    for (const file of files) {
      for (const frame of fixtureFrames(file)) {
        const result = decodeFrame(frame);
        if (result.ok) kinds.set(result.message.kind, (kinds.get(result.message.kind) ?? 0) + 1);
      }
    }
    const expected: Array<KrakenMessage['kind']> = [
      'systemStatus', 'heartbeat', 'pong', 'subscriptionStatus', 'ticker', 'ohlc', 'trade', 'spread',
      'bookSnapshot', 'bookUpdate', 'ownTrades', 'openOrders', 'addOrderStatus', 'editOrderStatus', 'cancelOrderStatus',
    ];
    for (const kind of expected) expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
    // SOURCES.md: 5374 checksummed updates + 4 trimmed + 3 from 2019 without checksums.
    expect(kinds.get('bookUpdate')).toBe(5374 + 4 + 3);
  });
});
