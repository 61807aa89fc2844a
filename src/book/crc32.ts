/**
 * CRC-32 machinery for the incremental book checksum (internal).
 *
 * A level caches the CRC32 of its checksum fragment; the book's CRC is combined from those
 * without touching their bytes again:
 *   crc(A ‖ B) = Z_len(B)(crc(A)) xor crc(B),
 * where Z_L is the (linear) CRC register update by L zero bytes, applied with four 256-entry
 * byte tables per L. Combining a fragment costs four table reads, less than a tenth of one
 * zlib.crc32 call.
 */

/** The reflected CRC-32 (IEEE 802.3, zlib's) byte table. @internal */
export const CRC_TABLE: Int32Array = /* @__PURE__ */ (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Longest fragment with its own table; longer ones compose (never seen in Kraken data). */
export const MAX_SHIFT = 128;

/** Z_L for L = 0..(filled so far); filled on first use, up to MAX_SHIFT. */
const shiftTables: Int32Array[] = [];

/** The byte tables of Z_length (length ≤ MAX_SHIFT). @internal */
export function shiftTable(length: number): Int32Array {
  let k = shiftTables.length;
  if (k === 0) {
    const identity = new Int32Array(1024);
    for (let byte = 0; byte < 4; byte++) for (let b = 0; b < 256; b++) identity[byte * 256 + b] = b << (8 * byte);
    shiftTables.push(identity);
    k = 1;
  }
  for (; k <= length; k++) {
    const previous = shiftTables[k - 1]!;
    const next = new Int32Array(1024);
    for (let e = 0; e < 1024; e++) {
      const v = previous[e]!;
      next[e] = CRC_TABLE[v & 0xff]! ^ (v >>> 8);
    }
    shiftTables.push(next);
  }
  return shiftTables[length]!;
}

/** Applies Z_L given its tables. @internal */
export function applyShift(t: Int32Array, c: number): number {
  return t[c & 0xff]! ^ t[256 + ((c >>> 8) & 0xff)]! ^ t[512 + ((c >>> 16) & 0xff)]! ^ t[768 + (c >>> 24)]!;
}

/** Z_(2^i) for i = 0, 1, ...: built by squaring, on first use. */
const powerTables: Int32Array[] = [];

function powerTable(i: number): Int32Array {
  for (let k = powerTables.length; k <= i; k++) {
    if (k === 0) {
      powerTables.push(shiftTable(1));
      continue;
    }
    const half = powerTables[k - 1]!;
    const next = new Int32Array(1024);
    for (let byte = 0; byte < 4; byte++) {
      for (let b = 0; b < 256; b++) next[byte * 256 + b] = applyShift(half, applyShift(half, b << (8 * byte)));
    }
    powerTables.push(next);
  }
  return powerTables[i]!;
}

/**
 * The CRC register after `length` zero bytes, from `crc`, for any length: one table per set
 * bit of `length` (so only 4 KB per power of two is ever built).
 * @internal
 */
export function shiftByZeros(crc: number, length: number): number {
  for (let i = 0; length > 0; i++, length >>>= 1) if (length & 1) crc = applyShift(powerTables[i] ?? powerTable(i), crc);
  return crc;
}
