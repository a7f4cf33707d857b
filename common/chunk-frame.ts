/**
 * The binary frames of the bulk channel, which carries file bytes (its control frames are JSON on
 * the chat channel: `peer-wire.ts`). Each frame is a 12-byte header (transfer number, offset)
 * followed by the bytes.
 */

export const CHUNK_HEADER_BYTES = 12;

/**
 * Completes one bulk frame in `buffer`, whose first `length` payload bytes the caller has already
 * put at `CHUNK_HEADER_BYTES`: writes the header and returns the frame. A sender fills one reused
 * buffer straight from the file's pieces, so each byte is copied once on its way to the channel.
 */
export function sealChunk(buffer: Uint8Array, seq: number, offset: number, length: number): Uint8Array {
  const frame = buffer.subarray(0, CHUNK_HEADER_BYTES + length);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setUint32(0, seq);
  view.setFloat64(4, offset);
  return frame;
}

export function decodeChunk(frame: Uint8Array): { seq: number; offset: number; data: Uint8Array } | null {
  if (frame.byteLength < CHUNK_HEADER_BYTES) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const offset = view.getFloat64(4);
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  return { seq: view.getUint32(0), offset, data: frame.subarray(CHUNK_HEADER_BYTES) };
}
