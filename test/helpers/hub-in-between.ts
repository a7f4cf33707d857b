/**
 * A hub with a seam in front of it, for suites that watch or bend what the server does: every call
 * goes through to the hub inside (by default the real memory hub), and a subclass overrides the
 * ones it cares about.
 */
import type { ServerMessage } from '../../common/protocol.ts';
import type { Username } from '../../common/username.ts';
import type { DirectoryQuery, Endpoint, Hub } from '../../signaling/hub.ts';
import { MemoryHub } from '../../signaling/memory-hub.ts';

export class HubInBetween implements Hub {
  constructor(readonly inner: Hub = new MemoryHub({ graceMs: 1000 })) {}

  get ready() {
    return this.inner.ready;
  }
  claim(name: Username, endpoint: Endpoint, resume?: string) {
    return this.inner.claim(name, endpoint, resume);
  }
  release(key: string, endpoint: Endpoint, options: { grace: boolean }) {
    return this.inner.release(key, endpoint, options);
  }
  users() {
    return this.inner.users();
  }
  directory(query: DirectoryQuery) {
    return this.inner.directory(query);
  }
  watch(endpoint: Endpoint, names: readonly string[]) {
    return this.inner.watch(endpoint, names);
  }
  deliver(key: string, message: ServerMessage) {
    return this.inner.deliver(key, message);
  }
  broadcast(message: ServerMessage, exceptKey?: string) {
    return this.inner.broadcast(message, exceptKey);
  }
  close() {
    return this.inner.close();
  }
}
