import type { Candle } from '../../candles/candle';
import { clock, seg, type Line, type Segment } from './text';

/**
 * A small candlestick chart: one column per candle with a gap between candles, the wick `│`
 * from high to low, the body `█` from open to close, green when the candle closed up (or
 * flat) and red when down. The top and bottom rows are labelled with the exact highest high
 * and lowest low; the axis below shows the start times (UTC) of the first and last candle.
 * Prices are placed on rows with `Number()`: the chart is a picture, the labels are exact.
 *
 * @param candles Closed candles, oldest first; the last ones that fit are drawn.
 * @param width Columns for the chart, labels included.
 * @param rows Rows of the plot (the axis adds one).
 * @returns `rows + 1` lines, each exactly `width` columns or less.
 * @internal
 */
export function candleChart(candles: readonly Candle[], width: number, rows: number): Line[] {
  const height = Math.max(2, rows);
  if (candles.length === 0) {
    const lines: Line[] = Array.from({ length: height }, () => [seg('')]);
    lines[Math.floor(height / 2)] = [seg('  waiting for the first closed candle…', 'dim')];
    return [...lines, [seg('')]];
  }
  // Labels are the exact strings of the extreme candles among those shown; their width depends
  // on which candles fit, so settle the count with the widest label of all candles first.
  const labelWidth = Math.max(...candles.map((c) => Math.max(c.high.length, c.low.length))) + 1;
  const plotWidth = Math.max(1, width - labelWidth - 1);
  const shown = candles.slice(-Math.max(1, Math.floor((plotWidth + 1) / 2)));
  let top = shown[0] as Candle;
  let bottom = shown[0] as Candle;
  for (const candle of shown) {
    if (Number(candle.high) > Number(top.high)) top = candle;
    if (Number(candle.low) < Number(bottom.low)) bottom = candle;
  }
  const hi = Number(top.high);
  const lo = Number(bottom.low);
  const rowOf = (price: string): number => (hi === lo ? Math.floor((height - 1) / 2) : Math.round(((hi - Number(price)) / (hi - lo)) * (height - 1)));

  const lines: Line[] = [];
  for (let y = 0; y < height; y++) {
    const label = y === 0 ? top.high : y === height - 1 ? bottom.low : '';
    const line: Segment[] = [seg(label.padStart(labelWidth - 1) + ' ', 'gray'), seg(label === '' ? '│' : '┤', 'gray')];
    shown.forEach((candle, i) => {
      const up = Number(candle.close) >= Number(candle.open);
      const bodyTop = rowOf(up ? candle.close : candle.open);
      const bodyBottom = rowOf(up ? candle.open : candle.close);
      const char = y >= bodyTop && y <= bodyBottom ? '█' : y >= rowOf(candle.high) && y <= rowOf(candle.low) ? '│' : ' ';
      line.push(char === ' ' ? seg(' ') : seg(char, up ? 'green' : 'red'));
      if (i < shown.length - 1) line.push(seg(' '));
    });
    lines.push(line);
  }
  const first = clock((shown[0] as Candle).start).slice(0, 5);
  const last = clock((shown[shown.length - 1] as Candle).start).slice(0, 5);
  const axisLength = Math.max(0, shown.length * 2 - 1);
  let axis = '─'.repeat(axisLength);
  if (axisLength >= first.length + 2) axis = ` ${first} ${axis.slice(first.length + 2)}`;
  if (shown.length > 1 && axisLength >= first.length + last.length + 6) axis = `${axis.slice(0, axisLength - last.length - 2)} ${last} `;
  lines.push([seg(' '.repeat(labelWidth)), seg(`└${axis}`, 'gray')]);
  return lines;
}
