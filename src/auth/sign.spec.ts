import * as fc from 'fast-check';
import { AuthenticationError } from '../errors';
import { decodeBase64, encodeBase64 } from './base64';
import { signKrakenRequest } from './sign';

// Kraken's published AddOrder vector (protocol reference 10.3).
const VECTOR = {
  secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
  nonce: '1616492376594',
  postData: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
  path: '/0/private/AddOrder',
  sign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
};

describe('signKrakenRequest', () => {
  it("reproduces Kraken's published API-Sign vector", async () => {
    await expect(signKrakenRequest(VECTOR)).resolves.toBe(VECTOR.sign);
  });

  it('gives the same signature for the decoded secret bytes', async () => {
    const bytes = decodeBase64(VECTOR.secret);
    expect(bytes).toBeDefined();
    await expect(signKrakenRequest({ ...VECTOR, secret: bytes as Uint8Array })).resolves.toBe(VECTOR.sign);
  });

  it('changes when any input changes', async () => {
    const variants = [
      { ...VECTOR, path: '/0/private/GetWebSocketsToken' },
      { ...VECTOR, nonce: '1616492376595' },
      { ...VECTOR, postData: VECTOR.postData.replace('1.25', '1.26') },
    ];
    for (const v of variants) await expect(signKrakenRequest(v)).resolves.not.toBe(VECTOR.sign);
  });

  it('agrees with node:crypto for arbitrary inputs', async () => {
    // node:crypto only in the test, as an independent reference implementation.
    const { createHash, createHmac } = await import('node:crypto');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.string(), fc.string(), fc.nat(), async (key, path, body, n) => {
        const secret = Buffer.from(key).toString('base64');
        const nonce = String(n);
        const inner = createHash('sha256').update(nonce + body, 'utf8').digest();
        const expected = createHmac('sha512', Buffer.from(key)).update(Buffer.concat([Buffer.from(path, 'utf8'), inner])).digest('base64');
        expect(await signKrakenRequest({ path, nonce, postData: body, secret })).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a secret that is not base64 without showing it', async () => {
    const secret = 'not base64 at all!!';
    const error = await signKrakenRequest({ ...VECTOR, secret }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).info.reason).toBe('invalid-credentials');
    expect((error as AuthenticationError).message).not.toContain(secret);
  });

  it('fails with webcrypto-unavailable when the runtime has no globalThis.crypto', async () => {
    const noCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const failure = await signKrakenRequest(VECTOR).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AuthenticationError);
      expect((failure as AuthenticationError).info.reason).toBe('webcrypto-unavailable');
    } finally {
      if (noCrypto !== undefined) Object.defineProperty(globalThis, 'crypto', noCrypto);
    }
  });
});

describe('base64', () => {
  it('round-trips and matches Buffer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(decodeBase64(text) ?? [-1])).toEqual(Array.from(bytes));
      }),
    );
  });

  it.each(['abc', 'ab=c', 'a===', '@@@@', 'YQ', 'YQ=', 'Y Q=='])('rejects %j', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
