import { InvalidArgumentError } from '../errors';
import { parseUnits } from './core/decimal';
import { systemClock, type Clock } from './core/time';
import { isBase64Secret, SIMULATOR_TEST_CREDENTIALS } from './private/credentials';
import type { SimulatorCredentials, SimulatorOptions, SimulatorPairConfig, SimulatorRateLimit } from './types';

/**
 * The built-in pairs, with Kraken's real REST names and decimals: XBT/USD (tick 0.1, shown
 * with 5 decimals on the WebSocket as Kraken does), ETH/USD (0.01, shown with 5), ETH/XBT
 * (5 decimals), XDG/USD (7) and SHIB/EUR (8). Volumes have 8 decimals.
 *
 * @example
 * ```ts
 * const names = DEFAULT_PAIRS.map((p) => p.wsname); // ['XBT/USD', 'ETH/USD', ...]
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export const DEFAULT_PAIRS: readonly SimulatorPairConfig[] = Object.freeze([
  {
    wsname: 'XBT/USD',
    restName: 'XXBTZUSD',
    altname: 'XBTUSD',
    base: 'XXBT',
    quote: 'ZUSD',
    priceDecimals: 1,
    wsPriceDecimals: 5,
    startPrice: '30000.0',
    typicalVolume: '0.5',
    ordermin: '0.0001',
    costmin: '0.5',
  },
  {
    wsname: 'ETH/USD',
    restName: 'XETHZUSD',
    altname: 'ETHUSD',
    base: 'XETH',
    quote: 'ZUSD',
    priceDecimals: 2,
    wsPriceDecimals: 5,
    startPrice: '2000.00',
    typicalVolume: '4',
    ordermin: '0.002',
    costmin: '0.5',
  },
  {
    wsname: 'ETH/XBT',
    restName: 'XETHXXBT',
    altname: 'ETHXBT',
    base: 'XETH',
    quote: 'XXBT',
    priceDecimals: 5,
    startPrice: '0.06500',
    typicalVolume: '3',
    ordermin: '0.002',
    costmin: '0.00002',
    costDecimals: 10,
  },
  {
    wsname: 'XDG/USD',
    restName: 'XDGUSD',
    altname: 'XDGUSD',
    base: 'XXDG',
    quote: 'ZUSD',
    priceDecimals: 7,
    startPrice: '0.1234567',
    typicalVolume: '5000',
    ordermin: '13',
    costmin: '0.5',
  },
  {
    wsname: 'SHIB/EUR',
    restName: 'SHIBEUR',
    altname: 'SHIBEUR',
    base: 'SHIB',
    quote: 'ZEUR',
    priceDecimals: 8,
    startPrice: '0.00002800',
    typicalVolume: '250000',
    levelsPerSide: 1150,
    ordermin: '200000',
    costmin: '0.45',
  },
] satisfies SimulatorPairConfig[]);

/**
 * Defaults of {@link SimulatorOptions}.
 * @example
 * ```ts
 * const sim = await startSimulator({ ...DEFAULT_SIMULATOR_CONFIG, seed: 7 });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export const DEFAULT_SIMULATOR_CONFIG = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  seed: 1,
  eventsPerSecond: 10,
  paused: false,
  heartbeatIntervalMs: 1000,
  idleCloseMs: 60_000,
  tradeSnapshot: false,
  historyMinutes: 1440,
  tradeLogSize: 10_000,
  version: '1.9.2',
  tokenTtlMs: 900_000,
  fees: Object.freeze({ maker: '0.16', taker: '0.26' }),
  tradingRateLimit: Object.freeze({ maxCount: 125, decayPerSecond: 2.34 }),
} as const);

/** A pair configuration with every default filled in and amounts as integers. @internal */
export interface ResolvedPair {
  readonly index: number;
  readonly wsname: string;
  readonly restName: string;
  readonly altname: string;
  readonly base: string;
  readonly quote: string;
  readonly priceDecimals: number;
  readonly wsPriceDecimals: number;
  readonly lotDecimals: number;
  readonly costDecimals: number;
  readonly startTicks: number;
  readonly typicalLots: number;
  readonly levelsPerSide: number;
  /** Largest gap between two generated neighbour levels, in ticks. */
  readonly maxGapTicks: number;
  readonly ordermin: string;
  readonly costmin: string;
}

/** Options with every default filled in. @internal */
export interface ResolvedConfig {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly pairs: readonly ResolvedPair[];
  readonly eventsPerSecond: number;
  readonly paused: boolean;
  readonly heartbeatIntervalMs: number;
  readonly idleCloseMs: number | false;
  readonly tradeSnapshot: number;
  readonly historyMinutes: number;
  readonly tradeLogSize: number;
  readonly version: string;
  readonly clock: Clock;
  readonly credentials: readonly SimulatorCredentials[];
  readonly tokenTtlMs: number;
  /** Fee rates in units of 10^-4 percent (0.26 % = 2600n). */
  readonly makerFee: bigint;
  readonly takerFee: bigint;
  readonly tradingRateLimit: SimulatorRateLimit | false;
}

/** Kraken's pair name shape: `BASE/QUOTE`, letters and digits. @internal */
export const PAIR_NAME = /^[A-Z0-9]{1,12}\/[A-Z0-9]{1,12}$/;

/** Fills in defaults and validates. Throws {@link InvalidArgumentError} on a bad option. @internal */
export function resolveConfig(options: SimulatorOptions = {}): ResolvedConfig {
  const d = DEFAULT_SIMULATOR_CONFIG;
  const port = options.port ?? d.port;
  checkInt('port', port, 0, 65535);
  const seed = options.seed ?? d.seed;
  if (!Number.isInteger(seed)) throw new InvalidArgumentError('seed', seed, 'an integer');
  const eventsPerSecond = options.eventsPerSecond ?? d.eventsPerSecond;
  if (!(eventsPerSecond >= 0 && eventsPerSecond <= 100_000)) {
    throw new InvalidArgumentError('eventsPerSecond', eventsPerSecond, 'a number from 0 to 100000');
  }
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? d.heartbeatIntervalMs;
  checkInt('heartbeatIntervalMs', heartbeatIntervalMs, 1, 3_600_000);
  const idleCloseMs = options.idleCloseMs ?? d.idleCloseMs;
  if (idleCloseMs !== false) checkInt('idleCloseMs', idleCloseMs, 1, 86_400_000);
  const snap = options.tradeSnapshot ?? d.tradeSnapshot;
  const tradeSnapshot = snap === true ? 50 : snap === false ? 0 : snap;
  checkInt('tradeSnapshot', tradeSnapshot, 0, 1000);
  const historyMinutes = options.historyMinutes ?? d.historyMinutes;
  checkInt('historyMinutes', historyMinutes, 0, 60 * 24 * 60);
  const tradeLogSize = options.tradeLogSize ?? d.tradeLogSize;
  checkInt('tradeLogSize', tradeLogSize, 0, 10_000_000);

  const requested = options.pairs ?? DEFAULT_PAIRS;
  if (requested.length === 0) throw new InvalidArgumentError('pairs', requested, 'at least one pair');
  const pairs = requested.map((p, index) => resolvePair(typeof p === 'string' ? pairConfigFor(p) : p, index));
  const seen = new Set<string>();
  for (const p of pairs) {
    for (const name of new Set([p.wsname, p.altname, p.restName])) {
      if (seen.has(name)) throw new InvalidArgumentError('pairs', name, 'distinct pair names');
      seen.add(name);
    }
  }
  const credentials = options.credentials ?? SIMULATOR_TEST_CREDENTIALS;
  if (typeof credentials.apiKey !== 'string' || credentials.apiKey.trim() === '' || credentials.apiKey !== credentials.apiKey.trim()) {
    throw new InvalidArgumentError('credentials.apiKey', '[redacted]', 'a non-empty string without surrounding spaces');
  }
  if (typeof credentials.apiSecret !== 'string' || !isBase64Secret(credentials.apiSecret)) {
    throw new InvalidArgumentError('credentials.apiSecret', '[redacted]', 'a base64 string (Kraken\'s private key format)');
  }
  const tokenTtlMs = options.tokenTtlMs ?? d.tokenTtlMs;
  checkInt('tokenTtlMs', tokenTtlMs, 1, 86_400_000);
  const makerFee = feeRate('fees.maker', options.fees?.maker ?? d.fees.maker);
  const takerFee = feeRate('fees.taker', options.fees?.taker ?? d.fees.taker);
  const rate = options.tradingRateLimit ?? d.tradingRateLimit;
  if (rate !== false) {
    checkInt('tradingRateLimit.maxCount', rate.maxCount, 1, 1_000_000);
    if (!(Number.isFinite(rate.decayPerSecond) && rate.decayPerSecond >= 0 && rate.decayPerSecond <= 1_000_000)) {
      throw new InvalidArgumentError('tradingRateLimit.decayPerSecond', rate.decayPerSecond, 'a non-negative number');
    }
  }
  return {
    credentials: [{ apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }],
    tokenTtlMs,
    makerFee,
    takerFee,
    tradingRateLimit: rate === false ? false : { maxCount: rate.maxCount, decayPerSecond: rate.decayPerSecond },
    port,
    host: options.host ?? d.host,
    seed,
    pairs,
    eventsPerSecond,
    paused: options.paused ?? d.paused,
    heartbeatIntervalMs,
    idleCloseMs,
    tradeSnapshot,
    historyMinutes,
    tradeLogSize,
    version: options.version ?? d.version,
    clock: options.clock ?? systemClock,
  };
}

/**
 * The configuration for a pair given by name: the built-in one when there is one, otherwise
 * one derived from the name (4 price decimals, a start price between 1 and 100 picked from a
 * hash of the name), so load tests can ask for hundreds of pairs by name.
 * @internal
 */
export function pairConfigFor(name: string): SimulatorPairConfig {
  const builtIn = DEFAULT_PAIRS.find((p) => p.wsname === name);
  if (builtIn) return builtIn;
  if (!PAIR_NAME.test(name)) throw new InvalidArgumentError('pairs', name, 'a pair name like "XBT/USD"');
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  const whole = 1 + (h % 100);
  const frac = String((h >>> 8) % 10000).padStart(4, '0');
  return { wsname: name, priceDecimals: 4, startPrice: `${whole}.${frac}`, typicalVolume: '25' };
}

function resolvePair(p: SimulatorPairConfig, index: number): ResolvedPair {
  if (!PAIR_NAME.test(p.wsname)) throw new InvalidArgumentError('pairs[].wsname', p.wsname, 'a pair name like "XBT/USD"');
  const [baseName = '', quoteName = ''] = p.wsname.split('/');
  checkInt(`${p.wsname} priceDecimals`, p.priceDecimals, 0, 12);
  const wsPriceDecimals = p.wsPriceDecimals ?? p.priceDecimals;
  checkInt(`${p.wsname} wsPriceDecimals`, wsPriceDecimals, p.priceDecimals, 12);
  const lotDecimals = p.lotDecimals ?? 8;
  checkInt(`${p.wsname} lotDecimals`, lotDecimals, 0, 10);
  const levelsPerSide = p.levelsPerSide ?? 1200;
  checkInt(`${p.wsname} levelsPerSide`, levelsPerSide, 20, 5000);

  const start = parseUnits(p.startPrice, p.priceDecimals);
  if (start === undefined || start <= 0n || start > BigInt(Number.MAX_SAFE_INTEGER) / 4n) {
    throw new InvalidArgumentError(`${p.wsname} startPrice`, p.startPrice, `a positive decimal with at most ${p.priceDecimals} decimals`);
  }
  const startTicks = Number(start);
  const maxLevels = Math.ceil(levelsPerSide * 1.08) + 2;
  const maxGapTicks = Math.max(1, Math.min(10, Math.floor(startTicks / (maxLevels * 8))));
  if (startTicks < maxLevels * maxGapTicks * 2) {
    throw new InvalidArgumentError(
      `${p.wsname} startPrice`,
      p.startPrice,
      `at least ${maxLevels * 2} ticks so that ${levelsPerSide} bid levels stay above zero`,
      'Use a higher start price, more priceDecimals or fewer levelsPerSide',
    );
  }
  const typical = parseUnits(p.typicalVolume ?? '1', lotDecimals);
  if (typical === undefined || typical < 20n || typical * 300n > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError(
      `${p.wsname} typicalVolume`,
      p.typicalVolume,
      `a decimal of at least 20 lots (${lotDecimals} decimals) and small enough that 300 times it is a safe integer`,
    );
  }
  const altname = p.altname ?? `${baseName}${quoteName}`;
  return {
    index,
    wsname: p.wsname,
    restName: p.restName ?? altname,
    altname,
    base: p.base ?? baseName,
    quote: p.quote ?? quoteName,
    priceDecimals: p.priceDecimals,
    wsPriceDecimals,
    lotDecimals,
    costDecimals: p.costDecimals ?? Math.max(p.priceDecimals, 5),
    startTicks,
    typicalLots: Number(typical),
    levelsPerSide,
    maxGapTicks,
    ordermin: p.ordermin ?? (lotDecimals >= 4 ? `0.${'0'.repeat(3)}1` : '1'),
    costmin: p.costmin ?? '0.5',
  };
}

/** A fee percentage (at most 4 decimals, below 100) in units of 10^-4 percent. */
function feeRate(name: string, value: unknown): bigint {
  const units = typeof value === 'string' ? parseUnits(value, 4) : undefined;
  if (units === undefined || units >= 1_000_000n) throw new InvalidArgumentError(name, value, 'a percentage such as "0.26" (at most 4 decimals, below 100)');
  return units;
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(name, value, `an integer from ${min} to ${max}`);
  }
}
