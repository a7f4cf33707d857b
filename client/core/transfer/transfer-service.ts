import { parseTransferFrame } from '../../../common/transfer-wire.ts';
import { usernameKey } from '../../../common/username.ts';
import { Emitter } from '../emitter.ts';
import type { PeerSessions } from '../peer-sessions.ts';
import type { ByteSink, ByteSource } from './ports.ts';
import { TransferEngine } from './transfer-engine.ts';
import type { Checkpoint, EngineOptions, TransferInfo } from './transfer-info.ts';

type ServiceEvents = {
  offer: (peer: string, info: TransferInfo) => void;
  update: (peer: string, info: TransferInfo) => void;
  checkpoint: (peer: string, checkpoint: Checkpoint) => void;
};

/**
 * File transfers with every peer: one engine per person, fed control frames from the chat channel
 * and attached to the link's bulk channel whenever that link is open.
 */
export class TransferService extends Emitter<ServiceEvents> {
  readonly #engines = new Map<string, TransferEngine>();

  constructor(
    private readonly sessions: PeerSessions,
    private readonly options: EngineOptions = {},
  ) {
    super();
    sessions.on('message', (peer, raw) => {
      const frame = parseTransferFrame(raw);
      if (frame) this.#engine(peer).handle(frame);
    });
    sessions.on('state', (peer, state) => {
      const engine = this.#engine(peer);
      if (state !== 'open') return engine.detach();
      const bulk = sessions.bulk(peer);
      void bulk?.then(
        (channel) => {
          if (sessions.state(peer) === 'open') engine.attach(channel);
        },
        () => {},
      );
    });
  }

  /** Offers files to `peer`, opening the link if needed; they go one after another once accepted. */
  offer(peer: string, files: Array<{ name: string; type: string; source: ByteSource }>): TransferInfo[] {
    const engine = this.#engine(peer);
    const offered = files.map((file) => engine.offer(file));
    this.sessions.connect(peer);
    return offered;
  }

  accept(peer: string, id: string, sink: ByteSink): void {
    this.#engine(peer).accept(id, sink);
  }

  decline(peer: string, id: string): void {
    this.#engine(peer).decline(id);
  }

  cancel(peer: string, id: string): void {
    this.#engine(peer).cancel(id);
  }

  /** After a reload: takes an unfinished incoming file back, and reconnects to its sender. */
  async restore(peer: string, checkpoint: Checkpoint, sink: ByteSink): Promise<void> {
    await this.#engine(peer).restore(checkpoint, sink);
    this.sessions.connect(peer);
  }

  #engine(peer: string): TransferEngine {
    const key = usernameKey(peer);
    let engine = this.#engines.get(key);
    if (!engine) {
      engine = new TransferEngine((frame) => this.sessions.send(peer, JSON.stringify(frame)), this.options);
      engine.on('offer', (info) => this.emit('offer', peer, info));
      engine.on('update', (info) => this.emit('update', peer, info));
      engine.on('checkpoint', (checkpoint) => this.emit('checkpoint', peer, checkpoint));
      this.#engines.set(key, engine);
    }
    return engine;
  }
}
