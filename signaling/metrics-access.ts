import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Headers a reverse proxy adds: a request that carries one came from further away than its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * Whether `/metrics` answers this request. With METRICS_TOKEN set, only to `Authorization: Bearer
 * <token>`, from anywhere. Without it, only to this machine: a loopback socket that carries no
 * proxy header (a reverse proxy on this machine makes every request look local).
 * @returns 200, or the status to refuse with: 401 (a token is wanted) or 403.
 */
export function metricsAccess(req: IncomingMessage, token: string | undefined): 200 | 401 | 403 {
  if (token !== undefined) return bearerMatches(req.headers.authorization, token) ? 200 : 401;
  if (!isLoopback(req.socket.remoteAddress)) return 403;
  return PROXY_HEADERS.some((name) => req.headers[name] !== undefined) ? 403 : 200;
}

/** 127.0.0.0/8 and ::1, also written IPv4-mapped (`::ffff:127.0.0.1`) as a dual-stack listener reports it. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
