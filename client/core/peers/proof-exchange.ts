/**
 * One exchange of identity proofs over a link: ours goes out, the peer's is awaited and judged.
 * Every connection that carries something private runs one before it does — the chat link as it
 * opens, its file connection, a call's link — so a server that spliced itself into any of them
 * is caught on that one.
 */
import type { IdentityFrame, ProvenLane } from '../../../common/peer-wire.ts';
import type { Username } from '../../../common/username.ts';
import type { PeerLink } from './peer-link.ts';
import type { PeerIdentities, TrustVerdict } from '../identity/peer-identities.ts';

export interface ProofExchange {
  identities: PeerIdentities;
  me: Username;
  peer: Username;
  /** The link the proofs travel on (the file connection's travel on its chat link). */
  link: PeerLink;
  lane: ProvenLane;
  /** Resolves when the `lane` connection is up and its descriptions are set; default: now. */
  ready?: Promise<unknown>;
}

/**
 * Resolves with the verdict on the peer's proof for `lane`; never, if the peer sends none (the
 * caller's own timeout covers that). Listens from the moment it is called, so it must be called
 * before the peer's proof can arrive: as the link opens.
 */
export async function exchangeProofs({ identities, me, peer, link, lane, ready }: ProofExchange): Promise<TrustVerdict> {
  const theirs = new Promise<IdentityFrame>((resolve) => {
    const off = link.on('frame', (frame) => {
      if (frame.t !== 'identity' || frame.lane !== lane) return;
      off();
      resolve(frame);
    });
  });
  await ready;
  const view = await link.fingerprints(lane === 'bulk' ? 'bulk' : 'main');
  link.send(await identities.proof(lane, view));
  return identities.judge(me, peer, await theirs, view);
}
