/**
 * The simulator of the load test in a process of its own (`fork` with `--import tsx`), so that
 * the CPU and memory measured in the test process are the client's alone. Started with the
 * simulator options as JSON in argv[2]; answers over IPC:
 *   → { type: 'ready', url, restUrl }            once listening
 *   ← { type: 'pause' } → { type: 'paused' }      market paused
 *   ← { type: 'resume' }                          market running
 *   ← { type: 'trueBooks', depth } → { type: 'trueBooks', books: { [pair]: { asks, bids } } }
 *   ← { type: 'close' }                           closes and exits
 */
import { startSimulator, type SimulatorOptions } from '../../src/simulator';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
  const sim = await startSimulator(options);
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  process.on('message', (message: { type: string; depth?: number }) => {
    if (message.type === 'pause') {
      sim.market.pause();
      send({ type: 'paused' });
    } else if (message.type === 'resume') {
      sim.market.resume();
    } else if (message.type === 'trueBooks') {
      const books: Record<string, unknown> = {};
      for (const pair of sim.market.pairs) books[pair] = sim.trueBook(pair, message.depth ?? 10);
      send({ type: 'trueBooks', books });
    } else if (message.type === 'close') {
      void sim.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => {
    void sim.close().then(() => process.exit(0));
  });
  send({ type: 'ready', url: sim.url, restUrl: sim.restUrl });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
