import { isTransferFrame } from '../../../common/peer-wire.ts';
import type { Username } from '../../../common/username.ts';
import type { PeerSessions } from '../peers/peer-sessions.ts';
import { Emitter } from '../util/emitter.ts';
import type { ByteSink, ByteSource } from './ports.ts';
import { TransferEngine } from './transfer-engine.ts';
import type { Checkpoint, EngineOptions, TransferInfo } from './transfer-info.ts';

type ServiceEvents = {
  offer: (peer: Username, info: TransferInfo) => void;
  update: (peer: Username, info: TransferInfo) => void;
  checkpoint: (peer: Username, checkpoint: Checkpoint) => void;
};

/**
 * File transfers with every peer: one engine per person, fed control frames from the chat channel
 * and attached to the link's bulk channel whenever that link is open.
 */
export class TransferService extends Emitter<ServiceEvents> {
  /** By the peer's name key. */
  readonly #engines = new Map<string, TransferEngine>();

  constructor(
    private readonly sessions: PeerSessions,
    private readonly options: EngineOptions = {},
  ) {
    super();
    sessions.on('frame', (peer, frame) => {
      if (isTransferFrame(frame)) this.#engine(peer).handle(frame);
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
  offer(peer: Username, files: Array<{ name: string; type: string; source: ByteSource }>): TransferInfo[] {
    const engine = this.#engine(peer);
    const offered = files.map((file) => engine.offer(file));
    this.sessions.connect(peer);
    return offered;
  }

  accept(peer: Username, id: string, sink: ByteSink): void {
    this.#engine(peer).accept(id, sink);
  }

  decline(peer: Username, id: string): void {
    this.#engine(peer).decline(id);
  }

  cancel(peer: Username, id: string): void {
    this.#engine(peer).cancel(id);
  }

  /** After a reload: takes an unfinished incoming file back, and reconnects to its sender. */
  async restore(peer: Username, checkpoint: Checkpoint, sink: ByteSink): Promise<void> {
    await this.#engine(peer).restore(checkpoint, sink);
    this.sessions.connect(peer);
  }

  #engine(peer: Username): TransferEngine {
    let engine = this.#engines.get(peer.key);
    if (!engine) {
      engine = new TransferEngine((frame) => this.sessions.send(peer, frame), this.options);
      engine.on('offer', (info) => this.emit('offer', peer, info));
      engine.on('update', (info) => this.emit('update', peer, info));
      engine.on('checkpoint', (checkpoint) => this.emit('checkpoint', peer, checkpoint));
      this.#engines.set(peer.key, engine);
    }
    return engine;
  }
}
