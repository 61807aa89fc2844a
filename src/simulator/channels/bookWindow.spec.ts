import fc from 'fast-check';
import { BookSide, type Side } from '../market/bookSide';
import type { BookChangeNotice } from '../market/pairMarket';
import { BookWindow } from './bookWindow';

const FORMAT = { priceDecimals: 1, wsPriceDecimals: 1, lotDecimals: 8 };

/** A client applying one side's entries in order, then truncating to depth (reference 6.5). */
class ClientSide {
  readonly levels = new Map<string, string>();
  constructor(
    private readonly side: Side,
    private readonly depth: number,
  ) {}

  apply(entries: readonly string[]): void {
    for (const e of entries) {
      const [price, volume] = JSON.parse(e) as [string, string];
      if (Number(volume) === 0) this.levels.delete(price);
      else this.levels.set(price, volume);
    }
    const sorted = [...this.levels.keys()].sort((a, b) => (this.side === 'a' ? Number(a) - Number(b) : Number(b) - Number(a)));
    for (const p of sorted.slice(this.depth)) this.levels.delete(p);
  }

  view(): string[] {
    return [...this.levels.entries()]
      .sort(([a], [b]) => (this.side === 'a' ? Number(a) - Number(b) : Number(b) - Number(a)))
      .map(([p, v]) => `${p}:${v}`);
  }
}

function truth(book: BookSide, depth: number): string[] {
  return book.top(depth).map((l) => `${l.priceText}:${l.volumeText}`);
}

/** Applies `ops` (price, lots) as one message to a side, feeding the window. */
function message(book: BookSide, window: BookWindow, ops: readonly (readonly [number, number])[], time: number): string[] {
  for (const [price, lots] of ops) {
    if (lots === 0 && book.rankOf(price) < 0) continue;
    const r = book.set(price, lots, time);
    const notice: BookChangeNotice = { side: book.side, book, ...r };
    window.onChange(notice);
  }
  const taken = window.take();
  return [...(book.side === 'a' ? taken.asks : taken.bids)];
}

function setup(side: Side, prices: number[], depth: number): { book: BookSide; window: BookWindow; client: ClientSide } {
  const book = new BookSide(side, FORMAT);
  for (const p of prices) book.set(p, 100_000_000, 1_000_000);
  const client = new ClientSide(side, depth);
  client.apply(book.top(depth).map((l) => `["${l.priceText}","${l.volumeText}","${l.timeText}"]`));
  return { book, window: new BookWindow(depth), client };
}

describe('BookWindow', () => {
  it('sends an insert inside the window and nothing for the level it pushes out', () => {
    const { book, window, client } = setup('a', [10, 20, 30, 40], 3);
    const entries = message(book, window, [[15, 50_000_000]], 2_000_000);
    expect(entries).toEqual(['["1.5","0.50000000","2.000000"]']);
    client.apply(entries);
    expect(client.view()).toEqual(truth(book, 3));
  });

  it('sends nothing for a change beyond the window', () => {
    const { book, window } = setup('b', [40, 30, 20, 10], 2);
    expect(message(book, window, [[10, 7], [5, 9], [20, 0]], 2_000_000)).toEqual([]);
  });

  it('sends a delete inside the window with the entering level republished with its old timestamp', () => {
    const { book, window, client } = setup('b', [40, 30, 20, 10], 2);
    const entries = message(book, window, [[40, 0]], 2_000_000);
    expect(entries).toEqual(['["4.0","0.00000000","2.000000"]', '["2.0","1.00000000","1.000000","r"]']);
    client.apply(entries);
    expect(client.view()).toEqual(truth(book, 2));
  });

  it('deletes a pushed-out level the client still holds when the truth deletes it in the same message', () => {
    // depth 2: insert 5 pushes 20 out (client still holds it until truncation), 20 is then
    // deleted, then 10 is deleted: 30 must enter, and 20 must not survive truncation.
    const { book, window, client } = setup('a', [10, 20, 30, 40], 2);
    const entries = message(book, window, [[5, 1], [20, 0], [10, 0]], 2_000_000);
    client.apply(entries);
    expect(client.view()).toEqual(truth(book, 2));
    expect(entries).toContain('["2.0","0.00000000","2.000000"]');
  });

  it('keeps any client equal to the true top-depth over random multi-change messages (property)', () => {
    const op = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 })));
    fc.assert(
      fc.property(
        fc.constantFrom<Side>('a', 'b'),
        fc.integer({ min: 1, max: 6 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 0, maxLength: 20 }),
        fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 25 }),
        (side, depth, initial, messages) => {
          const { book, window, client } = setup(side, initial, depth);
          let t = 2_000_000;
          for (const ops of messages) {
            client.apply(message(book, window, ops, (t += 10)));
            expect(client.view()).toEqual(truth(book, depth));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
