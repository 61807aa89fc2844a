/**
 * Command-line options shared by the examples: `--seconds <n>` (how long to run) and `--live`
 * (connect to Kraken instead of starting the embedded simulator).
 */
export function exampleArgs(defaultSeconds: number): { readonly seconds: number; readonly live: boolean } {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--seconds');
  const seconds = at >= 0 ? Number(argv[at + 1]) : defaultSeconds;
  if (!(seconds > 0)) throw new Error('--seconds needs a positive number');
  return { seconds, live: argv.includes('--live') };
}
