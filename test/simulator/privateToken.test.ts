import { SIMULATOR_TEST_CREDENTIALS, startSimulator, type Simulator } from '../../src/simulator';
import { ManualClock, T0 } from './support/manualClock';
import { fetchToken, nextNonce, requestToken, sign, subscribePrivate, TOKEN_PATH } from './support/privateSupport';
import { TestClient, until } from './support/testClient';

describe('simulator REST GetWebSocketsToken', () => {
  let sim: Simulator;
  const clock = new ManualClock(T0);
  const clients: TestClient[] = [];

  beforeEach(async () => {
    clock.now = T0;
    sim = await startSimulator({ seed: 3, paused: true, historyMinutes: 2, pairs: ['XBT/USD'], clock: clock.read });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await sim.close();
  });

  it("the test helper's signer reproduces Kraken's published vector", () => {
    expect(
      sign(
        '/0/private/AddOrder',
        '1616492376594',
        'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25',
        'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==',
      ),
    ).toBe('4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==');
  });

  it('issues a token for a correctly signed request: {"error":[],"result":{"token","expires":900}}', async () => {
    const r = await requestToken(sim);
    expect(r.status).toBe(200);
    expect(r.body.error).toEqual([]);
    expect(r.body.result?.expires).toBe(900);
    expect(r.body.result?.token).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(Object.keys(r.body)).toEqual(['error', 'result']);
    const again = await requestToken(sim);
    expect(again.body.result?.token).not.toBe(r.body.result?.token);
  });

  it('lists every token it issued, REST and issueToken() alike, expired and revoked ones included', async () => {
    const a = await fetchToken(sim);
    const b = sim.issueToken();
    sim.faults.expireTokens();
    clock.now = T0 + 3_600_000; // long past their lifetime: pruned from the store, still listed
    const c = await fetchToken(sim);
    expect(sim.issuedTokens()).toEqual([a, b, c]);
  });

  it('accepts more form fields (signed over the whole body) and a JSON body', async () => {
    const nonce = nextNonce();
    expect((await requestToken(sim, { nonce, body: `nonce=${nonce}&otp=123456` })).body.error).toEqual([]);
    const n2 = nextNonce();
    const json = await requestToken(sim, { nonce: n2, body: JSON.stringify({ nonce: n2 }), contentType: 'application/json' });
    expect(json.body.error).toEqual([]);
  });

  it('refuses an unknown or missing key with EAPI:Invalid key', async () => {
    expect((await requestToken(sim, { apiKey: 'someone-else' })).body).toEqual({ error: ['EAPI:Invalid key'] });
    expect((await requestToken(sim, { apiKey: '' })).body).toEqual({ error: ['EAPI:Invalid key'] });
  });

  it('refuses a bad signature with EAPI:Invalid signature, without consuming the nonce', async () => {
    const nonce = nextNonce();
    const wrongSecret = Buffer.alloc(64, 7).toString('base64');
    expect((await requestToken(sim, { nonce, secret: wrongSecret })).body).toEqual({ error: ['EAPI:Invalid signature'] });
    expect((await requestToken(sim, { nonce, signature: 'garbage' })).body).toEqual({ error: ['EAPI:Invalid signature'] });
    // Signed over another body than the one sent.
    const n = nextNonce();
    expect((await requestToken(sim, { nonce: n, body: `nonce=${n}&x=1`, signature: sign(TOKEN_PATH, n, `nonce=${n}`, SIMULATOR_TEST_CREDENTIALS.apiSecret) })).body).toEqual({
      error: ['EAPI:Invalid signature'],
    });
    // The refused requests did not use up their nonce.
    expect((await requestToken(sim, { nonce })).body.error).toEqual([]);
  });

  it('refuses a nonce that does not increase, or a missing one, with EAPI:Invalid nonce', async () => {
    const nonce = nextNonce();
    expect((await requestToken(sim, { nonce })).body.error).toEqual([]);
    expect((await requestToken(sim, { nonce })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await requestToken(sim, { nonce: String(BigInt(nonce) - 1n) })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await requestToken(sim, { nonce: 'abc', body: 'x=1' })).body).toEqual({ error: ['EAPI:Invalid nonce'] });
    expect((await requestToken(sim, { nonce: String(BigInt(nonce) + 1n) })).body.error).toEqual([]);
  });

  it('answers GET with EGeneral:Invalid method (405)', async () => {
    const r = await requestToken(sim, { method: 'GET' });
    expect(r).toEqual({ status: 405, body: { error: ['EGeneral:Invalid method'] } });
  });

  it('a token opens a private subscription; an unknown or missing token does not', async () => {
    const token = await fetchToken(sim);
    const c = await TestClient.connect(sim.authUrl);
    clients.push(c);
    expect(await subscribePrivate(c, 'openOrders', 'not-a-token', {}, 1)).toEqual({
      errorMessage: 'ESession:Invalid session',
      event: 'subscriptionStatus',
      reqid: 1,
      status: 'error',
      subscription: { name: 'openOrders', token: 'not-a-token' },
    });
    c.send({ event: 'subscribe', reqid: 2, subscription: { name: 'ownTrades' } });
    expect(await c.event('subscriptionStatus', (m) => m['reqid'] === 2)).toMatchObject({ errorMessage: 'ESession:Invalid session', status: 'error' });
    expect(await subscribePrivate(c, 'openOrders', token, {}, 3)).toEqual({
      channelName: 'openOrders',
      event: 'subscriptionStatus',
      reqid: 3,
      status: 'subscribed',
      subscription: { maxratecount: 125, name: 'openOrders' },
    });
  });

  it('a token must be used within tokenTtlMs; once a subscription holds it, it lives as long as that connection', async () => {
    const token = await fetchToken(sim);
    const late = await fetchToken(sim);
    const a = await TestClient.connect(sim.authUrl);
    clients.push(a);
    expect(await subscribePrivate(a, 'openOrders', token, {}, 1)).toMatchObject({ status: 'subscribed' });
    clock.advance(900_000);
    // Past its lifetime: the held token still works, on this and on other connections.
    expect(await subscribePrivate(a, 'ownTrades', token, {}, 2)).toMatchObject({ status: 'subscribed' });
    const b = await TestClient.connect(sim.authUrl);
    clients.push(b);
    expect(await subscribePrivate(b, 'openOrders', token, {}, 3)).toMatchObject({ status: 'subscribed' });
    // The unused one expired.
    expect(await subscribePrivate(b, 'ownTrades', late, {}, 4)).toMatchObject({ errorMessage: 'ESession:Invalid session' });
    await a.close();
    await b.close();
    await until(() => sim.connectionCount === 0, 2000, 'the server to see both closes');
    const c = await TestClient.connect(sim.authUrl);
    clients.push(c);
    expect(await subscribePrivate(c, 'openOrders', token, {}, 5)).toMatchObject({ errorMessage: 'ESession:Invalid session' });
  });

  it('honours tokenTtlMs and custom credentials, and rejects a secret that is not base64', async () => {
    const credentials = { apiKey: 'my-key', apiSecret: Buffer.from('my secret bytes').toString('base64') };
    const own = await startSimulator({ paused: true, historyMinutes: 1, pairs: ['XBT/USD'], credentials, tokenTtlMs: 60_000 });
    try {
      const ok = await requestToken(own, { apiKey: 'my-key', secret: credentials.apiSecret });
      expect(ok.body.result?.expires).toBe(60);
      expect((await requestToken(own)).body).toEqual({ error: ['EAPI:Invalid key'] });
    } finally {
      await own.close();
    }
    await expect(startSimulator({ credentials: { apiKey: 'k', apiSecret: 'not base64!' } })).rejects.toThrow(/apiSecret/);
    await expect(startSimulator({ tokenTtlMs: 0 })).rejects.toThrow(/tokenTtlMs/);
  });

  it('issueToken() gives a token without REST', async () => {
    const c = await TestClient.connect(sim.authUrl);
    clients.push(c);
    expect(await subscribePrivate(c, 'ownTrades', sim.issueToken())).toMatchObject({ status: 'subscribed' });
  });
});
