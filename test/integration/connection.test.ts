/**
 * The client's connection against the simulator: Kraken's connection-rate error and its longer
 * backoff, and a WebSocket class given as the `webSocket` option.
 */
import WebSocket from 'ws';
import { ConnectionRateLimitError } from '../../src/errors';
import type { ConnectionStatus } from '../../src/transport/connection';
import { startHarness, takeValues, type SimHarness } from '../support/simulatorClient';

describe('the client connection against the embedded simulator', () => {
  let h: SimHarness;
  afterEach(async () => h.close());

  it("Kraken's connection-rate error: reconnecting with ConnectionRateLimitError after at least the longer minimum delay, then open with data", async () => {
    const rateLimitedMinMs = 400;
    // Ordinary failures would retry within 50 ms: only the rate-limit minimum explains a longer wait.
    h = await startHarness({}, { reconnect: { baseMs: 20, capMs: 50, rateLimitedMinMs } });
    h.sim.faults.connectionRateLimit({ count: 1 });
    const statuses: Array<{ readonly status: ConnectionStatus; readonly at: number }> = [];
    const statusSub = h.kraken.status$.subscribe((status) => statuses.push({ status, at: Date.now() }));
    const [trade] = await takeValues(h.kraken.trades('XBT/USD'), 1);
    expect(trade?.pair).toBe('XBT/USD');
    const i = statuses.findIndex((s) => s.status.state === 'reconnecting');
    const reconnecting = statuses[i]?.status;
    if (reconnecting?.state !== 'reconnecting') throw new Error(`no reconnecting status: ${JSON.stringify(statuses.map((s) => s.status.state))}`);
    expect(reconnecting.error).toBeInstanceOf(ConnectionRateLimitError);
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(rateLimitedMinMs);
    // The next attempt waited that long (a timer may fire a millisecond early), then opened.
    const after = statuses.slice(i + 1);
    expect(after.map((s) => s.status.state)).toEqual(['connecting', 'open']);
    expect((after[0]?.at ?? 0) - (statuses[i]?.at ?? 0)).toBeGreaterThanOrEqual(rateLimitedMinMs - 2);
    expect(statuses.filter((s) => s.status.state === 'reconnecting')).toHaveLength(1);
    statusSub.unsubscribe();
  });

  it('uses a WebSocket class given as the webSocket option (constructed with new, once per connection)', async () => {
    const constructed: string[] = [];
    class CountingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        constructed.push(url);
      }
    }
    h = await startHarness({}, { webSocket: CountingWebSocket });
    const [ticker] = await takeValues(h.kraken.ticker('XBT/USD'), 1);
    expect(ticker?.pair).toBe('XBT/USD');
    expect(constructed).toEqual([h.sim.url]);
  });
});
