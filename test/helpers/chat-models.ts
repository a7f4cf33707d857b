/**
 * Chat models in Node as the browser assembles them (`platform/web-chat.ts`), but on `ws`, on real
 * WebRTC (`@roamhq/wrtc`) and on memory ports, against the real server.
 */
import wrtc from '@roamhq/wrtc';
import type { Test } from 'uvu';
import { suite } from './suite.ts';
import * as assert from 'uvu/assert';
import { toUsername } from '../../common/username.ts';
import { NO_MEDIA, type MediaPort } from '../../client/core/call/media-port.ts';
import { createChatServices } from '../../client/core/chat-services.ts';
import type { PeerSessionsOptions } from '../../client/core/peers/peer-sessions.ts';
import { simplePeerLinks } from '../../client/core/peers/simple-peer-link.ts';
import { ChatModel, type Conversation } from '../../client/web/chat/chat-model.ts';
import { conversationId } from '../../client/web/chat/conversation-store.ts';
import type { StoredMessage } from '../../client/web/chat/stored-message.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { MemoryFiles, MemoryHistory } from './memory-chat-ports.ts';
import { within } from './timing.ts';
import { uniqueName } from './unique-name.ts';
import { freshIdentity } from './fresh-identity.ts';
import { wsSockets } from './ws-sockets.ts';

export interface ModelPorts {
  /** Default: a fresh `MemoryHistory` (pass the same one to a model built after a "reload"). */
  history?: MemoryHistory;
  /** Default: a fresh `MemoryFiles`. */
  files?: MemoryFiles;
  /** Default: `NO_MEDIA`. */
  media?: MediaPort;
  /** How peer links are retried (defaults as in the app). */
  sessions?: PeerSessionsOptions;
}

export interface ModelWorld {
  server: TestServer;
  /** A model not yet joined; closed after the suite. */
  model(ports?: ModelPorts): ChatModel;
  /** A model joined as `name`, with `resume` if given (the test fails if the server refuses it). */
  joined(name: string, ports?: ModelPorts, resume?: string): Promise<ChatModel>;
  /** Two models joined under fresh names, each seeing the other online. */
  pair(ports?: [ModelPorts?, ModelPorts?]): Promise<[ChatModel, ChatModel]>;
  /**
   * The page reloads: the old model goes, and a new one on `ports` rejoins under the same name with
   * the resume token, as the web shell does from session storage.
   */
  reload(model: ChatModel, ports: ModelPorts): Promise<ChatModel>;
}

/**
 * A uvu suite with the real server around it (started before the first test, closed after the
 * last, with every model made through `world`).
 */
export function chatModelSuite(title: string): { test: Test; world: ModelWorld } {
  const test = suite(title);
  const models: ChatModel[] = [];
  const world: ModelWorld = {
    server: undefined as unknown as TestServer,
    model({ history = new MemoryHistory(), files = new MemoryFiles(), media = NO_MEDIA, sessions = {} } = {}) {
      const services = createChatServices({
        ...sessions,
        ...freshIdentity(),
        url: world.server.wsUrl,
        openSocket: wsSockets().open,
        media,
        links: simplePeerLinks(wrtc),
      });
      const model = new ChatModel(services, { history: history.open, files });
      models.push(model);
      return model;
    },
    async joined(name, ports, resume) {
      const model = world.model(ports);
      assert.ok(await within(5000, `${name} joining`, model.join(name, resume)), `${name} was refused: ${model.joinError}`);
      return model;
    },
    async pair([first, second]: [ModelPorts?, ModelPorts?] = []) {
      const a = await world.joined(uniqueName('Alice'), first);
      const b = await world.joined(uniqueName('Bob'), second);
      await until(a, () => listed(a, chatWith(b.me!))?.online, `${a.me} seeing ${b.me} online`);
      return [a, b];
    },
    async reload(model, ports) {
      const name = model.me!;
      const resume = model.signaling.resumeToken;
      closeModel(model);
      return world.joined(name, ports, resume);
    },
  };
  test.before(async () => {
    world.server = await startTestServer();
  });
  test.after(async () => {
    for (const model of models) closeModel(model);
    await world.server.close();
  });
  return { test, world };
}

/** What leaving the page does: the call, the peer links and the server connection end (the model has no close of its own). */
export function closeModel(model: ChatModel): void {
  model.calls.hangUp();
  model.sessions.closeAll();
  model.signaling.close();
}

/**
 * Resolves with the predicate's value once it is truthy: at once, or after one of the model's
 * changes. Rejects after `ms`, naming `what`.
 */
export function until<T>(model: ChatModel, predicate: () => T | null | undefined | false, what: string, ms = 10_000): Promise<T> {
  let off = () => {};
  const held = new Promise<T>((resolve) => {
    const check = () => {
      const value = predicate();
      if (!value) return;
      off();
      resolve(value);
    };
    off = model.on('change', check);
    check();
  });
  return within(ms, what, held).finally(() => off());
}

/** The id of the private conversation with the user named `name`. */
export function chatWith(name: string): string {
  return conversationId(toUsername(name));
}

/** The conversation with this id, if the model lists it. */
export function listed(model: ChatModel, id: string): Conversation | undefined {
  return model.conversations.find((c) => c.id === id);
}

/** The messages of a listed conversation, oldest first (none if it is not listed). */
export function messagesIn(model: ChatModel, id: string): readonly StoredMessage[] {
  return listed(model, id)?.messages ?? [];
}
