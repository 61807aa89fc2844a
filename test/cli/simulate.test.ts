import { jsonLines, killAll, runCli, startCli } from './support';

describe('kraken-rx simulate (child process)', () => {
  afterAll(async () => killAll());

  it('prints its three URLs, serves the seeded market to watch, REST AssetPairs, and stops cleanly on SIGINT', async () => {
    const sim = startCli(['simulate', '--seed', '7', '--pairs', 'XBT/USD,ETH/USD', '--rate', '20']);
    const [, publicUrl] = await sim.waitFor(/public\s+(ws:\/\/127\.0\.0\.1:\d+)\n/);
    const [, privateUrl] = await sim.waitFor(/private\s+(ws:\/\/\S+)/);
    const [, restUrl] = await sim.waitFor(/REST\s+(http:\/\/\S+)/);
    expect(privateUrl).toBe(`${publicUrl!}/auth`);

    const watched = await runCli(['watch', 'ticker', 'ETH/USD', '--url', publicUrl!, '--count', '2']);
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const tickers = jsonLines(watched.stdout);
    expect(tickers).toHaveLength(2);
    for (const ticker of tickers) {
      expect(ticker).toMatchObject({ pair: 'ETH/USD' });
      expect(JSON.stringify(ticker)).toMatch(/"price":"\d+\.\d+"/);
    }

    const response = await fetch(`${restUrl!}/0/public/AssetPairs`);
    const body = (await response.json()) as { error: unknown[]; result: Record<string, { wsname: string }> };
    expect(body.error).toEqual([]);
    expect(Object.values(body.result).map((p) => p.wsname).sort()).toEqual(['ETH/USD', 'XBT/USD']);

    const stopped = await sim.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/Simulator stopped\.\n$/);
    expect(stopped.stderr).toBe('');
  });

  it('refuses a bad option with a clear message and a non-zero exit', async () => {
    const result = await runCli(['simulate', '--rate', 'fast']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--rate/);
  });
});
