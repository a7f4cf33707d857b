/**
 * The web client's model, on a real server, when the server skips broadcasts for it: the `missed`
 * frame becomes a notice in Everyone, put into words, and nothing breaks.
 */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import { NO_MEDIA } from '../../../client/core/call/media-port.ts';
import { createChatServices } from '../../../client/core/chat-services.ts';
import type { SocketLike } from '../../../client/core/signaling/socket-like.ts';
import { ChatModel, EVERYONE } from '../../../client/web/chat/chat-model.ts';
import { describeMissed } from '../../../client/web/ui/missed-text.ts';
import { startTestServer } from '../../../harness/server.ts';
import { UNLIMITED, floodBroadcasts, stopReading } from '../../helpers/backlog.ts';
import { within } from '../../helpers/timing.ts';
import { TestClient } from '../../helpers/ws-client.ts';
import { freshIdentity } from '../../helpers/fresh-identity.ts';

const unused = (): never => {
  throw new Error('not used in this test');
};

test('broadcasts the server skipped while the client was behind show in Everyone as one notice, in words', async () => {
  const server = await startTestServer({ ...UNLIMITED, skipBufferedBytes: 64 * 1024 });
  let socket: WebSocket | undefined;
  const services = createChatServices({
    url: server.wsUrl,
    openSocket: (url) => (socket = new WebSocket(url)) as unknown as SocketLike,
    media: NO_MEDIA,
    links: unused,
    ...freshIdentity(),
  });
  const model = new ChatModel(services, {
    history: () => Promise.reject(new Error('no storage here')),
    files: { source: unused, prepare: () => {}, sink: unused, file: unused, survivesReload: false },
  });
  try {
    assert.ok(await model.join('Reader'));
    const sender = await TestClient.joined(server.wsUrl, 'Sender');
    await sender.joined('Reader').catch(() => undefined);
    const readAgain = stopReading(socket!);
    const count = 2000;
    await floodBroadcasts(sender, count);
    readAgain();
    const everyone = () => model.conversations.find((c) => c.id === EVERYONE)!;
    const notice = await within(30_000, 'the notice of missed messages', new Promise<NonNullable<ReturnType<typeof everyone>['messages'][number]['missed']>>((resolve) => {
      const check = () => {
        const found = everyone().messages.find((m) => m.missed)?.missed;
        if (found) resolve(found);
      };
      model.on('change', check);
      check();
    }));
    const heard = everyone().messages.filter((m) => !m.missed && m.from === 'Sender').length;
    assert.is(heard + notice.broadcasts, count, `${heard} shown + ${notice.broadcasts} missed`);
    const words = describeMissed(notice);
    assert.match(words, new RegExp(`^You missed ${notice.broadcasts} messages to everyone \\(`));
    console.log(`  shown in Everyone: "${words}"`);
    await sender.close();
  } finally {
    services.signaling.close();
    await server.close();
  }
});

test('the notice in words: one message, and a span of minutes', () => {
  const at = new Date(2024, 0, 1, 10, 1).getTime();
  assert.match(describeMissed({ broadcasts: 1, since: at, until: at + 1000 }), /^You missed a message to everyone \(at .+\): this device fell behind/);
  assert.match(describeMissed({ broadcasts: 12, since: at, until: at + 120_000 }), /^You missed 12 messages to everyone \(.+–.+\)/);
});

test.run();
