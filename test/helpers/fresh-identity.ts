/** A new identity and no keys known, kept in memory: a fresh browser profile, for the service suites. */
import { ephemeralIdentity } from '../../client/core/identity/identity-key.ts';
import { MemoryKnownKeys } from '../../client/core/identity/known-keys.ts';

export const freshIdentity = () => ({ identity: ephemeralIdentity(), knownKeys: new MemoryKnownKeys() });
