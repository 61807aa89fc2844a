import { parseArgs } from 'node:util';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import type { ReplayServer } from '../../simulator/replay';
import { REPLAY_USAGE, runReplay } from './replay';

/**
 * Where `kraken-rx simulate` writes, and what stops it. Defaults: `process.stdout`,
 * `process.stderr`, and the first SIGINT or SIGTERM.
 * @example
 * ```ts
 * const controller = new AbortController();
 * const stop = new Promise((r) => controller.signal.addEventListener('abort', r));
 * const code = runSimulate(['--seed', '7'], { out: console.log, err: console.error, stop });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface SimulateIo {
  /** Writes one line of normal output. */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics. */
  readonly err: (line: string) => void;
  /**
   * Resolves when the simulator should stop. Default: the first SIGINT or SIGTERM (the
   * listeners are removed afterwards).
   */
  readonly stop?: Promise<unknown>;
  /** Called once the simulator is listening (tests use it to connect). */
  readonly onStarted?: (sim: Simulator) => void;
  /** Called once a replay server (`--replay`) is listening. */
  readonly onReplayStarted?: (server: ReplayServer) => void;
}

/** Usage text of `kraken-rx simulate`. @internal */
export const SIMULATE_USAGE = `Usage: kraken-rx simulate [options]

Starts the embedded Kraken WebSocket API v1 simulator and prints its URLs.
Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port <n>        TCP port (default 0: a free port)
  --host <addr>     interface to bind (default 127.0.0.1)
  --seed <n>        seed of the simulated market (default 1)
  --pairs <list>    comma-separated pairs, e.g. XBT/USD,ETH/USD (default: all built-in pairs)
  --rate <n>        market events per second per pair (default 10; 0 = frozen market)
  --paused          start with the market paused
  -h, --help        show this help

${REPLAY_USAGE}

Examples:
  kraken-rx simulate --port 8080 --seed 7 --pairs XBT/USD,ETH/USD
  kraken-rx simulate --replay xbt.jsonl --speed 10
  kraken-rx simulate --replay xbt.jsonl --max-rate --port 8080`;

/**
 * The `kraken-rx simulate` command: starts the simulator, prints its URLs, and runs until
 * SIGINT/SIGTERM (or `io.stop`), then closes it cleanly.
 *
 * Exit codes: 0 after a clean stop or `--help`, 2 for invalid arguments, 1 when the simulator
 * cannot start (e.g. the port is taken).
 *
 * @example
 * ```ts
 * // src/cli/main.ts
 * if (command === 'simulate') process.exitCode = await runSimulate(process.argv.slice(3));
 * ```
 * ```text
 * $ kraken-rx simulate --port 8080 --seed 7 --pairs XBT/USD,ETH/USD --rate 20
 * Kraken v1 simulator (seed 7, 2 pairs: XBT/USD, ETH/USD, 20 events/s per pair)
 *   public   ws://127.0.0.1:8080
 *   private  ws://127.0.0.1:8080/auth
 *   REST     http://127.0.0.1:8080
 * ```
 * @param argv The arguments after `simulate`.
 * @param io Output and stop signal (defaults: process streams and SIGINT/SIGTERM).
 * @returns A promise of the process exit code.
 * @category Simulator
 * @since 0.1.0
 */
export async function runSimulate(argv: readonly string[], io: SimulateIo = defaultIo()): Promise<number> {
  if (argv.some((arg) => /^--(replay|speed|max-rate|clock|idle-restart)(=|$)/.test(arg))) return runReplay(argv, io, SIMULATE_USAGE);
  let options: SimulatorOptions;
  try {
    const parsed = parseSimulateArgs(argv);
    if (parsed === 'help') {
      io.out(SIMULATE_USAGE);
      return 0;
    }
    options = parsed;
  } catch (err) {
    io.err(`kraken-rx simulate: ${err instanceof Error ? err.message : String(err)}`);
    io.err(SIMULATE_USAGE);
    return 2;
  }
  const signals = io.stop === undefined ? signalStop() : undefined;
  let sim: Simulator;
  try {
    sim = await startSimulator(options);
  } catch (err) {
    signals?.dispose();
    io.err(`kraken-rx simulate: could not start the simulator: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const rate = options.eventsPerSecond ?? 10;
  io.out(
    `Kraken v1 simulator (seed ${options.seed ?? 1}, ${sim.market.pairs.length} pairs: ${sim.market.pairs.join(', ')}, ` +
      `${options.paused === true ? 'paused' : `${rate} events/s per pair`})`,
  );
  io.out(`  public   ${sim.url}`);
  io.out(`  private  ${sim.authUrl}`);
  io.out(`  REST     ${sim.restUrl}`);
  io.onStarted?.(sim);
  try {
    await (io.stop ?? signals?.stopped);
  } finally {
    signals?.dispose();
    await sim.close();
    io.out('Simulator stopped.');
  }
  return 0;
}

/** Parses the arguments of `simulate` into simulator options (throws on a bad argument). @internal */
export function parseSimulateArgs(argv: readonly string[]): SimulatorOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      pairs: { type: 'string' },
      rate: { type: 'string' },
      paused: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help === true) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const int = (name: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    return Number(text);
  };
  const port = int('port', values.port, 0, 65535);
  const seed = int('seed', values.seed, -2147483648, 4294967295);
  let eventsPerSecond: number | undefined;
  if (values.rate !== undefined) {
    eventsPerSecond = Number(values.rate);
    if (!/^\d+(\.\d+)?$/.test(values.rate) || eventsPerSecond > 100_000) throw new Error(`--rate must be a number from 0 to 100000, got ${JSON.stringify(values.rate)}`);
  }
  const pairs = values.pairs?.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (pairs !== undefined && pairs.length === 0) throw new Error('--pairs needs at least one pair');
  return {
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(seed === undefined ? {} : { seed }),
    ...(pairs === undefined ? {} : { pairs }),
    ...(eventsPerSecond === undefined ? {} : { eventsPerSecond }),
    ...(values.paused === true ? { paused: true } : {}),
  };
}

function defaultIo(): SimulateIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

function signalStop(): { stopped: Promise<void>; dispose: () => void } {
  let listener: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => {
    listener = () => resolve();
    process.once('SIGINT', listener);
    process.once('SIGTERM', listener);
  });
  return {
    stopped,
    dispose: () => {
      if (listener === undefined) return;
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    },
  };
}
