/**
 * This browser profile's identity and the keys it has met, in IndexedDB. The private key is made
 * not extractable and stored as the `CryptoKey` itself (IndexedDB keeps it by structured clone):
 * the page can sign with it but never read it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { generateIdentityKeyPair, identityOf, webCrypto, type Identity, type IdentityKeyPair } from '../../core/identity/identity-key.ts';
import { MemoryKnownKeys, type KnownKey, type KnownKeys } from '../../core/identity/known-keys.ts';

interface IdentitySchema extends DBSchema {
  self: { key: 'key-pair'; value: IdentityKeyPair };
  /** By the peer's name key. */
  known: { key: string; value: KnownKey };
}

let database: Promise<IDBPDatabase<IdentitySchema>> | undefined;
const open = () =>
  (database ??= openDB<IdentitySchema>('identity', 1, {
    upgrade(db) {
      db.createObjectStore('self');
      db.createObjectStore('known');
    },
  }));

/** The profile's identity, made on first use; null without WebCrypto (plain http) or storage (private mode). */
export async function browserIdentity(): Promise<Identity | null> {
  if (!webCrypto()) return null;
  return loadOrMake().catch((error: unknown) => {
    console.warn('No identity key: could not read or keep it:', error);
    return null;
  });
}

async function loadOrMake(): Promise<Identity> {
  const db = await open();
  const kept = await db.get('self', 'key-pair');
  if (kept) return identityOf(kept);
  const made = await generateIdentityKeyPair();
  // Another tab may have made one meanwhile: `add` refuses to replace it, and that one is kept.
  await db.add('self', made, 'key-pair').catch(() => {});
  return identityOf((await db.get('self', 'key-pair')) ?? made);
}

/** Forgets the profile's identity; the next `browserIdentity()` makes a new one. */
export async function resetBrowserIdentity(): Promise<void> {
  await (await open()).delete('self', 'key-pair');
}

/** The keys this profile has met; in memory only where IndexedDB cannot be opened. */
export function browserKnownKeys(): KnownKeys {
  const fallback = new MemoryKnownKeys();
  return {
    get: (nameKey) => open().then((db) => db.get('known', nameKey), () => fallback.get(nameKey)),
    put: (nameKey, known) => open().then((db) => db.put('known', known, nameKey).then(() => {}), () => fallback.put(nameKey, known)),
  };
}
