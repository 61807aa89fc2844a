/**
 * Base64 without Node's Buffer, so the library runs in browsers. Strict: the decoder accepts
 * only the standard alphabet with correct padding (an API secret with a typo fails loudly
 * instead of signing with the wrong key).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encodes bytes as standard padded base64. @internal */
export function encodeBase64(bytes: Uint8Array): string {
  const char = (n: number, shift: number): string => ALPHABET.charAt((n >> shift) & 63);
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += char(n, 18) + char(n, 12) + char(n, 6) + char(n, 0);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${char(n, 18)}${char(n, 12)}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${char(n, 18)}${char(n, 12)}${char(n, 6)}=`;
  }
  return out;
}

/** Decodes standard padded base64; `undefined` when the text is not valid base64. @internal */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!STRICT.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = LOOKUP.get(text[i] as string) ?? 0;
    const b = LOOKUP.get(text[i + 1] as string) ?? 0;
    const c = LOOKUP.get(text[i + 2] as string) ?? 0;
    const d = LOOKUP.get(text[i + 3] as string) ?? 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
