import { FINISHED, type TransferInfo } from '../../core/transfer/transfer-info.ts';
import type { ChatServices } from '../../core/chat-services.ts';

/**
 * The transfers this page would break by going away: every one not finished, but for a file offered
 * to us and not yet accepted (it survives a reload). An offer of ours does not: the picked file is gone.
 */
export class RunningTransfers {
  readonly #running = new Set<string>();

  constructor(transfers: ChatServices['transfers']) {
    transfers.on('update', (peer, info: TransferInfo) => {
      const id = `${peer.key}/${info.direction}/${info.id}`;
      if (FINISHED.has(info.state) || info.state === 'incoming') this.#running.delete(id);
      else this.#running.add(id);
    });
  }

  get any(): boolean {
    return this.#running.size > 0;
  }
}
