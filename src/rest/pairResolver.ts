import { defer, map, of, share, take, tap, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors/protocolErrors';
import type { AssetPairs } from '../protocol/restMessages';

/**
 * Kraken's legacy asset codes and their common names. Each pair's WebSocket name is also
 * reachable through these aliases (`BTC/USD` → `XBT/USD`) when that is unambiguous.
 */
const ALIASES: ReadonlyArray<readonly [legacy: string, common: string]> = [
  ['XBT', 'BTC'],
  ['XDG', 'DOGE'],
];

/**
 * A lookup from every name of a pair to its WebSocket name (`wsname`), built once from the
 * AssetPairs result by {@link createPairIndex}.
 * @category Client
 * @since 0.1.0
 */
export interface PairIndex {
  /** Upper-cased exact names (key, altname, wsname, wsname without `/`) → wsname. */
  readonly exact: ReadonlyMap<string, string>;
  /** Upper-cased alias names (`BTC/USD`, `BTCUSD`, `DOGEUSD`, ...) → every wsname they could mean. */
  readonly aliases: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every wsname. */
  readonly wsnames: ReadonlySet<string>;
}

/**
 * Builds a {@link PairIndex} from Kraken's AssetPairs result. Pairs without a `wsname` are
 * left out (they cannot be used on the WebSocket API).
 * @example
 * ```ts
 * const index = createPairIndex(assetPairs);
 * resolvePair('XXBTZUSD', index); // 'XBT/USD'
 * ```
 * @category Client
 * @since 0.1.0
 */
export function createPairIndex(pairs: AssetPairs): PairIndex {
  const exact = new Map<string, string>();
  const aliases = new Map<string, Set<string>>();
  const wsnames = new Set<string>();
  for (const [key, pair] of Object.entries(pairs)) {
    const wsname = pair.wsname;
    if (wsname === undefined || wsname === '') continue;
    wsnames.add(wsname);
    for (const name of [wsname, wsname.replace('/', ''), key, pair.altname]) exact.set(name.toUpperCase(), wsname);
    const slash = wsname.indexOf('/');
    if (slash < 0) continue;
    for (const base of spellings(wsname.slice(0, slash))) {
      for (const quote of spellings(wsname.slice(slash + 1))) {
        for (const alias of [`${base}/${quote}`, `${base}${quote}`]) {
          const upper = alias.toUpperCase();
          let set = aliases.get(upper);
          if (set === undefined) aliases.set(upper, (set = new Set()));
          set.add(wsname);
        }
      }
    }
  }
  return { exact, aliases, wsnames };
}

/** An asset code and its alias, if it has one. */
function spellings(code: string): string[] {
  const out = [code];
  for (const [legacy, common] of ALIASES) {
    if (code.toUpperCase() === legacy) out.push(common);
    else if (code.toUpperCase() === common) out.push(legacy);
  }
  return out;
}

/**
 * Whether a pair name needs the AssetPairs data to be resolved: names without `/` do; a name
 * with `/` is taken as a WebSocket name and passed to Kraken unchanged (Kraken's
 * `subscriptionStatus` is the authority on it), so no REST call is made for it.
 * @example
 * ```ts
 * needsPairResolution('XBT/USD'); // false
 * needsPairResolution('XBTUSD');  // true
 * ```
 * @category Client
 * @since 0.1.0
 */
export function needsPairResolution(name: string): boolean {
  return !name.includes('/');
}

/**
 * Finds the WebSocket name a pair name means, or `undefined`. Exact names (Kraken's key
 * `XXBTZUSD`, the altname `XBTUSD`, the wsname `XBT/USD`, any case) win over aliases
 * (`BTC/USD`, `BTCUSD`, `DOGE/USD`); an alias that could mean several pairs matches none.
 * @example
 * ```ts
 * lookupPair('btcusd', createPairIndex(assetPairs)); // 'XBT/USD'
 * ```
 * @category Client
 * @since 0.1.0
 */
export function lookupPair(name: string, index: PairIndex): string | undefined {
  const upper = name.trim().toUpperCase();
  const exact = index.exact.get(upper);
  if (exact !== undefined) return exact;
  const candidates = index.aliases.get(upper);
  if (candidates !== undefined && candidates.size === 1) return [...candidates][0];
  return undefined;
}

/**
 * Resolves any name of a pair (`XBT/USD`, `XBTUSD`, `XXBTZUSD`, `BTC/USD`, `BTCUSD`) to its
 * WebSocket name, from the AssetPairs data.
 *
 * With `strict: true`, only WebSocket names are accepted, and a name in another form that
 * exists fails with a hint naming the wsname: `Unknown pair "XBTUSD": did you mean "XBT/USD"?`.
 *
 * @example
 * ```ts
 * const index = createPairIndex(assetPairs);
 * resolvePair('XBTUSD', index);                    // 'XBT/USD'
 * resolvePair('XBTUSD', index, { strict: true });  // throws InvalidArgumentError (did you mean "XBT/USD"?)
 * ```
 * @param name The pair name the user gave.
 * @param index The index of the AssetPairs result.
 * @param options `strict`: accept WebSocket names only (default false).
 * @return The wsname.
 * @throws {InvalidArgumentError} When the name is unknown or ambiguous (or not a wsname with `strict`).
 * @category Client
 * @since 0.1.0
 */
export function resolvePair(name: string, index: PairIndex, options: { readonly strict?: boolean } = {}): string {
  if (typeof name !== 'string' || name.trim() === '') throw new InvalidArgumentError('pair', name, 'a pair name such as "XBT/USD"');
  if (options.strict === true) {
    if (index.wsnames.has(name)) return name;
    throw unknownPair(name, index);
  }
  const found = lookupPair(name, index);
  if (found !== undefined) return found;
  throw unknownPair(name, index);
}

/**
 * The hint to add when Kraken refuses a pair name: `did you mean "XBT/USD"?` when the name is
 * another form of a known pair, the candidates when it is ambiguous, else `undefined`.
 * @example
 * ```ts
 * pairHint('XBTUSD', createPairIndex(assetPairs)); // 'did you mean "XBT/USD"?'
 * ```
 * @category Client
 * @since 0.1.0
 */
export function pairHint(name: string, index: PairIndex): string | undefined {
  const found = lookupPair(name, index);
  if (found !== undefined && found !== name) return `did you mean "${found}"?`;
  const candidates = index.aliases.get(name.trim().toUpperCase());
  if (candidates !== undefined && candidates.size > 1) {
    return `it could mean ${[...candidates]
      .sort()
      .map((c) => `"${c}"`)
      .join(' or ')}`;
  }
  return undefined;
}

function unknownPair(name: string, index: PairIndex): InvalidArgumentError {
  const hint = pairHint(name, index);
  const error = new InvalidArgumentError(
    'pair',
    name,
    'a Kraken WebSocket pair name (wsname) such as "XBT/USD"',
    `Unknown pair ${JSON.stringify(name)}: ${hint ?? "it is none of Kraken's AssetPairs (kraken.assetPairs() lists them, each with its wsname)"}`,
  );
  return error;
}

/** Kraken's 4-letter legacy asset codes (`XXBT`, `ZUSD`) and the code of the WebSocket name. */
const LEGACY_CODES: ReadonlyMap<string, string> = new Map([
  ['XXBT', 'XBT'],
  ['XETH', 'ETH'],
  ['XXDG', 'XDG'],
  ['XLTC', 'LTC'],
  ['XXRP', 'XRP'],
  ['XXLM', 'XLM'],
  ['XETC', 'ETC'],
  ['XZEC', 'ZEC'],
  ['XXMR', 'XMR'],
  ['XREP', 'REP'],
  ['XMLN', 'MLN'],
  ['ZUSD', 'USD'],
  ['ZEUR', 'EUR'],
  ['ZGBP', 'GBP'],
  ['ZCAD', 'CAD'],
  ['ZJPY', 'JPY'],
  ['ZCHF', 'CHF'],
  ['ZAUD', 'AUD'],
]);

/** Codes Kraken quotes pairs in (the end of a REST name such as `XBTUSD`). */
const QUOTE_CODES: readonly string[] = ['USD', 'EUR', 'GBP', 'CAD', 'JPY', 'CHF', 'AUD', 'AED', 'XBT', 'BTC', 'ETH', 'USDT', 'USDC', 'USDG', 'PYUSD', 'DAI', 'DOT', 'XDG', 'DOGE'];

/** Quote codes and legacy quote codes, longest first (`USDT` before `USD`, `ZUSD` before `USD`). */
const QUOTE_SUFFIXES: readonly string[] = [...QUOTE_CODES, ...[...LEGACY_CODES.keys()]].sort((a, b) => b.length - a.length);

/** The WebSocket v1 spelling of one asset code: legacy prefix dropped, `BTC` → `XBT`, `DOGE` → `XDG`. */
function wsCode(code: string): string {
  const plain = LEGACY_CODES.get(code) ?? code;
  for (const [legacy, common] of ALIASES) if (plain === common) return legacy;
  return plain;
}

/**
 * Guesses the WebSocket name of a REST pair name without any data: splits off a known quote
 * currency (`USD`, `EUR`, `XBT`, `USDT`, ... or a legacy `ZUSD`, `XXBT`), drops the `X`/`Z`
 * prefix of a 4-letter legacy code and spells Bitcoin and Dogecoin as v1 does (`XBT`, `XDG`).
 * Used for the hint of `pairNames: 'strict'`, which never calls the network; the guess is not
 * checked against Kraken's pairs (`kraken.resolvePair()` does that, from AssetPairs).
 * @example
 * ```ts
 * guessWsPairName('XBTUSD');   // 'XBT/USD'
 * guessWsPairName('XXBTZUSD'); // 'XBT/USD'
 * guessWsPairName('ETHXBT');   // 'ETH/XBT'
 * guessWsPairName('FOOBAR');   // undefined
 * ```
 * @param name A pair name without `/`.
 * @return `BASE/QUOTE`, or `undefined` when no known quote ends the name (or it has a `/`).
 * @category Client
 * @since 0.1.0
 */
export function guessWsPairName(name: string): string | undefined {
  const upper = name.trim().toUpperCase();
  if (upper.includes('/')) return undefined;
  for (const suffix of QUOTE_SUFFIXES) {
    if (upper.length - suffix.length >= 2 && upper.endsWith(suffix)) {
      return `${wsCode(upper.slice(0, -suffix.length))}/${wsCode(suffix)}`;
    }
  }
  return undefined;
}

/**
 * The error of `pairNames: 'strict'` for a pair name that is not in WebSocket form (`XBTUSD`):
 * made locally, with no network call, with a hint from {@link guessWsPairName} when the name
 * splits into a known base and quote.
 * @example
 * ```ts
 * nonWsPairNameError('XBTUSD').message;
 * // 'Invalid pair: got "XBTUSD", expected a WebSocket pair name (wsname). did you mean "XBT/USD"?'
 * ```
 * @param name The pair name the user gave.
 * @return An {@link InvalidArgumentError} naming the WebSocket form.
 * @category Client
 * @since 0.1.0
 */
export function nonWsPairNameError(name: string): InvalidArgumentError {
  const guess = guessWsPairName(name);
  return new InvalidArgumentError(
    'pair',
    name,
    'a WebSocket pair name (wsname)',
    guess === undefined
      ? 'The WebSocket form is BASE/QUOTE with Kraken\'s codes, e.g. "XBT/USD" (kraken.resolvePair() looks other names up in AssetPairs)'
      : `did you mean "${guess}"?`,
  );
}

/**
 * Resolves pair names to WebSocket names on demand.
 * @category Client
 * @since 0.1.0
 */
export interface PairResolver {
  /**
   * A cold Observable of the wsname for `name`: a name with `/` is passed through as is
   * (no REST call); any other name is looked up in AssetPairs, fetched once on first need
   * and kept (a failed fetch is retried by the next call).
   */
  resolve(name: string): Observable<string>;
}

/**
 * Creates a {@link PairResolver} over the AssetPairs REST call.
 * @example
 * ```ts
 * const pairs = createPairResolver(createRestClient());
 * pairs.resolve('XBTUSD').subscribe((wsname) => console.log(wsname)); // 'XBT/USD'
 * pairs.resolve('ETH/EUR').subscribe((wsname) => console.log(wsname)); // 'ETH/EUR', no request
 * ```
 * @param rest Anything with `assetPairs()`, e.g. a {@link KrakenRestClient}.
 * @return A resolver sharing one AssetPairs request among concurrent callers.
 * @category Client
 * @since 0.1.0
 */
export function createPairResolver(rest: { assetPairs(): Observable<AssetPairs> }): PairResolver {
  let cached: PairIndex | undefined;
  // One request in flight for every waiting caller; the index is kept as soon as it arrives
  // (before any caller sees it), so callers that take one value and leave cannot lose it.
  const index$ = rest.assetPairs().pipe(
    map(createPairIndex),
    tap((index) => (cached = index)),
    share(),
  );
  return {
    resolve(name) {
      return defer(() => {
        if (typeof name === 'string' && !needsPairResolution(name)) return of(name);
        const source$ = cached === undefined ? index$.pipe(take(1)) : of(cached);
        return source$.pipe(map((index) => resolvePair(name, index)));
      });
    },
  };
}
