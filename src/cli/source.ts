import { startSimulator } from '../simulator';
import type { KrakenClientConfig } from '../client/clientConfig';
import { createKrakenClient } from '../client/createKrakenClient';
import type { KrakenClient } from '../client/krakenClient';
import { nodeWebSocketFactory } from '../transport/nodeWebSocket';
import { countingWebSocketFactory } from './countingWebSocket';
import { LIVE_URLS, type MarketSource } from './args';

/**
 * An open market data source: its endpoints, a label for humans, and how to release it.
 * @internal
 */
export interface OpenSource {
  readonly url: string;
  readonly restUrl: string;
  /** `simulator ws://127.0.0.1:PORT`, `Kraken wss://ws.kraken.com`, or the URL. */
  readonly label: string;
  close(): Promise<void>;
}

/** Starts the embedded simulator when asked to, else just names the endpoints. @internal */
export async function openSource(source: MarketSource): Promise<OpenSource> {
  switch (source.kind) {
    case 'live':
      return { ...LIVE_URLS, label: `Kraken ${LIVE_URLS.url}`, close: () => Promise.resolve() };
    case 'url':
      return { url: source.url, restUrl: source.restUrl, label: source.url, close: () => Promise.resolve() };
    case 'simulator': {
      const sim = await startSimulator({ seed: source.seed, eventsPerSecond: source.eventsPerSecond });
      return { url: sim.url, restUrl: sim.restUrl, label: `simulator ${sim.url}`, close: () => sim.close() };
    }
  }
}

/**
 * A client for an open source. `onFrame`, when given, is called for every frame received.
 * @internal
 */
export function clientFor(source: OpenSource, config: KrakenClientConfig & { readonly onFrame?: () => void }): KrakenClient {
  const { onFrame, ...rest } = config;
  return createKrakenClient({
    url: source.url,
    restUrl: source.restUrl,
    lingerMs: 0,
    ...(onFrame === undefined ? {} : { webSocket: countingWebSocketFactory(nodeWebSocketFactory, onFrame) }),
    ...rest,
  });
}
