import { LIMITS } from '../common/limits.ts';
import type { User } from '../common/protocol.ts';
import { parseUsername } from '../common/username.ts';
import type { Endpoint } from './hub.ts';
import type { PresenceBatcher } from './presence-batcher.ts';
import type { UserDirectory } from './user-directory.ts';

/**
 * Past this many times the full-list threshold, those welcomed with the whole list are moved to
 * the paged room too: a room that grew large would otherwise push every change to up to the
 * threshold's number of sockets. The margin keeps a room hovering at the threshold from paying
 * that move over and over.
 */
const PAGE_EVERYONE_AT = 2;

/**
 * What a joiner's welcome lists, and what it hears from then on, decided together (both hubs, the
 * same rule): up to `fullListMax` online, everyone and every change; past it, the first page, whose
 * names it watches from the start (what a client shows first: a `watch` of them would cost a round
 * trip more per join), until it says otherwise. Call it with nothing awaited before the welcome is sent.
 */
export function welcomeList(directory: UserDirectory, fullListMax: number, endpoint: Endpoint, presence: PresenceBatcher): { users: User[]; online: number; paged: boolean } {
  const online = directory.size;
  const paged = online > fullListMax;
  if (online > PAGE_EVERYONE_AT * fullListMax) presence.pageEveryone(online);
  presence.listen(endpoint, { everything: !paged });
  if (!paged) return { users: directory.all(), online, paged };
  const { users } = directory.page({ limit: LIMITS.directoryPage });
  presence.watch(endpoint, new Set(users.map(({ name }) => directory.keyOfShown(name)!)));
  return { users, online, paged };
}

/**
 * `endpoint` watches `names` from now on (both hubs, the same way); returns those of them online.
 * Most are names the directory handed out and finds as they are; any other is folded into its key,
 * and one that is not a valid name is left out (it cannot be online).
 */
export function watchNames(directory: UserDirectory, presence: PresenceBatcher, endpoint: Endpoint, names: readonly string[]): User[] {
  const keys = new Set<string>();
  for (const name of names) {
    const key = directory.keyOfShown(name) ?? validKey(name);
    if (key !== undefined) keys.add(key);
  }
  presence.watch(endpoint, keys);
  const online: User[] = [];
  for (const key of keys) {
    const name = directory.get(key);
    if (name !== undefined) online.push({ name });
  }
  return online;
}

function validKey(name: string): string | undefined {
  const parsed = parseUsername(name);
  return parsed.ok ? parsed.name.key : undefined;
}
