/**
 * `npm run bench:peers` — kraken-rx against the Kraken clients users would otherwise pick,
 * measured in one run on one machine, each client in its own process on 127.0.0.1.
 *
 * 1. Installs the peers into bench/peers (its own package.json and lock file) unless the
 *    locked versions are already there.
 * 2. Timed streams, identical bytes for every client, served at max rate by
 *    bench/peers/streamServer.ts: seeded synthetic book streams (depth 10 and 1000,
 *    `BENCH_PEERS_UPDATES` updates, default 200,000) from bench/support's generator, and the
 *    real book recordings of ../shared/fixtures (read with the replay module's
 *    `parseRecording`, each replayed until it has 50,000 updates). Per client: updates per second from the first book to the book after the last update,
 *    the time ratio to the floor, and whether its final top 10 equals the expected one (from
 *    the independent reference book, which verifies every checksum of the stream).
 * 3. Faults, one per server, on a 10,000-update depth-10 stream at update 5,000: a corrupted
 *    checksum, a dropped connection, a 10 s stall and a garbage frame.
 *
 * Options: `--only=synthetic,real,faults` (default all), `--clients=floor,kraken-rx,...`
 * (default all), `--cpu-prof=<dir>` (V8 CPU profiles of the kraken-rx processes). Environment:
 * BENCH_PEERS_UPDATES (default 200000), BENCH_PEERS_ROUNDS (timed runs of the simple book and
 * kraken-rx on each stream, interleaved, medians reported; default 3; the floor runs twice as
 * many plus one),
 * BENCH_PEERS_PEER_ROUNDS (the same for ccxt and node-kraken-api; default 1).
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch } from 'node:os';
import * as path from 'node:path';
import type { ClientConfig, ClientReport } from './peers/clients/harness';
import { ReferenceBook, sameTop, type TopOfBook } from './peers/shared/referenceBook';
import { prepareBookStream, startStreamServer, type BookStream, type Fault, type FaultKind, type StreamServer } from './peers/streamServer';
import { syntheticBookFrames } from './support/syntheticBookFrames';
import { parseRecording } from '../src/simulator/replay';
import { positiveInt } from './support/env';

// bench/peers.ts is the entry script (no import.meta: the repo's tooling also runs CommonJS).
const ROOT = path.resolve(path.dirname(process.argv[1] ?? path.join(process.cwd(), 'bench', 'peers.ts')), '..');
const PEERS = path.join(ROOT, 'bench', 'peers');
const FIXTURES = path.join(ROOT, '..', 'shared', 'fixtures');

interface ClientSpec {
  readonly id: string;
  readonly file: string;
  /** Keeps a book (the floor does not). */
  readonly keepsBook: boolean;
  /** Takes part in the fault runs (a product that claims to handle them). */
  readonly faults: boolean;
  /** Another project's client (runs BENCH_PEERS_PEER_ROUNDS rounds). */
  readonly peer: boolean;
}

const CLIENTS: ReadonlyArray<ClientSpec> = [
  { id: 'floor', file: 'floor.ts', keepsBook: false, faults: false, peer: false },
  { id: 'simple correct book', file: 'reference.ts', keepsBook: true, faults: false, peer: false },
  { id: 'kraken-rx', file: 'krakenRx.ts', keepsBook: true, faults: true, peer: false },
  { id: 'ccxt', file: 'ccxt.ts', keepsBook: true, faults: true, peer: true },
  { id: 'node-kraken-api', file: 'nodeKrakenApi.ts', keepsBook: true, faults: true, peer: true },
];

const REAL_RECORDINGS = [
  'kraken-book-cryptofeed-2021-04.jsonl',
  'kraken-book-python-kraken-sdk-2023-08.jsonl',
  'kraken-book-python-kraken-sdk-2023-05.jsonl',
  'kraken-book-gocryptotrader-2023-07.jsonl',
];
/** Each recording is replayed enough times (every replay restarts from its snapshots) to reach this many updates. */
const REAL_MIN_UPDATES = 50_000;
const FAULT_UPDATES = 10_000;
const FAULT_AT = 5_000;
const STALL_MS = 10_000;
const FAULT_WINDOW_MS: Record<FaultKind, number> = { checksum: 6_000, drop: 6_000, stall: STALL_MS + 2_000, garbage: 6_000 };
const IDLE_MS = 1_500;

function option(name: string): string[] | undefined {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : arg.slice(name.length + 3).split(',');
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---------------------------------------------------------------------------------------------
// Installing the peers

const LOCKED = ['ccxt-v1', 'node-kraken-api', 'ws'];

function installedVersion(name: string): string | undefined {
  const file = path.join(PEERS, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

function ensurePeers(): void {
  const lock = JSON.parse(readFileSync(path.join(PEERS, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const stale = LOCKED.filter((name) => installedVersion(name) !== lock.packages[`node_modules/${name}`]?.version);
  if (stale.length === 0) return;
  console.log(`Installing the peer clients into bench/peers (${stale.join(', ')} missing or not the locked version): npm ci`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEERS, stdio: 'inherit' });
}

// ---------------------------------------------------------------------------------------------
// Running one client

interface Run {
  readonly report: ClientReport;
  readonly output: string;
}

/** `--cpu-prof=<dir>`: V8 CPU profiles of the kraken-rx client processes, for finding where its time goes. */
const CPU_PROF_DIR = option('cpu-prof')?.[0];

function runClient(client: ClientSpec, config: ClientConfig, until?: (ask: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const profile = CPU_PROF_DIR !== undefined && client.id === 'kraken-rx' ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
    const child = fork(path.join(PEERS, 'clients', client.file), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...profile],
      env: { ...process.env, BENCH_PEER_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let report: ClientReport | undefined;
    child.on('message', (message) => {
      report = message as ClientReport;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report !== undefined) resolve({ report, output });
      else reject(new Error(`${client.id} exited (${code ?? signal}) without a report:\n${output}`));
    });
    until?.(() => {
      if (child.connected) child.send({ type: 'report' });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Timed streams

interface TimedStream {
  readonly name: string;
  readonly depth: number;
  readonly pairs: ReadonlyArray<string>;
  readonly updates: number;
  /** Data frames a client gets in a run without resync: the updates and the snapshots. */
  readonly frames: number;
  readonly expected: Readonly<Record<string, TopOfBook>>;
  readonly serve: () => Promise<StreamServer>;
}

interface TimedResult {
  readonly stream: TimedStream;
  readonly client: ClientSpec;
  /** Median over rounds, updates per second (undefined when the client did not handle every update). */
  readonly rate: number | undefined;
  readonly rates: ReadonlyArray<number>;
  /** The floor's median rate ÷ this client's median rate. */
  readonly ratio: number | undefined;
  /** Median CPU µs per update, and its ratio to the floor's. */
  readonly cpu: number | undefined;
  readonly cpuRatio: number | undefined;
  /** Resubscriptions the server accepted (the most in any round). */
  readonly resubscribes: number;
  /** The final top 10 was right in every round. */
  readonly correct: boolean | undefined;
  readonly wrongPairs: ReadonlyArray<string>;
  /** The last round's report. */
  readonly report: ClientReport;
}

function expectedBooks(frames: Iterable<string>, depth: number): Record<string, TopOfBook> {
  const books = new Map<string, ReferenceBook>();
  let frameNo = 0;
  for (const frame of frames) {
    frameNo++;
    const message = JSON.parse(frame) as unknown[];
    const pair = message[message.length - 1] as string;
    let book = books.get(pair);
    if (book === undefined) books.set(pair, (book = new ReferenceBook(depth)));
    if (!book.applyFrame(message)) throw new Error(`frame ${frameNo} (${pair}) does not verify in the reference book`);
  }
  return Object.fromEntries([...books].map(([pair, book]) => [pair, book.top()]));
}

function syntheticStream(depth: number, updates: number, split = false): TimedStream {
  const generated = syntheticBookFrames({ depth, updates }).frames;
  const frames = split ? splitTwoDictUpdates(generated, depth) : generated;
  const stream = prepareBookStream(frames);
  return {
    name: `synthetic depth ${depth}${split ? ', two-dict updates split' : ''}`,
    depth,
    pairs: stream.channels.map((c) => c.pair),
    updates: frames.length - 1,
    frames: frames.length,
    expected: expectedBooks(frames, depth),
    serve: () => startStreamServer({ stream }),
  };
}

/**
 * The same stream with each two-dict update (`[id, {a}, {b, c}, ...]`, 1% of the messages)
 * sent as two one-dict updates, the first with the checksum of the book after its asks: a
 * variant for a client that cannot verify the two-dict form, so its speed can be measured.
 */
function splitTwoDictUpdates(frames: ReadonlyArray<string>, depth: number): string[] {
  const book = new ReferenceBook(depth);
  const out: string[] = [];
  for (const frame of frames) {
    const message = JSON.parse(frame) as unknown[];
    if (message.length === 5) {
      const [id, asks, bids, channelName, pair] = message as [number, { a: string[][] }, { b: string[][]; c: string }, string, string];
      book.applyUpdate([asks]);
      out.push(JSON.stringify([id, { a: asks.a, c: String(book.checksum()) }, channelName, pair]));
      book.applyUpdate([bids]);
      out.push(JSON.stringify([id, bids, channelName, pair]));
    } else {
      book.applyFrame(message);
      out.push(frame);
    }
  }
  return out;
}

function realStream(file: string): TimedStream {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const once = parseRecording(text);
  const books = once.channels.filter((c) => c.channelName.startsWith('book-'));
  const depths = new Set(books.map((c) => Number(c.channelName.slice(5))));
  if (books.length !== once.channels.length || depths.size !== 1) throw new Error(`${file}: expected book channels of one depth`);
  const depth = [...depths][0]!;
  const updatesOnce = once.frames.filter((f) => !f.snapshot).length;
  const snapshotsOnce = once.frames.length - updatesOnce;
  const repeats = Math.max(1, Math.ceil(REAL_MIN_UPDATES / updatesOnce));
  const ids = new Map(once.channels.map((c) => [c.key, c.channelId]));
  const framesOnce = once.frames.map((f) => `[${ids.get(f.key)}${f.tail}`);
  const stream = prepareBookStream(Array.from({ length: repeats }, () => framesOnce).flat());
  return {
    name: `${file.replace(/^kraken-book-/, '').replace(/\.jsonl$/, '')} ×${repeats}`,
    depth,
    pairs: books.map((c) => c.pair),
    updates: updatesOnce * repeats,
    frames: (updatesOnce + snapshotsOnce) * repeats,
    expected: expectedBooks(framesOnce, depth),
    serve: () => startStreamServer({ stream }),
  };
}

interface RoundResult {
  /** Updates per second, when the client handled every update. */
  readonly rate: number | undefined;
  /** CPU µs of the client process per update, when it handled every update. */
  readonly cpu: number | undefined;
  readonly report: ClientReport;
  /** Resubscriptions the server accepted beyond the first subscription of each pair. */
  readonly resubscribes: number;
  readonly wrongPairs: ReadonlyArray<string>;
}

async function timedRound(stream: TimedStream, client: ClientSpec): Promise<RoundResult> {
  const server = await stream.serve();
  try {
    const { report } = await runClient(client, {
      url: server.url,
      pairs: stream.pairs,
      depth: stream.depth,
      mode: 'timed',
      idleMs: IDLE_MS,
      frames: stream.frames,
      timeoutMs: 120_000,
    });
    const resubscribes = Math.max(0, server.events.filter((e) => e.what.startsWith('subscribe ') && !e.what.includes('refused')).length - stream.pairs.length);
    // Every update handled, none skipped by a resync (which would also bring extra snapshots).
    const complete = report.books >= stream.frames && resubscribes === 0 && report.silentResyncs === 0;
    const rate =
      complete && report.firstBookAt !== undefined && report.lastBookAt !== undefined && report.lastBookAt > report.firstBookAt
        ? stream.updates / ((report.lastBookAt - report.firstBookAt) / 1000)
        : undefined;
    const cpu = rate !== undefined && report.cpuMicros !== undefined ? report.cpuMicros / stream.updates : undefined;
    const wrongPairs = client.keepsBook ? stream.pairs.filter((p) => !isSame(report.final[p], stream.expected[p])) : [];
    return { rate, cpu, report, resubscribes, wrongPairs };
  } finally {
    await server.close();
  }
}

function summarize(stream: TimedStream, client: ClientSpec, rounds: ReadonlyArray<RoundResult>, floor: ReadonlyArray<RoundResult> | undefined): TimedResult {
  const rates = rounds.map((r) => r.rate).filter((r): r is number => r !== undefined);
  const floorRates = (floor ?? []).map((r) => r.rate).filter((r): r is number => r !== undefined);
  const rate = rates.length === rounds.length && rates.length > 0 ? median(rates) : undefined;
  const cpus = rounds.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const floorCpus = (floor ?? []).map((r) => r.cpu).filter((c): c is number => c !== undefined);
  const cpu = cpus.length === rounds.length && cpus.length > 0 ? median(cpus) : undefined;
  const wrongPairs = [...new Set(rounds.flatMap((r) => r.wrongPairs))];
  return {
    stream,
    client,
    rate,
    rates,
    // Time ÷ floor: the floor's median rate ÷ this client's median rate.
    ratio: rate !== undefined && floorRates.length > 0 ? median(floorRates) / rate : undefined,
    cpu,
    cpuRatio: cpu !== undefined && floorCpus.length > 0 ? cpu / median(floorCpus) : undefined,
    resubscribes: Math.max(...rounds.map((r) => r.resubscribes)),
    correct: client.keepsBook ? wrongPairs.length === 0 : undefined,
    wrongPairs,
    report: rounds[rounds.length - 1]!.report,
  };
}

function errorSummary(report: ClientReport): string {
  return Object.entries(report.errorNames)
    .map(([name, count]) => `${fmt(count)} ${name}`)
    .join(', ');
}

function describeTop(top: TopOfBook | null | undefined): string {
  if (top === null || top === undefined) return 'no book';
  const side = (levels: TopOfBook['asks']) => `${levels.length} levels, best ${levels[0] === undefined ? '-' : `${levels[0][0]} × ${levels[0][1]}`}`;
  return `asks ${side(top.asks)}; bids ${side(top.bids)}`;
}

const isSame = (top: TopOfBook | null | undefined, expected: TopOfBook | undefined): boolean =>
  top !== null && top !== undefined && expected !== undefined && sameTop(top, expected);

// ---------------------------------------------------------------------------------------------
// Faults

interface FaultResult {
  readonly client: ClientSpec;
  readonly fault: FaultKind;
  readonly report: ClientReport;
  readonly faultAt: number | undefined;
  readonly events: StreamServer['events'];
  /** The client's book at the end equals the expected final book. */
  readonly finalOk: boolean;
  readonly output: string;
}

async function faultRun(client: ClientSpec, stream: BookStream, expected: Record<string, TopOfBook>, kind: FaultKind): Promise<FaultResult> {
  const pair = stream.channels[0]!.pair;
  const fault: Fault = { kind, at: FAULT_AT, stallMs: STALL_MS };
  const server = await startStreamServer({ stream, fault });
  try {
    const started = Date.now();
    const { report, output } = await runClient(
      client,
      { url: server.url, pairs: [pair], depth: stream.depth, mode: 'fault', idleMs: IDLE_MS, timeoutMs: 60_000, expected },
      (ask) => {
        const timer = setInterval(() => {
          const faultAt = server.faultAt;
          const due = faultAt !== undefined ? faultAt + FAULT_WINDOW_MS[kind] : started + 30_000;
          if (Date.now() >= due) {
            clearInterval(timer);
            ask();
          }
        }, 100);
      },
    );
    return { client, fault: kind, report, faultAt: server.faultAt, events: [...server.events], finalOk: isSame(report.final[pair], expected[pair]), output };
  } finally {
    await server.close();
  }
}

interface FaultVerdict {
  readonly pass: boolean;
  readonly text: string;
}

function judge(result: FaultResult): FaultVerdict {
  const { report, faultAt, events, fault, finalOk } = result;
  if (faultAt === undefined) return { pass: false, text: 'the fault never happened (client did not get that far)' };
  const crash = report.crash === undefined ? '' : `; crashed: ${report.crash}`;
  const after = events.slice(events.findIndex((e) => e.what.startsWith('fault ')) + 1);
  const reconnects = after.filter((e) => e.what === 'connect').length;
  const resubscribes = after.filter((e) => e.what.startsWith('subscribe ') && !e.what.includes('refused')).length;
  const refused = after.filter((e) => e.what.includes('refused')).length;
  const errorsAfter = report.errors.filter((e) => e.at >= faultAt);
  const names = [...new Set(errorsAfter.map((e) => e.name))].join(', ');
  const recoveredIn = report.matchedAt !== undefined && report.matchedAt >= faultAt ? (report.matchedAt - faultAt) / 1000 : undefined;
  const actions = [
    reconnects > 0 ? `${reconnects} reconnect${reconnects > 1 ? 's' : ''}` : '',
    resubscribes > reconnects ? `${resubscribes - reconnects} resubscribe${resubscribes - reconnects > 1 ? 's' : ''}` : '',
    refused > 0 ? `${refused} subscribe${refused > 1 ? 's' : ''} refused as already subscribed` : '',
    names === '' ? '' : `surfaced ${names}`,
  ]
    .filter((s) => s !== '')
    .join(', ');
  const how = actions === '' ? 'did nothing visible' : actions;
  if (fault === 'checksum') {
    const detected = errorsAfter.some((e) => /checksum/i.test(`${e.name} ${e.message}`)) || resubscribes > 0;
    const book = recoveredIn !== undefined && finalOk ? `then a correct final book ${fmt(recoveredIn, 1)} s after` : 'then NO correct book again';
    return { pass: detected, text: `${detected ? 'detected' : 'NOT detected'} (${how}); ${book}${crash}` };
  }
  const limit = fault === 'stall' ? STALL_MS / 1000 : FAULT_WINDOW_MS[fault] / 1000;
  const pass = recoveredIn !== undefined && recoveredIn < limit && finalOk;
  const when =
    recoveredIn === undefined
      ? `no correct final book within ${fmt(FAULT_WINDOW_MS[fault] / 1000)} s`
      : fault === 'stall' && recoveredIn >= limit
        ? `correct only after the stall ended (${fmt(recoveredIn, 1)} s)`
        : `correct final book ${fmt(recoveredIn, 1)} s after`;
  return { pass, text: `${pass ? 'recovered' : 'did NOT recover'}: ${when} (${how})${crash}` };
}

// ---------------------------------------------------------------------------------------------

function versions(): string[] {
  const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const rootWs = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'ws', 'package.json'), 'utf8')) as { version: string }).version;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return [
    `kraken-rx ${rootPackage.version} (the built package, dist/esm, of ${commit}; ws ${rootWs})`,
    `ccxt ${installedVersion('ccxt-v1') ?? '?'} (npm alias ccxt-v1)`,
    `node-kraken-api ${installedVersion('node-kraken-api') ?? '?'}`,
    `floor and simple correct book: ws ${installedVersion('ws') ?? '?'}`,
  ];
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `node ${process.version}, ${cpu}, ${cpus().length} cores, ${platform()} ${arch()}`;
}

function timedRow(r: TimedResult): string {
  const handled = Math.max(0, r.report.books - (r.stream.frames - r.stream.updates));
  const rate = r.rate === undefined ? `— (handled ${fmt(Math.min(handled, r.stream.updates))} of ${fmt(r.stream.updates)} updates)` : fmt(r.rate);
  const ratio = r.ratio === undefined ? '—' : `${fmt(r.ratio, 2)}×`;
  const correct = r.correct === undefined ? 'n/a' : r.correct ? 'yes' : `**NO** (${r.wrongPairs.length === r.stream.pairs.length ? 'wrong' : `${r.wrongPairs.length} of ${r.stream.pairs.length} pairs wrong`})`;
  const resyncs = r.report.silentResyncs > 0 ? `; ${fmt(r.report.silentResyncs)} silent resync${r.report.silentResyncs > 1 ? 's' : ''}` : '';
  const resubscribed = r.resubscribes > 0 && r.report.silentResyncs === 0 ? `; resubscribed ${fmt(r.resubscribes)}×` : '';
  const errors = (r.report.errorCount === 0 ? '0' : errorSummary(r.report)) + resyncs + resubscribed;
  const deliveries = r.report.deliveries === r.report.books ? fmt(r.report.books) : `${fmt(r.report.deliveries)} of ${fmt(r.report.books)}`;
  const crash = r.report.crash === undefined ? '' : ` crashed: ${r.report.crash.slice(0, 120)}`;
  const timeout = r.report.timedOut ? ' timed out' : '';
  const rounds = r.rates.length > 1 ? ` (${r.rates.map((x) => fmt(x / 1000, 0) + 'k').join(', ')})` : '';
  const cpu = r.cpu === undefined || r.cpuRatio === undefined ? '—' : `${fmt(r.cpu, 2)} (${fmt(r.cpuRatio, 2)}×)`;
  return `| ${r.stream.name} | ${r.client.id} | ${rate}${rounds} | ${ratio} | ${cpu} | ${correct} | ${errors}${crash}${timeout} | ${deliveries} |`;
}

async function main(): Promise<void> {
  const only = option('only') ?? ['synthetic', 'real', 'faults'];
  const wanted = option('clients');
  const clients = wanted === undefined ? CLIENTS : CLIENTS.filter((c) => wanted.includes(c.id));
  const updates = positiveInt('BENCH_PEERS_UPDATES', 200_000);
  const rounds = positiveInt('BENCH_PEERS_ROUNDS', 3);
  const peerRounds = positiveInt('BENCH_PEERS_PEER_ROUNDS', 1);
  ensurePeers();
  // kraken-rx runs as users run it: the built bundle (rebuilt only when a source is newer).
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'ensureBuilt.ts')], { cwd: ROOT, stdio: 'inherit' });
  const started = new Date();
  console.log(`# kraken-rx against other Kraken clients — ${machine()}`);
  console.log('');
  for (const line of versions()) console.log(`- ${line}`);
  console.log(`- started ${started.toISOString()}, load average ${loadavg().map((l) => fmt(l, 2)).join(' ')}`);

  if (only.includes('synthetic') || only.includes('real')) {
    console.log('');
    console.log(
      `## Timed streams (${2 * rounds + 1} rounds of the floor, ${rounds} of the simple book and kraken-rx, ${peerRounds} of each peer, ` +
        `interleaved, medians; updates/s from the first book to the book after the last update)`,
    );
    console.log('');
    console.log('| stream | client | updates/s | time ÷ floor | client CPU µs/update (÷ floor) | final top 10 = expected | errors (surfaced unless noted) | books handed to the application |');
    console.log('|---|---|---:|---:|---:|---|---|---:|');
    const streams: Array<{ make: () => TimedStream; clients: ReadonlyArray<ClientSpec>; rounds: number; floorOf?: string }> = [];
    const floors = new Map<string, RoundResult[]>();
    // node-kraken-api cannot verify a two-dict update, and resyncs on each one: it also runs the
    // same stream with those split in two (timed against the floor of the main stream).
    const splitClients = clients.filter((c) => c.id === 'node-kraken-api');
    if (only.includes('synthetic')) {
      for (const depth of [10, 1000]) {
        streams.push({ make: () => syntheticStream(depth, updates), clients, rounds });
        if (splitClients.length > 0) streams.push({ make: () => syntheticStream(depth, updates, true), clients: splitClients, rounds, floorOf: `synthetic depth ${depth}` });
      }
    }
    if (only.includes('real')) for (const file of REAL_RECORDINGS) streams.push({ make: () => realStream(file), clients, rounds });
    const notes: string[] = [];
    for (const { make, clients: streamClients, rounds: streamRounds, floorOf } of streams) {
      const stream = make();
      const byClient = new Map<ClientSpec, RoundResult[]>(streamClients.map((c) => [c, []]));
      // Rounds interleave the clients, so that load from elsewhere on the machine falls on all of them.
      // The floor does the least work, so the machine's noise moves it most: it runs more rounds.
      const roundsOf = (client: ClientSpec) => (client.id === 'floor' ? 2 * streamRounds + 1 : client.peer ? Math.min(streamRounds, peerRounds) : streamRounds);
      const most = Math.max(...streamClients.map(roundsOf));
      for (let round = 0; round < most; round++) {
        for (const client of streamClients) {
          if (round < roundsOf(client)) byClient.get(client)!.push(await timedRound(stream, client));
        }
      }
      const floor = floorOf !== undefined ? floors.get(floorOf) : [...byClient].find(([c]) => c.id === 'floor')?.[1];
      if (floor !== undefined && floorOf === undefined) floors.set(stream.name, floor);
      for (const client of streamClients) {
        const result = summarize(stream, client, byClient.get(client)!, floor);
        console.log(timedRow(result));
        const { report } = result;
        if (report.errorCount > 0 || report.crash !== undefined || result.wrongPairs.length > 0) {
          const first = [...new Map(report.errors.map((e) => [e.name, `${e.name}: ${e.message}`])).values()];
          const wrong = result.wrongPairs.map((p) => `${p}: got ${describeTop(report.final[p])}, expected ${describeTop(stream.expected[p])}`);
          notes.push(`- ${stream.name}, ${client.id}: ${[...first, ...wrong, report.crash ?? ''].filter((x) => x !== '').join(' | ')}`);
        }
      }
    }
    if (notes.length > 0) {
      console.log('');
      console.log('Errors and wrong books (first errors of each run; the top levels held vs expected):');
      console.log('');
      for (const note of notes) console.log(note);
    }
  }

  if (only.includes('faults')) {
    const faultClients = clients.filter((c) => c.faults);
    const { frames } = syntheticBookFrames({ depth: 10, updates: FAULT_UPDATES, seed: 7 });
    const stream = prepareBookStream(frames);
    const expected = expectedBooks(frames, 10);
    console.log('');
    console.log(`## Faults (depth 10, ${fmt(FAULT_UPDATES)} updates at max rate, the fault at update ${fmt(FAULT_AT)}; the clients run side by side, one server each)`);
    console.log('');
    const kinds: FaultKind[] = ['checksum', 'drop', 'stall', 'garbage'];
    const verdicts = new Map<string, Map<FaultKind, FaultVerdict>>();
    const details: string[] = [];
    for (const kind of kinds) {
      const results = await Promise.all(faultClients.map((client) => faultRun(client, stream, expected, kind)));
      for (const result of results) {
        const verdict = judge(result);
        if (!verdicts.has(result.client.id)) verdicts.set(result.client.id, new Map());
        verdicts.get(result.client.id)!.set(kind, verdict);
        const timeline = result.events
          .map((e) => `${result.faultAt === undefined ? '' : fmt((e.at - result.faultAt) / 1000, 2) + 's'} #${e.connection} ${e.what}`)
          .join('; ');
        details.push(`- ${result.client.id}, ${kind}: server saw: ${timeline}; errors: ${result.report.errors.map((e) => `${e.name}: ${e.message}`).join(' | ') || 'none'}`);
      }
    }
    console.log('| client | corrupted checksum | dropped connection | 10 s stall | garbage frame |');
    console.log('|---|---|---|---|---|');
    for (const client of faultClients) {
      const v = verdicts.get(client.id)!;
      const cell = (kind: FaultKind) => {
        const verdict = v.get(kind)!;
        return `${verdict.pass ? 'yes' : '**no**'}: ${verdict.text}`;
      };
      console.log(`| ${client.id} | ${kinds.map(cell).join(' | ')} |`);
    }
    console.log('');
    console.log('Timelines (seconds from the fault, connection number):');
    console.log('');
    for (const line of details) console.log(line);
  }
  console.log('');
  console.log(`Finished ${new Date().toISOString()} (${fmt((Date.now() - started.getTime()) / 1000, 0)} s), load average ${loadavg().map((l) => fmt(l, 2)).join(' ')}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
