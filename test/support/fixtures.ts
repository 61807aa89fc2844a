import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The shared folder of real recorded Kraken traffic, read where it is (never copied). */
export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');

/** The JSON Lines fixture files (every recording; not the checksum vector). */
export function fixtureFiles(prefix = 'kraken-'): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))
    .sort();
}

/** The frames of one fixture file, one per line, exactly as recorded. */
export function fixtureFrames(file: string): string[] {
  return readFileSync(path.join(FIXTURES_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Parsed JSON of a non-JSONL fixture. */
export function fixtureJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) as T;
}
