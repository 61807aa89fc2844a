import { emitKeypressEvents } from 'node:readline';
import type { ReadStream, WriteStream } from 'node:tty';
import * as ansi from 'sisteransi';

/** Escape sequences sisteransi does not have. */
const ALTERNATE_SCREEN_ON = '\x1b[?1049h';
const ALTERNATE_SCREEN_OFF = '\x1b[?1049l';
const HOME = '\x1b[H';

/** A key as node's readline reports it. @internal */
export interface Key {
  readonly name?: string;
  readonly sequence?: string;
  readonly ctrl?: boolean;
}

/**
 * The terminal while the dashboard owns it: the alternate screen, a hidden cursor and raw
 * keys. `restore()` puts everything back (and runs on process exit as a safety net).
 * @internal
 */
export interface Screen {
  readonly columns: number;
  readonly rows: number;
  /** Draws a frame: every line from the top, the rest of the screen erased. */
  draw(lines: readonly string[]): void;
  /** Calls `listener` for each key; returns a function that removes it. */
  onKey(listener: (key: Key) => void): () => void;
  /** Calls `listener` when the terminal is resized; returns a function that removes it. */
  onResize(listener: () => void): () => void;
  /** Leaves the alternate screen, shows the cursor, ends raw mode. Idempotent. */
  restore(): void;
}

/** Takes over the terminal. @internal */
export function openScreen(stdout: WriteStream, stdin: ReadStream): Screen {
  let restored = false;
  const wasRaw = stdin.isRaw;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    if (typeof stdin.setRawMode === 'function') stdin.setRawMode(wasRaw);
    stdin.pause();
    stdout.write(`${ansi.cursor.show}${ALTERNATE_SCREEN_OFF}`);
  };
  process.on('exit', restore);
  stdout.write(`${ALTERNATE_SCREEN_ON}${ansi.cursor.hide}${HOME}${ansi.erase.down()}`);
  emitKeypressEvents(stdin);
  if (typeof stdin.setRawMode === 'function') stdin.setRawMode(true);
  stdin.resume();
  return {
    get columns() {
      return stdout.columns || 80;
    },
    get rows() {
      return stdout.rows || 24;
    },
    draw(lines) {
      if (restored) return;
      stdout.write(`${HOME}${lines.map((line) => `${line}${ansi.erase.lineEnd}`).join('\r\n')}${ansi.erase.down()}`);
    },
    onKey(listener) {
      const handler = (_text: string | undefined, key: Key | undefined) => listener(key ?? {});
      stdin.on('keypress', handler);
      return () => stdin.off('keypress', handler);
    },
    onResize(listener) {
      stdout.on('resize', listener);
      return () => stdout.off('resize', listener);
    },
    restore,
  };
}

/** Whether a key asks to quit: `q`, `Q`, Escape or Ctrl-C. @internal */
export function isQuitKey(key: Key): boolean {
  return key.name === 'q' || key.sequence === 'Q' || key.name === 'escape' || (key.ctrl === true && key.name === 'c');
}
