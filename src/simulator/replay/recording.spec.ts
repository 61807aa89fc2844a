import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from '../../errors';
import { parseRecording } from './recording';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const record = (t: number, frame: string) => JSON.stringify({ t, conn: 1, frame });

describe('parseRecording', () => {
  it('reads the record format: times relative to the first frame received, requests and events skipped', () => {
    const text = [
      JSON.stringify({ t: 1000, conn: 1, sent: '{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"spread"}}' }),
      record(1002, '{"connectionID":1,"event":"systemStatus","status":"online","version":"1.9.2"}'),
      record(1010, '{"channelID":341,"channelName":"spread","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed","subscription":{"name":"spread"}}'),
      record(1011, '[341,["37080.10000","37080.20000","1699797184.943422","21.82608437","0.50775187"],"spread","XBT/USD"]'),
      record(2000, '{"event":"heartbeat"}'),
      record(2500, '[341,["37080.10000","37080.30000","1699797186.000001","21.82608437","0.10000000"],"spread","XBT/USD"]'),
      '',
    ].join('\n');
    const recording = parseRecording(text);
    expect(recording.timed).toBe(true);
    expect(recording.skippedLines).toBe(4);
    expect(recording.invalidLines).toBe(0);
    expect(recording.durationMs).toBe(1498);
    expect(recording.channels).toEqual([{ key: 'spread|XBT/USD', channelName: 'spread', pair: 'XBT/USD', channelId: 341, frames: 2 }]);
    expect(recording.frames.map((f) => [f.at, f.tail])).toEqual([
      [9, ',["37080.10000","37080.20000","1699797184.943422","21.82608437","0.50775187"],"spread","XBT/USD"]'],
      [1498, ',["37080.10000","37080.30000","1699797186.000001","21.82608437","0.10000000"],"spread","XBT/USD"]'],
    ]);
  });

  it('reads a real recording with one raw frame per line, paced by the frame interval', () => {
    const recording = parseRecording(fixture('kraken-book-python-kraken-sdk-2023-08.jsonl'), { frameIntervalMs: 10 });
    expect(recording.timed).toBe(false);
    expect(recording.channels).toEqual([{ key: 'book-10|XBT/USD', channelName: 'book-10', pair: 'XBT/USD', channelId: 336, frames: 980 }]);
    expect(recording.skippedLines).toBe(1 + 1 + 1 + 152 + 15); // systemStatus, pong, subscriptionStatus, heartbeats, pongs
    expect(recording.frames[0]?.snapshot).toBe(true);
    expect(recording.frames.filter((f) => f.snapshot)).toHaveLength(1);
    expect(recording.frames.map((f) => f.at).slice(0, 3)).toEqual([0, 10, 20]);
    expect(recording.durationMs).toBe(979 * 10);
    // Byte for byte after the channel id (the split two-dict update included).
    const lines = fixture('kraken-book-python-kraken-sdk-2023-08.jsonl').split('\n').filter((l) => l.startsWith('[336,'));
    expect(recording.frames.map((f) => `[336${f.tail}`)).toEqual(lines);
  });

  it('keeps each channel apart in a recording of many books, with the ids Kraken announced', () => {
    const recording = parseRecording(fixture('kraken-book-cryptofeed-2021-04.jsonl'));
    expect(recording.channels).toHaveLength(10);
    expect(recording.channels.find((c) => c.pair === 'WAVES/EUR')).toMatchObject({ channelName: 'book-1000', channelId: 1664 });
    expect(recording.frames.filter((f) => f.snapshot)).toHaveLength(10);
    expect(recording.frames).toHaveLength(10 + 4269);
  });

  it('gives channels that recorded the same id distinct ids', () => {
    const text = ['[7,["1.0","2.0","1.000000","1.0","1.0"],"spread","XBT/USD"]', '[7,["1.0","2.0","1.000000","1.0","1.0"],"spread","ETH/USD"]'].join('\n');
    expect(parseRecording(text).channels.map((c) => [c.pair, c.channelId])).toEqual([
      ['XBT/USD', 7],
      ['ETH/USD', 8],
    ]);
  });

  it('counts unreadable lines (a truncated last line) and rejects a file without channel data', () => {
    const text = `${record(1, '[1,[["1.0","1.0","1.000000","b","m",""]],"trade","XBT/USD"]')}\n{"t":2,"conn":1,"frame":"[1,[[`;
    expect(parseRecording(text)).toMatchObject({ invalidLines: 1, frames: [{ key: 'trade|XBT/USD' }] });
    expect(() => parseRecording('{"event":"heartbeat"}\nnot json\n')).toThrow(InvalidArgumentError);
    expect(() => parseRecording('')).toThrow(/at least one channel data frame/);
  });
});
