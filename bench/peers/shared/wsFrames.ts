/**
 * Server-to-client WebSocket frames (RFC 6455 §5.2: FIN, no mask), encoded once so that the
 * stream server can write thousands of prepared frames with one `socket.write`.
 */
export const OPCODE_TEXT = 0x1;
export const OPCODE_PONG = 0xa;

export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

export const textFrame = (text: string): Buffer => encodeFrame(OPCODE_TEXT, Buffer.from(text, 'utf8'));

/** Many text frames in one buffer, with the byte offset where each starts (and the end). */
export interface EncodedFrames {
  readonly bytes: Buffer;
  /** `offsets[i]` is where frame i starts; `offsets[frames.length]` is the end. */
  readonly offsets: Float64Array;
}

export function encodeTextFrames(texts: ReadonlyArray<string>): EncodedFrames {
  const payloads = texts.map((t) => Buffer.from(t, 'utf8'));
  const offsets = new Float64Array(texts.length + 1);
  let total = 0;
  for (let i = 0; i < payloads.length; i++) {
    offsets[i] = total;
    const n = payloads[i]!.length;
    total += (n < 126 ? 2 : n < 65_536 ? 4 : 10) + n;
  }
  offsets[payloads.length] = total;
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < payloads.length; i++) encodeFrame(OPCODE_TEXT, payloads[i]!).copy(bytes, offsets[i]);
  return { bytes, offsets };
}
