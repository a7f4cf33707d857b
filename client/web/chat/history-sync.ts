import type { ConversationStore } from './conversation-store.ts';
import type { ChatHistory, OpenHistory } from './ports.ts';
import type { StoredCheckpoint, StoredMessage } from './stored-message.ts';

/**
 * Keeps the conversations in the user's local history: every message the store adds or changes in a
 * way worth keeping is written, and joining reads back what was kept under that name. A storage
 * failure (quota, private mode) never breaks the chat: it goes on in memory, and the failure is logged.
 */
export class HistorySync {
  #history: ChatHistory | null = null;

  constructor(
    store: ConversationStore,
    private readonly openHistory: OpenHistory,
  ) {
    store.on('stored', (message) => this.#write((history) => history.put(message)));
  }

  /** Opens the history kept under `userKey` and returns what it holds; null without storage, or if already open. */
  async open(userKey: string): Promise<{ messages: StoredMessage[]; checkpoints: StoredCheckpoint[] } | null> {
    if (this.#history) return null;
    try {
      this.#history = await this.openHistory(userKey);
    } catch {
      return null; // Private browsing without IndexedDB: the chat still works, it just forgets.
    }
    return { messages: await this.#history.recent(), checkpoints: await this.#history.checkpoints() };
  }

  saveCheckpoint(checkpoint: StoredCheckpoint): void {
    this.#write((history) => history.putCheckpoint(checkpoint));
  }

  dropCheckpoint(id: string): void {
    this.#write((history) => history.deleteCheckpoint(id));
  }

  async clear(): Promise<void> {
    await this.#history?.clear();
  }

  close(): void {
    this.#history?.close();
    this.#history = null;
  }

  #write(write: (history: ChatHistory) => Promise<void>): void {
    if (!this.#history) return;
    write(this.#history).catch((error: unknown) => console.warn('Could not save chat history:', error));
  }
}
