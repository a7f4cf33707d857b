/**
 * What two peers say to each other: every frame on a data channel, and every envelope inside the
 * server's `signal.data`. The server never reads the frames and relays the envelopes as opaque
 * data; each side validates them on receipt all the same, since the other peer is a stranger too.
 * Everything is parsed once, where it arrives, into the typed values below.
 */
import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { parseJsonAs } from './parse-json.ts';

const id = z.string().min(1).max(LIMITS.maxIdChars);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// ---- data-channel frames: JSON text keyed by `t` ----

/** Private chat, on the chat channel. */
const chatFrames = [
  /** A private message; `id` is chosen by the sender and makes resends idempotent. */
  z.object({ t: z.literal('msg'), id, text: z.string().min(1).max(LIMITS.maxPrivateChars), at: z.number() }),
  /** The message with this id arrived (the sender stops resending it). */
  z.object({ t: z.literal('ack'), id }),
  /** The sender is typing (`on`) or stopped. */
  z.object({ t: z.literal('typing'), on: z.boolean() }),
] as const;

/**
 * File-transfer control, on the chat channel (reliable, ordered, small). The file bytes go on a
 * bulk channel of their own, framed by `chunk-frame.ts`.
 */
const transferFrames = [
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
] as const;

/** Call control, on the call link's own channel: what the sender's microphone and camera are doing. */
const callFrames = [z.object({ t: z.literal('media'), muted: z.boolean(), cameraOff: z.boolean() })] as const;

/** Base64 of at most `bytes` bytes: an identity key or a signature. */
const base64 = (bytes: number) => z.string().max(Math.ceil(bytes / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** The connections of a pair that carry something private: the chat link's, its file connection, a call's. */
export const PROVEN_LANES = ['chat', 'bulk', 'call'] as const;
export type ProvenLane = (typeof PROVEN_LANES)[number];

/**
 * Identity, the first frame each side sends on a connection once it opens, before any private data
 * (`client/core/identity/`). `key` is the sender's long-term public key (ECDSA P-256, raw point);
 * `sig` its signature over the DTLS fingerprints of the `lane` connection as the sender sees them
 * (the file connection's proof travels on the chat channel). A side without WebCrypto (a page on
 * plain http) says so with `key: null` and no signature.
 */
const identityFrames = [
  z.object({
    t: z.literal('identity'),
    v: z.literal(1),
    lane: z.enum(PROVEN_LANES),
    key: base64(65).nullable(),
    sig: base64(64).optional(),
  }),
] as const;

export const peerFrameSchema = z.discriminatedUnion('t', [...chatFrames, ...transferFrames, ...callFrames, ...identityFrames]);
export type PeerFrame = z.infer<typeof peerFrameSchema>;
export type ChatFrame = z.infer<(typeof chatFrames)[number]>;
export type TransferFrame = z.infer<(typeof transferFrames)[number]>;
export type TransferFrameOf<T extends TransferFrame['t']> = Extract<TransferFrame, { t: T }>;
export type CallMediaFrame = z.infer<(typeof callFrames)[number]>;
export type IdentityFrame = z.infer<(typeof identityFrames)[number]>;

const CHAT_TAGS: ReadonlySet<string> = new Set(chatFrames.map((schema) => schema.shape.t.value));
const TRANSFER_TAGS: ReadonlySet<string> = new Set(transferFrames.map((schema) => schema.shape.t.value));

export const isChatFrame = (frame: PeerFrame): frame is ChatFrame => CHAT_TAGS.has(frame.t);
export const isTransferFrame = (frame: PeerFrame): frame is TransferFrame => TRANSFER_TAGS.has(frame.t);

/** Parses one data-channel text; null for anything malformed (dropped, never thrown on). */
export function parsePeerFrame(raw: string): PeerFrame | null {
  return parseJsonAs(peerFrameSchema, raw);
}

export function encodePeerFrame(frame: PeerFrame): string {
  return JSON.stringify(frame);
}

// ---- signal envelopes: what travels inside the server's `signal.data` ----

/** Negotiation data of the WebRTC library itself (SDP or an ICE candidate): opaque to us. */
export type LibrarySignal = Record<string, unknown>;

/**
 * One negotiation message of a peer link. A chat link has two connections (file bytes ride a
 * connection of their own): `chat` lane for the first, `bulk` for the second. On the wire a bulk
 * message is wrapped as `{ bulk: … }`, and a chat-lane offer or answer carries
 * `ownBulkConnection: true` when its sender puts file bytes on a connection of their own.
 */
export type LinkSignal =
  | { lane: 'chat'; data: LibrarySignal; ownBulkConnection: boolean }
  | { lane: 'bulk'; data: LibrarySignal };

/**
 * `request`: "please start a connection to me" (only one side of a pair makes offers).
 * `session`: negotiation of a chat link, tagged with the id of the attempt it belongs to.
 * `call`: negotiation of a call's media link, tagged with the call id.
 */
export type SignalEnvelope =
  | { kind: 'request' }
  | { kind: 'session'; sid: string; signal: LinkSignal }
  | { kind: 'call'; callId: string; signal: LinkSignal };

const OWN_BULK_CONNECTION = 'ownBulkConnection';
const librarySignal = z.record(z.string(), z.unknown());

const linkSignalSchema = z.union([
  z.object({ bulk: librarySignal }).transform(({ bulk }): LinkSignal => ({ lane: 'bulk', data: bulk })),
  librarySignal.transform(({ [OWN_BULK_CONNECTION]: own, ...data }): LinkSignal => ({
    lane: 'chat',
    data,
    ownBulkConnection: own === true,
  })),
]);

const signalEnvelopeSchema = z.union([
  z.object({ request: z.literal(true) }).transform((): SignalEnvelope => ({ kind: 'request' })),
  z.object({ call: id, signal: linkSignalSchema }).transform(({ call, signal }): SignalEnvelope => ({ kind: 'call', callId: call, signal })),
  z.object({ sid: id, signal: linkSignalSchema }).transform(({ sid, signal }): SignalEnvelope => ({ kind: 'session', sid, signal })),
]);

/** Reads a relayed `signal.data`; null for anything that is not an envelope we know. */
export function parseSignalEnvelope(data: Record<string, unknown>): SignalEnvelope | null {
  const result = signalEnvelopeSchema.safeParse(data);
  return result.success ? result.data : null;
}

/** The wire form of an envelope, for `signal.data`. */
export function encodeSignalEnvelope(envelope: SignalEnvelope): Record<string, unknown> {
  switch (envelope.kind) {
    case 'request':
      return { request: true };
    case 'session':
      return { sid: envelope.sid, signal: encodeLinkSignal(envelope.signal) };
    case 'call':
      return { call: envelope.callId, signal: encodeLinkSignal(envelope.signal) };
  }
}

function encodeLinkSignal(signal: LinkSignal): LibrarySignal {
  if (signal.lane === 'bulk') return { bulk: signal.data };
  return signal.ownBulkConnection ? { ...signal.data, [OWN_BULK_CONNECTION]: true } : signal.data;
}
