import {
  applyOhlcUpdate,
  closeDueCandles,
  initialOhlcCandleState,
  nextCloseTime,
  type Candle,
  type OhlcCandleState,
} from '../../src/candles';
import { InvalidArgumentError } from '../../src/errors';
import type { OhlcUpdate } from '../../src/feeds/values';
import { fixtureOhlcUpdates } from './fixtureFeeds';

// Recorded 2023-11-12 (kraken-async-rs): the candle 1699797180–1699797240 s, last updated at …181.803577.
const [recorded] = fixtureOhlcUpdates('kraken-public-kraken-async-rs-2023-11.jsonl') as [OhlcUpdate];
// Recorded 2023-02-01 (crypto-msg-parser): the candle 1675209600–1675209660 s.
const [recorded2] = fixtureOhlcUpdates('kraken-misc-crypto-msg-parser.jsonl') as [OhlcUpdate];

const END = 1_699_797_240_000;
const START = END - 60_000;
const RUNNING: Candle = {
  pair: 'XBT/USD',
  intervalMs: 60_000,
  start: START,
  end: END,
  open: '37080.20000',
  high: '37080.20000',
  low: '37080.20000',
  close: '37080.20000',
  vwap: '37080.20000',
  volume: '0.01032369',
  count: 2,
  final: false,
};
const FINAL: Candle = { ...RUNNING, final: true };

/** The next update of the same candle, 10 s later, with one more trade. */
const later: OhlcUpdate = { ...recorded, time: '1699797191.803577', high: '37090.00000', close: '37090.00000', vwap: '37082.11111', volume: '0.02032369', count: 3 };
/** The first update of the following minute. */
const nextMinute: OhlcUpdate = {
  ...recorded,
  time: '1699797240.000001',
  etime: '1699797300.000000',
  open: '37091.00000',
  high: '37091.00000',
  low: '37091.00000',
  close: '37091.00000',
  vwap: '37091.00000',
  volume: '0.50000000',
  count: 1,
};

function run(updates: Array<[OhlcUpdate, number]>, state: OhlcCandleState = initialOhlcCandleState()) {
  const emitted: Candle[] = [];
  const revisions: unknown[] = [];
  for (const [update, now] of updates) {
    const step = applyOhlcUpdate(state, update, now);
    state = step.state;
    emitted.push(...step.emitted);
    revisions.push(...step.revisions);
  }
  return { state, emitted, revisions };
}

describe('applyOhlcUpdate with recorded ohlc updates', () => {
  it('the fixtures hold the recorded updates', () => {
    expect(recorded).toMatchObject({ pair: 'XBT/USD', interval: 1, time: '1699797181.803577', etime: '1699797240.000000', count: 2 });
    expect(recorded2).toMatchObject({ pair: 'XBT/USD', interval: 1, etime: '1675209660.000000', count: 7 });
  });

  it('keeps a candle whose interval is still open as running, with the exact strings', () => {
    const { state, emitted } = run([[recorded, END - 30_000]]);
    expect(emitted).toEqual([RUNNING]);
    expect(state.running).toEqual(RUNNING);
    expect(nextCloseTime(state)).toBe(END + 2000);
  });

  it('closes the candle when the grace period after its end has passed, once', () => {
    const { state } = run([[recorded, END - 30_000]]);
    expect(closeDueCandles(state, END + 1999).emitted).toEqual([]);
    const step = closeDueCandles(state, END + 2000);
    expect(step.emitted).toEqual([FINAL]);
    expect(nextCloseTime(step.state)).toBeUndefined();
    expect(closeDueCandles(step.state, END + 10_000).emitted).toEqual([]);
  });

  it('closes at once a snapshot of a candle that ended long ago (old candle on subscribe)', () => {
    const { state, emitted } = run([[recorded, END + 3_600_000]]);
    expect(emitted).toEqual([RUNNING, FINAL]);
    expect(state.running).toBeUndefined();
    expect(state.lastFinal).toEqual(FINAL);
  });

  it('converts the second recording too (start = etime − interval)', () => {
    const { emitted } = run([[recorded2, 1_675_209_700_000]]);
    expect(emitted.map((c) => [c.start, c.end, c.open, c.high, c.low, c.close, c.vwap, c.volume, c.count, c.final])).toEqual([
      [1_675_209_600_000, 1_675_209_660_000, '23135.00000', '23135.40000', '23135.00000', '23135.40000', '23135.13297', '0.39012812', 7, false],
      [1_675_209_600_000, 1_675_209_660_000, '23135.00000', '23135.40000', '23135.00000', '23135.40000', '23135.13297', '0.39012812', 7, true],
    ]);
  });

  it('replaces the running candle with a newer update and closes it with the newest values at the next interval', () => {
    const { emitted } = run([
      [recorded, END - 30_000],
      [later, END - 20_000],
      [nextMinute, END + 100],
    ]);
    const lastValues = { ...RUNNING, high: '37090.00000', close: '37090.00000', vwap: '37082.11111', volume: '0.02032369', count: 3 };
    expect(emitted).toEqual([RUNNING, lastValues, { ...lastValues, final: true }, expect.objectContaining({ start: END, end: END + 60_000, final: false })]);
  });

  it('merges a running candle re-sent after a reconnect (identical) and drops a stale older one', () => {
    const { emitted, state } = run([
      [recorded, END - 30_000],
      [later, END - 20_000],
      [later, END - 10_000], // re-sent on resubscribe
      [recorded, END - 5_000], // stale: older time
    ]);
    expect(emitted).toHaveLength(2);
    expect(state.running?.count).toBe(3);
  });

  it('ignores a late re-send equal to the final candle and reports a late update that changes it, once', () => {
    const closed = closeDueCandles(run([[recorded, END - 30_000]]).state, END + 2000).state;
    const same = applyOhlcUpdate(closed, recorded, END + 5000);
    expect(same.emitted).toEqual([]);
    expect(same.revisions).toEqual([]);

    const changed = applyOhlcUpdate(closed, later, END + 5000);
    expect(changed.emitted).toEqual([]);
    expect(changed.revisions).toEqual([{ pair: 'XBT/USD', intervalMs: 60_000, start: START, emitted: FINAL, received: later }]);
    expect(applyOhlcUpdate(changed.state, later, END + 6000).revisions).toEqual([]);
    expect(changed.state.lastFinal).toEqual(FINAL);
  });

  it('reports an update for an interval older than the last final candle, without a candle', () => {
    const { state } = run([[recorded, END - 30_000], [nextMinute, END + 100]]);
    const closed = closeDueCandles(state, END + 62_000).state;
    const older: OhlcUpdate = { ...recorded, time: '1699797100.000000', etime: '1699797180.000000' };
    const step = applyOhlcUpdate(closed, older, END + 63_000);
    expect(step.emitted).toEqual([]);
    expect(step.revisions).toEqual([{ pair: 'XBT/USD', intervalMs: 60_000, start: START - 60_000, received: older }]);
  });

  it('does not report a late update for the final candle whose time is not newer', () => {
    const { state } = run([[later, END - 10_000], [nextMinute, END + 100]]);
    const step = applyOhlcUpdate(state, recorded, END + 200); // older update of the closed minute
    expect(step.revisions).toEqual([]);
    expect(step.emitted).toEqual([]);
  });

  it('throws InvalidArgumentError for another pair or interval, and for a malformed time', () => {
    const { state } = run([[recorded, END - 30_000]]);
    expect(() => applyOhlcUpdate(state, { ...recorded, pair: 'ETH/USD' }, END)).toThrow(InvalidArgumentError);
    expect(() => applyOhlcUpdate(state, { ...recorded, interval: 5 }, END)).toThrow(InvalidArgumentError);
    expect(() => applyOhlcUpdate(initialOhlcCandleState(), { ...recorded, etime: '1e9' }, END)).toThrow(InvalidArgumentError);
  });

  it('rejects a negative grace period', () => {
    expect(() => initialOhlcCandleState({ graceMs: -5 })).toThrow(InvalidArgumentError);
    expect(initialOhlcCandleState().graceMs).toBe(2000);
  });
});
