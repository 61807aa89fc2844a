import { firstValueFrom, map } from 'rxjs';
import { MessageRateLimitError } from '../../src/errors';
import { errorOf, startHarness, takeValues, type SimHarness } from '../support/simulatorClient';

describe('ping against the embedded simulator', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it('a ping Kraken refuses with "Exceeded msg rate" fails with MessageRateLimitError, not a timeout; the feeds go on', async () => {
    h = await startHarness({}, { subscriptions: { rateLimitPauseMs: 100 }, pingTimeoutMs: 5_000 });
    await takeValues(h.kraken.spread('XBT/USD'), 1);
    h.sim.faults.messageRateLimit({ count: 1 });
    const error = await errorOf(h.kraken.ping());
    // Kraken's refusal itself, not the ping timeout's HeartbeatTimeoutError.
    expect(error).toBeInstanceOf(MessageRateLimitError);
    expect((error as MessageRateLimitError).info).toMatchObject({ request: 'ping', outcome: 'refused' });
    // The next ping, after the pause, is answered; the spread feed never stopped.
    expect(await firstValueFrom(h.kraken.ping())).toBeGreaterThanOrEqual(0);
    const pairs = await takeValues(h.kraken.spread('XBT/USD').pipe(map((s) => s.pair)), 2);
    expect(pairs).toEqual(['XBT/USD', 'XBT/USD']);
  });
});
