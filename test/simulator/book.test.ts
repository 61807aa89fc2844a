import { startSimulator, type Simulator } from '../../src/simulator';
import { ReferenceBook, tableCrc32 } from './support/referenceBook';
import { TestClient } from './support/testClient';

const DEPTHS = [10, 25, 100, 500, 1000] as const;

describe('reference checker self-test', () => {
  it('reproduces Kraken\'s documented checksum vector (974947235)', () => {
    const asks = Array.from({ length: 10 }, (_, i) => `0.0${5005 + i * 5}`);
    const bids = ['0.05000', '0.04995', '0.04990', '0.04980', '0.04975', '0.04970', '0.04965', '0.04960', '0.04955', '0.04950'];
    const strip = (s: string): string => s.replace('.', '').replace(/^0+/, '');
    const text = [...asks, ...bids].map((p) => strip(p) + strip('0.00000500')).join('');
    expect(tableCrc32(text)).toBe(974947235);
  });
});

describe('book feed replayed through an independent reference book', () => {
  let sim: Simulator;
  let client: TestClient;

  afterEach(async () => {
    await client?.close();
    await sim?.close();
  });

  async function replay(seed: number, steps: number): Promise<Map<string, ReferenceBook>> {
    sim = await startSimulator({ seed, paused: true, historyMinutes: 5 });
    client = await TestClient.connect(sim.url);
    const pairs = sim.market.pairs;
    for (const depth of DEPTHS) {
      client.send({ event: 'subscribe', pair: pairs, subscription: { name: 'book', depth } });
    }
    await client.sync(1);
    const books = new Map<string, ReferenceBook>();
    for (const pair of pairs) for (const depth of DEPTHS) books.set(`${pair}|${depth}`, new ReferenceBook(depth));
    let next = 0;
    const feed = (): void => {
      for (; next < client.messages.length; next++) {
        const m = client.messages[next];
        if (!Array.isArray(m)) continue;
        const channelName = m[m.length - 2] as string;
        const book = books.get(`${m[m.length - 1] as string}|${channelName.replace('book-', '')}`);
        if (book === undefined) throw new Error(`unexpected message ${JSON.stringify(m).slice(0, 200)}`);
        if (!book.apply(m)) throw new Error(`checksum mismatch on ${channelName}: ${JSON.stringify(m).slice(0, 400)}`);
      }
    };
    const compare = (step: number): void => {
      for (const pair of pairs) {
        const truth = sim.trueBook(pair, 1000);
        for (const depth of DEPTHS) {
          const ref = books.get(`${pair}|${depth}`) as ReferenceBook;
          const view = ref.view();
          const asks = truth.asks.slice(0, depth);
          const bids = truth.bids.slice(0, depth);
          if (view.asks.length !== depth || view.bids.length !== depth || JSON.stringify(view.asks) !== JSON.stringify(asks) || JSON.stringify(view.bids) !== JSON.stringify(bids)) {
            throw new Error(`book ${pair} depth ${depth} differs from the true book after step ${step}`);
          }
        }
      }
    };
    feed();
    compare(0);
    for (let step = 1; step <= steps; step++) {
      sim.market.step(1);
      await client.sync(1000 + step);
      feed();
      compare(step);
    }
    return books;
  }

  it('keeps every depth of every pair equal to the true book, with every checksum right (seed 7, 300 events per pair)', async () => {
    const books = await replay(7, 300);
    let total = 0;
    for (const [k, book] of books) {
      expect(book.stats.checksumFailures).toBe(0);
      expect(book.isSorted()).toBe(true);
      expect(book.stats.updates).toBeGreaterThan(0);
      total += book.stats.updates;
      if (k.endsWith('|10')) expect(book.stats.republished).toBeGreaterThan(0);
    }
    expect(total).toBeGreaterThan(2000);
    const sum = (depth: number, f: 'republished' | 'twoDict' | 'repeatedPrice' | 'deletes'): number =>
      [...books].filter(([k]) => k.endsWith(`|${depth}`)).reduce((s, [, b]) => s + b.stats[f], 0);
    for (const depth of DEPTHS) {
      // Every window sees deletes and republishes (levels entering from beyond the depth).
      expect(sum(depth, 'deletes')).toBeGreaterThan(0);
      expect(sum(depth, 'republished')).toBeGreaterThan(0);
    }
    expect(sum(10, 'twoDict')).toBeGreaterThan(0);
    expect(sum(10, 'repeatedPrice')).toBeGreaterThan(0);
  });

  it.each([1, 42, 20260101])('holds for seed %i as well (150 events per pair)', async (seed) => {
    const books = await replay(seed, 150);
    for (const book of books.values()) expect(book.stats.checksumFailures).toBe(0);
  });
});
