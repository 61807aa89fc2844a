import WebSocket from 'ws';
import type { Simulator } from '../../simulator';
import { parseSimulateArgs, runSimulate, SIMULATE_USAGE } from './simulate';

function io(stop?: Promise<unknown>, onStarted?: (sim: Simulator) => void) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), ...(stop ? { stop } : {}), ...(onStarted ? { onStarted } : {}) },
  };
}

describe('kraken-rx simulate', () => {
  it('prints usage for --help and exits 0', async () => {
    const t = io();
    expect(await runSimulate(['--help'], t.io)).toBe(0);
    expect(t.out).toEqual([SIMULATE_USAGE]);
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--rate', '-1']],
    [['--pairs', ',']],
    [['--bogus']],
    [['extra']],
  ])('rejects %j with exit code 2 and the usage', async (argv) => {
    const t = io();
    expect(await runSimulate(argv, t.io)).toBe(2);
    expect(t.err[0]).toMatch(/^kraken-rx simulate: /);
    expect(t.err[1]).toBe(SIMULATE_USAGE);
  });

  it('exits 1 when the simulator cannot start', async () => {
    const t = io();
    expect(await runSimulate(['--pairs', 'nope'], t.io)).toBe(1);
    expect(t.err[0]).toMatch(/could not start/);
  });

  it('parses every option', () => {
    expect(parseSimulateArgs(['--port', '8080', '--seed', '7', '--pairs', 'XBT/USD, ETH/USD', '--rate', '2.5', '--paused', '--host', '::1'])).toEqual({
      port: 8080,
      seed: 7,
      pairs: ['XBT/USD', 'ETH/USD'],
      eventsPerSecond: 2.5,
      paused: true,
      host: '::1',
    });
    expect(parseSimulateArgs([])).toEqual({});
  });

  it('starts, prints its URLs, serves clients and stops cleanly when asked', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let url = '';
    const t = io(stopped, (sim) => (url = sim.url));
    const run = runSimulate(['--seed', '7', '--pairs', 'XBT/USD,ETH/USD', '--rate', '5'], t.io);
    while (url === '') await new Promise((r) => setTimeout(r, 10));
    expect(t.out[0]).toBe('Kraken v1 simulator (seed 7, 2 pairs: XBT/USD, ETH/USD, 5 events/s per pair)');
    expect(t.out[1]).toBe(`  public   ${url}`);
    expect(t.out[2]).toBe(`  private  ${url}/auth`);
    expect(t.out[3]).toBe(`  REST     ${url.replace('ws://', 'http://')}`);
    const ws = new WebSocket(url);
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (d: Buffer) => resolve(d.toString('utf8')));
      ws.once('error', reject);
    });
    expect(JSON.parse(first)).toMatchObject({ event: 'systemStatus', status: 'online' });
    const closed = new Promise((r) => ws.once('close', r));
    stop();
    expect(await run).toBe(0);
    await closed;
    expect(t.out.at(-1)).toBe('Simulator stopped.');
  });

  it('stops on SIGINT when no stop promise is given, and removes its signal listeners', async () => {
    const before = process.listenerCount('SIGINT');
    const beforeTerm = process.listenerCount('SIGTERM');
    let started = false;
    const t = io(undefined, () => (started = true));
    const run = runSimulate(['--pairs', 'XBT/USD', '--paused'], t.io);
    while (!started) await new Promise((r) => setTimeout(r, 10));
    expect(t.out[0]).toMatch(/paused\)$/);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(await run).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm);
  });
});
