/**
 * What the CLI says and does about the identity of each peer it links with: it prints the safety
 * number once a link's proof holds, and gives up on a peer whose link has someone in the middle,
 * whose key changed since last time, or whose safety number is not the one given with `--expect`.
 * Nothing private has gone to such a peer: its link never opened.
 */
import type { Username } from '../../common/username.ts';
import { formatSafetyNumber } from '../core/identity/safety-number.ts';
import type { PeerIdentity } from '../core/identity/peer-identities.ts';
import type { HeadlessPeer } from './headless-peer.ts';

export interface IdentityGuard {
  /** Rejects, with a sentence for the user, at the first peer the CLI must not talk to. */
  refused: Promise<never>;
  /** Resolves once every peer met so far is reported (a safety number takes a moment to compute). */
  reported(): Promise<void>;
}

export function guardIdentities(peer: HeadlessPeer, say: (line: string) => void): IdentityGuard {
  const reports: Promise<unknown>[] = [];
  const refused = new Promise<never>((_, reject) => {
    peer.identities.on('change', (who, identity) => {
      reports.push(describe(peer, who, identity).then((problem) => (problem ? reject(new Error(problem)) : undefined)));
    });
  });
  return { refused, reported: () => Promise.all(reports).then(() => {}) };

  async function describe(peer: HeadlessPeer, who: Username, { verdict, verified }: PeerIdentity): Promise<string | undefined> {
    const digits = await peer.identities.safetyNumber(peer.signaling.me!, who);
    const number = digits ? formatSafetyNumber(digits).join(' ') : '';
    switch (verdict) {
      case 'proven':
        say(`${who.display}: safety number ${number}${verified ? ' (verified)' : ''}`);
        return undefined;
      case 'unverifiable':
        say(`${who.display} has no identity key (a browser on plain http): who is at the other end cannot be checked`);
        return undefined;
      case 'forged':
        return `${who.display}: the connection is not the one their identity key vouches for: someone (the server?) is in the middle. Nothing was sent.`;
      case 'key-changed':
        return `${who.display}: not the identity key expected (it changed since last time, or does not give --expect's number); their safety number is now ${number}. Compare it with them, then run again with --expect "${number}". Nothing was sent.`;
    }
  }
}
