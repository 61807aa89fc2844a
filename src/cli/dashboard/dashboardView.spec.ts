import path from 'node:path';
import type { BookSyncState } from '../../feeds/bookFeed';
import { BookChecksumError } from '../../errors';
import { candle, recordedEvents } from '../../../test/cli/fixtureView';
import { KEEP, initialView, missingParts, reduceDashboard, type DashboardEvent } from './dashboardView';

const ROOT = path.resolve(__dirname, '../../..');
const start = initialView({ pair: 'XBT/USD', levels: 3, depth: 10, source: 'test', now: 0 });

describe('reduceDashboard', () => {
  it('keeps the top levels of a verified book with its exact spread and mid', () => {
    const view = recordedEvents(ROOT).reduce(reduceDashboard, start);
    expect(view.book?.asks.map((l) => l.price)).toEqual(['27120.00000', '27127.30000', '27128.30000']);
    expect(view.book?.bids.map((l) => l.price)).toEqual(['27119.90000', '27119.30000', '27119.20000']);
    expect(view.book?.spread).toBe('0.10000');
    expect(view.book?.mid).toBe('27119.95000');
    expect(view.ticker?.last).toEqual({ price: '37080.10000', volume: '0.01268510' });
    expect(view.trades).toEqual([{ pair: 'XBT/USD', price: '37080.10000', volume: '0.00015891', time: '1699797222.188887', side: 'sell', orderType: 'market', misc: '' }]);
    expect(view.connection).toEqual({ state: 'open', connectionId: 1 });
    expect(view.systemStatus).toBe('online');
    expect(missingParts(view, true)).toEqual(['candles']);
    expect(missingParts(view, false)).toEqual([]);
    expect(missingParts(start, true)).toEqual(['book', 'ticker', 'trades', 'candles']);
  });

  it('counts verified updates (books after their snapshot) and resyncs', () => {
    const events = recordedEvents(ROOT, { updates: 5 }).filter((e) => e.type === 'book' || e.type === 'sync');
    const [sync, book] = events as [DashboardEvent & { type: 'sync' }, DashboardEvent & { type: 'book' }];
    const synced: BookSyncState = { pair: 'XBT/USD', depth: 10, state: 'synced' };
    const resyncing: BookSyncState = {
      pair: 'XBT/USD',
      depth: 10,
      state: 'resyncing',
      reason: 'checksum',
      attempt: 1,
      error: new BookChecksumError({ pair: 'XBT/USD', depth: 10, expected: 1, computed: 2 }),
    };
    const sequence: DashboardEvent[] = [sync, book, book, book, { type: 'sync', state: resyncing }, { type: 'sync', state: synced }, book, book];
    const view = sequence.reduce(reduceDashboard, start);
    // Two snapshots (two `synced`), five books: three verified updates.
    expect(view.verified).toBe(3);
    expect(view.resyncs).toBe(1);
    expect(view.sync).toBe('synced');
  });

  it('counts reconnections as opens after the first', () => {
    const statuses: DashboardEvent[] = [
      { type: 'status', status: { state: 'connecting', attempt: 0 } },
      { type: 'status', status: { state: 'open', connectionId: 1 } },
      { type: 'status', status: { state: 'reconnecting', attempt: 1, delayMs: 10, error: new BookChecksumError({ pair: 'XBT/USD', depth: 10, expected: 1, computed: 2 }) } },
      { type: 'status', status: { state: 'open', connectionId: 2 } },
      { type: 'status', status: { state: 'open', connectionId: 3 } },
    ];
    const view = statuses.reduce(reduceDashboard, start);
    expect(view.reconnects).toBe(2);
    expect(view.connection).toEqual({ state: 'open', connectionId: 3 });
  });

  it('keeps the newest trades first, at most KEEP.trades', () => {
    const trade = (i: number): DashboardEvent => ({ type: 'trade', trade: { pair: 'XBT/USD', price: `${i}.0`, volume: '1.0', time: `${i}.000000`, side: 'buy', orderType: 'limit', misc: '' } });
    const view = Array.from({ length: KEEP.trades + 5 }, (_, i) => trade(i)).reduce(reduceDashboard, start);
    expect(view.trades).toHaveLength(KEEP.trades);
    expect(view.trades[0]?.price).toBe(`${KEEP.trades + 4}.0`);
  });

  it('keeps closed candles only, in time order, one per interval', () => {
    const running = { ...candle(2, '1.0', '1.0', '1.0', '1.0'), final: false };
    const view = [candle(1, '2.0', '2.0', '2.0', '2.0'), candle(0, '1.0', '1.0', '1.0', '1.0'), running, candle(1, '2.0', '3.0', '2.0', '3.0')]
      .map((c): DashboardEvent => ({ type: 'candle', candle: c }))
      .reduce(reduceDashboard, start);
    expect(view.candles.map((c) => [c.start - view.candles[0]!.start, c.close])).toEqual([
      [0, '1.0'],
      [60_000, '3.0'],
    ]);
  });

  it('takes the time and the frame count of each tick, and the last problem', () => {
    const view = [
      { type: 'tick', now: 5_000, frames: 42 },
      { type: 'problem', message: 'candles: EGeneral:Unknown method' },
    ]
      .map((e) => e as DashboardEvent)
      .reduce(reduceDashboard, start);
    expect(view.now).toBe(5_000);
    expect(view.messagesPerSecond).toBe(42);
    expect(view.lastError).toBe('candles: EGeneral:Unknown method');
  });
});
