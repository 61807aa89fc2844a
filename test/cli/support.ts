import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** The repository root (the CLI runs from there). */
export const ROOT = path.resolve(__dirname, '../..');
/** The shared recorded Kraken fixtures, next to the repository. */
export const FIXTURES = path.resolve(ROOT, '../shared/fixtures');

/** What a finished child process left. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `kraken-rx` child process. */
export interface RunningCli {
  /** Resolves with the first stdout line matching `pattern` (its match), or rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Sends SIGTERM (Ctrl-C would be SIGINT; both stop a command cleanly) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  /** Resolves when the process exits by itself. */
  readonly done: Promise<CliResult>;
}

const running = new Set<ChildProcessByStdio<null, Readable, Readable>>();

/**
 * Starts `node --import tsx src/cli/main.ts ...args` in the repository. The process is killed
 * if it has not exited after `timeoutMs`.
 */
export function startCli(args: readonly string[], timeoutMs = 30_000): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1' },
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    for (const waiter of [...waiters]) {
      const match = stdout.match(waiter.pattern);
      if (match !== null) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    done,
    waitFor(pattern, ms = 15_000) {
      const match = stdout.match(pattern);
      if (match !== null) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${ms} ms; stdout: ${stdout}; stderr: ${stderr}`)), ms);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
        void done.then(() => {
          clearTimeout(timer);
          reject(new Error(`exited before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
        });
      });
    },
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return done;
    },
  };
}

/** Runs `kraken-rx ...args` to completion. */
export function runCli(args: readonly string[], timeoutMs = 30_000): Promise<CliResult> {
  return startCli(args, timeoutMs).done;
}

/** Kills every child still running (for afterAll). */
export async function killAll(): Promise<void> {
  const closing = [...running].map((child) => new Promise((resolve) => child.on('close', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(closing);
}

/** Parsed JSON of unknown shape, as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The non-empty lines of an output, each parsed as JSON. */
export function jsonLines(text: string): Json[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * Kraken's v1 book checksum (protocol reference 7.1) of the top 10 levels per side, computed
 * here from the printed strings with zlib's CRC32, independently of the library.
 */
export function referenceChecksum(asks: readonly { price: string; volume: string }[], bids: readonly { price: string; volume: string }[]): number {
  const digits = (s: string) => s.replace('.', '').replace(/^0+/, '');
  const part = (levels: readonly { price: string; volume: string }[]) =>
    levels
      .slice(0, 10)
      .map((l) => digits(l.price) + digits(l.volume))
      .join('');
  return crc32(part(asks) + part(bids)) >>> 0;
}

/** The `c` values of every book update of a recording (record format or raw frames), in order. */
export function recordedChecksums(text: string, channelName: string, pair: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = JSON.parse(line);
    const frame = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value.frame === 'string' ? JSON.parse(value.frame) : value;
    if (!Array.isArray(frame) || frame[frame.length - 2] !== channelName || frame[frame.length - 1] !== pair) continue;
    for (const dict of frame.slice(1, -2)) if (typeof dict.c === 'string') out.push(Number(dict.c));
  }
  return out;
}
