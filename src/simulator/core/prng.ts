/**
 * A small, fast, seeded pseudo-random generator (mulberry32) and the integer helpers the
 * simulator draws from it.
 *
 * Every random choice in the simulator goes through a {@link Prng}, so a run is fully
 * determined by its seed. Values are produced with integer arithmetic only (no `Math.log`/
 * `Math.exp`), so the same seed gives the same sequence on every platform.
 * @internal
 */
export class Prng {
  private state: number;

  /** @param seed any 32-bit integer (other numbers are truncated to 32 bits). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness (exactly k / 2^32). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). `max - min` must stay below 2^32. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** An integer in [min, max] for ranges up to 2^53 (two draws). */
  bigInt(min: number, max: number): number {
    if (max <= min) return min;
    const range = max - min + 1;
    if (range <= 4294967296) return this.int(min, max);
    const r = this.nextUint32() * 4294967296 + this.nextUint32(); // < 2^64, float
    return min + Math.floor((r / 18446744073709551616) * range);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An unsigned 64-bit integer as a decimal string (for ids such as `connectionID`). */
  uint64String(): string {
    const hi = BigInt(this.nextUint32());
    const lo = BigInt(this.nextUint32());
    return ((hi << 32n) | lo).toString();
  }
}

/**
 * Mixes a seed and a label (e.g. a pair name) into an independent 32-bit seed (FNV-1a over the
 * label, then a murmur3 finaliser), so each pair has its own stream and adding a pair does not
 * change the others' events.
 * @internal
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
