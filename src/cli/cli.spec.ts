import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadStream, WriteStream } from 'node:tty';
import { MAIN_USAGE, runCli } from './cli';
import type { CliIo } from './io';
import { CLI_VERSION } from './version';

function capture(extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), stop: new Promise(() => undefined), ...extra };
  return { out, err, io };
}

describe('runCli', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(CLI_VERSION).toBe(pkg.version);
    for (const flag of ['--version', '-v']) {
      const t = capture();
      expect(await runCli([flag], t.io)).toBe(0);
      expect(t.out).toEqual([pkg.version]);
    }
  });

  it('prints the main usage with every command and examples', async () => {
    const t = capture();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out).toEqual([MAIN_USAGE]);
    for (const command of ['dashboard', 'watch', 'record', 'simulate']) expect(MAIN_USAGE).toContain(`  ${command}`);
    expect(MAIN_USAGE).toContain('Examples:');
  });

  it.each(['dashboard', 'watch', 'record', 'simulate'])('prints the usage of %s with examples for --help and -h', async (command) => {
    for (const flag of ['--help', '-h']) {
      const t = capture();
      expect(await runCli([command, flag], t.io)).toBe(0);
      expect(t.out).toHaveLength(1);
      expect(t.out[0]).toMatch(new RegExp(`^Usage: kraken-rx ${command}`));
      expect(t.out[0]).toContain('Examples:');
      expect(t.out[0]).toContain(`kraken-rx ${command} `);
      expect(t.err).toEqual([]);
    }
  });

  it('exits 2 for an unknown command or option', async () => {
    const t = capture();
    expect(await runCli(['bogus'], t.io)).toBe(2);
    expect(t.err[0]).toBe('kraken-rx: unknown command "bogus" (commands: dashboard, watch, record, simulate)');
    const u = capture();
    expect(await runCli(['record', '--out'], u.io)).toBe(2);
    expect(u.err[0]).toMatch(/^kraken-rx record: Option '-o, --out <value>' argument missing/);
    expect(u.err[1]).toBe('Run "kraken-rx record --help" for usage.');
  });

  it('exits 2 for bad arguments of a command, 1 for a recording it cannot replay', async () => {
    const depth = capture();
    expect(await runCli(['watch', 'book', 'XBT/USD', '--depth', '42'], depth.io)).toBe(2);
    expect(depth.err).toEqual(['kraken-rx watch: --depth must be one of Kraken\'s book depths 10, 25, 100, 500, 1000, got "42"', 'Run "kraken-rx watch --help" for usage.']);
    const speed = capture();
    expect(await runCli(['simulate', '--replay', 'x.jsonl', '--speed', '2', '--max-rate'], speed.io)).toBe(2);
    expect(speed.err[0]).toBe('kraken-rx simulate: --speed and --max-rate cannot be used together');
    const unreadable = capture();
    const sources = path.resolve(__dirname, '../../../shared/fixtures/SOURCES.md');
    expect(await runCli(['simulate', '--replay', sources], unreadable.io)).toBe(1);
    expect(unreadable.err[0]).toMatch(/^kraken-rx simulate: cannot replay .*SOURCES\.md: Invalid recording: got "\d+ lines", expected at least one channel data frame/);
    const missing = capture();
    expect(await runCli(['simulate', '--replay', '/nonexistent/x.jsonl'], missing.io)).toBe(1);
    expect(missing.err[0]).toMatch(/ENOENT/);
  });

  it('runs the dashboard when given no command, or only options', async () => {
    const t = capture();
    expect(await runCli(['--depth', 'x'], t.io)).toBe(2);
    expect(t.err[0]).toMatch(/^kraken-rx dashboard: --depth must be an integer/);
  });
});

describe('the full-screen dashboard', () => {
  /** A terminal of 100 x 30 that records what is written and how raw mode is set. */
  function fakeTerminal() {
    const written: string[] = [];
    const stdout = Object.assign(new EventEmitter(), { columns: 100, rows: 30, isTTY: true, write: (text: string) => (written.push(text), true) });
    const rawModes: boolean[] = [];
    const stdin = Object.assign(new EventEmitter(), {
      isTTY: true,
      isRaw: false,
      setRawMode(mode: boolean) {
        rawModes.push(mode);
        this.isRaw = mode;
        return this;
      },
      resume() {
        return this;
      },
      pause() {
        return this;
      },
    });
    return { written, rawModes, stdout, stdin, terminal: { stdout: stdout as unknown as WriteStream, stdin: stdin as unknown as ReadStream } };
  }

  it('draws frames on the alternate screen and restores the terminal when q is pressed', async () => {
    const fake = fakeTerminal();
    const t = capture({ terminal: fake.terminal });
    const exited = runCli(['dashboard', '--candles', '5', '--seed', '4'], t.io);
    const deadline = Date.now() + 15_000;
    // Wait for a frame with the book in it, then quit.
    while (!fake.written.some((w) => w.includes('spread')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    fake.stdin.emit('keypress', 'q', { name: 'q', sequence: 'q' });
    expect(await exited).toBe(0);
    expect(fake.written[0]).toBe('\x1b[?1049h\x1b[?25l\x1b[H\x1b[J');
    const frame = fake.written.find((w) => w.includes('spread')) ?? '';
    expect(frame.startsWith('\x1b[H')).toBe(true);
    expect(frame.split('\r\n')).toHaveLength(30);
    expect(frame).toContain('\x1b[31m'); // colours on a terminal
    expect(fake.written.at(-1)).toBe('\x1b[?25h\x1b[?1049l');
    expect(fake.rawModes).toEqual([true, false]);
    expect(fake.stdin.listenerCount('keypress')).toBe(0);
    expect(fake.stdout.listenerCount('resize')).toBe(0);
    expect(t.err).toEqual([]);
  });

  it('restores the terminal and reports the error when a feed fails', async () => {
    const fake = fakeTerminal();
    const t = capture({ terminal: fake.terminal });
    expect(await runCli(['dashboard', '--pair', 'DOT/USD'], t.io)).toBe(1);
    expect(fake.written.at(-1)).toBe('\x1b[?25h\x1b[?1049l');
    expect(fake.rawModes).toEqual([true, false]);
    expect(t.err[0]).toMatch(/^kraken-rx dashboard: .*Currency pair not supported DOT\/USD/);
  });
});
