/**
 * What two peers say to each other over the chat data channel. The server never sees these frames;
 * they are validated on receipt all the same, since the other peer is a stranger too.
 */
import * as z from 'zod';
import { LIMITS } from './limits.ts';
import { parseJsonAs } from './parse-json.ts';

export const chatFrameSchema = z.discriminatedUnion('t', [
  /** A private message; `id` is chosen by the sender and makes resends idempotent. */
  z.object({ t: z.literal('msg'), id: z.string().min(1).max(LIMITS.maxIdChars), text: z.string().min(1).max(LIMITS.maxPrivateChars), at: z.number() }),
  /** The message with this id arrived (the sender stops resending it). */
  z.object({ t: z.literal('ack'), id: z.string().min(1).max(LIMITS.maxIdChars) }),
  /** The sender is typing (`on`) or stopped. */
  z.object({ t: z.literal('typing'), on: z.boolean() }),
]);
export type ChatFrame = z.infer<typeof chatFrameSchema>;

/** Parses one chat frame; null for anything malformed (which is dropped, never thrown on). */
export function parseChatFrame(raw: string): ChatFrame | null {
  return parseJsonAs(chatFrameSchema, raw);
}
