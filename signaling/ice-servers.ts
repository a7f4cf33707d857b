import { createHmac } from 'node:crypto';
import type { IceServer } from '../common/protocol.ts';
import type { Config } from './config.ts';

export interface TurnCredentials {
  username: string;
  credential: string;
  /** Unix time in seconds after which the TURN server refuses them. */
  expiresAt: number;
}

/**
 * Short-lived TURN credentials in the TURN REST convention that coturn implements with
 * `use-auth-secret`: the username is `<expiry unix seconds>:<user>`, the password is
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC and checks the expiry, so the
 * shared secret never leaves the servers and a leaked password stops working on its own.
 */
export function turnCredentials(secret: string, user: string, ttlSeconds: number, nowMs = Date.now()): TurnCredentials {
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

/** What one user's client gets: the configured STUN/TURN servers, plus TURN with fresh credentials. */
export function iceServersFor(config: Config, user: string, nowMs = Date.now()): IceServer[] {
  if (!config.turnSecret || config.turnUrls.length === 0) return config.iceServers;
  const { username, credential } = turnCredentials(config.turnSecret, user, config.turnTtlSeconds, nowMs);
  return [...config.iceServers, { urls: config.turnUrls, username, credential }];
}
