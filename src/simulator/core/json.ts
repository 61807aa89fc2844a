/**
 * Serialisation of server event objects the way Kraken writes them: compact JSON with the keys
 * of every object in alphabetical order (as in every recorded `systemStatus`,
 * `subscriptionStatus`, `pong` and `error`), and unsigned 64-bit ids written as bare integers.
 * @internal
 */

/** A value written verbatim into the JSON text (used for u64 integers beyond 2^53). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON with alphabetically sorted object keys; {@link RawJson} values are inlined. */
export function sortedJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
