/**
 * The shared secrets check (leakCheck.ts) must be able to fail: each test plants a secret
 * where a careless change could put one, and expects the check to find it, without printing
 * the secret in its own failure message.
 */
import { inspect } from 'node:util';
import { firstValueFrom, throwError } from 'rxjs';
import { createKrakenClient } from '../../src/client/createKrakenClient';
import { SIMULATOR_TEST_CREDENTIALS, startSimulator, type Simulator } from '../../src/simulator';
import { createFakeKrakenClient } from '../../src/testing/fakeKrakenClient';
import { createLeakCheck } from './leakCheck';

describe('the shared secrets check finds a planted secret', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('in a recorded error, even when only util.inspect shows it (a property of a cause)', () => {
    const check = createLeakCheck();
    const cause = Object.assign(new Error('fetch failed'), { request: { headers: { 'API-Key': SIMULATOR_TEST_CREDENTIALS.apiKey } } });
    const error = new Error('boom', { cause });
    expect(String(error) + JSON.stringify(error) + error.message).not.toContain(SIMULATOR_TEST_CREDENTIALS.apiKey);
    check.record('a test subscription error', error);
    expect(check.findLeaks()).toEqual([
      { secret: 'API key', where: 'a test subscription error', view: 'util.inspect' },
      { secret: 'API key', where: 'a test subscription error', view: 'util.inspect showHidden' },
    ]);
  });

  it('in console output, and its failure message names the leak but never prints the secret', () => {
    const check = createLeakCheck();
    const original = console.warn;
    console.warn = () => undefined; // the capture calls through: keep the planted line off the test output
    const restore = check.captureConsole();
    try {
      console.warn(`signing with ${SIMULATOR_TEST_CREDENTIALS.apiSecret}`);
    } finally {
      restore();
      console.warn = original;
    }
    let thrown: unknown;
    try {
      check.assertNoLeaks();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toContain('the API secret in console.warn (text)');
    expect((thrown as Error).message).not.toContain(SIMULATOR_TEST_CREDENTIALS.apiSecret);
  });

  it('a token the simulator issued, in a status value; values already checked are not checked again', async () => {
    sim = await startSimulator({ seed: 1, paused: true, pairs: ['XBT/USD'], historyMinutes: 1 });
    const check = createLeakCheck();
    check.watchSimulator(sim);
    check.record('status$', { state: 'reconnecting', error: { reason: 'closed' } });
    expect(check.findLeaks()).toEqual([]);
    const token = sim.issueToken();
    check.record('privateStatus$', { state: 'closed', reason: 'gave-up', note: `token=${token}` });
    expect(check.findLeaks().map((l) => [l.secret, l.where])).toContainEqual(['token issued by the simulator (#1)', 'privateStatus$']);
    expect(check.findLeaks()).toEqual([]);
    expect(check.findLeaks({ all: true })).not.toEqual([]);
  });

  it('the error a subscription of a watched client ends with, and the client object itself', async () => {
    const check = createLeakCheck();
    const token = 'c2VjcmV0LXRva2VuLW9mLWEtdGVzdA';
    check.addSecrets('planted token', token);
    const kraken = check.watchClient(createFakeKrakenClient({ addOrder: throwError(() => new Error(`refused: ${token}`)) }));
    await firstValueFrom(kraken.addOrder({ ordertype: 'market', type: 'buy', pair: 'XBT/USD', volume: '1' })).catch(() => undefined);
    expect(check.findLeaks()).toContainEqual({ secret: 'planted token', where: 'kraken.addOrder() error', view: 'message' });

    const real = createKrakenClient({ liveness: false });
    const watched = createLeakCheck();
    watched.watchClient(real);
    expect(watched.findLeaks()).toEqual([]);
    // A secret reachable from the client object (as a careless refactor could leave one).
    Object.assign(real, { debug: { lastToken: token } });
    watched.addSecrets('planted token', token);
    expect(watched.findLeaks()).toContainEqual({ secret: 'planted token', where: 'the client', view: 'util.inspect' });
    expect(inspect(real, { depth: 10 })).toContain(token);
    real.close();
  });
});
