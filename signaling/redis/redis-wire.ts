/**
 * What the Redis hub's processes say to each other over pub/sub. Published by our own processes,
 * but still parsed defensively (`parseJsonAs`): a bad message is dropped, never thrown.
 */
import * as z from 'zod';

const change = z.object({ kind: z.enum(['joined', 'left']), key: z.string(), name: z.string() });

/** On the shared channel: presence changes (from the Lua scripts) and broadcasts. */
export const sharedMessageSchema = z.discriminatedUnion('t', [
  /** `claim` is the endpoint whose claim produced this message. */
  z.object({ t: z.literal('p'), seq: z.number(), changes: z.array(change), claim: z.string().optional() }),
  /** A broadcast frame for every local socket except the sender's. */
  z.object({ t: z.literal('b'), frame: z.string(), except: z.string().optional() }),
]);
export type SharedMessage = z.infer<typeof sharedMessageSchema>;
export type PresenceMessage = Extract<SharedMessage, { t: 'p' }>;

/** On one process's own channel: a frame for one of its users, or a claim resumed elsewhere. */
export const directMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('d'), key: z.string(), frame: z.string() }),
  /** `value` is the claim as it was before the resume: only that session is evicted. */
  z.object({ t: z.literal('e'), key: z.string(), value: z.string() }),
]);
export type DirectMessage = z.infer<typeof directMessageSchema>;

