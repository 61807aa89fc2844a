import fc from 'fast-check';
import { map, merge, NEVER, takeUntil, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Candle } from '../../src/candles';
import type { Trade } from '../../src/feeds/values';
import { tradesToCandles } from '../../src/operators/tradesToCandles';
import { probeScheduler } from './support';

// ---------------------------------------------------------------------------------------------
// A naive reference, written separately from the library: BigInt fixed-point arithmetic, one
// pass per interval over the whole trade list, no state machine, no big.js.
// ---------------------------------------------------------------------------------------------

interface Fixed {
  readonly units: bigint; // value × 10^scale
  readonly scale: number;
}

function parseFixed(text: string): Fixed {
  const [whole = '0', fraction = ''] = text.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function atScale(x: Fixed, scale: number): bigint {
  return x.units * 10n ** BigInt(scale - x.scale);
}

function formatFixed(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function timeMicros(time: string): bigint {
  const [s = '0', f = ''] = time.split('.');
  return BigInt(s) * 1_000_000n + BigInt((f + '000000').slice(0, 6));
}

function referenceCandles(trades: readonly Trade[], intervalMs: number, emitEmpty: boolean, extraDecimals: number): Candle[] {
  if (trades.length === 0) return [];
  const intervalUs = BigInt(intervalMs) * 1000n;
  const bucketOf = (t: Trade): bigint => timeMicros(t.time) / intervalUs; // times are positive: division floors
  const first = bucketOf(trades[0] as Trade);
  const last = bucketOf(trades[trades.length - 1] as Trade);
  const out: Candle[] = [];
  let previousClose: string | undefined;
  for (let bucket = first; bucket <= last; bucket += 1n) {
    const start = Number(bucket * BigInt(intervalMs));
    const inBucket = trades.filter((t) => bucketOf(t) === bucket);
    if (inBucket.length === 0) {
      if (emitEmpty && previousClose !== undefined) {
        const p = previousClose;
        out.push({ pair: 'XBT/USD', intervalMs, start, end: start + intervalMs, open: p, high: p, low: p, close: p, vwap: p, volume: '0', count: 0, final: true });
      }
      continue;
    }
    const prices = inBucket.map((t) => parseFixed(t.price));
    const volumes = inBucket.map((t) => parseFixed(t.volume));
    const ps = Math.max(...prices.map((p) => p.scale));
    const vs = Math.max(...volumes.map((v) => v.scale));
    const priceUnits = prices.map((p) => atScale(p, ps));
    const maxUnits = priceUnits.reduce((a, b) => (b > a ? b : a));
    const minUnits = priceUnits.reduce((a, b) => (b < a ? b : a));
    const volumeUnits = volumes.map((v) => atScale(v, vs));
    const volumeSum = volumeUnits.reduce((a, b) => a + b, 0n);
    const notional = priceUnits.reduce((sum, p, i) => sum + p * (volumeUnits[i] as bigint), 0n); // scale ps + vs
    const d = ps + extraDecimals;
    // vwap = notional / 10^(ps+vs) / (volumeSum / 10^vs) = notional / (volumeSum × 10^ps); half-up at d decimals.
    const numerator = notional * 10n ** BigInt(d);
    const denominator = volumeSum * 10n ** BigInt(ps);
    const vwapUnits = (2n * numerator + denominator) / (2n * denominator);
    const close = (inBucket[inBucket.length - 1] as Trade).price;
    out.push({
      pair: 'XBT/USD',
      intervalMs,
      start,
      end: start + intervalMs,
      open: (inBucket[0] as Trade).price,
      high: (inBucket[priceUnits.indexOf(maxUnits)] as Trade).price,
      low: (inBucket[priceUnits.indexOf(minUnits)] as Trade).price,
      close,
      vwap: formatFixed(vwapUnits, d),
      volume: formatFixed(volumeSum, vs),
      count: inBucket.length,
      final: true,
    });
    previousClose = close;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random trade sequences in time order, delivered in virtual time with a latency below the
// grace period, so no trade is late; the source stays open until every candle has closed.
// ---------------------------------------------------------------------------------------------

const EPOCH_MS = 1_700_000_000_000;

const decimal = (maxScale: number) =>
  fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.integer({ min: 0, max: maxScale })).map(([units, scale]) => formatFixed(units, scale));

const tradeStep = (intervalMs: number) =>
  fc.record({
    gapMicros: fc.oneof(
      fc.constant(0), // same microsecond
      fc.integer({ min: 0, max: intervalMs * 1000 }), // usually the same or next interval
      fc.integer({ min: 0, max: intervalMs * 4000 }), // sometimes skipping intervals
    ),
    price: decimal(8),
    volume: decimal(8),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    latency: fc.nat(),
    // Move the trade to exactly the next interval border, or 1 µs before it.
    snap: fc.constantFrom('none' as const, 'none' as const, 'border' as const, 'before' as const),
  });

const scenario = fc
  .record({
    intervalMs: fc.oneof(fc.integer({ min: 2, max: 2000 }), fc.constantFrom(10_000, 180_000, 7_200_000)),
    graceMs: fc.integer({ min: 1, max: 5000 }),
    emitEmpty: fc.boolean(),
    offsetMicros: fc.integer({ min: 0, max: 10_000_000_000 }),
  })
  .chain((s) => fc.record({ s: fc.constant(s), steps: fc.array(tradeStep(s.intervalMs), { maxLength: 40 }) }));

type Step = { gapMicros: number; price: string; volume: string; side: 'buy' | 'sell'; snap: 'none' | 'border' | 'before' };

function tradesOfSteps(intervalMs: number, offsetMicros: number, steps: readonly Step[]): Trade[] {
  const intervalUs = BigInt(intervalMs) * 1000n;
  let micros = BigInt(EPOCH_MS) * 1000n + BigInt(offsetMicros);
  return steps.map((step) => {
    micros += BigInt(step.gapMicros);
    if (step.snap !== 'none') {
      const border = (micros / intervalUs + 1n) * intervalUs;
      micros = step.snap === 'border' ? border : border - 1n;
    }
    const text = micros.toString();
    return { pair: 'XBT/USD', price: step.price, volume: step.volume, time: `${text.slice(0, -6)}.${text.slice(-6)}`, side: step.side, orderType: 'limit', misc: '' };
  });
}

/** Runs tradesToCandles in virtual time and returns every emitted candle. */
function runOperator(trades: readonly Trade[], latencies: readonly number[], intervalMs: number, graceMs: number, emitEmpty: boolean, replayAfter?: { at: number; from: number }): Candle[] {
  const out: Candle[] = [];
  const testScheduler = new TestScheduler((a, e) => expect(a).toEqual(e));
  testScheduler.run(() => {
    const scheduler = probeScheduler(testScheduler, EPOCH_MS);
    let arrival = 0;
    const deliveries: Array<{ frame: number; trade: Trade }> = [];
    trades.forEach((t, i) => {
      const ms = Number(timeMicros(t.time) / 1000n) - EPOCH_MS;
      arrival = Math.max(arrival, ms + ((latencies[i] ?? 0) % graceMs));
      deliveries.push({ frame: arrival, trade: t });
      if (replayAfter !== undefined && i === replayAfter.at) {
        // A reconnect: Kraken re-sends the trades from `from` to `at` again.
        for (const again of trades.slice(replayAfter.from, i + 1)) deliveries.push({ frame: arrival, trade: again });
      }
    });
    // Stop one frame after the last candle closed (interval borders are aligned to the epoch).
    const lastMs = trades.length === 0 ? EPOCH_MS : Number(timeMicros((trades[trades.length - 1] as Trade).time) / 1000n);
    const horizon = lastMs - (lastMs % intervalMs) + intervalMs + graceMs + 1 - EPOCH_MS;
    const source = merge(...deliveries.map((d) => timer(d.frame, testScheduler).pipe(map(() => d.trade))), NEVER).pipe(
      takeUntil(timer(horizon, testScheduler)),
    );
    source.pipe(tradesToCandles({ intervalMs, graceMs, emitEmpty, scheduler })).subscribe((c) => out.push(c));
  });
  return out;
}

describe('tradesToCandles equals a naive reference aggregation', () => {
  it('for random trade sequences and intervals', () => {
    fc.assert(
      fc.property(scenario, ({ s, steps }) => {
        const trades = tradesOfSteps(s.intervalMs, s.offsetMicros, steps);
        const actual = runOperator(trades, steps.map((x) => x.latency), s.intervalMs, s.graceMs, s.emitEmpty);
        expect(actual).toEqual(referenceCandles(trades, s.intervalMs, s.emitEmpty, 4));
      }),
      { numRuns: 300 },
    );
  });

  it('and is unchanged when Kraken replays recent trades after a reconnect', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), fc.nat(), ({ s, steps }, atSeed, backSeed) => {
        const trades = tradesOfSteps(s.intervalMs, s.offsetMicros, steps);
        fc.pre(trades.length >= 2);
        const at = 1 + (atSeed % (trades.length - 1));
        const from = at - (backSeed % (at + 1));
        // A replay is recognisable when it starts before the newest trade's microsecond.
        fc.pre(timeMicros((trades[from] as Trade).time) < timeMicros((trades[at] as Trade).time));
        const latencies = steps.map((x) => x.latency);
        const actual = runOperator(trades, latencies, s.intervalMs, s.graceMs, s.emitEmpty, { at, from });
        expect(actual).toEqual(referenceCandles(trades, s.intervalMs, s.emitEmpty, 4));
      }),
      { numRuns: 200 },
    );
  });
});
