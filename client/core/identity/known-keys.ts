/**
 * The identity keys this side has met, by the peer's name key: pinned on first use, so a name that
 * comes back with another key is noticed. The browser keeps them in IndexedDB, the CLI in a file.
 */
export interface KnownKey {
  /** The peer's identity key, base64 (as on the wire). */
  publicKey: string;
  /** The user compared safety numbers with this key's owner and said they match. */
  verified: boolean;
}

export interface KnownKeys {
  get(nameKey: string): Promise<KnownKey | undefined>;
  put(nameKey: string, known: KnownKey): Promise<void>;
}

/** Known keys for as long as the process lives: tests, and peers that keep nothing. */
export class MemoryKnownKeys implements KnownKeys {
  readonly #keys = new Map<string, KnownKey>();

  async get(nameKey: string): Promise<KnownKey | undefined> {
    return this.#keys.get(nameKey);
  }

  async put(nameKey: string, known: KnownKey): Promise<void> {
    this.#keys.set(nameKey, { ...known });
  }
}
