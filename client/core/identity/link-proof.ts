/**
 * The proof that binds an identity to one connection. Each side signs the DTLS fingerprints of the
 * connection as it sees them in its own descriptions: its local certificate's and the remote one's.
 * The other side checks the signature over the same two sets from its own view, with local and
 * remote swapped. With someone in the middle (a lying server splicing two connections) each side
 * sees the middle's certificate as remote, not the other side's, so no honest signature fits: the
 * middle can only replace the key, which pinned keys and safety numbers catch.
 */
import type { IdentityFrame, ProvenLane } from '../../../common/peer-wire.ts';
import { toBase64 } from './base64.ts';
import { verifySignature, type Identity } from './identity-key.ts';

/** A connection's certificates as one side sees them: `a=fingerprint` values of its local and remote descriptions. */
export interface FingerprintView {
  local: string[];
  remote: string[];
}

/** The `a=fingerprint` values of an SDP description, normalised (`sha-256 AB:CD:…`) and sorted. */
export function fingerprintsIn(sdp: string): string[] {
  const found = new Set<string>();
  for (const match of sdp.matchAll(/^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/gm)) {
    found.add(`${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}`);
  }
  return [...found].sort();
}

/** What the side with `view` of the `lane` connection signs. Sets in sorted order, so both sides build the same bytes. */
function statement(lane: ProvenLane, { local, remote }: FingerprintView): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`p2p-chat link identity v1\n${lane}\nsigner ${local.join(',')}\nother ${remote.join(',')}`);
}

/** Our identity frame for the `lane` connection we see as `view`; `key: null` without an identity. */
export async function proveLink(identity: Identity | null, lane: ProvenLane, view: FingerprintView): Promise<IdentityFrame> {
  if (!identity) return { t: 'identity', v: 1, lane, key: null };
  return { t: 'identity', v: 1, lane, key: identity.publicKey, sig: toBase64(await identity.sign(statement(lane, view))) };
}

/**
 * Whether the other side's signature covers this connection as we see it (`view`, ours). False when
 * either side's view lacks a fingerprint: a connection without one cannot be vouched for.
 */
export async function checkLinkProof(frame: IdentityFrame, view: FingerprintView): Promise<boolean> {
  if (!frame.key || !frame.sig || view.local.length === 0 || view.remote.length === 0) return false;
  return verifySignature(frame.key, frame.sig, statement(frame.lane, { local: view.remote, remote: view.local }));
}
