import { resolveConfig } from '../config';
import { isBase64Secret, krakenSignature, SIMULATOR_TEST_CREDENTIALS, verifyKrakenSignature } from './credentials';
import { fillAmounts, statusDescription } from './order';
import { cancelPenalty, editPenalty, RateCounter } from './rateCounter';
import { TokenStore } from './tokens';

// Kraken's published API-Sign vector (protocol reference 10.3).
const VECTOR = {
  secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
  nonce: '1616492376594',
  postData: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
  path: '/0/private/AddOrder',
  sign: '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
};

describe('API-Sign verification', () => {
  it("reproduces Kraken's published vector", () => {
    expect(krakenSignature(VECTOR.path, VECTOR.nonce, VECTOR.postData, VECTOR.secret)).toBe(VECTOR.sign);
    expect(verifyKrakenSignature(VECTOR.sign, VECTOR.path, VECTOR.nonce, VECTOR.postData, VECTOR.secret)).toBe(true);
  });

  it.each([
    ['another path', { path: '/0/private/GetWebSocketsToken' }],
    ['another nonce', { nonce: '1616492376595' }],
    ['another body', { postData: VECTOR.postData.replace('1.25', '1.26') }],
    ['another secret', { secret: SIMULATOR_TEST_CREDENTIALS.apiSecret }],
  ])('refuses the vector signature for %s', (_what, change) => {
    const v = { ...VECTOR, ...change };
    expect(verifyKrakenSignature(VECTOR.sign, v.path, v.nonce, v.postData, v.secret)).toBe(false);
  });

  it('refuses truncated, padded or non-canonical base64 signatures', () => {
    const args = [VECTOR.path, VECTOR.nonce, VECTOR.postData, VECTOR.secret] as const;
    expect(verifyKrakenSignature(VECTOR.sign.slice(0, -4), ...args)).toBe(false);
    expect(verifyKrakenSignature(`${VECTOR.sign}AAAA`, ...args)).toBe(false);
    expect(verifyKrakenSignature(`  ${VECTOR.sign}`, ...args)).toBe(false);
    expect(verifyKrakenSignature('', ...args)).toBe(false);
  });

  it('the default test credentials are Kraken-shaped: a 56-character key and a 64-byte base64 secret', () => {
    expect(SIMULATOR_TEST_CREDENTIALS.apiKey).toHaveLength(56);
    expect(isBase64Secret(SIMULATOR_TEST_CREDENTIALS.apiSecret)).toBe(true);
    expect(Buffer.from(SIMULATOR_TEST_CREDENTIALS.apiSecret, 'base64')).toHaveLength(64);
    expect(isBase64Secret('not base64!')).toBe(false);
    expect(isBase64Secret('')).toBe(false);
  });
});

describe('TokenStore', () => {
  it('a token is valid until its lifetime ends, unless a connection holds it; revocation ends everything', () => {
    let now = 1_000_000;
    const store = new TokenStore(() => now, 900_000);
    const a = store.issue('k');
    const b = store.issue('k');
    expect(a.token).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(store.check(a.token)).toBe(a);
    expect(store.check('nope')).toBeUndefined();
    expect(store.check(undefined)).toBeUndefined();
    const holder = {};
    store.bind(a, holder);
    now += 900_000;
    expect(store.check(a.token)).toBe(a);
    expect(store.check(b.token)).toBeUndefined();
    store.release(holder);
    expect(store.check(a.token)).toBeUndefined();
    const c = store.issue('k');
    store.bind(c, holder);
    store.expireAll();
    expect(store.check(c.token)).toBeUndefined();
    expect(store.validCount).toBe(0);
  });
});

describe('RateCounter', () => {
  it('counts, decays per second and refuses what would pass the threshold', () => {
    let now = 0;
    const r = new RateCounter({ maxCount: 3, decayPerSecond: 1 }, () => now);
    expect(r.maxCount).toBe(3);
    expect([r.tryAdd('X', 1), r.tryAdd('X', 1), r.tryAdd('X', 1), r.tryAdd('X', 1)]).toEqual([true, true, true, false]);
    expect(r.current('X')).toBe(3);
    expect(r.tryAdd('Y', 1)).toBe(true); // per pair
    now += 1500;
    expect(r.current('X')).toBe(1);
    expect(r.tryAdd('X', 1)).toBe(true);
    r.add('X', 8);
    expect(r.current('X')).toBe(10);
    expect(new RateCounter(false, () => 0).tryAdd('X', 1_000_000)).toBe(true);
  });

  it('edit and cancel penalties follow the reference table', () => {
    expect([0, 5000, 10_000, 15_000, 45_000, 90_000].map(editPenalty)).toEqual([6, 5, 4, 2, 1, 0]);
    expect([4999, 9999, 14_999, 44_999, 89_999, 299_999, 300_000].map(cancelPenalty)).toEqual([8, 6, 5, 4, 2, 1, 0]);
  });
});

describe('fill amounts and descriptions', () => {
  const pairs = resolveConfig({ pairs: ['XBT/USD', 'ETH/USD', 'ETH/XBT'] }).pairs;
  const [xbt, eth, ethxbt] = [pairs[0]!, pairs[1]!, pairs[2]!];

  it('reproduces recorded cost and fee roundings (0.16 % maker, 0.26 % taker)', () => {
    // Recorded ETH/USD fill: 0.01 @ 1967.68 -> cost 19.67680, fee 0.03148 (maker 0.16 %).
    expect(fillAmounts(eth, 196768, 1_000_000, 1600n)).toEqual({ cost: 1967680n, fee: 3148n });
    // Recorded XBT/USD market order: 0.0001 @ 26425.2 -> cost 2.64252, fee 0.00687 (taker 0.26 %).
    expect(fillAmounts(xbt, 264252, 10_000, 2600n)).toEqual({ cost: 264252n, fee: 687n });
    // Half-up: 0.00000001 ETH @ 0.06500 XBT -> 6.5e-10 -> 0.0000000007 (10 cost decimals).
    expect(fillAmounts(ethxbt, 6500, 1, 2600n)).toEqual({ cost: 7n, fee: 0n });
  });

  it('writes addOrderStatus descriptions like Kraken (altname, lot decimals, pair decimals)', () => {
    expect(statusDescription(xbt, 'buy', 200_000, 'limit', 98570)).toBe('buy 0.00200000 XBTUSD @ limit 9857.0');
    expect(statusDescription(xbt, 'sell', 10_000, 'market', undefined)).toBe('sell 0.00010000 XBTUSD @ market');
  });
});
