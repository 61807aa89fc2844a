/**
 * The simulator of the load test in a process of its own (`fork` with `--import tsx`), so that
 * the CPU and memory measured in the test process are the client's alone. Started with the
 * simulator options as JSON in argv[2]; answers over IPC:
 *   → { type: 'ready', url, restUrl }            once listening
 *   ← { type: 'pause' } → { type: 'paused' }      market paused
 *   ← { type: 'resume' }                          market running
 *   ← { type: 'trueBooks', depth } → { type: 'trueBooks', books: { [pair]: { asks, bids } } }
 *   ← { type: 'drive', eventsPerSecond } → { type: 'driving' }   market run at that rate per pair
 *   ← { type: 'stopDriving' } → { type: 'driven', events }        stopped (market left paused)
 *   ← { type: 'close' }                           closes and exits
 */
import { startSimulator, type SimulatorOptions } from '../../src/simulator';
import { driveMarket, type MarketDrive } from './marketDriver';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
  const sim = await startSimulator(options);
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  let drive: MarketDrive | undefined;
  process.on('message', (message: { type: string; depth?: number; eventsPerSecond?: number }) => {
    if (message.type === 'drive') {
      drive?.stop();
      drive = driveMarket(sim.market, message.eventsPerSecond ?? 0);
      send({ type: 'driving' });
    } else if (message.type === 'stopDriving') {
      send({ type: 'driven', events: drive?.stop() ?? 0 });
      drive = undefined;
    } else if (message.type === 'pause') {
      sim.market.pause();
      send({ type: 'paused' });
    } else if (message.type === 'resume') {
      sim.market.resume();
    } else if (message.type === 'trueBooks') {
      const books: Record<string, unknown> = {};
      for (const pair of sim.market.pairs) books[pair] = sim.trueBook(pair, message.depth ?? 10);
      send({ type: 'trueBooks', books });
    } else if (message.type === 'close') {
      drive?.stop();
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
