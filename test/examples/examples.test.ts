/**
 * Every example program runs against the embedded simulator and shows what it promises.
 * They run as users run them (`tsx examples/<name>.ts`), side by side, each for a few seconds.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function runExample(name: string, args: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join('examples', name), ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`examples/${name} failed: ${error.message}\n${stdout}\n${stderr}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

describe('examples/', () => {
  let outputs: Record<string, string>;

  beforeAll(async () => {
    const names = ['tour.ts', 'verifiedBook.ts', 'candlesStrategy.ts', 'trading.ts'] as const;
    const args: Record<(typeof names)[number], string[]> = {
      'tour.ts': ['--seconds', '4'],
      'verifiedBook.ts': ['--seconds', '5'],
      'candlesStrategy.ts': ['--seconds', '12'], // at least one closed 5-second candle
      'trading.ts': [],
    };
    const results = await Promise.all(names.map((name) => runExample(name, args[name])));
    outputs = Object.fromEntries(names.map((name, i) => [name, results[i] as string]));
  }, 90_000);

  it('tour.ts: the README strategy prints the book against the 20-minute average', () => {
    expect(outputs['tour.ts']).toMatch(/^(above|below) the 20-minute average: \d+(\.\d+)? \d+\.\d$/m);
  });

  it('verifiedBook.ts: verified books, a corrupted checksum, a resync, and books again', () => {
    const lines = outputs['verifiedBook.ts']!.split('\n');
    const fault = lines.findIndex((l) => l.startsWith('fault'));
    expect(lines.slice(0, fault).some((l) => /^book {3}ETH\/USD bid \d+\.\d+ ask \d+\.\d+ spread \d+\.\d+ crc \d+$/.test(l))).toBe(true);
    expect(fault).toBeGreaterThan(0);
    const after = lines.slice(fault);
    const resync = after.findIndex((l) => l === 'sync   ETH/USD resyncing (checksum)');
    expect(resync).toBeGreaterThan(0);
    expect(after.slice(resync).some((l) => l === 'sync   ETH/USD synced')).toBe(true);
    expect(after.slice(resync).some((l) => l.startsWith('book   ETH/USD'))).toBe(true);
  });

  it('candlesStrategy.ts: closed 5-second candles from trades', () => {
    expect(outputs['candlesStrategy.ts']).toMatch(/^candle \d\d:\d\d:\d[05] o \d+\.\d+ h \d+\.\d+ l \d+\.\d+ c \d+\.\d+ v \d+\.\d+ \(\d+ trades\)$/m);
  });

  it('trading.ts: an order placed, filled (ownTrades) and another canceled, on the simulator', () => {
    const out = outputs['trading.ts']!;
    expect(out).toMatch(/^ownTrades {3}buy 0\.01000000 @ \d+\.\d+ fee \d+\.\d+ \(order O[A-Z0-9-]+\)$/m);
    expect(out).toMatch(/^cancelOrder O[A-Z0-9-]+ canceled \(User requested\)$/m);
    expect(out).toMatch(/^simulator {3}orders: O[A-Z0-9-]+ closed, O[A-Z0-9-]+ canceled$/m);
  });
});
