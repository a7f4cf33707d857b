import type { Username } from '../../../common/username.ts';
import type { SignalingClient } from '../../core/signaling/signaling-client.ts';

/** Typing waits this long for the next key before the search goes to the server. */
const SEARCH_PAUSE_MS = 150;

/**
 * In a paged room (more online than the server lists in full) the app hears only of the people it
 * watches: those it shows (the welcome's page, then what the filter box found on the server) and
 * those it talks to. This keeps that set and tells the server whenever it changes. In a small room
 * it does nothing: every change comes anyway.
 */
export class PeopleWatch {
  /** The people the sidebar shows for the current search; the welcome's page before any. */
  #shown: string[] = [];
  #sent = '';
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest search counts: an earlier one may come back after it. */
  #searches = 0;

  constructor(
    private readonly signaling: SignalingClient,
    private readonly talkedTo: () => Username[],
  ) {
    signaling.on('state', (state) => {
      if (state === 'joined' && this.#shown.length === 0) this.#shown = signaling.users.map((user) => user.display);
      if (state === 'joined') this.update();
    });
    // Grown large since the welcome: show the first page, as a client welcomed paged would.
    signaling.on('paged', () => void this.#search(''));
  }

  /** The people talked to may have changed: watch them, and those shown, if that is news. */
  update(): void {
    if (!this.signaling.paged) return;
    const names = [...this.talkedTo().map((peer) => peer.display), ...this.#shown];
    const set = [...new Set(names)];
    const key = set.join('\n');
    if (key === this.#sent) return;
    this.#sent = key;
    // Just welcomed, showing only the page the server already watches for us: nothing to say.
    if (!this.signaling.watches(set)) this.signaling.watch(set);
  }

  /** The filter box changed: once typing pauses, the server's directory is searched for `text`, and the people found are shown. */
  search(text: string): void {
    if (!this.signaling.paged) return;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#search(text.trim()), SEARCH_PAUSE_MS);
  }

  async #search(prefix: string): Promise<void> {
    const asked = ++this.#searches;
    try {
      const page = await this.signaling.directory(prefix ? { prefix } : {});
      if (asked !== this.#searches) return;
      this.#shown = page.users.map((user) => user.display);
      this.update();
    } catch {
      // The connection dropped: the rejoin watches again what was shown.
    }
  }

  /** Left the room (or this name): nothing shown, nothing sent. */
  reset(): void {
    clearTimeout(this.#searchTimer);
    this.#searches++;
    this.#shown = [];
    this.#sent = '';
  }
}
