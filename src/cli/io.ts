import type { ReadStream, WriteStream } from 'node:tty';

/**
 * Where a command writes and what stops it. `runCli` builds one from the process; tests pass
 * their own.
 * @example
 * ```ts
 * const lines: string[] = [];
 * const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), stop: new Promise(() => {}) };
 * const code = await runCli(['watch', 'ticker', 'XBT/USD', '--count', '1'], io);
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface CliIo {
  /** Writes one line of output (stdout). */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics (stderr). */
  readonly err: (line: string) => void;
  /**
   * Resolves when the command should stop (Ctrl-C, SIGTERM, stdout closed). Default: the first
   * SIGINT or SIGTERM.
   */
  readonly stop?: Promise<unknown>;
  /** The terminal, when stdout is one: the dashboard then draws full screen. */
  readonly terminal?: { readonly stdout: WriteStream; readonly stdin: ReadStream };
}

/** A stop promise resolved by the first SIGINT/SIGTERM, and a way to remove the listeners. @internal */
export function signalStop(): { readonly stopped: Promise<void>; dispose(): void } {
  let listener: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => {
    listener = () => resolve();
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
  });
  return {
    stopped,
    dispose() {
      if (listener === undefined) return;
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
      listener = undefined;
    },
  };
}

/**
 * Runs `body` with a stop promise: `io.stop` when given, else the process signals (listeners
 * removed afterwards).
 * @internal
 */
export async function withStop<T>(io: CliIo, body: (stop: Promise<unknown>) => Promise<T>): Promise<T> {
  if (io.stop !== undefined) return body(io.stop);
  const signals = signalStop();
  try {
    return await body(signals.stopped);
  } finally {
    signals.dispose();
  }
}
