import fc from 'fast-check';
import {
  applyCandleHistory,
  applyLiveCandle,
  candleFromRestRow,
  closedCandlesFromRest,
  initialCandleSeam,
  mergeHistoryAndLive,
  type Candle,
  type RestOhlcRow,
} from '../../src/candles';
import { InvalidArgumentError } from '../../src/errors';
import { decodeOhlcResult } from '../../src/protocol/restMessages';
import { candle } from './support';

// Rows shaped like Kraken's REST OHLC answer (interval 1): the last row is the running minute.
const rows: RestOhlcRow[] = [
  [1699797120, '37070.00000', '37085.10000', '37069.90000', '37080.10000', '37077.51234', '1.23456789', 31],
  [1699797180, '37080.20000', '37080.20000', '37080.20000', '37080.20000', '37080.20000', '0.01032369', 2],
  [1699797240, '37080.30000', '37081.00000', '37080.30000', '37081.00000', '37080.70000', '0.00500000', 1],
];

const at = (start: number, close: string, final = true): Candle =>
  candle(start, 60_000, { open: close, high: close, low: close, close, vwap: close, volume: '1', count: 1, final });

describe('REST history', () => {
  it('converts a row: time is the start in seconds, values are kept as strings', () => {
    expect(candleFromRestRow(rows[0] as RestOhlcRow, 'XBT/USD', 60_000)).toEqual({
      pair: 'XBT/USD',
      intervalMs: 60_000,
      start: 1_699_797_120_000,
      end: 1_699_797_180_000,
      open: '37070.00000',
      high: '37085.10000',
      low: '37069.90000',
      close: '37080.10000',
      vwap: '37077.51234',
      volume: '1.23456789',
      count: 31,
      final: true,
    });
  });

  it('drops the last (running) row and sorts the rest', () => {
    const candles = closedCandlesFromRest([rows[1], rows[2], rows[0]] as RestOhlcRow[], 'XBT/USD', 60_000);
    expect(candles.map((c) => c.start)).toEqual([1_699_797_120_000, 1_699_797_180_000]);
    expect(closedCandlesFromRest([], 'XBT/USD', 60_000)).toEqual([]);
  });

  it('takes the rows the REST client decodes, as they are', () => {
    const decoded = decodeOhlcResult({ XXBTZUSD: rows, last: 1699797180 });
    if (!decoded.ok) throw new Error(decoded.detail);
    expect(closedCandlesFromRest(decoded.value.rows, 'XBT/USD', 60_000).map((c) => c.start)).toEqual([1_699_797_120_000, 1_699_797_180_000]);
  });

  it('rejects a fractional time or a bad interval', () => {
    expect(() => candleFromRestRow([1.5, '1', '1', '1', '1', '1', '1', 1], 'XBT/USD', 60_000)).toThrow(InvalidArgumentError);
    expect(() => candleFromRestRow(rows[0] as RestOhlcRow, 'XBT/USD', 0)).toThrow(InvalidArgumentError);
  });
});

describe('history/live seam', () => {
  const history = [at(0, '1'), at(60_000, '2')];

  it('emits history then live candles after the last history start, no duplicate', () => {
    const { candles, gaps } = mergeHistoryAndLive(history, [at(60_000, '2.5'), at(120_000, '3', false), at(120_000, '3'), at(180_000, '4')]);
    expect(candles.map((c) => [c.start, c.close, c.final])).toEqual([
      [0, '1', true],
      [60_000, '2', true],
      [120_000, '3', false],
      [120_000, '3', true],
      [180_000, '4', true],
    ]);
    expect(gaps).toEqual([]);
  });

  it('reports a gap once, between the history and the first live candle only', () => {
    const { candles, gaps } = mergeHistoryAndLive(history, [at(240_000, '5'), at(400_000, '6')]);
    expect(candles.map((c) => c.start)).toEqual([0, 60_000, 240_000, 400_000]);
    expect(gaps).toEqual([{ pair: 'XBT/USD', intervalMs: 60_000, lastHistoryStart: 60_000, firstLiveStart: 240_000, missing: 2 }]);
  });

  it('keeps live candles until the history comes, keeping only the newest running candle per interval', () => {
    let seam = initialCandleSeam();
    for (const c of [at(60_000, '2.5', false), at(120_000, '2.9', false), at(120_000, '3.1', false)]) {
      const step = applyLiveCandle(seam, c);
      expect(step.emitted).toEqual([]);
      seam = step.seam;
    }
    expect(seam.buffer).toHaveLength(2);
    const step = applyCandleHistory(seam, history);
    expect(step.emitted.map((c) => [c.start, c.close])).toEqual([
      [0, '1'],
      [60_000, '2'],
      [120_000, '3.1'],
    ]);
    expect(applyCandleHistory(step.seam, [at(500_000, 'x')]).emitted).toEqual([]); // history only once
  });

  it('with no history passes every live candle', () => {
    expect(mergeHistoryAndLive([], [at(0, '1'), at(600_000, '2')]).candles).toHaveLength(2);
  });

  it('property: starts strictly increase across the seam for final candles and nothing at or before the history is repeated', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 15 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 15 }),
        (h, l) => {
          const hist = h.map((i) => at(i * 60_000, `h${i}`));
          const live = [...l].sort((x, y) => x - y).map((i) => at(i * 60_000, `l${i}`));
          const { candles, gaps } = mergeHistoryAndLive(hist, live);
          const starts = candles.map((c) => c.start);
          expect([...starts].sort((x, y) => x - y)).toEqual(starts);
          expect(new Set(starts).size).toBe(starts.length);
          const last = Math.max(-1, ...h) * 60_000;
          expect(candles.filter((c) => c.close.startsWith('l')).every((c) => c.start > last)).toBe(true);
          expect(candles.filter((c) => c.close.startsWith('h'))).toHaveLength(h.length);
          expect(gaps.length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
