/**
 * What a benchmark file exports, so that `bench/run.ts` can list and run it.
 * Add a suite: write `bench/<name>.bench.ts` exporting one `BenchSuite`, then add it to the
 * list in `bench/run.ts`.
 */
export interface BenchSuite {
  /** Short name, used to select suites: `npm run bench -- book`. */
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<void> | void;
}

export interface BenchOptions {
  /** Timed rounds per measurement (medians are reported). `BENCH_ROUNDS`, default 5. */
  readonly rounds: number;
  /** Updates in each synthetic stream. `BENCH_UPDATES`, default 1,000,000. */
  readonly updates: number;
  /** Repository root (fixtures are read from `<root>/../shared/fixtures`). */
  readonly root: string;
  /** Writes one line of output. */
  log(line: string): void;
}
