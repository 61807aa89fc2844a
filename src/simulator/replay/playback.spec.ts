import { Playback } from './playback';
import { parseRecording } from './recording';

// A small timed recording: a book with a snapshot at 0 and at 300 (after a reconnect), trades and a ticker.
const lines: [number, string][] = [
  [0, '[5,{"as":[["2.0","1.0","1.000000"]],"bs":[["1.0","1.0","1.000000"]]},"book-10","XBT/USD"]'],
  [100, '[6,[["1.5","0.1","1.100000","b","m",""]],"trade","XBT/USD"]'],
  [120, '[5,{"a":[["2.0","2.0","1.200000"]],"c":"1"},"book-10","XBT/USD"]'],
  [150, '[7,{"a":["2.0",2,"2.0"],"b":["1.0",1,"1.0"],"c":["1.5","0.1"],"v":["1","1"],"p":["1","1"],"t":[1,1],"l":["1","1"],"h":["2","2"],"o":["1","1"]},"ticker","XBT/USD"]'],
  [200, '[5,{"b":[["1.0","3.0","1.300000"]],"c":"2"},"book-10","XBT/USD"]'],
  [300, '[9,{"as":[["2.5","1.0","2.000000"]],"bs":[["1.5","1.0","2.000000"]]},"book-10","XBT/USD"]'],
  [310, '[9,{"a":[["2.5","4.0","2.100000"]],"c":"3"},"book-10","XBT/USD"]'],
  [400, '[6,[["1.6","0.2","2.200000","s","l",""]],"trade","XBT/USD"]'],
];
const recording = parseRecording(lines.map(([t, frame]) => JSON.stringify({ t: 10_000 + t, conn: 1, frame })).join('\n'));

function playback() {
  const sent: string[] = [];
  return { sent, playback: new Playback(recording, (text) => sent.push(text)) };
}

describe('Playback', () => {
  it('sends only the subscribed channels, in order, as the position advances, with one id per channel', () => {
    const { sent, playback: p } = playback();
    p.subscribe('book-10|XBT/USD');
    expect(sent).toEqual([]);
    expect(p.advance(150)).toBe(4);
    expect(sent).toEqual([lines[0]![1], lines[2]![1]]);
    expect(p.nextAt).toBe(200);
    p.advance(Number.POSITIVE_INFINITY);
    expect(p.done).toBe(true);
    // The second connection's frames carried id 9: rewritten to the channel's one id (5).
    expect(sent.slice(2)).toEqual([lines[4]![1], lines[5]![1].replace('[9,', '[5,'), lines[6]![1].replace('[9,', '[5,')]);
    expect(p.sent).toBe(5);
  });

  it('plays at most `limit` frames per call', () => {
    const { playback: p } = playback();
    expect(p.advance(Number.POSITIVE_INFINITY, 3)).toBe(3);
    expect(p.position).toBe(3);
    expect(p.advance(Number.POSITIVE_INFINITY, 100)).toBe(5);
  });

  it('greets a late book with one snapshot of the book at the position, then the recorded updates', () => {
    const { sent, playback: p } = playback();
    p.advance(250);
    p.subscribe('book-10|XBT/USD');
    // The snapshot at 0 with the updates at 120 (ask 2.0 -> 2.0) and 200 (bid 1.0 -> 3.0) applied: one frame, no checksum.
    expect(sent).toEqual(['[5,{"as":[["2.0","2.0","1.200000"]],"bs":[["1.0","3.0","1.300000"]]},"book-10","XBT/USD"]']);
    p.advance(Number.POSITIVE_INFINITY);
    expect(sent.slice(1)).toEqual([lines[5]![1].replace('[9,', '[5,'), lines[6]![1].replace('[9,', '[5,')]);

    // After the recording's second snapshot (a reconnect of the recorder), from that one.
    const late = playback();
    late.playback.advance(350);
    late.playback.subscribe('book-10|XBT/USD');
    expect(late.sent).toEqual(['[5,{"as":[["2.5","4.0","2.100000"]],"bs":[["1.5","1.0","2.000000"]]},"book-10","XBT/USD"]']);

    // Before any snapshot: nothing yet; the recorded snapshot comes when its time comes.
    const early = playback();
    early.playback.subscribe('book-10|XBT/USD');
    expect(early.sent).toEqual([]);
  });

  it('resends a fresh snapshot, not the history, when a book is unsubscribed and subscribed again', () => {
    const { sent, playback: p } = playback();
    p.subscribe('book-10|XBT/USD');
    p.advance(150);
    p.unsubscribe('book-10|XBT/USD');
    p.advance(250);
    p.subscribe('book-10|XBT/USD');
    expect(sent).toEqual([lines[0]![1], lines[2]![1], '[5,{"as":[["2.0","2.0","1.200000"]],"bs":[["1.0","3.0","1.300000"]]},"book-10","XBT/USD"]']);
  });

  it('advanceBefore plays only the frames strictly before the position', () => {
    const { sent, playback: p } = playback();
    p.subscribe('trade|XBT/USD');
    expect(p.advanceBefore(100)).toBe(1);
    expect(sent).toEqual([]);
    expect(p.advanceBefore(100)).toBe(0);
    expect(p.advanceBefore(100.5)).toBe(1);
    expect(sent).toEqual([lines[1]![1]]);
    expect(p.advanceBefore(Number.POSITIVE_INFINITY)).toBe(6);
    expect(p.done).toBe(true);
  });

  it('greets a late ticker with its last frame, and a late trade channel with nothing', () => {
    const { sent, playback: p } = playback();
    p.advance(250);
    p.subscribe('ticker|XBT/USD');
    p.subscribe('trade|XBT/USD');
    expect(sent).toEqual([lines[3]![1]]);
    p.advance(Number.POSITIVE_INFINITY);
    expect(sent).toEqual([lines[3]![1], lines[7]![1]]);
  });

  it('stops sending an unsubscribed channel', () => {
    const { sent, playback: p } = playback();
    p.subscribe('trade|XBT/USD');
    p.advance(150);
    p.unsubscribe('trade|XBT/USD');
    expect(p.isSubscribed('trade|XBT/USD')).toBe(false);
    p.advance(Number.POSITIVE_INFINITY);
    expect(sent).toEqual([lines[1]![1]]);
  });
});
