/**
 * An independent reference implementation of a Kraken v1 book client, used to check the
 * simulator's book feed. It shares no code with the simulator: its own decimal ordering
 * (BigInt keys), its own truncation, and its own table-based CRC32 (not zlib).
 */

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32 (IEEE 802.3, reflected, init and final XOR 0xFFFFFFFF) of an ASCII string. */
export function tableCrc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** An exact ordering key for a decimal string (up to 18 decimals). */
function key(price: string): bigint {
  const [int = '0', frac = ''] = price.split('.');
  return BigInt(int + frac.padEnd(18, '0'));
}

interface RefLevel {
  readonly price: string;
  readonly key: bigint;
  volume: string;
  time: string;
}

/** One side, sorted best first. */
class RefSide {
  readonly levels: RefLevel[] = [];
  constructor(private readonly ascending: boolean) {}

  private better(a: bigint, b: bigint): boolean {
    return this.ascending ? a < b : a > b;
  }

  private index(k: bigint): { i: number; found: boolean } {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = (this.levels[mid] as RefLevel).key;
      if (this.better(m, k)) lo = mid + 1;
      else hi = mid;
    }
    return { i: lo, found: lo < this.levels.length && (this.levels[lo] as RefLevel).key === k };
  }

  apply(price: string, volume: string, time: string): void {
    const k = key(price);
    const { i, found } = this.index(k);
    if (/^0*\.?0*$/.test(volume)) {
      if (found) this.levels.splice(i, 1);
      return;
    }
    if (found) {
      const l = this.levels[i] as RefLevel;
      l.volume = volume;
      l.time = time;
    } else {
      this.levels.splice(i, 0, { price, key: k, volume, time });
    }
  }

  truncate(depth: number): void {
    if (this.levels.length > depth) this.levels.length = depth;
  }

  /** Asserts strict ordering (no duplicates). */
  isSorted(): boolean {
    for (let i = 1; i < this.levels.length; i++) {
      if (!this.better((this.levels[i - 1] as RefLevel).key, (this.levels[i] as RefLevel).key)) return false;
    }
    return true;
  }
}

/** Statistics a test can assert on. */
export interface RefStats {
  updates: number;
  checksumFailures: number;
  republished: number;
  twoDict: number;
  repeatedPrice: number;
  deletes: number;
}

/** A client-side book at one depth, fed with the raw messages of one `book-<depth>` subscription. */
export class ReferenceBook {
  readonly asks = new RefSide(true);
  readonly bids = new RefSide(false);
  readonly stats: RefStats = { updates: 0, checksumFailures: 0, republished: 0, twoDict: 0, repeatedPrice: 0, deletes: 0 };
  private hasSnapshot = false;

  constructor(readonly depth: number) {}

  /** Applies one channel message `[id, payload..., channelName, pair]`; returns false on a checksum mismatch. */
  apply(message: unknown[]): boolean {
    const dicts = message.slice(1, -2) as Record<string, unknown>[];
    const first = dicts[0] as Record<string, unknown>;
    if ('as' in first || 'bs' in first) {
      this.asks.levels.length = 0;
      this.bids.levels.length = 0;
      for (const [p, v, t] of first['as'] as string[][]) this.asks.apply(p as string, v as string, t as string);
      for (const [p, v, t] of first['bs'] as string[][]) this.bids.apply(p as string, v as string, t as string);
      this.hasSnapshot = true;
      return true;
    }
    if (!this.hasSnapshot) throw new Error('update before snapshot');
    this.stats.updates += 1;
    if (dicts.length === 2) this.stats.twoDict += 1;
    let expected: string | undefined;
    for (const d of dicts) {
      for (const sideKey of ['a', 'b'] as const) {
        const entries = d[sideKey] as string[][] | undefined;
        if (entries === undefined) continue;
        const side = sideKey === 'a' ? this.asks : this.bids;
        const seen = new Set<string>();
        for (const e of entries) {
          const [p, v, t, flag] = e as [string, string, string, string?];
          if (flag === 'r') this.stats.republished += 1;
          if (seen.has(p)) this.stats.repeatedPrice += 1;
          seen.add(p);
          if (/^0*\.?0*$/.test(v)) this.stats.deletes += 1;
          side.apply(p, v, t);
        }
        side.truncate(this.depth);
      }
      if (typeof d['c'] === 'string') expected = d['c'];
    }
    if (expected === undefined) throw new Error('update without checksum');
    const ok = String(this.checksum()) === expected;
    if (!ok) this.stats.checksumFailures += 1;
    return ok;
  }

  /** CRC32 of the top 10 asks (ascending) then top 10 bids (descending). */
  checksum(): number {
    const part = (levels: RefLevel[]): string =>
      levels
        .slice(0, 10)
        .map((l) => strip(l.price) + strip(l.volume))
        .join('');
    return tableCrc32(part(this.asks.levels) + part(this.bids.levels));
  }

  /** `[price, volume]` of each side, best first. */
  view(): { asks: [string, string][]; bids: [string, string][] } {
    return {
      asks: this.asks.levels.map((l) => [l.price, l.volume]),
      bids: this.bids.levels.map((l) => [l.price, l.volume]),
    };
  }

  isSorted(): boolean {
    return this.asks.isSorted() && this.bids.isSorted();
  }
}

function strip(s: string): string {
  return s.replace('.', '').replace(/^0+/, '');
}
