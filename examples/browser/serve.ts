/**
 * The browser demo: a live depth chart and closed candles, in your browser, from the embedded
 * simulator through the library's browser build.
 *
 *   npx tsx examples/browser/serve.ts             # then open http://127.0.0.1:8090/
 *   npx tsx examples/browser/serve.ts --port 9000 --speed 60
 *
 * `--speed` runs the simulated clock faster (default 10x) so one-minute candles close every
 * few seconds. Ctrl-C stops it.
 */
import { startDemo } from './demoServer';

const argv = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : undefined;
};
const port = option('--port');
const speed = option('--speed');

console.log('Building the library (once) and the page...');
const demo = await startDemo({ ...(port === undefined ? {} : { port }), ...(speed === undefined ? {} : { speed }) });
console.log(`Open ${demo.url}  (simulator at ${demo.sim.url}; Ctrl-C to stop)`);
process.once('SIGINT', () => {
  void demo.close().then(() => process.exit(0));
});
