/**
 * Users for the suites of the client's services: the product's own assembly (`createChatServices`)
 * joined to the real server over `ws`, with memory peer links (`memory-peer-links.ts`).
 * `usersOnServer` starts the server before a suite and, after it, ends every call and link, closes
 * every socket and stops the server.
 */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_MEDIA, type MediaPort } from '../../client/core/call/media-port.ts';
import { createChatServices, type ChatServices, type ChatServicesOptions } from '../../client/core/chat-services.ts';
import type { LinkState } from '../../client/core/peers/peer-sessions.ts';
import { encodeSignalEnvelope, type SignalEnvelope } from '../../common/peer-wire.ts';
import { sameUser, type Username } from '../../common/username.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import type { Config } from '../../signaling/config.ts';
import type { MemoryNetwork, Tampering } from './memory-peer-links.ts';
import { within } from './timing.ts';
import { uniqueName } from './unique-name.ts';
import { TestClient } from './ws-client.ts';
import { freshIdentity } from './fresh-identity.ts';
import { wsSockets } from './ws-sockets.ts';

export interface TestUser extends ChatServices {
  /** The name as the server spells it. */
  readonly name: Username;
  /** Hangs up, closes every link, leaves. */
  close(): void;
}

/** How a user's services are made; anything else is passed to `createChatServices` (retry timings, transfer options). */
export interface JoinOptions extends Omit<ChatServicesOptions, 'url' | 'openSocket' | 'links' | 'media' | 'identity' | 'knownKeys'>, Partial<Pick<ChatServicesOptions, 'identity' | 'knownKeys'>> {
  /** Where the user's links are made; its offers are labelled with the user's name. */
  network: MemoryNetwork;
  /** Default: no camera or microphone. */
  media?: MediaPort;
  /** Default: none; what the user's links do to the frames they send and receive (a hostile peer). */
  tamper?: Tampering;
}

export class TestUsers {
  server!: TestServer;
  readonly #services: ChatServices[] = [];
  readonly #raw: TestClient[] = [];

  /** The services of a user who will be `name`, not joined yet (say, for a model that joins itself); they leave after the suite. */
  services(name: string, { network, media = NO_MEDIA, tamper, ...options }: JoinOptions): ChatServices {
    const services = createChatServices({ ...freshIdentity(), url: this.server.wsUrl, openSocket: wsSockets().open, media, links: network.factory(name, tamper), ...options });
    this.#services.push(services);
    return services;
  }

  /** A user joined as `name`. */
  async join(name: string, options: JoinOptions): Promise<TestUser> {
    const services = this.services(name, options);
    await within(3000, `${name} to join`, services.signaling.join(name));
    return { ...services, name: services.signaling.me!, close: () => leave(services) };
  }

  /** Two users joined as `names` (default: fresh ones) who see each other online. */
  async pair(options: JoinOptions, [first, second]: [string, string] = [uniqueName('Ann'), uniqueName('Bob')]): Promise<[TestUser, TestUser]> {
    const a = await this.join(first, options);
    const b = await this.join(second, options);
    await Promise.all([untilOnline(a, b.name), untilOnline(b, a.name)]);
    return [a, b];
  }

  /** A bare protocol client joined as `name`: online, but never answers anything. */
  async raw(name: string): Promise<TestClient> {
    const client = await TestClient.joined(this.server.wsUrl, name);
    this.#raw.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    // Every call first, so no side is left waiting for word from a peer that has gone.
    for (const services of this.#services) services.calls.hangUp();
    for (const services of this.#services) leave(services);
    await Promise.all(this.#raw.map((client) => client.close()));
  }
}

function leave({ calls, sessions, signaling }: ChatServices): void {
  calls.hangUp();
  sessions.closeAll();
  signaling.close();
}

/** Users on a real server started before the suite's first test and stopped, with them, after its last. */
export function usersOnServer(suite: Test, overrides: Partial<Config> = {}): TestUsers {
  const users = new TestUsers();
  suite.before(async () => {
    users.server = await startTestServer(overrides);
  });
  suite.after(async () => {
    await users.closeAll();
    await users.server.close();
  });
  return users;
}

/** Resolves once `user` sees `peer` online (at once if it does already). */
export function untilOnline(user: TestUser, peer: Username): Promise<unknown> {
  if (user.signaling.isOnline(peer)) return Promise.resolve();
  return within(3000, `${user.name.display} to see ${peer.display} online`, user.signaling.next('users', () => user.signaling.isOnline(peer)));
}

/** Resolves once `user`'s link to `peer` is in `state` (at once if it is already). */
export function untilState(user: TestUser, peer: Username, state: LinkState, ms = 3000): Promise<unknown> {
  if (user.sessions.state(peer) === state) return Promise.resolve();
  const what = `${user.name.display}'s link to ${peer.display} to be ${state}`;
  return within(ms, what, user.sessions.next('state', (who, now) => sameUser(who, peer) && now === state));
}

/** `a` connects to `b`; resolves once the link is open on both sides. */
export async function openLink(a: TestUser, b: TestUser, ms = 5000): Promise<void> {
  const open = Promise.all([untilState(a, b.name, 'open', ms), untilState(b, a.name, 'open', ms)]);
  a.sessions.connect(b.name);
  await open;
}

/**
 * Sends `envelope` from `from` to `to` through the server, then a marker behind it, and resolves
 * once the marker is in: frames from one socket arrive in order, so by then `to` has handled the
 * envelope. The marker is a call envelope, which the sessions leave to the call service.
 */
export async function deliverEnvelope(from: TestUser, to: TestUser, envelope: SignalEnvelope): Promise<void> {
  const callId = `marker-${Math.random()}`;
  const marker = encodeSignalEnvelope({ kind: 'call', callId, signal: { lane: 'chat', data: {}, ownBulkConnection: false } });
  const arrived = to.signaling.next('signal', (_, got) => got.kind === 'call' && got.callId === callId);
  assert.ok(from.signaling.send({ type: 'signal', to: to.name.display, data: encodeSignalEnvelope(envelope) }));
  assert.ok(from.signaling.send({ type: 'signal', to: to.name.display, data: marker }));
  await within(3000, 'the marker behind the envelope', arrived);
}
