/**
 * Where the peer clients are installed (bench/peers/node_modules, from bench/peers/package.json),
 * and how their numbers are compared.
 */
import * as path from 'node:path';

/** bench/peers, from the path of the client script being run (no import.meta, no __dirname). */
export function peersDir(): string {
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot tell where bench/peers is: no script path in process.argv');
  return path.resolve(path.dirname(script), '..');
}

/** A number as a plain decimal string (no exponent), from its shortest round-trip form. */
export function plainNumber(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const mantissa = s.slice(0, e);
  const exponent = Number(s.slice(e + 1));
  const negative = mantissa.startsWith('-');
  const body = negative ? mantissa.slice(1) : mantissa;
  const dot = body.indexOf('.');
  const digitsOnly = body.replace('.', '');
  const point = (dot < 0 ? body.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digitsOnly}`;
  else if (point >= digitsOnly.length) out = digitsOnly + '0'.repeat(point - digitsOnly.length);
  else out = `${digitsOnly.slice(0, point)}.${digitsOnly.slice(point)}`;
  return negative ? `-${out}` : out;
}
