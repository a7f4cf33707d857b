import { createChatServices } from '../../core/chat-services.ts';
import { simplePeerLinks } from '../../core/peers/simple-peer-link.ts';
import type { SocketLike } from '../../core/signaling/socket-like.ts';
import { ChatModel } from '../chat/chat-model.ts';
import { browserFiles } from './browser-files.ts';
import { browserIdentity, browserKnownKeys, resetBrowserIdentity } from './browser-identity.ts';
import { HistoryStore } from './history-store.ts';
import { browserMedia } from './local-media.ts';

/**
 * The web shell's assembly: the core's services on the browser's WebSocket, camera and microphone,
 * and the chat model on IndexedDB history and the origin-private file system.
 */
export function createWebChat(location: Pick<Location, 'protocol' | 'host'>): ChatModel {
  const services = createChatServices({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    media: browserMedia,
    links: simplePeerLinks(),
    identity: browserIdentity,
    knownKeys: browserKnownKeys(),
  });
  return new ChatModel(services, { history: (userKey) => HistoryStore.open(userKey), files: browserFiles, resetIdentity: resetBrowserIdentity });
}
