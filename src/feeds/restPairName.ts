import { catchError, map, of, type Observable } from 'rxjs';
import type { AssetPairs } from '../protocol/restMessages';

/**
 * The REST name (`XBTUSD`) of a WebSocket pair name (`XBT/USD`): Kraken's REST endpoints take
 * REST names, translated with AssetPairs (cached by the client). If AssetPairs cannot be read,
 * the WebSocket name is tried as is.
 * @internal
 */
export function restPairName(assetPairs: () => Observable<AssetPairs>, wsname: string): Observable<string> {
  return assetPairs().pipe(
    map((pairs) => Object.values(pairs).find((p) => p.wsname === wsname)?.altname ?? wsname),
    catchError(() => of(wsname)),
  );
}
