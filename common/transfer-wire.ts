/**
 * File transfer between two peers. Control frames are JSON on the chat channel (reliable,
 * ordered, small); file bytes go on a "bulk" data channel of a second connection between the same
 * two peers, so a chat message never waits behind megabytes of file. Each bulk frame is a 12-byte header
 * (transfer number, offset) followed by the bytes.
 */
import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { parseJsonAs } from './parse-json.ts';

const id = z.string().min(1).max(LIMITS.maxIdChars);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const transferFrameSchema = z.discriminatedUnion('t', [
  /** The sender offers a file. `seq` tags its bulk frames. */
  z.object({
    t: z.literal('file-offer'),
    id,
    seq: z.number().int().min(0).max(0xffffffff),
    name: z.string().min(1).max(LIMITS.maxFileNameChars),
    size: offset,
    type: z.string().max(255),
  }),
  /**
   * Receiver → sender: send from `offset` (0 when first accepted; more when resuming).
   * `acksEveryChunk`: this receiver acknowledges every chunk it writes, so the sender may hold
   * bytes in flight to a window (clients before it acknowledged every 1 MiB).
   */
  z.object({ t: z.literal('file-accept'), id, offset, acksEveryChunk: z.boolean().optional() }),
  z.object({ t: z.literal('file-decline'), id }),
  /** Either side: stop, and forget the partial file. */
  z.object({ t: z.literal('file-cancel'), id }),
  /** Receiver → sender: this many bytes are written (progress, and the send window; resume starts here). */
  z.object({ t: z.literal('file-ack'), id, offset }),
  /** Sender → receiver: every byte is sent; the SHA-256 of the whole file. */
  z.object({ t: z.literal('file-end'), id, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Receiver → sender: the file is complete and verified (`ok`), or failed the check. */
  z.object({ t: z.literal('file-done'), id, ok: z.boolean() }),
]);
export type TransferFrame = z.infer<typeof transferFrameSchema>;
export type TransferFrameOf<T extends TransferFrame['t']> = Extract<TransferFrame, { t: T }>;

/** Parses one control frame; null for anything that is not a well-formed transfer frame. */
export function parseTransferFrame(raw: string): TransferFrame | null {
  return parseJsonAs(transferFrameSchema, raw);
}

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
