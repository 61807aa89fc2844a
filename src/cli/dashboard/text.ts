import pc from 'picocolors';

/** The styles the dashboard uses. @internal */
export type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'magenta' | 'gray' | 'dim' | 'bold';

/**
 * A run of text in one style. Layout works on the plain text (every character the dashboard
 * draws is one column wide); colours are applied last, by {@link paint}.
 * @internal
 */
export interface Segment {
  readonly text: string;
  readonly styles?: readonly Style[];
}

/** One line of the screen. @internal */
export type Line = readonly Segment[];

/** A segment. @internal */
export function seg(text: string, ...styles: Style[]): Segment {
  return styles.length === 0 ? { text } : { text, styles };
}

/** The number of columns a line takes. @internal */
export function lineWidth(line: Line): number {
  let width = 0;
  for (const segment of line) width += segment.text.length;
  return width;
}

/** The line cut to `width` columns, then padded with spaces to exactly `width`. @internal */
export function fit(line: Line, width: number): Line {
  const out: Segment[] = [];
  let left = Math.max(0, width);
  for (const segment of line) {
    if (left === 0) break;
    const text = segment.text.length <= left ? segment.text : segment.text.slice(0, left);
    left -= text.length;
    out.push({ ...segment, text });
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

/** Lines side by side: `left` fitted to `leftWidth`, a gap, then `right`. @internal */
export function beside(left: Line, leftWidth: number, right: Line, gap = 2): Line {
  return [...fit(left, leftWidth), seg(' '.repeat(gap)), ...right];
}

/** `left` then `right` flushed to the right edge of `width` (`right` wins when both do not fit). @internal */
export function spread(left: Line, right: Line, width: number): Line {
  const rightWidth = lineWidth(right);
  if (rightWidth >= width) return fit(right, width);
  return [...fit(left, width - rightWidth - 1), seg(' '), ...right];
}

/** A section title: `── Title ─────` across `width`. @internal */
export function title(text: string, width: number, ...extra: Segment[]): Line {
  const head: Line = [seg('── ', 'gray'), seg(text, 'bold'), ...extra, seg(' ', 'gray')];
  const used = lineWidth(head);
  return fit([...head, seg('─'.repeat(Math.max(0, width - used)), 'gray')], width);
}

/** The text of a line, with ANSI colours when `color` is true. @internal */
export function paint(line: Line, color: boolean): string {
  if (!color) return line.map((s) => s.text).join('');
  const colors = pc.createColors(true);
  return line
    .map((segment) => {
      let text = segment.text;
      for (const style of segment.styles ?? []) text = colors[style](text);
      return text;
    })
    .join('');
}

/** `HH:MM:SS` (UTC) of a time in ms. @internal */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `YYYY-MM-DD HH:MM:SS UTC` of a time in ms. @internal */
export function dateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** `HH:MM:SS.mmm` (UTC) of Kraken's `"1699797222.188887"` (seconds with a fraction), from the string. @internal */
export function krakenClock(seconds: string): string {
  const [whole = '0', fraction = ''] = seconds.split('.');
  const ms = Number(whole) * 1000;
  if (!Number.isFinite(ms)) return seconds;
  return `${clock(ms)}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}
