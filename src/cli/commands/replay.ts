import { readFile } from 'node:fs/promises';
import { startReplayServer, type ReplayServer } from '../../simulator/replay';
import { parseRecording, type ReplayRecording } from '../../simulator/replay/recording';
import { EXIT, UsageError, messageOf, parseStrict, readInt, readNumber } from '../args';
import { parseCommand } from '../commandSteps';
import { withStop, type CliIo } from '../io';

/**
 * What `kraken-rx simulate --replay` was asked to do.
 * @example
 * ```ts
 * const options: ReplayOptions = { file: 'xbt.jsonl', speed: 10, maxRate: false };
 * ```
 * @category CLI
 * @since 0.1.0
 */
export interface ReplayOptions {
  readonly file: string;
  /** 1 = recorded pace. */
  readonly speed: number;
  readonly maxRate: boolean;
  /** `'shared'` (default: one market for every client) or `'per-connection'` (each client gets the whole recording). */
  readonly clock?: 'shared' | 'per-connection';
  /** Restart the shared replay from the start after this many ms without clients (default 5000; `Infinity`: never). */
  readonly idleRestartMs?: number;
  readonly port?: number;
  readonly host?: string;
}

/** Usage lines of the replay options (part of `kraken-rx simulate --help`). @internal */
export const REPLAY_USAGE = `Replay (serve a recording instead of the simulated market):
  --replay <file>   a recording: "kraken-rx record" output, or one raw Kraken frame per line
                    (lines without receive times are played 100 ms apart at --speed 1)
  --speed <x>       play x times faster than recorded (default 1)
  --max-rate        play as fast as clients read, ignoring the recorded times
  --clock <mode>    shared (default): one market for all clients, as on Kraken; a client that
                    connects or reconnects later joins where the replay is (its books start
                    from a fresh snapshot); per-connection: every client gets the whole recording
  --idle-restart <ms>
                    with the shared clock, start again from the beginning when a client connects
                    after no client was connected for this long (default 5000; "never")
  --port, --host    as above`;

/** Parses `simulate --replay ...`. Throws a {@link UsageError}. @internal */
export function parseReplayArgs(argv: readonly string[]): ReplayOptions | 'help' {
  const { values, positionals } = parseStrict(argv, {
    replay: { type: 'string' },
    speed: { type: 'string' },
    'max-rate': { type: 'boolean' },
    clock: { type: 'string' },
    'idle-restart': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.replay === undefined || values.replay === '') throw new UsageError('--replay needs a file');
  if (values.speed !== undefined && values['max-rate'] === true) throw new UsageError('--speed and --max-rate cannot be used together');
  const speed = readNumber('--speed', values.speed, 0.001, 1_000_000) ?? 1;
  if (speed <= 0) throw new UsageError('--speed must be more than 0');
  const port = readInt('--port', values.port, 0, 65535);
  const clock = values.clock;
  if (clock !== undefined && clock !== 'shared' && clock !== 'per-connection') throw new UsageError(`--clock must be shared or per-connection, got ${JSON.stringify(clock)}`);
  const idleRestart = values['idle-restart'];
  if (idleRestart !== undefined && clock === 'per-connection') throw new UsageError('--idle-restart applies to the shared clock only, not with --clock per-connection');
  const idleRestartMs = idleRestart === 'never' ? Number.POSITIVE_INFINITY : readInt('--idle-restart', idleRestart, 0, 2_147_483_647);
  return {
    file: values.replay,
    speed,
    maxRate: values['max-rate'] === true,
    ...(clock === undefined ? {} : { clock }),
    ...(idleRestartMs === undefined ? {} : { idleRestartMs }),
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
  };
}

/**
 * Serves a recording as a Kraken v1 endpoint until stopped (`kraken-rx simulate --replay`).
 * Prints what the recording holds and the URL to connect to, then one line per client that
 * reached the end of the recording.
 *
 * @example
 * ```ts
 * const code = await runReplay(['--replay', 'xbt.jsonl', '--speed', '10'], { out: console.log, err: console.error });
 * ```
 * @param argv The arguments after `simulate` (they include `--replay`).
 * @param io Output, stop signal, and `onStarted` (tests connect with it).
 * @returns A promise of the exit code: 0 after a clean stop, 1 unreadable recording or port taken, 2 bad arguments.
 * @category CLI
 * @since 0.1.0
 */
export async function runReplay(argv: readonly string[], io: CliIo & { readonly onReplayStarted?: (server: ReplayServer) => void }, usage: string): Promise<number> {
  const options = parseCommand('simulate', argv, parseReplayArgs, usage, io, 'usage');
  if (typeof options === 'number') return options;
  let recording: ReplayRecording;
  try {
    recording = parseRecording(await readFile(options.file, 'utf8'));
  } catch (error) {
    io.err(`kraken-rx simulate: cannot replay ${options.file}: ${messageOf(error)}`);
    return EXIT.error;
  }
  return withStop(io, async (stop) => {
    let server: ReplayServer;
    try {
      server = await startReplayServer({
        recording,
        speed: options.speed,
        maxRate: options.maxRate,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.idleRestartMs === undefined ? {} : { idleRestartMs: options.idleRestartMs }),
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host }),
        onFinished: ({ connection, framesSent }) => io.out(`connection ${connection}: end of the recording (${framesSent} frames sent)`),
      });
    } catch (error) {
      io.err(`kraken-rx simulate: could not start the replay server: ${messageOf(error)}`);
      return EXIT.error;
    }
    const pace = options.maxRate ? 'as fast as possible' : `${recording.timed ? 'recorded pace' : '100 ms per frame'}${options.speed === 1 ? '' : ` x${options.speed}`}`;
    io.out(
      `Replaying ${options.file}: ${recording.frames.length} frames over ${formatDuration(recording.durationMs)}, ${pace}` +
        (recording.invalidLines > 0 ? ` (${recording.invalidLines} unreadable lines skipped)` : ''),
    );
    io.out(`  channels ${recording.channels.map((c) => `${c.channelName} ${c.pair}`).join(', ')}`);
    io.out(`  public   ${server.url}`);
    io.onReplayStarted?.(server);
    try {
      await stop;
    } finally {
      await server.close();
      io.out('Replay stopped.');
    }
    return EXIT.ok;
  });
}

/** `2m03s`, `4.5s`. @internal */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}h${String(minutes).padStart(2, '0')}m${seconds}s` : `${minutes}m${seconds}s`;
}
