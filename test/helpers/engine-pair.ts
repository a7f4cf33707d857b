/** Two transfer engines over an in-memory link, set up the way the engine suites drive them. */
import * as assert from 'uvu/assert';
import type { TransferInfo } from '../../client/core/transfer/transfer-info.ts';
import { CHUNK_HEADER_BYTES } from '../../common/chunk-frame.ts';
import { MemoryLink, MemorySink, memorySource, nextUpdate, type LinkOptions } from './memory-link.ts';

export const MAX_MESSAGE = 16 * 1024;
export const CHUNK = MAX_MESSAGE - CHUNK_HEADER_BYTES;
export const MiB = 1024 * 1024;
/** Whether an update says the transfer `id` has ended, however it ended. */
export const ended = (id: string) => (info: TransferInfo) => info.id === id && ['done', 'failed', 'cancelled', 'declined'].includes(info.state);

/** Offers `bytes` from the sender; the receiver accepts into a fresh memory sink. */
export function offerAndAccept(link: MemoryLink, bytes: Uint8Array, name = 'file.bin') {
  const sink = new MemorySink();
  const accepted = link.receiver.next('offer').then(([info]) => link.receiver.accept(info.id, sink));
  const info = link.sender.offer({ name, type: 'application/octet-stream', source: memorySource(bytes) });
  return { info, sink, accepted };
}

export async function finish(link: MemoryLink, id: string): Promise<[TransferInfo, TransferInfo]> {
  return Promise.all([nextUpdate(link.sender, ended(id), 'the sender to finish'), nextUpdate(link.receiver, ended(id), 'the receiver to finish')]);
}

/** Both sides end done, and the receiver's sink holds exactly `bytes`. */
export async function assertDelivered(link: MemoryLink, id: string, sink: MemorySink, bytes: Uint8Array): Promise<void> {
  const [sent, received] = await finish(link, id);
  assert.is(sent.state, 'done');
  assert.is(received.state, 'done');
  assert.equal(sink.content(), bytes);
}

export function connected(options: LinkOptions = {}): MemoryLink {
  const link = new MemoryLink({ maxMessageSize: MAX_MESSAGE, ...options });
  link.connect();
  return link;
}
