/** The transfer engine's shared types: a transfer as the app sees it, what a receiver keeps across a reload, the options and the events. */
import type { Hashing } from './ports.ts';
import type { SendWindowOptions } from './send-pacing.ts';

export const TRANSFER_STATES = [
  'offered', // sender: waiting for the receiver's answer
  'incoming', // receiver: waiting for the user's Accept or Decline
  'queued', // sender: accepted, waiting for an earlier file to finish
  'sending',
  'receiving',
  'paused', // the link dropped; resumes from the last confirmed offset when it is back
  'verifying',
  'done',
  'declined',
  'cancelled',
  'failed',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];
export const FINISHED: ReadonlySet<TransferState> = new Set(['done', 'declined', 'cancelled', 'failed']);

export interface TransferInfo {
  id: string;
  /** Tags this transfer's bulk frames. */
  seq: number;
  direction: 'out' | 'in';
  name: string;
  size: number;
  type: string;
  state: TransferState;
  /** Bytes confirmed by the receiver. */
  bytes: number;
  bytesPerSecond: number;
  secondsLeft?: number;
  /** Why it failed, in English words (the terminal shows them; history from before `failure` has only these). */
  error?: string;
  /** Why it failed, for a page to put in its own language: what went wrong, and the system's own words for it, if any. */
  failure?: TransferFailure;
}

/** What ends a transfer as failed, and how it reads in English. */
const FAILURE_TEXT = {
  'too-many-bytes': 'The sender sent more bytes than the file has.',
  'sender-too-fast': 'The sender did not wait for the file to be written.',
  'past-end': 'The receiver asked for bytes past the end of the file.',
  damaged: 'The file arrived damaged (checksum mismatch) and was deleted.',
  'write-failed': 'Could not write the file',
  'save-failed': 'Could not save the file',
  'read-failed': 'Could not read the file',
  'file-changed': 'The file changed while it was being sent',
  'not-hashed': 'Internal error: the file was not hashed completely.',
} as const;
export type FailureReason = keyof typeof FAILURE_TEXT;

export interface TransferFailure {
  reason: FailureReason;
  /** The system's message (a disk error, say), or what was measured, added to the sentence. */
  detail?: string;
}

/** A failure in English, as `TransferInfo.error` holds it. */
export function failureText({ reason, detail }: TransferFailure): string {
  const text = FAILURE_TEXT[reason];
  if (detail === undefined) return text;
  return reason === 'file-changed' ? `${text} (${detail}).` : `${text}: ${detail}`;
}

/** What a receiver keeps across a reload to resume: the transfer, a durable offset and the hash state there. */
export interface Checkpoint {
  info: TransferInfo;
  offset: number;
  hashState: Uint8Array;
}

export interface EngineOptions {
  /**
   * Never queue more than this on the bulk channel (bytes). Default 1 MiB. What is in flight beyond
   * the channel is bounded by a SendWindow, when the receiver acknowledges every chunk.
   */
  highWater?: number;
  /** Resume sending when the queue drains to this. Default 512 KiB. */
  lowWater?: number;
  /** Largest chunk, whatever the channel allows. Default 256 KiB. */
  maxChunk?: number;
  /** Tuning of the delay-based limit on bytes in flight (see SendWindow). */
  sendWindow?: Partial<SendWindowOptions>;
  /** The receiver makes a durable checkpoint this often, in bytes. Default 16 MiB. */
  checkpointEvery?: number;
  /**
   * Progress (bytes, speed, time left) is announced at most this often, in ms; state changes at
   * once. Default 1000, as download dialogs do: each announcement redraws a frame, which cost
   * ~10–13 ms of CPU across Chromium's processes here (renderer, compositor, raster, display;
   * `npm run bench:redraw`), so four a second on both pages took ~4–5 % of a 2-core machine
   * from the transfer; one, ~1 %.
   */
  progressEveryMs?: number;
  /** How files are hashed here. Default: SHA-256 in WebAssembly, which runs anywhere. */
  hashing?: Hashing;
}

export type EngineEvents = {
  /** A new incoming offer: call `accept` or `decline`. */
  offer: (info: TransferInfo) => void;
  /** Any change of state or progress. */
  update: (info: TransferInfo) => void;
  /** Receiver: a durable point to resume from after a reload. */
  checkpoint: (checkpoint: Checkpoint) => void;
};
