import { LIMITS } from '../common/limits.ts';
import type { User } from '../common/protocol.ts';
import type { Endpoint } from './hub.ts';
import type { PresenceBatcher } from './presence-batcher.ts';
import type { UserDirectory } from './user-directory.ts';

/**
 * What a joiner's welcome lists, and what it hears from then on, decided together (both hubs, the
 * same rule): up to `fullListMax` online, everyone and every change; past it, the first page and
 * only the names it will watch. Call it with nothing awaited before the welcome is sent.
 */
export function welcomeList(directory: UserDirectory, fullListMax: number, endpoint: Endpoint, presence: PresenceBatcher): { users: User[]; online: number; paged: boolean } {
  const online = directory.size;
  const paged = online > fullListMax;
  presence.listen(endpoint, { everything: !paged });
  return { users: paged ? directory.page({ limit: LIMITS.directoryPage }).users : directory.all(), online, paged };
}

/** Of the names `keys`, those online now, as they are shown. */
export function onlineAmong(directory: UserDirectory, keys: ReadonlySet<string>): User[] {
  const online: User[] = [];
  for (const key of keys) {
    const name = directory.get(key);
    if (name !== undefined) online.push({ name });
  }
  return online;
}
