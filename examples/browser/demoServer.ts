/**
 * The browser demo's server: starts the embedded simulator, bundles the page's code against
 * the library's `browser` build (dist/browser: native WebSocket, no `ws`), and serves the page
 * on 127.0.0.1 with the simulator's REST routes on the same origin.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { startSimulator, type Simulator } from 'kraken-rx/simulator';
import { ROOT, ensureBuilt } from '../../scripts/ensureBuilt';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port of the page; 0 picks a free one. Default 8090. */
  readonly port?: number;
  /** Simulator seed. Default 7. */
  readonly seed?: number;
  /**
   * How much faster than real time the simulated clock runs, so that one-minute candles close
   * every 60/speed seconds. Default 10.
   */
  readonly speed?: number;
}

/** A running demo. */
export interface Demo {
  /** The page, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly sim: Simulator;
  /** What went into the page's bundle (to check that no `ws` or Node built-in did). */
  readonly metafile: Metafile;
  close(): Promise<void>;
}

/** Builds the library if needed, bundles the page, starts the simulator and the page server. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  ensureBuilt();
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'examples', 'browser', 'app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser'],
    metafile: true,
    logLevel: 'silent',
    // Inside this repository the package name points at its browser build; in your app,
    // `import ... from 'kraken-rx'` resolves there by itself (the `browser` export condition).
    alias: {
      'kraken-rx': path.join(ROOT, 'dist', 'browser', 'index.js'),
      'kraken-rx/operators': path.join(ROOT, 'dist', 'browser', 'operators.js'),
    },
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = readFileSync(path.join(ROOT, 'examples', 'browser', 'index.html'), 'utf8');

  const speed = options.speed ?? 10;
  const start = Date.now();
  const sim = await startSimulator({ seed: options.seed ?? 7, pairs: ['XBT/USD'], clock: () => start + (Date.now() - start) * speed });
  const simRest = new URL(sim.restUrl);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url === '/' || url === '/index.html') return send(res, 200, 'text/html; charset=utf-8', html);
    if (url === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', script);
    if (url === '/config.json') return send(res, 200, 'application/json', JSON.stringify({ url: sim.url }));
    if (url.startsWith('/0/')) {
      // The simulator's REST routes (AssetPairs, OHLC history), proxied to keep one origin.
      const upstream = request({ host: simRest.hostname, port: simRest.port, path: url, method: req.method, headers: { 'content-type': req.headers['content-type'] ?? '' } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
        answer.pipe(res);
      });
      upstream.on('error', (error) => send(res, 502, 'text/plain', error.message));
      req.pipe(upstream);
      return undefined;
    }
    return send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 8090, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sim,
    metafile: bundle.metafile,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sim.close();
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
