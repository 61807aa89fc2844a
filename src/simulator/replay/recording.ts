import { InvalidArgumentError } from '../../errors';
import { isRecord } from '../core/json';

/**
 * One channel data frame of a recording, ready to be replayed.
 * @example
 * ```ts
 * const frame = parseRecording(text).frames[0];
 * console.log(frame?.channelName, frame?.pair, frame?.at);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ReplayFrame {
  /** When it was received, in ms after the first frame of the recording. */
  readonly at: number;
  /** `<channelName>|<pair>`, e.g. `book-10|XBT/USD`. */
  readonly key: string;
  readonly channelName: string;
  readonly pair: string;
  /** The frame text after its channel id (`,{"a":[...]},"book-10","XBT/USD"]`), byte for byte. */
  readonly tail: string;
  /** True for a book snapshot (`as`/`bs`), from which a late subscriber can start. */
  readonly snapshot: boolean;
}

/**
 * One channel (name and pair) present in a recording.
 * @example
 * ```ts
 * for (const channel of parseRecording(text).channels) console.log(channel.channelName, channel.pair, channel.frames);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ReplayChannel {
  readonly key: string;
  /** `ticker`, `trade`, `spread`, `ohlc-<interval>`, `book-<depth>`. */
  readonly channelName: string;
  readonly pair: string;
  /** The channel id the replay server announces and writes into every frame of the channel. */
  readonly channelId: number;
  /** Number of data frames. */
  readonly frames: number;
}

/**
 * A parsed recording: the data frames in order with their times, and the channels present.
 * @example
 * ```ts
 * const recording = parseRecording(fs.readFileSync('xbt.jsonl', 'utf8'));
 * console.log(recording.frames.length, recording.durationMs, recording.timed);
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ReplayRecording {
  readonly frames: readonly ReplayFrame[];
  readonly channels: readonly ReplayChannel[];
  /** Time of the last data frame, in ms after the first frame. */
  readonly durationMs: number;
  /** True when times come from the recording (`t`), false when paced by `frameIntervalMs`. */
  readonly timed: boolean;
  /** Lines that were not channel data (events: systemStatus, heartbeats, subscriptionStatus, pongs; and `sent` lines). */
  readonly skippedLines: number;
  /** Lines that could not be read (not JSON, or not a Kraken frame); a truncated last line lands here. */
  readonly invalidLines: number;
}

/**
 * Options of {@link parseRecording}.
 * @example
 * ```ts
 * const recording = parseRecording(fixtureText, { frameIntervalMs: 10 });
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export interface ParseRecordingOptions {
  /** Spacing of data frames in files without receive times (raw frame per line). Default 100 ms. */
  readonly frameIntervalMs?: number;
}

/**
 * Spacing of the data frames of a recording without receive times, at speed 1, in ms.
 * @example
 * ```ts
 * const seconds = (recording.frames.length * DEFAULT_FRAME_INTERVAL_MS) / 1000;
 * ```
 * @category Simulator
 * @since 0.1.0
 */
export const DEFAULT_FRAME_INTERVAL_MS = 100;

/**
 * Reads a recording: JSON Lines, each line either a record line written by `kraken-rx record`
 * (`{"t":<ms>,"conn":<n>,"frame":"<raw text>"}`; lines with `sent` instead of `frame` are the
 * recorder's own requests and are skipped) or one raw Kraken frame (the fixture format).
 * Channel data frames (`[channelID, ..., channelName, pair]`) are kept; events are skipped
 * (the replay server makes its own).
 *
 * @example
 * ```ts
 * const recording = parseRecording('{"t":1000,"conn":1,"frame":"[1,[\\"1.0\\",\\"2.0\\",\\"3.0\\",\\"4.0\\",\\"5.0\\"],\\"spread\\",\\"XBT/USD\\"]"}');
 * recording.channels[0]?.key; // 'spread|XBT/USD'
 * ```
 * @param text The file's content.
 * @param options Pacing of untimed files.
 * @returns The frames and channels.
 * @throws InvalidArgumentError when the text holds no channel data frame at all.
 * @category Simulator
 * @since 0.1.0
 */
export function parseRecording(text: string, options: ParseRecordingOptions = {}): ReplayRecording {
  const interval = options.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
  if (!(interval >= 0 && Number.isFinite(interval))) throw new InvalidArgumentError('frameIntervalMs', interval, 'a number of ms >= 0');
  const frames: ReplayFrame[] = [];
  const channelIds = new Map<string, number>();
  const counts = new Map<string, number>();
  let skippedLines = 0;
  let invalidLines = 0;
  let firstT: number | undefined;
  let lastAt = 0;
  let timed = false;

  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      invalidLines += 1;
      continue;
    }
    let raw = trimmed;
    let t: number | undefined;
    if (isRecord(value) && (typeof value['frame'] === 'string' || typeof value['sent'] === 'string')) {
      if (typeof value['t'] === 'number' && Number.isFinite(value['t'])) t = value['t'];
      if (typeof value['frame'] !== 'string') {
        skippedLines += 1;
        continue;
      }
      raw = value['frame'];
      try {
        value = JSON.parse(raw);
      } catch {
        invalidLines += 1;
        continue;
      }
    }
    if (t !== undefined) {
      timed = true;
      firstT ??= t;
    }
    if (isRecord(value)) {
      // An event. Remember the channel ids Kraken announced, so replayed frames keep them.
      if (value['event'] === 'subscriptionStatus' && value['status'] === 'subscribed') {
        const { channelID, channelName, pair } = value;
        if (typeof channelID === 'number' && typeof channelName === 'string' && typeof pair === 'string' && !channelIds.has(`${channelName}|${pair}`)) {
          channelIds.set(`${channelName}|${pair}`, channelID);
        }
      }
      if (typeof value['event'] === 'string') skippedLines += 1;
      else invalidLines += 1;
      continue;
    }
    const data = channelData(value, raw);
    if (data === undefined) {
      invalidLines += 1;
      continue;
    }
    const key = `${data.channelName}|${data.pair}`;
    const at = t !== undefined && firstT !== undefined ? Math.max(lastAt, t - firstT) : timed ? lastAt : frames.length * interval;
    lastAt = at;
    if (!channelIds.has(key)) channelIds.set(key, data.channelId);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    frames.push({ at, key, channelName: data.channelName, pair: data.pair, tail: data.tail, snapshot: data.snapshot });
  }
  if (frames.length === 0) {
    throw new InvalidArgumentError(
      'recording',
      `${skippedLines + invalidLines} lines`,
      'at least one channel data frame ([channelID, payload, channelName, pair])',
      'Record one with "kraken-rx record", or use a file with one Kraken frame per line',
    );
  }
  return { frames, channels: assignChannelIds(counts, channelIds, frames), durationMs: lastAt, timed, skippedLines, invalidLines };
}

interface ChannelData {
  readonly channelId: number;
  readonly channelName: string;
  readonly pair: string;
  readonly tail: string;
  readonly snapshot: boolean;
}

const CHANNEL_NAME = /^(ticker|trade|spread|ohlc-\d+|book-\d+)$/;
const LEADING_ID = /^\[\s*(\d+)\s*,/;

/** A public data frame (protocol reference 3): `[id, payload, (payload,) channelName, pair]`. */
function channelData(value: unknown, raw: string): ChannelData | undefined {
  if (!Array.isArray(value) || value.length < 4 || value.length > 5) return undefined;
  const channelName: unknown = value[value.length - 2];
  const pair: unknown = value[value.length - 1];
  if (typeof value[0] !== 'number' || typeof channelName !== 'string' || typeof pair !== 'string' || !CHANNEL_NAME.test(channelName)) return undefined;
  const match = LEADING_ID.exec(raw);
  if (match === null) return undefined;
  const payload: unknown = value[1];
  const snapshot = channelName.startsWith('book-') && isRecord(payload) && ('as' in payload || 'bs' in payload);
  return { channelId: value[0], channelName, pair, tail: raw.slice(match[0].length - 1), snapshot };
}

/** One id per channel: the recorded one, unless two channels recorded the same id. */
function assignChannelIds(counts: ReadonlyMap<string, number>, recorded: ReadonlyMap<string, number>, frames: readonly ReplayFrame[]): ReplayChannel[] {
  const used = new Set<number>();
  let next = Math.max(0, ...recorded.values()) + 1;
  const channels: ReplayChannel[] = [];
  const seen = new Set<string>();
  for (const frame of frames) {
    if (seen.has(frame.key)) continue;
    seen.add(frame.key);
    let channelId = recorded.get(frame.key) ?? next++;
    if (used.has(channelId)) channelId = next++;
    used.add(channelId);
    channels.push({ key: frame.key, channelName: frame.channelName, pair: frame.pair, channelId, frames: counts.get(frame.key) ?? 0 });
  }
  return channels;
}
