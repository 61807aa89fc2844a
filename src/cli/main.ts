/**
 * The `kraken-rx` executable: `npm start` (dashboard), `npx kraken-rx <command>`.
 * Built by rollup into `dist/cli.cjs`.
 * @module
 */
import { runCli } from './cli';
import type { CliIo } from './io';
import { signalStop } from './io';

async function main(): Promise<void> {
  const signals = signalStop();
  let pipeClosed!: () => void;
  const closed = new Promise<void>((resolve) => (pipeClosed = resolve));
  // A reader that goes away (`kraken-rx watch ... | head -1`) ends the command cleanly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') pipeClosed();
  });
  const io: CliIo = {
    out: (line) => {
      if (process.stdout.writable) process.stdout.write(`${line}\n`);
    },
    err: (line) => process.stderr.write(`${line}\n`),
    stop: Promise.race([signals.stopped, closed]),
    ...(process.stdout.isTTY && process.stdin.isTTY ? { terminal: { stdout: process.stdout, stdin: process.stdin } } : {}),
  };
  let code: number;
  try {
    code = await runCli(process.argv.slice(2), io);
  } catch (error) {
    process.stderr.write(`kraken-rx: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  } finally {
    signals.dispose();
  }
  process.exitCode = code;
  // Everything is closed by now; if a stray handle still holds the event loop, do not hang.
  setTimeout(() => process.exit(code), 2_000).unref();
}

void main();
