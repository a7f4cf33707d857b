import bintrees, { type RBTree } from 'bintrees';
import type { User } from '../common/protocol.ts';

interface Listed {
  /** The comparison key (`Username.key`): the order of the directory. */
  key: string;
  /** The name as others see it. */
  name: string;
}

/** One page of the directory, and where the next one starts. */
export interface DirectoryPage {
  users: User[];
  /** Everyone online, not just those on the page. */
  online: number;
  /** The cursor of the next page (`after`), when there is one. */
  next?: string;
}

const byKey = (a: Listed, b: Listed) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Everyone online, ordered by name key, so a page or a prefix search costs the page and a walk
 * down the tree (O(log n)), never a pass over everyone: what a welcome and a search cost stays the
 * same at 20,000 people as at 1,000.
 */
export class UserDirectory {
  readonly #tree: RBTree<Listed> = new bintrees.RBTree<Listed>(byKey);
  /** Each name as shown, to its key: what clients send back (a watch of the names on their page) is found without folding it again. */
  readonly #shown = new Map<string, string>();

  get size(): number {
    return this.#tree.size;
  }

  /** The key of a name as it is shown online (the key string the directory holds), if it is. */
  keyOfShown(name: string): string | undefined {
    return this.#shown.get(name);
  }

  /** The name shown for `key`, if it is listed. */
  get(key: string): string | undefined {
    return this.#tree.find({ key, name: '' })?.name;
  }

  /** Lists `key` as `name`, or renames it (a new session may spell it differently). */
  set(key: string, name: string): void {
    const listed = this.#tree.find({ key, name });
    if (listed) {
      this.#shown.delete(listed.name);
      listed.name = name;
    } else {
      this.#tree.insert({ key, name });
    }
    this.#shown.set(name, listed?.key ?? key);
  }

  delete(key: string): boolean {
    const listed = this.#tree.find({ key, name: '' });
    if (!listed) return false;
    this.#shown.delete(listed.name);
    return this.#tree.remove(listed);
  }

  /**
   * Up to `limit` names in key order: those after the cursor `after` (a key, from `next`), and
   * with `prefix` (a key prefix: see `usernameKey`) only those whose key starts with it.
   */
  page({ prefix = '', after, limit }: { prefix?: string; after?: string; limit: number }): DirectoryPage {
    const from = after !== undefined && after >= prefix ? this.#tree.upperBound({ key: after, name: '' }) : this.#tree.lowerBound({ key: prefix, name: '' });
    const users: User[] = [];
    let item = from.data();
    while (item !== null && item.key.startsWith(prefix) && users.length < limit) {
      users.push({ name: item.name });
      const last = item.key;
      item = from.next();
      if (users.length === limit && item !== null && item.key.startsWith(prefix)) return { users, online: this.size, next: last };
    }
    return { users, online: this.size };
  }

  /** Every name, in key order. */
  all(): User[] {
    return this.page({ limit: Infinity }).users;
  }

  /** Every key and name, in key order. */
  *entries(): Iterable<[key: string, name: string]> {
    const cursor = this.#tree.lowerBound({ key: '', name: '' });
    for (let item = cursor.data(); item !== null; item = cursor.next()) yield [item.key, item.name];
  }

  clear(): void {
    this.#tree.clear();
    this.#shown.clear();
  }
}
