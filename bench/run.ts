/**
 * `npm run bench` — runs every benchmark suite, or those named on the command line
 * (`npm run bench -- book`). Each suite lives in its own `bench/<name>.bench.ts`; add yours to
 * SUITES below.
 *
 * Environment: BENCH_ROUNDS (timed rounds, medians reported; default 5), BENCH_UPDATES
 * (messages per synthetic stream; default 1,000,000).
 *
 * The npm script runs `node --expose-gc --import tsx bench/run.ts` so that heap figures are
 * taken after a full GC.
 */
import * as path from 'node:path';
import { bookBench } from './book.bench';
import { machine } from './support/measure';
import type { BenchSuite } from './support/suite';
import { positiveInt } from './support/env';

const SUITES: ReadonlyArray<BenchSuite> = [bookBench];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown benchmark(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
  }
  const suites = wanted.length === 0 ? SUITES : SUITES.filter((s) => wanted.includes(s.name));
  const options = {
    rounds: positiveInt('BENCH_ROUNDS', 5),
    updates: positiveInt('BENCH_UPDATES', 1_000_000),
    // bench/run.ts is the entry script (no import.meta: the repo's tooling also runs CommonJS).
    root: path.resolve(path.dirname(process.argv[1] ?? path.join(process.cwd(), 'bench', 'run.ts')), '..'),
    log: (line: string) => console.log(line),
  };
  console.log(`# kraken-rx benchmarks — ${machine()}`);
  for (const suite of suites) {
    console.log('');
    console.log(`## ${suite.name}: ${suite.description}`);
    console.log('');
    const start = Date.now();
    await suite.run(options);
    console.log('');
    console.log(`(${suite.name}: ${((Date.now() - start) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
