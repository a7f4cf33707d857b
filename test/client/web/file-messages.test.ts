/** Files in conversations, in the chat model on the real services: what one peer's transfer id can reach. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { ChatServices } from '../../../client/core/chat-services.ts';
import type { TransferInfo } from '../../../client/core/transfer/transfer-info.ts';
import { ChatModel } from '../../../client/web/chat/chat-model.ts';
import { conversationId } from '../../../client/web/chat/conversation-store.ts';
import type { PeerFrame } from '../../../common/peer-wire.ts';
import { toUsername, type Username } from '../../../common/username.ts';
import { MemoryFiles, MemoryHistory } from '../../helpers/memory-chat-ports.ts';
import { memorySource, pseudoRandomBytes } from '../../helpers/memory-link.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { untilOnline, usersOnServer } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';

const ALICE = toUsername('Alice');
const BOB = toUsername('Bob');
const CAROL = toUsername('Carol');

const users = usersOnServer(test);

const done = (services: ChatServices, peer: Username, id: string) =>
  within(10_000, `${peer.display}'s transfer ${id} to end`, services.transfers.next('update', (p, info: TransferInfo) => p.key === peer.key && info.id === id && ['done', 'failed', 'cancelled'].includes(info.state)).then(([, info]) => info));

test('a peer that reuses another peer’s transfer id reaches neither that file nor its storage', async () => {
  const network = new MemoryNetwork();
  const bobServices = users.services('Bob', { network });
  const files = new MemoryFiles();
  const history = new MemoryHistory();
  const bob = new ChatModel(bobServices, { history: history.open, files });
  assert.ok(await bob.join('Bob'));
  const alice = await users.join('Alice', { network });
  await untilOnline(alice, BOB);

  const fromAlice = pseudoRandomBytes(300_000, 1);
  const offered = bobServices.transfers.next('offer');
  const [aliceInfo] = alice.transfers.offer(BOB, [{ name: 'alice.bin', type: '', source: memorySource(fromAlice) }]);
  const id = aliceInfo!.id;
  await within(5000, 'Alice’s offer at Bob', offered);
  const aliceDone = done(alice, BOB, id);
  await bob.acceptFile(conversationId(ALICE), id);
  assert.is((await aliceDone).state, 'done');

  // Carol's engine is honest, but her link rewrites its transfer id on the wire to Alice's.
  let carolsOwn: string | undefined;
  const withId = (frame: PeerFrame, to: string): PeerFrame => ('id' in frame && frame.t.startsWith('file-') ? { ...frame, id: to } : frame);
  const carol = await users.join('Carol', {
    network,
    tamper: {
      send: (frame) => {
        if ('id' in frame && frame.t.startsWith('file-')) carolsOwn ??= frame.id;
        return withId(frame, id);
      },
      receive: (frame) => ('id' in frame && frame.id === id && carolsOwn ? withId(frame, carolsOwn) : frame),
    },
  });
  await untilOnline(carol, BOB);
  const fromCarol = pseudoRandomBytes(200_000, 2);
  const carolOffered = bobServices.transfers.next('offer', (peer) => peer.key === CAROL.key);
  const [carolInfo] = carol.transfers.offer(BOB, [{ name: 'carol.bin', type: '', source: memorySource(fromCarol) }]);
  await within(5000, 'Carol’s offer at Bob', carolOffered);
  const carolDone = done(carol, BOB, carolInfo!.id).catch((error: Error) => ({ state: error.message }));
  await bob.acceptFile(conversationId(CAROL), id);
  assert.is((await carolDone).state, 'done', 'Carol’s file was accepted and arrived');

  const keptFromAlice = new Uint8Array(await (await bob.receivedFile(conversationId(ALICE), id)).file.arrayBuffer());
  const keptFromCarol = new Uint8Array(await (await bob.receivedFile(conversationId(CAROL), id)).file.arrayBuffer());
  console.log(`  two peers, one transfer id: ${files.stored.size} stored file(s)`);
  assert.equal(keptFromAlice, fromAlice, 'Alice’s file is still hers');
  assert.equal(keptFromCarol, fromCarol);
  assert.is(files.stored.size, 2);
});

test.run();
