import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from 'idb';
import { PEER_LIMITS } from '../../../common/limits.ts';
import type { ChatHistory } from '../chat/ports.ts';
import type { StoredCheckpoint, StoredMessage } from '../chat/stored-message.ts';

interface HistorySchema extends DBSchema {
  messages: { key: [string, string]; value: StoredMessage; indexes: { byTime: number } };
  checkpoints: { key: string; value: StoredCheckpoint };
}

/** Most messages restored at start-up; older ones stay on disk but are not loaded. */
const RESTORE_LIMIT = 5000;

/**
 * Local history in IndexedDB, one database per user name, so two people sharing a browser profile
 * under different names do not see each other's chats.
 */
export class HistoryStore implements ChatHistory {
  private constructor(private readonly db: IDBPDatabase<HistorySchema>) {}

  static async open(userKey: string): Promise<HistoryStore> {
    const db = await openDB<HistorySchema>(`chat-history:${userKey}`, 3, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        if (oldVersion < 1) {
          const store = database.createObjectStore('messages', { keyPath: ['conversation', 'id'] });
          store.createIndex('byTime', 'at');
        }
        if (oldVersion < 2) database.createObjectStore('checkpoints', { keyPath: 'id' });
        if (oldVersion >= 1 && oldVersion < 3) void forgetImpossibleTimes(transaction.objectStore('messages'), Date.now());
      },
    });
    return new HistoryStore(db);
  }

  /** The newest messages, oldest first, read in a few requests rather than one per message. */
  async recent(): Promise<StoredMessage[]> {
    const byTime = this.db.transaction('messages').store.index('byTime');
    const total = await byTime.count();
    if (total <= RESTORE_LIMIT) return byTime.getAll();
    const oldestKept = await (await byTime.openCursor(null, 'prev'))?.advance(RESTORE_LIMIT - 1);
    if (!oldestKept) return byTime.getAll();
    // Messages sharing the cutoff time may straddle it: read them all, then keep the newest.
    const kept = await byTime.getAll(IDBKeyRange.lowerBound(oldestKept.key));
    return kept.slice(-RESTORE_LIMIT);
  }

  async put(message: StoredMessage): Promise<void> {
    await this.db.put('messages', message);
  }

  async clear(): Promise<void> {
    await this.db.clear('messages');
  }

  async putCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    await this.db.put('checkpoints', checkpoint);
  }

  async deleteCheckpoint(id: string): Promise<void> {
    await this.db.delete('checkpoints', id);
  }

  checkpoints(): Promise<StoredCheckpoint[]> {
    return this.db.getAll('checkpoints');
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Versions before 3 kept a peer's message time as the peer gave it. One far in the future sorts
 * above all real history (the newest `RESTORE_LIMIT` are what loads), and one out of a Date's range
 * cannot be shown: such times become 0, "unknown", which sorts below everything and shows no time.
 */
async function forgetImpossibleTimes(messages: IDBPObjectStore<HistorySchema, ['messages', 'checkpoints'], 'messages', 'versionchange'>, now: number): Promise<void> {
  const byTime = messages.index('byTime');
  for (const range of [IDBKeyRange.upperBound(0, true), IDBKeyRange.lowerBound(now + PEER_LIMITS.maxClockSkewMs, true)]) {
    const impossible = await byTime.getAll(range);
    await Promise.all(impossible.map((message) => messages.put({ ...message, at: 0 })));
  }
}
