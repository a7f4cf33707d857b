/** A real server for one suite of real Node peers (`HeadlessPeer`, real WebRTC), and the peers its tests join. */
import type { Test } from 'uvu';
import { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';

export interface HeadlessWorld {
  server: TestServer;
  /** Joins `name` as a Node peer, closed after the suite's last test. */
  join(name: string): Promise<HeadlessPeer>;
}

export function headlessWorld(suite: Test): HeadlessWorld {
  const peers: HeadlessPeer[] = [];
  const world: HeadlessWorld = {
    server: undefined as unknown as TestServer,
    async join(name) {
      const peer = await HeadlessPeer.join(world.server.wsUrl, name);
      peers.push(peer);
      return peer;
    },
  };
  suite.before(async () => {
    world.server = await startTestServer();
  });
  suite.after(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
    await world.server.close();
  });
  return world;
}
