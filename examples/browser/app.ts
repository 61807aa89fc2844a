/// <reference lib="dom" />
/**
 * The demo page's code: the library as a browser uses it (the `browser` build, the native
 * WebSocket), fed by the embedded simulator that examples/browser/serve.ts runs. It draws the
 * verified book as a depth chart and closed candles as a candle chart.
 */
import { animationFrameScheduler, auditTime, scan } from 'rxjs';
import { bestAsk, bestBid, createKrakenClient, type Candle, type OrderBook } from 'kraken-rx';
import { bookChecksum } from 'kraken-rx/operators';

const element = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;
const show = (id: string, text: string, className = ''): void => {
  const el = element(id);
  el.textContent = text;
  el.className = className;
};

const pair = 'XBT/USD';
// The page is served with the simulator's REST routes on its own origin (no CORS needed);
// the WebSocket goes straight to the simulator.
const config = (await (await fetch('/config.json')).json()) as { url: string };
const kraken = createKrakenClient({ url: config.url, restUrl: location.origin });

kraken.status$.subscribe((s) => show('socket', s.state, s.state === 'open' ? 'ok' : ''));
kraken.bookSync(pair, { depth: 100 }).subscribe((s) => show('sync', s.state, s.state === 'synced' ? 'ok' : 'bad'));

let books = 0;
kraken
  .book(pair, { depth: 100 })
  .pipe(auditTime(0, animationFrameScheduler)) // at most one drawing per frame
  .subscribe((book) => {
    books++;
    show('book-count', String(books));
    show('bid', bestBid(book)?.price ?? '–');
    show('ask', bestAsk(book)?.price ?? '–');
    // The incremental checksum the library verified, against one computed from scratch here.
    const same = bookChecksum(book) === book.checksum;
    show('checksum', same ? `${book.checksum} ✓` : `${bookChecksum(book)} ≠ ${book.checksum}`, same ? 'ok' : 'bad');
    drawDepth(element('depth') as HTMLCanvasElement, book);
  });

kraken
  .candles(pair, { interval: 1, history: 40 })
  .pipe(scan((all: Candle[], candle: Candle) => [...all, candle].slice(-60), []))
  .subscribe((candles) => {
    show('candle-count', String(candles.length));
    show('last-close', candles[candles.length - 1]?.close ?? '–');
    drawCandles(element('candles') as HTMLCanvasElement, candles);
  });

function drawDepth(canvas: HTMLCanvasElement, book: OrderBook): void {
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const cumulative = (levels: OrderBook['bids']) => {
    let total = 0;
    return levels.map((l) => ({ price: Number(l.price), total: (total += Number(l.volume)) }));
  };
  const bids = cumulative(book.bids);
  const asks = cumulative(book.asks);
  const lo = bids[bids.length - 1]?.price;
  const hi = asks[asks.length - 1]?.price;
  if (lo === undefined || hi === undefined || hi <= lo) return;
  const maxTotal = Math.max(bids[bids.length - 1]?.total ?? 0, asks[asks.length - 1]?.total ?? 0);
  const x = (price: number) => ((price - lo) / (hi - lo)) * width;
  const y = (total: number) => height - (total / maxTotal) * (height - 10);
  const area = (points: { price: number; total: number }[], color: string) => {
    ctx.beginPath();
    ctx.moveTo(x(points[0]?.price ?? lo), height);
    let previous = 0;
    for (const p of points) {
      ctx.lineTo(x(p.price), y(previous));
      ctx.lineTo(x(p.price), y(p.total));
      previous = p.total;
    }
    ctx.lineTo(x(points[points.length - 1]?.price ?? hi), height);
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.fill();
  };
  area(bids, 'rgba(76, 175, 80, 0.6)');
  area(asks, 'rgba(244, 67, 54, 0.6)');
}

function drawCandles(canvas: HTMLCanvasElement, candles: readonly Candle[]): void {
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  if (candles.length === 0) return;
  const lo = Math.min(...candles.map((c) => Number(c.low)));
  const hi = Math.max(...candles.map((c) => Number(c.high)));
  const span = hi - lo || 1;
  const y = (price: number) => height - 5 - ((price - lo) / span) * (height - 10);
  const slot = width / 60;
  candles.forEach((c, i) => {
    const [open, close, high, low] = [Number(c.open), Number(c.close), Number(c.high), Number(c.low)];
    const cx = i * slot + slot / 2;
    ctx.strokeStyle = ctx.fillStyle = close >= open ? '#4caf50' : '#f44336';
    ctx.beginPath();
    ctx.moveTo(cx, y(high));
    ctx.lineTo(cx, y(low));
    ctx.stroke();
    ctx.fillRect(cx - slot * 0.35, Math.min(y(open), y(close)), slot * 0.7, Math.max(1, Math.abs(y(open) - y(close))));
  });
}
