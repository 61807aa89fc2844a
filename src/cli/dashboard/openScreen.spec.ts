import { EventEmitter } from 'node:events';
import type { ReadStream, WriteStream } from 'node:tty';
import { isQuitKey, openScreen } from './openScreen';

describe('openScreen', () => {
  function fakes() {
    const written: string[] = [];
    const stdout = Object.assign(new EventEmitter(), { columns: 0, rows: 0, write: (t: string) => (written.push(t), true) });
    const modes: boolean[] = [];
    const stdin = Object.assign(new EventEmitter(), { isRaw: false, setRawMode: (m: boolean) => modes.push(m), resume: () => undefined, pause: () => undefined });
    return { written, modes, stdout, stdin, screen: () => openScreen(stdout as unknown as WriteStream, stdin as unknown as ReadStream) };
  }

  it('takes the alternate screen and raw keys, draws from the top, and restores once (also on exit)', () => {
    const f = fakes();
    const exitListeners = process.listenerCount('exit');
    const screen = f.screen();
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    expect([screen.columns, screen.rows]).toEqual([80, 24]);
    screen.draw(['a', 'b']);
    expect(f.written).toEqual(['\x1b[?1049h\x1b[?25l\x1b[H\x1b[J', '\x1b[Ha\x1b[K\r\nb\x1b[K\x1b[J']);
    const keys: string[] = [];
    const off = screen.onKey((key) => keys.push(key.name ?? '?'));
    f.stdin.emit('keypress', 'x', { name: 'x' });
    off();
    f.stdin.emit('keypress', 'y', { name: 'y' });
    expect(keys).toEqual(['x']);
    screen.restore();
    screen.restore();
    screen.draw(['late']);
    expect(f.written.slice(2)).toEqual(['\x1b[?25h\x1b[?1049l']);
    expect(f.modes).toEqual([true, false]);
    expect(process.listenerCount('exit')).toBe(exitListeners);
  });

  it('quits on q, Q, Escape and Ctrl-C only', () => {
    expect([{ name: 'q' }, { sequence: 'Q', name: 'q' }, { name: 'escape' }, { name: 'c', ctrl: true }].every(isQuitKey)).toBe(true);
    expect([{ name: 'c' }, { name: 'x', ctrl: true }, {}].some(isQuitKey)).toBe(false);
  });
});
