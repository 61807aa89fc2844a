import { TestScheduler } from 'rxjs/testing';
import { VirtualTimeScheduler, count, lastValueFrom, map, toArray } from 'rxjs';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { toOrderBook } from '../operators/toOrderBook';
import { tradesToCandles } from '../operators/tradesToCandles';
import { FIXTURES_DIR } from '../../test/support/fixtures';
import { buildTrade } from './builders';
import { encodeFrame } from './encodeFrame';
import { heartbeatMessage, tradeMessage } from './messages';
import { decodeRecording, parseRecording, recordedValues, replayRecording } from './recordings';

const fixture = (file: string): string => readFileSync(path.join(FIXTURES_DIR, file), 'utf8');

/** A `kraken-rx record` style file: `{"t","conn","frame"}` lines, and a `sent` line. */
function recordFile(): string {
  const trade = (price: string, time: string) => encodeFrame(tradeMessage([buildTrade({ price, time })]));
  return [
    JSON.stringify({ t: 1_000, conn: 1, sent: '{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"trade"}}' }),
    JSON.stringify({ t: 1_000, conn: 1, frame: encodeFrame(heartbeatMessage()) }),
    JSON.stringify({ t: 1_005, conn: 1, frame: trade('1.0', '1.005000') }),
    '',
    JSON.stringify({ t: 1_020, conn: 1, frame: trade('2.0', '1.020000') }),
    JSON.stringify({ t: 1_020, conn: 2, frame: trade('3.0', '1.020000') }),
  ].join('\n');
}

describe('parseRecording', () => {
  it('reads `kraken-rx record` lines with their times and connections, skipping sent requests and blank lines', () => {
    const frames = parseRecording(recordFile());
    expect(frames.map(({ time, connection, line }) => ({ time, connection, line }))).toEqual([
      { time: 1000, connection: 1, line: 2 },
      { time: 1005, connection: 1, line: 3 },
      { time: 1020, connection: 1, line: 5 },
      { time: 1020, connection: 2, line: 6 },
    ]);
    expect(frames[0]!.frame).toBe('{"event":"heartbeat"}');
  });

  it('reads raw frame lines, exactly as recorded', () => {
    const text = fixture('kraken-trade-cryptofeed-2021-04.jsonl');
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(parseRecording(text).map((f) => f.frame)).toEqual(lines);
  });

  it('names the line that is not JSON, and the frame that does not decode', () => {
    expect(() => parseRecording('{"event":"heartbeat"}\n{oops')).toThrow(/recording line 2/);
    expect(() => decodeRecording('{"event":"heartbeat"}\n\n[1,{"x":1},"nope","XBT/USD"]')).toThrow(/recording line 3.*unknown channel/s);
  });
});

describe('replayRecording', () => {
  it('replays a real book recording into toOrderBook: every recorded checksum verifies', async () => {
    const books = replayRecording(fixture('kraken-book-python-kraken-sdk-2023-08.jsonl'), 'book', { pair: 'XBT/USD', depth: 10 }).pipe(toOrderBook(), count());
    await expect(lastValueFrom(books)).resolves.toBe(1 + 979); // the snapshot and every update
  });

  it('picks one pair out of a ten-pair recording', async () => {
    const text = fixture('kraken-book-cryptofeed-2021-04.jsonl');
    const pairs = new Set(recordedValues(text, 'book').map((r) => r.value.pair));
    expect(pairs.size).toBe(10);
    const books = replayRecording(text, 'book', { pair: 'XMR/USD' }).pipe(toOrderBook(), count());
    await expect(lastValueFrom(books)).resolves.toBe(1 + 846);
  });

  it('emits trades one by one, as the trade feed does, for the candle operators', async () => {
    const text = fixture('kraken-trade-cryptofeed-2021-04.jsonl');
    const trades = recordedValues(text, 'trade', { pair: 'XMR/USD' }).map((r) => r.value);
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((t) => t.pair === 'XMR/USD' && (t.side === 'buy' || t.side === 'sell'))).toBe(true);
    // A replay is not live: with the wall clock (the default scheduler) every 2021 candle is long
    // past its grace period and would close on its first trade. A virtual clock at 0 closes
    // candles on later trades only, as in a backtest.
    const scheduler = new VirtualTimeScheduler();
    const candles = await lastValueFrom(replayRecording(text, 'trade', { pair: 'XMR/USD' }).pipe(tradesToCandles({ intervalMs: 1_000, scheduler }), toArray()));
    // every trade is counted once, in a closed candle, except those of the last (still running) second
    const lastSecond = Math.floor(Number(trades[trades.length - 1]!.time));
    const running = trades.filter((t) => Math.floor(Number(t.time)) === lastSecond).length;
    expect(candles.reduce((n, c) => n + c.count, 0)).toBe(trades.length - running);
  });

  it('replays at the recorded pace in virtual time, keeping file order for equal times', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ expectObservable }) => {
      const prices$ = replayRecording(recordFile(), 'trade', { timing: 'recorded' }).pipe(map((t) => t.price));
      // first frame (the heartbeat) at 0 ms: trades at 5 ms and 20 ms
      expectObservable(prices$).toBe('5ms a 14ms (bc|)', { a: '1.0', b: '2.0', c: '3.0' });
      const fast$ = replayRecording(recordFile(), 'trade', { timing: 'recorded', speed: 5 }).pipe(map((t) => t.price));
      expectObservable(fast$).toBe('-a--(bc|)', { a: '1.0', b: '2.0', c: '3.0' });
    });
  });

  it('refuses recorded timing without times, and a bad speed', () => {
    const text = fixture('kraken-trade-cryptofeed-2021-04.jsonl');
    expect(() => replayRecording(text, 'trade', { timing: 'recorded' })).toThrow(/receive times/);
    expect(() => replayRecording(recordFile(), 'trade', { timing: 'recorded', speed: 0 })).toThrow(/speed/);
  });

  it('extracts private feeds and tickers from real recordings', () => {
    const orders = recordedValues(fixture('kraken-private-kraken-async-rs-2023-11.jsonl'), 'openOrders');
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.value.kind === 'openOrders')).toBe(true);
    const tickers = recordedValues(fixture('kraken-ticker-cryptofeed-2021-04.jsonl'), 'ticker');
    expect(tickers.length).toBeGreaterThan(0);
    expect(tickers[0]!.value.ask.price).toMatch(/^\d+\.\d+$/);
  });
});
