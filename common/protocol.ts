/**
 * The signaling protocol: the one source of truth for what travels between a client and the
 * server. Every message is a JSON object keyed by `type`; the schemas below are both the runtime
 * validators and (through `z.infer`) the TypeScript types.
 */
import * as z from 'zod';
import { ERROR_CODES, protocolError, type ProtocolError } from './errors.ts';
import { LIMITS } from './limits.ts';

/**
 * 2 added the large room: `welcome.paged`/`online`, `directory` and `watch`. The server still
 * welcomes a version 1 client into a room small enough for the whole list.
 */
export const PROTOCOL_VERSION = 2;
/** The oldest version the server still speaks. */
export const OLDEST_PROTOCOL_VERSION = 1;
/** The first version that understands a paged room. */
export const PAGED_PROTOCOL_VERSION = 2;

/**
 * Call control: one `call` frame type, with what happened in `action`. `timeout` is the caller
 * giving up unanswered; `no-media` is the callee accepting but getting no microphone/camera.
 */
export const CALL_ACTIONS = ['ring', 'accept', 'decline', 'busy', 'cancel', 'timeout', 'no-media', 'hangup'] as const;
export type CallAction = (typeof CALL_ACTIONS)[number];
export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMedia = (typeof CALL_MEDIA)[number];

const id = z.string().min(1).max(LIMITS.maxIdChars);
const name = z.string().min(1).max(LIMITS.maxRawNameChars);
/** SDP or ICE candidate from the WebRTC library: opaque to the server, bounded in size. */
const signalData = z.record(z.string(), z.unknown()).check((ctx) => {
  if (serializedLength(ctx.value) > LIMITS.maxSignalChars) {
    ctx.issues.push({ code: 'too_big', origin: 'string', maximum: LIMITS.maxSignalChars, input: ctx.value });
  }
});

/** Length of the value as JSON; Infinity when it cannot be serialised (absurd nesting overflows the stack). */
function serializedLength(value: unknown): number {
  try {
    return JSON.stringify(value).length;
  } catch {
    return Infinity;
  }
}

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const userSchema = z.object({ name: z.string() });
export type User = z.infer<typeof userSchema>;

// ---- client → server ----

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Join with a name; `resume` reclaims a name held after a drop. */
  z.object({ type: z.literal('hello'), v: z.number().int(), name, resume: id.optional() }),
  /** Text for everyone; `id` is the client's own id, echoed in the ack. */
  z.object({ type: z.literal('broadcast'), id: id.optional(), text: z.string().min(1).max(LIMITS.maxBroadcastChars) }),
  /** WebRTC negotiation for one user. */
  z.object({ type: z.literal('signal'), id: id.optional(), to: name, data: signalData }),
  z.object({
    type: z.literal('call'),
    id: id.optional(),
    to: name,
    callId: id,
    action: z.enum(CALL_ACTIONS),
    media: z.enum(CALL_MEDIA).optional(),
  }),
  /**
   * Is this connection still alive? Answered with `pong`. A browser cannot see the WebSocket's own
   * pings, and a phone that suspended the page may have lost the connection without a close event.
   */
  z.object({ type: z.literal('ping'), id: id.optional() }),
  /**
   * A page of who is online, in name order, answered with `directory`: those whose name starts
   * with `prefix` (compared as names are, folded for case and lookalikes), after the cursor `after`
   * (a previous answer's `next`).
   */
  z.object({
    type: z.literal('directory'),
    id: id.optional(),
    prefix: z.string().max(LIMITS.maxRawNameChars).optional(),
    after: z.string().max(LIMITS.maxRawNameChars * 4).optional(),
    limit: z.number().int().min(1).max(LIMITS.maxDirectoryPage).optional(),
  }),
  /**
   * The names whose comings and goings this client wants pushed (in a paged room nothing else is):
   * the ones it shows and the ones it talks to. Replaces the previous set; answered with `watching`.
   */
  z.object({ type: z.literal('watch'), id: id.optional(), names: z.array(name).max(LIMITS.maxWatchedNames) }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = ['hello', 'broadcast', 'signal', 'call', 'ping', 'directory', 'watch'];

// ---- server → client ----

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    v: z.number().int(),
    you: z.string(),
    /** Everyone online, or with `paged` the first page of the directory. */
    users: z.array(userSchema),
    /** How many are online, this client included. */
    online: z.number().int(),
    /**
     * A large room: `users` is only the first page, and presence is pushed only for the names this
     * client watches (at first those of that page; `watch` changes it). Otherwise every change is pushed.
     */
    paged: z.boolean(),
    resume: z.string(),
    ice: z.array(iceServerSchema),
    /** `relay` makes every peer connection go through TURN (it hides addresses from peers). */
    iceTransportPolicy: z.enum(['all', 'relay']),
    /** How long the name stays reserved after a drop, so the client knows how long to retry. */
    graceMs: z.number(),
    /** How long a call rings before the caller gives up. */
    callTimeoutMs: z.number(),
  }),
  /** Fresh ICE servers before the TURN credentials from `welcome` expire. */
  z.object({ type: z.literal('ice'), ice: z.array(iceServerSchema) }),
  /** The hello was refused; the socket stays open so the user can try another name. */
  z.object({ type: z.literal('rejected'), code: z.enum(ERROR_CODES), message: z.string() }),
  /**
   * Who came and went since the last one: the server batches changes over a short tick, so a
   * burst of joins costs one frame per socket (a few, for a socket that joined during the burst).
   * Apply `left` before `joined` (a name in both left and came back), and frames in order. Never
   * mentions the recipient itself.
   */
  z.object({ type: z.literal('presence'), joined: z.array(userSchema), left: z.array(z.string()) }),
  /** A broadcast from someone else, stamped by the server. */
  z.object({ type: z.literal('broadcast'), id: z.string(), from: z.string(), text: z.string(), at: z.number() }),
  /**
   * Broadcasts this connection did not get because it fell behind reading (its unsent backlog
   * passed the server's bound): how many, and between which server times. Sent once it has caught
   * up. A client that does not know this frame loses nothing but the notice.
   */
  z.object({ type: z.literal('missed'), broadcasts: z.number().int().min(1), since: z.number(), until: z.number() }),
  /** Your own broadcast was accepted: its server id and time. */
  z.object({ type: z.literal('broadcast-ack'), ref: z.string().optional(), id: z.string(), at: z.number() }),
  z.object({ type: z.literal('signal'), from: z.string(), data: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('call'),
    from: z.string(),
    callId: z.string(),
    action: z.enum(CALL_ACTIONS),
    media: z.enum(CALL_MEDIA).optional(),
  }),
  /**
   * The room has grown far past the full-list threshold since this client's welcome: from now on
   * presence comes only for the names it watches, as for a client welcomed paged. Never sent to a
   * client of version 1.
   */
  z.object({ type: z.literal('paged'), online: z.number().int() }),
  /** A page of the directory; `next` is the cursor of the following page, when there is one. */
  z.object({ type: z.literal('directory'), ref: z.string().optional(), users: z.array(userSchema), online: z.number().int(), next: z.string().optional() }),
  /** The answer to `watch`: of the names watched, those online now (the others are not). Changes follow in `presence`. */
  z.object({ type: z.literal('watching'), ref: z.string().optional(), online: z.array(userSchema) }),
  /** The answer to `ping`; `ref` is its `id`. */
  z.object({ type: z.literal('pong'), ref: z.string().optional() }),
  /** `ref` is the `id` of the client message that failed, when it had one. */
  z.object({ type: z.literal('error'), code: z.enum(ERROR_CODES), message: z.string(), ref: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
/** `relay` sends every peer connection through TURN. */
export type IceTransportPolicy = Extract<ServerMessage, { type: 'welcome' }>['iceTransportPolicy'];
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;

export type Parsed<M> = { ok: true; message: M } | { ok: false; error: ProtocolError & { ref?: string } };

/** Parses and validates one frame from a client. Never throws. */
export function parseClientMessage(raw: string): Parsed<ClientMessage> {
  return parseWith(clientMessageSchema, CLIENT_MESSAGE_TYPES, raw);
}

/** Parses and validates one frame from the server (clients trust nothing either). Never throws. */
export function parseServerMessage(raw: string): Parsed<ServerMessage> {
  return parseWith(serverMessageSchema, SERVER_MESSAGE_TYPES, raw);
}

const SERVER_MESSAGE_TYPES: readonly ServerMessage['type'][] = [
  'welcome', 'ice', 'rejected', 'presence', 'broadcast', 'missed', 'broadcast-ack', 'signal', 'call', 'pong', 'error', 'directory', 'watching', 'paged',
];

function parseWith<M>(schema: z.ZodType<M>, types: readonly string[], raw: string): Parsed<M> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: protocolError('bad-json') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: protocolError('invalid-message', 'expected a JSON object') };
  }
  const record = value as Record<string, unknown>;
  const ref = typeof record.id === 'string' && record.id.length <= LIMITS.maxIdChars ? record.id : undefined;
  if (typeof record.type !== 'string' || !types.includes(record.type)) {
    return { ok: false, error: { ...protocolError('unknown-type', describe(record.type)), ref } };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') || 'message';
  const code = issue?.code === 'too_big' ? 'field-too-large' : 'invalid-message';
  return { ok: false, error: { ...protocolError(code, where), ref } };
}

function describe(type: unknown): string {
  return typeof type === 'string' ? `"${type.slice(0, 32)}"` : 'missing "type"';
}
