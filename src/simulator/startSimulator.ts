import { resolveConfig } from './config';
import { SimulatorServer } from './simulatorServer';
import type { Simulator, SimulatorOptions } from './types';

/**
 * Starts the embedded Kraken WebSocket API v1 simulator on 127.0.0.1: a seeded, deterministic
 * market with deep books for a set of pairs, served on the public endpoint (`url`), the private
 * endpoint (`authUrl`: `openOrders`, `ownTrades` and trading requests for one simulated account
 * whose orders trade against the simulated books) and REST (`restUrl`: `/0/public/AssetPairs`,
 * `/0/public/OHLC` and `POST /0/private/GetWebSocketsToken`, which verifies `API-Sign` like
 * Kraken), with fault injection and introspection.
 *
 * Behaviour follows the protocol reference (docs: Kraken WebSocket v1): `systemStatus` on
 * connect, `ping`/`pong`, subscription validation with Kraken's error texts, one
 * `subscriptionStatus` per pair, heartbeats on idle subscribed connections, the five public
 * channels with book updates computed per subscribed depth (republishes flagged `"r"`,
 * two-dict messages, CRC32 checksums), and REST history continuous with the live candles.
 *
 * @example
 * ```ts
 * import { startSimulator } from 'kraken-rx/simulator';
 *
 * const sim = await startSimulator({ seed: 7, paused: true });
 * // ... connect a client to sim.url, subscribe, then drive the market:
 * sim.market.step(10);
 * console.log(sim.trueBook('XBT/USD', 10));
 *
 * // Private side: a token (or sign GetWebSocketsToken with SIMULATOR_TEST_CREDENTIALS),
 * // then connect to sim.authUrl, subscribe to openOrders and send addOrder with it.
 * const token = sim.issueToken();
 * sim.placeOrder({ pair: 'XBT/USD', type: 'sell', ordertype: 'market', volume: '0.5' }); // another trader
 * console.log(sim.orders(), sim.ownTrades());
 * await sim.close();
 * ```
 * @param options See {@link SimulatorOptions}; every field is optional.
 * @returns A promise of the running {@link Simulator}, resolved once the port is bound.
 * @throws InvalidArgumentError (synchronously rejected promise) for an invalid option.
 * @category Simulator
 * @since 0.1.0
 */
export async function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  const server = new SimulatorServer(resolveConfig(options));
  await server.listen();
  return server;
}
