import type { CallMedia } from '../../../common/protocol.ts';
import type { CallEnding } from '../../core/call/call.ts';
import type { Checkpoint, TransferInfo } from '../../core/transfer/transfer-info.ts';

export const MESSAGE_STATUSES = ['pending', 'sent', 'delivered', 'received', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** An ended call as history keeps it: data, put into words by the view. */
export interface CallRecord {
  media: CallMedia;
  direction: 'outgoing' | 'incoming';
  ending?: CallEnding;
  /** How long media flowed, for a call that was answered. */
  durationMs?: number;
}

/** One message as kept on this device. */
export interface StoredMessage {
  /** `everyone`, or `user:<name key>` for a private chat. */
  conversation: string;
  id: string;
  /** For a private chat, the other person's name as shown (so offline chats keep their title). */
  peer?: string;
  from: string;
  text: string;
  at: number;
  outgoing: boolean;
  status: MessageStatus;
  /** Present when the message is a file transfer (`id` is then the transfer id, the sender's choice). */
  file?: TransferInfo;
  /**
   * A received file's name in this device's storage, and its checkpoint's key: chosen here on
   * Accept, unrelated to the transfer id, which the peer chose (see `storedAs`).
   */
  storedAs?: string;
  /** When the user last saved this received file out of the page (to their downloads). */
  savedAt?: number;
  /**
   * Present when the entry records a call (`id` is then the call id). History written before calls
   * were kept as data has only `media`, and its summary in `text`.
   */
  call?: CallRecord | { media: CallMedia };
  /**
   * Present when the entry says that this device missed messages to everyone (it fell behind
   * reading them and the server skipped it): how many, and when. Data, put into words by the view.
   */
  missed?: { broadcasts: number; since: number; until: number };
}

/**
 * Where a received file's bytes are kept on this device. History written before files had names of
 * their own kept them under the transfer id.
 */
export function storedAs(message: StoredMessage): string {
  return message.storedAs ?? message.id;
}

/** An unfinished incoming file, kept so a reload can resume it. */
export interface StoredCheckpoint {
  /** The file's `storedAs`. */
  id: string;
  /** The sender's name as shown. */
  peer: string;
  checkpoint: Checkpoint;
}
