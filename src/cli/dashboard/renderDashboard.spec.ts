import path from 'node:path';
import { candleChart } from './candleChart';
import { candle, recordedView } from '../../../test/cli/fixtureView';
import { bar, renderDashboard } from './renderDashboard';
import { paint } from './text';
import { initialView } from './dashboardView';

const ROOT = path.resolve(__dirname, '../../..');
const ESC = String.fromCharCode(27);
const strip = (line: string) => line.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('');
const candles = [
  candle(0, '37000.0', '37010.0', '36990.0', '37005.0'),
  candle(1, '37005.0', '37020.0', '37000.0', '37015.0'),
  candle(2, '37015.0', '37016.0', '36980.0', '36985.0'),
];

describe('renderDashboard', () => {
  const view = recordedView(ROOT, { levels: 3, candles });

  it('draws the ladder (asks above, best next to the spread row, bids below), trades, candles and status', () => {
    const lines = renderDashboard(view, { width: 100, color: false });
    expect(lines.slice(0, 11)).toEqual([
      'kraken-rx · XBT/USD · recorded                                               2023-11-12 13:53:42 UTC',
      'last 37080.10000 × 0.01268510 -0.22% 24h · bid 37080.10000 · ask 37080.20000 · high 37289.70000',
      '── Book XBT/USD book-10 · checksum 4252812751 ──────────  ── Trades ────────────────────────────────',
      '           price      volume                              time (UTC)    side       price     volume',
      ' ask 27128.30000  0.14741534  ▎                           13:53:42.188  sell 37080.10000 0.00015891',
      ' ask 27127.30000  0.13827025  ▎',
      ' ask 27120.00000  4.28732553  ████████▎',
      '     spread 0.10000 · mid 27119.95000',
      ' bid 27119.90000 13.54067548  ██████████████████████████',
      ' bid 27119.30000  0.03686228  ▏',
      ' bid 27119.20000  0.73724565  █▍',
    ]);
    expect(lines[11]).toMatch(/^── Candles 1m 3 closed ─+$/);
    expect(lines.at(-1)).toBe('● open · reconnects 0 · 0 msg/s · checksums verified 0 · resyncs 0 · book synced · system online');
    expect(lines).toHaveLength(12 + 10 + 1 + 1);
  });

  it('never writes a line wider than the screen', () => {
    for (const width of [40, 61, 80, 99, 100, 160]) {
      for (const color of [false, true]) {
        for (const line of renderDashboard(view, { width, color, interactive: true })) expect(strip(line).length).toBeLessThanOrEqual(width);
      }
    }
  });

  it('fills exactly the screen height, shrinking the ladder and the chart to fit, status on the last row', () => {
    const deep = recordedView(ROOT, { levels: 10, candles });
    for (const height of [12, 16, 24, 30, 50]) {
      const lines = renderDashboard(deep, { width: 100, height, color: false, interactive: true });
      expect(lines).toHaveLength(height);
      expect(lines.at(-1)).toMatch(/^● open .* q quit$/);
      const asks = lines.filter((l) => l.startsWith(' ask ')).length;
      expect(asks).toBe(lines.filter((l) => l.startsWith(' bid ')).length);
      expect(asks).toBe(Math.max(1, Math.min(10, Math.floor((height - 8 - 3) / 2))));
    }
  });

  it('colours asks and sells red, bids and buys green, and uses no escape code without colour', () => {
    const colored = renderDashboard(view, { width: 100, color: true });
    const red = (text: string) => `\x1b[31m${text}\x1b[39m`;
    const green = (text: string) => `\x1b[32m${text}\x1b[39m`;
    const askRow = colored.find((l) => strip(l).startsWith(' ask 27120.00000')) ?? '';
    expect(askRow).toContain(red('27120.00000'));
    expect(colored.find((l) => strip(l).startsWith(' bid 27119.90000'))).toContain(green('27119.90000'));
    expect(colored.find((l) => strip(l).includes('13:53:42.188'))).toContain(`${red('sell')} ${red('37080.10000')}`);
    const buying = recordedView(ROOT, { levels: 3 });
    const buy = { ...buying.trades[0]!, side: 'buy' as const };
    expect(renderDashboard({ ...buying, trades: [buy] }, { width: 100, color: true }).join('\n')).toContain(green('buy '));
    expect(renderDashboard(view, { width: 100, color: false }).join('\n')).not.toContain(ESC);
  });

  it('says what it is waiting for before data arrives', () => {
    const empty = initialView({ pair: 'ETH/USD', levels: 2, depth: 10, source: 'simulator ws://127.0.0.1:1', now: 0 });
    const text = renderDashboard(empty, { width: 100, color: false }).join('\n');
    expect(text).toContain('ticker waiting…');
    expect(text).toContain('waiting for the book…');
    expect(text).toContain('waiting for trades…');
    expect(text).toContain('waiting for the first closed candle…');
    expect(text).toContain('○ closed (idle) · reconnects 0');
    expect(renderDashboard({ ...empty, sync: 'resyncing' }, { width: 100, color: false }).join('\n')).toContain('resyncing the book…');
  });

  it('shows reconnections, resyncs and the last problem in the status line', () => {
    const troubled = { ...view, connection: { state: 'connecting' as const, attempt: 2 }, reconnects: 3, resyncs: 2, messagesPerSecond: 17, verified: 40, sync: 'resyncing' as const, lastError: 'candles: EGeneral:Unknown method' };
    expect(renderDashboard(troubled, { width: 200, color: false }).at(-1)).toBe(
      '◌ connecting · reconnects 3 · 17 msg/s · checksums verified 40 · resyncs 2 · book resyncing · system online · ⚠ candles: EGeneral:Unknown method',
    );
    // Narrower: whole fields only, then as much of the problem as fits, and the key hint at the right edge.
    expect(renderDashboard(troubled, { width: 130, color: false, interactive: true }).at(-1)).toBe(
      '◌ connecting · reconnects 3 · 17 msg/s · checksums verified 40 · resyncs 2 · book resyncing · system online · ⚠ candles:…   q quit',
    );
    const narrow = renderDashboard(troubled, { width: 100, color: false, interactive: true }).at(-1);
    expect(narrow).toMatch(/^◌ connecting · reconnects 3 · 17 msg\/s · checksums verified 40 · resyncs 2 · book resyncing +q quit$/);
    expect(narrow).toHaveLength(100);
  });
});

describe('candleChart', () => {
  it('draws wicks from high to low and bodies from open to close, labelled with the exact extremes', () => {
    // Rows: 37020 at the top, 36980 at the bottom, 10 per row.
    expect(candleChart(candles, 30, 5).map((line) => paint(line, false))).toEqual([
      '37020.0 ┤  │ │',
      '        ││ █ █',
      '        │█ █ █',
      '        ││   █',
      '36980.0 ┤    █',
      '        └─────',
    ]);
  });

  it('colours up candles green and down candles red', () => {
    const [top] = candleChart(candles, 30, 5);
    expect(top?.filter((s) => s.text === '│').map((s) => s.styles)).toEqual([['green'], ['red']]);
  });

  it('shows as many candles as fit (the latest), and the first and last start times on the axis', () => {
    const many = Array.from({ length: 40 }, (_, i) => candle(i, '100.0', '101.0', '99.0', i % 2 === 0 ? '100.5' : '99.5'));
    const lines = candleChart(many, 40, 4).map((line) => paint(line, false));
    // 40 columns - label (6) - axis (1) = 33 plot columns: 17 candles with gaps.
    expect(lines[2]).toHaveLength(6 + 1 + 33);
    expect(lines.at(-1)).toBe(`      └ 13:23 ${'─'.repeat(19)} 13:39 `);
  });
});

describe('bar', () => {
  it('is proportional, drawn in eighths of a column, and never empty for a positive value', () => {
    expect(bar(10, 10, 4)).toBe('████');
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(1, 10, 4)).toBe('▍');
    expect(bar(0.0001, 10, 4)).toBe('▏');
    expect(bar(0, 10, 4)).toBe('');
    expect(bar(1, 0, 4)).toBe('');
  });
});
