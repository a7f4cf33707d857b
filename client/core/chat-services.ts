import { CallService } from './call/call-service.ts';
import type { MediaPort } from './call/media-port.ts';
import { PrivateChat } from './chat/private-chat.ts';
import type { LoadIdentity } from './identity/identity-key.ts';
import type { KnownKeys } from './identity/known-keys.ts';
import { PeerIdentities } from './identity/peer-identities.ts';
import type { PeerLinkFactory } from './peers/peer-link.ts';
import { PeerSessions, type PeerSessionsOptions } from './peers/peer-sessions.ts';
import { SignalingClient } from './signaling/signaling-client.ts';
import type { SocketFactory } from './signaling/socket-like.ts';
import type { EngineOptions } from './transfer/transfer-info.ts';
import { TransferService } from './transfer/transfer-service.ts';

export interface ChatServicesOptions extends PeerSessionsOptions {
  /** The server's ws endpoint, e.g. `ws://127.0.0.1:8080/ws`. */
  url: string;
  /** The platform's WebSocket. */
  openSocket: SocketFactory;
  /** The platform's camera, microphone and screen. */
  media: MediaPort;
  /** The platform's WebRTC. */
  links: PeerLinkFactory;
  /** Where this side's identity key pair is kept. */
  identity: LoadIdentity;
  /** Where the identity keys of peers met are pinned. */
  knownKeys: KnownKeys;
  transfer?: EngineOptions;
}

/** Everything a client does, without a screen: both shells (web and Node) are built on this. */
export interface ChatServices {
  readonly signaling: SignalingClient;
  readonly sessions: PeerSessions;
  readonly identities: PeerIdentities;
  readonly chat: PrivateChat;
  readonly transfers: TransferService;
  readonly calls: CallService;
}

/** Assembles the services on one signaling connection, each listening to the ones it builds on. */
export function createChatServices({ url, openSocket, media, links, identity, knownKeys, transfer, ...sessionOptions }: ChatServicesOptions): ChatServices {
  const signaling = new SignalingClient(url, openSocket);
  const identities = new PeerIdentities(identity, knownKeys);
  const sessions = new PeerSessions(signaling, links, identities, sessionOptions);
  return {
    signaling,
    sessions,
    identities,
    chat: new PrivateChat(sessions, signaling),
    transfers: new TransferService(sessions, transfer),
    calls: new CallService(signaling, media, links, identities),
  };
}
