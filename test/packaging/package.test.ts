/**
 * The package as a user gets it: build once, `npm pack` once, install the tarball (and the
 * rxjs peer) into an empty folder, then use it from ESM, CJS and TypeScript (node16 and
 * bundler resolution), and lint it with publint and arethetypeswrong.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, ensureBuilt } from '../support/build';

const BIN = (pkg: string, ...rest: string[]) => path.join(ROOT, 'node_modules', pkg, ...rest);
const rxjsVersion = (JSON.parse(readFileSync(BIN('rxjs', 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let app: string;
let tarball: string;

function run(file: string, args: readonly string[], cwd: string, timeout = 120_000): string {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', timeout, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '' } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: error });
  }
}
const node = (args: readonly string[], cwd = app) => run(process.execPath, args, cwd);
const npm = (args: readonly string[], cwd: string) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd, 240_000);

/** Uses the library from an installed copy: a verified book from the simulator, and rxjs identity. */
const USE = (load: string) => `${load}
async function main() {
  const sim = await startSimulator({ seed: 3, pairs: ['XBT/USD'], historyMinutes: 5 });
  const kraken = createKrakenClient({ url: sim.url, authUrl: sim.authUrl, restUrl: sim.restUrl });
  try {
    const book$ = kraken.book('XBT/USD', { depth: 10 });
    const book = await firstValueFrom(book$);
    const viaOperator = await firstValueFrom(of(...bookMessageSequence({ asks: [['2.0', '1']], bids: [['1.0', '1']] }, [])).pipe(toOrderBook()));
    console.log(JSON.stringify({
      sameRxjs: book$ instanceof Observable,
      levels: book.bids.length,
      bidIsString: typeof bestBid(book).price === 'string',
      trueBid: sim.trueBook('XBT/USD', 1).bids[0][0] !== undefined,
      operator: viaOperator.asks[0].price,
      errors: typeof KrakenError,
    }));
  } finally {
    kraken.close();
    await sim.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

const ESM = USE(`import { createKrakenClient, bestBid, KrakenError } from 'kraken-rx';
import { toOrderBook } from 'kraken-rx/operators';
import { startSimulator } from 'kraken-rx/simulator';
import { bookMessageSequence } from 'kraken-rx/testing';
import { Observable, firstValueFrom, of } from 'rxjs';`);

const CJS = USE(`const { createKrakenClient, bestBid, KrakenError } = require('kraken-rx');
const { toOrderBook } = require('kraken-rx/operators');
const { startSimulator } = require('kraken-rx/simulator');
const { bookMessageSequence } = require('kraken-rx/testing');
const { Observable, firstValueFrom, of } = require('rxjs');`);

/** Type-checks only if the types are seen: each @ts-expect-error must meet a real error. */
const TYPES = `import { createKrakenClient, type KrakenClient, type OrderBook, type Candle } from 'kraken-rx';
import { toOrderBook, toCandles, closedCandlesFromRest, applyTrade, initialTradeCandleState, type RestOhlcRow } from 'kraken-rx/operators';
import { startSimulator, type Simulator } from 'kraken-rx/simulator';
import { createFakeKrakenClient, buildTrade, buildCandle } from 'kraken-rx/testing';
import type { Observable } from 'rxjs';

export const kraken: KrakenClient = createKrakenClient({ url: 'ws://127.0.0.1:1' });
export const book$: Observable<OrderBook> = kraken.bookMessages('XBT/USD').pipe(toOrderBook());
export const candles$: Observable<Candle> = kraken.ohlc('XBT/USD', { interval: 5 }).pipe(toCandles());
export const fake: KrakenClient = createFakeKrakenClient({ candles: undefined });
export const sim: Promise<Simulator> = startSimulator({ seed: 1 });
export const close: string = buildCandle().close;
// The pure candle state is part of the operators entry point (backtests use it directly).
const row: RestOhlcRow = [1699797180, '1.0', '2.0', '0.5', '1.5', '1.2', '3.0', 4];
export const history: Candle[] = closedCandlesFromRest([row, row], 'XBT/USD', 60_000);
export const step = applyTrade(initialTradeCandleState({ intervalMs: 60_000 }), buildTrade(), Date.now());
// @ts-expect-error prices are exact decimal strings, not numbers
export const price: number = buildTrade().price;
// @ts-expect-error book() takes { depth }, not a string
kraken.book('XBT/USD', '10');
// @ts-expect-error there is no such feed
kraken.orderbook('XBT/USD');
`;

function tsconfig(module: string, moduleResolution: string, files: string[]): string {
  return JSON.stringify({
    compilerOptions: {
      module,
      moduleResolution,
      target: 'ES2022',
      lib: ['ES2022'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [BIN('@types')],
    },
    files,
  });
}

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(os.tmpdir(), 'kraken-rx-pack-'));
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as Array<{ filename: string }>;
  tarball = path.join(work, packed[0]!.filename);
  app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  npm(['install', tarball, `rxjs@${rxjsVersion}`, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], app);
  writeFileSync(path.join(app, 'esm.mjs'), ESM);
  writeFileSync(path.join(app, 'cjs.cjs'), CJS);
  for (const name of ['types.mts', 'types.cts', 'types.ts']) writeFileSync(path.join(app, name), TYPES);
  writeFileSync(path.join(app, 'tsconfig.node16.json'), tsconfig('node16', 'node16', ['types.mts', 'types.cts']));
  writeFileSync(path.join(app, 'tsconfig.bundler.json'), tsconfig('esnext', 'bundler', ['types.ts']));
}, 600_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

const installed = () => path.join(app, 'node_modules', 'kraken-rx');

describe('the packed package, installed into an empty folder', () => {
  it('works from an ESM file', () => {
    expect(JSON.parse(node(['esm.mjs']))).toEqual({ sameRxjs: true, levels: 10, bidIsString: true, trueBid: true, operator: '2.0', errors: 'function' });
  });

  it('works from a CommonJS file', () => {
    expect(JSON.parse(node(['cjs.cjs']))).toEqual({ sameRxjs: true, levels: 10, bidIsString: true, trueBid: true, operator: '2.0', errors: 'function' });
  });

  it('type-checks from TypeScript with moduleResolution node16 (ESM and CJS files) and bundler', () => {
    node([BIN('typescript', 'bin', 'tsc'), '-p', 'tsconfig.node16.json']);
    node([BIN('typescript', 'bin', 'tsc'), '-p', 'tsconfig.bundler.json']);
  });

  it('has one copy of rxjs in the tree: the peer dependency', () => {
    // every installed copy of rxjs, wherever it sits in node_modules
    const copies = JSON.parse(npm(['query', '#rxjs'], app)) as Array<{ version: string; path: string }>;
    expect(copies.map((c) => [path.relative(app, c.path), c.version])).toEqual([[path.join('node_modules', 'rxjs'), rxjsVersion]]);
    expect(existsSync(path.join(installed(), 'node_modules', 'rxjs'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(installed(), 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest.peerDependencies['rxjs']).toBeDefined();
    expect(manifest.dependencies['rxjs']).toBeUndefined();
  });

  it('bundles none of rxjs, io-ts or fp-ts: they stay imports', () => {
    const dist = path.join(installed(), 'dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c?js)$/.test(f));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const code = readFileSync(path.join(dist, file), 'utf8');
      expect({ file, rxjs: /class SafeSubscriber|function SafeSubscriber|ObjectUnsubscribedError = /.test(code) }).toEqual({ file, rxjs: false });
      expect({ file, ioTs: /getFunctionName|UnknownRecordType/.test(code) }).toEqual({ file, ioTs: false });
      expect({ file, fpTs: /_tag: ['"]Left['"]/.test(code) }).toEqual({ file, fpTs: false });
    }
    const esm = readFileSync(path.join(dist, 'esm', 'index.js'), 'utf8');
    expect(esm).toMatch(/from 'rxjs'/);
    expect(esm).toMatch(/from 'io-ts'/);
    expect(esm).toMatch(/from 'fp-ts\/lib\/Either.js'/);
  });

  it('has a browser build with no ws, no Node built-in and no require', () => {
    const dir = path.join(installed(), 'dist', 'browser');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    for (const file of files) {
      const code = readFileSync(path.join(dir, file), 'utf8');
      const imports = [...code.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*from\s+'([^']+)'|import\s+'([^']+)'/g)].map((m) => m[1] ?? m[2]);
      expect({ file, external: imports.filter((i) => !i!.startsWith('./') && !/^(rxjs|io-ts|fp-ts\/[A-Za-z]+|big\.js)$/.test(i!)) }).toEqual({ file, external: [] });
      expect({ file, require: /\brequire\(/.test(code) }).toEqual({ file, require: false });
    }
  });

  it('runs the kraken-rx command', () => {
    expect(node([path.join(app, 'node_modules', '.bin', 'kraken-rx'), '--help'])).toMatch(/kraken-rx/);
  });

  it('passes publint (strict) and arethetypeswrong', () => {
    const lint = node([BIN('publint', 'src', 'cli.js'), 'run', installed(), '--pack', 'false', '--strict'], work);
    expect(lint).toMatch(/All good/);
    const attw = node([BIN('@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--format', 'ascii'], work);
    expect(attw).toMatch(/No problems found/);
  });
});
