import { UsageError, bookDepthFor, readPairs, readSource, restUrlFor } from './args';
import { parseDashboardArgs } from './commands/dashboard';
import { parseRecordArgs, subscribeRequest } from './commands/record';
import { formatDuration, parseReplayArgs } from './commands/replay';
import { parseWatchArgs } from './commands/watch';

const sim = { kind: 'simulator', seed: 1, eventsPerSecond: 10 };

describe('source flags', () => {
  it('default to the embedded simulator, with --seed and --rate', () => {
    expect(readSource({})).toEqual(sim);
    expect(readSource({ seed: '7', rate: '2.5' })).toEqual({ kind: 'simulator', seed: 7, eventsPerSecond: 2.5 });
  });

  it('take --url with a REST base derived from it, or given', () => {
    expect(readSource({ url: 'ws://127.0.0.1:8080' })).toEqual({ kind: 'url', url: 'ws://127.0.0.1:8080', restUrl: 'http://127.0.0.1:8080' });
    expect(readSource({ url: 'wss://example.com/ws', 'rest-url': 'https://rest.example.com' })).toEqual({ kind: 'url', url: 'wss://example.com/ws', restUrl: 'https://rest.example.com' });
    expect(restUrlFor('wss://ws.kraken.com')).toBe('https://api.kraken.com');
    expect(restUrlFor('wss://beta-ws.kraken.com/')).toBe('https://api.kraken.com');
    expect(restUrlFor('wss://example.com:8443/x')).toBe('https://example.com:8443');
  });

  it('take --live', () => {
    expect(readSource({ live: true })).toEqual({ kind: 'live' });
  });

  it.each([
    [{ url: 'ws://a', live: true }, '--url and --live cannot be used together'],
    [{ live: true, seed: '1' }, '--seed and --rate only apply to the embedded simulator'],
    [{ url: 'http://a' }, '--url must be a ws or wss URL'],
    [{ url: 'nope' }, '--url must be a URL'],
    [{ 'rest-url': 'http://a' }, '--rest-url needs --url'],
    [{ seed: 'x' }, '--seed must be an integer'],
    [{ rate: '-1' }, '--rate must be a number from 0 to 10000'],
  ])('reject %j', (values, message) => {
    expect(() => readSource(values)).toThrow(UsageError);
    expect(() => readSource(values)).toThrow(message);
  });
});

describe('pairs and depths', () => {
  it('accept WebSocket pair names once each', () => {
    expect(readPairs(['XBT/USD', 'ETH/USD', 'XBT/USD'])).toEqual(['XBT/USD', 'ETH/USD']);
    expect(() => readPairs([])).toThrow('at least one pair');
    expect(() => readPairs(['XBTUSD'])).toThrow('"XBTUSD" is not a pair name: use Kraken\'s WebSocket names (BASE/QUOTE): did you mean "XBT/USD"?');
    expect(() => readPairs(['XETHXXBT'])).toThrow('did you mean "ETH/XBT"?');
    expect(() => readPairs(['FOOBAR'])).toThrow('"FOOBAR" is not a pair name: use Kraken\'s WebSocket names (BASE/QUOTE), e.g. XBT/USD or ETH/EUR');
  });

  it('subscribe the smallest Kraken depth that holds the levels shown', () => {
    expect([1, 10, 11, 25, 26, 100, 101, 500, 501, 1000].map(bookDepthFor)).toEqual([10, 10, 25, 25, 100, 100, 500, 500, 1000, 1000]);
  });
});

describe('parseWatchArgs', () => {
  it('reads channel, pairs and options', () => {
    expect(parseWatchArgs(['book', 'XBT/USD', 'ETH/USD', '--depth', '25', '--levels', '3', '--count', '5'])).toEqual({
      channel: 'book',
      pairs: ['XBT/USD', 'ETH/USD'],
      depth: 25,
      levels: 3,
      interval: 1,
      history: 0,
      count: 5,
      retries: 3,
      source: sim,
    });
    expect(parseWatchArgs(['candles', 'XBT/USD', '--interval', '5', '--history', '10', '--live', '--retries', '0'])).toMatchObject({ channel: 'candles', interval: 5, history: 10, retries: 0, source: { kind: 'live' } });
    expect(parseWatchArgs(['trade', 'XBT/USD'])).toMatchObject({ channel: 'trades' });
    expect(parseWatchArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], 'a channel is needed'],
    [['orders', 'XBT/USD'], 'unknown channel "orders"'],
    [['ticker'], 'at least one pair'],
    [['ticker', 'XBT/USD', '--depth', '10'], '--depth only applies to book'],
    [['book', 'XBT/USD', '--interval', '5'], '--interval only applies to candles'],
    [['book', 'XBT/USD', '--depth', '42'], "--depth must be one of Kraken's book depths"],
    [['book', 'XBT/USD', '--levels', '11'], '--levels 11 is more than the book depth 10'],
    [['candles', 'XBT/USD', '--interval', '2'], "--interval must be one of Kraken's OHLC intervals"],
    [['candles', 'XBT/USD', '--history', '720'], '--history must be an integer from 0 to 719'],
    [['ticker', 'XBT/USD', '--count', '0'], '--count must be an integer from 1'],
    [['ticker', 'XBT/USD', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseWatchArgs(argv)).toThrow(message);
  });
});

describe('parseRecordArgs', () => {
  it('reads the file, channels (aliases too), pairs and options', () => {
    expect(parseRecordArgs(['--out', 'x.jsonl', 'book,trades,ticker,book', 'XBT/USD', '--duration', '1.5', '--depth', '100', '--url', 'ws://h:1'])).toEqual({
      out: 'x.jsonl',
      channels: ['book', 'trade', 'ticker'],
      pairs: ['XBT/USD'],
      depth: 100,
      interval: 1,
      durationS: 1.5,
      retries: 3,
      source: { kind: 'url', url: 'ws://h:1', restUrl: 'http://h:1' },
    });
    expect(parseRecordArgs(['-o', 'y.jsonl', 'candles', 'ETH/USD', '--interval', '15', '--count', '9'])).toMatchObject({ channels: ['ohlc'], interval: 15, count: 9 });
  });

  it.each([
    [['book', 'XBT/USD'], '--out <file> is required'],
    [['--out', 'f'], 'a channel is needed'],
    [['--out', 'f', 'book,orders', 'XBT/USD'], 'unknown channel "orders"'],
    [['--out', 'f', 'trade', 'XBT/USD', '--depth', '25'], '--depth only applies to the book channel'],
    [['--out', 'f', 'trade', 'XBT/USD', '--duration', '0'], '--duration must be a number'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseRecordArgs(argv)).toThrow(message);
  });

  it('builds subscribe requests as Kraken expects them', () => {
    const options = { pairs: ['XBT/USD', 'ETH/USD'], depth: 25, interval: 5 };
    expect(JSON.parse(subscribeRequest('book', options, 1))).toEqual({ event: 'subscribe', reqid: 1, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'book', depth: 25 } });
    expect(JSON.parse(subscribeRequest('ohlc', options, 2))).toEqual({ event: 'subscribe', reqid: 2, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'ohlc', interval: 5 } });
    expect(JSON.parse(subscribeRequest('spread', options, 3))).toEqual({ event: 'subscribe', reqid: 3, pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'spread' } });
  });
});

describe('parseDashboardArgs', () => {
  it('reads the pair, depth and modes, with defaults', () => {
    expect(parseDashboardArgs([])).toEqual({ pair: 'XBT/USD', levels: 10, history: 120, plain: false, source: sim });
    expect(parseDashboardArgs(['--pair', 'ETH/USD', '--depth', '25', '--once', '--candles', '0', '--plain', '--width', '120', '--live'])).toEqual({
      pair: 'ETH/USD',
      levels: 25,
      history: 0,
      plain: true,
      once: true,
      width: 120,
      source: { kind: 'live' },
    });
    expect(parseDashboardArgs(['-p', 'XBT/EUR', '-d', '3', '--duration', '5'])).toMatchObject({ pair: 'XBT/EUR', levels: 3, durationS: 5 });
  });

  it.each([
    [['ETH/USD'], 'use --pair to choose the pair'],
    [['--depth', '0'], '--depth must be an integer from 1 to 1000'],
    [['--once', '--duration', '3'], '--once and --duration cannot be used together'],
    [['--pair', 'ETHUSD'], 'is not a pair name'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseDashboardArgs(argv)).toThrow(message);
  });
});

describe('parseReplayArgs', () => {
  it('reads the file, speed or max rate, port and host', () => {
    expect(parseReplayArgs(['--replay', 'r.jsonl'])).toEqual({ file: 'r.jsonl', speed: 1, maxRate: false });
    expect(parseReplayArgs(['--replay', 'r.jsonl', '--speed', '10', '--port', '8080', '--host', '::1'])).toEqual({ file: 'r.jsonl', speed: 10, maxRate: false, port: 8080, host: '::1' });
    expect(parseReplayArgs(['--replay=r.jsonl', '--max-rate'])).toEqual({ file: 'r.jsonl', speed: 1, maxRate: true });
    expect(parseReplayArgs(['--replay', 'r.jsonl', '--clock', 'per-connection'])).toEqual({ file: 'r.jsonl', speed: 1, maxRate: false, clock: 'per-connection' });
    expect(parseReplayArgs(['--replay', 'r.jsonl', '--clock', 'shared', '--idle-restart', '0'])).toEqual({ file: 'r.jsonl', speed: 1, maxRate: false, clock: 'shared', idleRestartMs: 0 });
    expect(parseReplayArgs(['--replay', 'r.jsonl', '--idle-restart', 'never'])).toEqual({ file: 'r.jsonl', speed: 1, maxRate: false, idleRestartMs: Number.POSITIVE_INFINITY });
  });

  it.each([
    [['--speed', '2'], '--replay needs a file'],
    [['--replay', 'r', '--speed', '2', '--max-rate'], '--speed and --max-rate cannot be used together'],
    [['--replay', 'r', '--speed', '0'], '--speed must be a number'],
    [['--replay', 'r', '--seed', '2'], "Unknown option '--seed'"],
    [['--replay', 'r', '--clock', 'wall'], '--clock must be shared or per-connection, got "wall"'],
    [['--replay', 'r', '--idle-restart', '1.5'], '--idle-restart must be an integer from 0 to 2147483647, got "1.5"'],
    [['--replay', 'r', '--clock', 'per-connection', '--idle-restart', '100'], '--idle-restart applies to the shared clock only'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseReplayArgs(argv)).toThrow(message);
  });

  it('formats durations', () => {
    expect([0, 4_500, 59_949, 123_000, 3_723_000].map(formatDuration)).toEqual(['0.0s', '4.5s', '59.9s', '2m03s', '1h02m03s']);
  });
});
