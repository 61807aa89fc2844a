import { EXIT } from './args';
import { runDashboard } from './commands/dashboard';
import { runRecord } from './commands/record';
import { runSimulate } from './commands/simulate';
import { runWatch } from './commands/watch';
import type { CliIo } from './io';
import { CLI_VERSION } from './version';

/** Usage text of `kraken-rx`. @internal */
export const MAIN_USAGE = `Usage: kraken-rx [command] [options]

The Kraken WebSocket API v1 as RxJS streams, from the terminal. Every command runs against an
embedded Kraken simulator unless given --url <ws-url> or --live (wss://ws.kraken.com).

Commands:
  dashboard            live full-screen dashboard: book ladder, trades, candles, ticker (default)
  watch <channel> <pair>...
                       print ticker, trades, spread, book or candles as JSON lines
  record --out <file> <channel> <pair>...
                       record raw frames with receive timestamps (JSON lines)
  simulate             run the Kraken simulator; --replay <file> serves a recording instead

Options:
  -h, --help           show this help (also: kraken-rx <command> --help)
  -v, --version        print the version

Exit codes: 0 ok, 1 runtime error, 2 usage error.

Examples:
  npx kraken-rx                                   # dashboard on the embedded simulator
  npx kraken-rx dashboard --pair ETH/USD --depth 25
  npx kraken-rx dashboard --live --pair XBT/EUR
  npx kraken-rx watch book XBT/USD --levels 3 --count 2 | jq .checksum
  npx kraken-rx record --out xbt.jsonl --duration 60 book,trade,ticker XBT/USD --live
  npx kraken-rx simulate --replay xbt.jsonl --speed 10`;

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  dashboard: runDashboard,
  watch: runWatch,
  record: runRecord,
  simulate: (argv, io) => runSimulate(argv, io),
};

/**
 * Runs one `kraken-rx` command line and resolves with its exit code: 0 ok, 1 runtime error,
 * 2 usage error. With no command, runs the dashboard.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { out: console.log, err: console.error });
 * ```
 * @param argv The arguments after the program name.
 * @param io Output, stop signal and terminal.
 * @returns A promise of the exit code.
 * @category CLI
 * @since 0.1.0
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    io.out(MAIN_USAGE);
    return EXIT.ok;
  }
  if (first === '-v' || first === '--version' || first === 'version') {
    io.out(CLI_VERSION);
    return EXIT.ok;
  }
  if (first === undefined || first.startsWith('-')) return runDashboard(argv, io);
  const command = COMMANDS[first];
  if (command === undefined) {
    io.err(`kraken-rx: unknown command ${JSON.stringify(first)} (commands: ${Object.keys(COMMANDS).join(', ')})`);
    io.err('Run "kraken-rx --help" for usage.');
    return EXIT.usage;
  }
  return command(rest, io);
}
