import { EXIT, messageOf, type MarketSource } from './args';
import type { CliIo } from './io';
import { openSource, type OpenSource } from './source';

/**
 * The first step of every command: parse its arguments. Returns the options, or the exit code
 * once `--help` was printed (0) or a usage error was reported (2).
 * @param usageOnError What follows a usage error: a hint to run `--help` (default), or the
 *   whole usage text.
 * @internal
 */
export function parseCommand<T>(
  command: string,
  argv: readonly string[],
  parse: (argv: readonly string[]) => T | 'help',
  usage: string,
  io: CliIo,
  usageOnError: 'hint' | 'usage' = 'hint',
): T | number {
  try {
    const parsed = parse(argv);
    if (parsed !== 'help') return parsed;
    io.out(usage);
    return EXIT.ok;
  } catch (error) {
    io.err(`kraken-rx ${command}: ${messageOf(error)}`);
    io.err(usageOnError === 'usage' ? usage : `Run "kraken-rx ${command} --help" for usage.`);
    return EXIT.usage;
  }
}

/**
 * Opens the market source of a command (starting the embedded simulator when it is the
 * source). Returns it, or the exit code (1) once the failure was reported.
 * @internal
 */
export async function openCommandSource(command: string, source: MarketSource, io: CliIo): Promise<OpenSource | number> {
  try {
    return await openSource(source);
  } catch (error) {
    io.err(`kraken-rx ${command}: could not start the simulator: ${messageOf(error)}`);
    return EXIT.error;
  }
}
