import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a WebSocket handshake with these headers may open. With an allow-list (ALLOWED_ORIGINS)
 * the `Origin` must be on it. Without one, a browser page may connect only from the server's own
 * origin, so a page elsewhere that a LAN user happens to visit cannot join, read Everyone or get
 * TURN credentials in their name.
 *
 * "Own" means the host the request came to, not a configured name: the `Host` header, or a
 * reverse proxy's `X-Forwarded-Host`. That serves `HOST=0.0.0.0` under any LAN name or address
 * without settings. Neither header can be set by a page's script on a WebSocket handshake, so a
 * hostile page cannot claim either. The scheme is not compared (a TLS-terminating proxy serves
 * https pages from a server that speaks http), only host and port.
 *
 * What it does not stop: a program (it can send any Origin it likes, and needs none: the CLI and
 * the tests send none, and are let in), and DNS rebinding, where a hostile name resolves to this
 * server and the page is then "same origin". A fixed ALLOWED_ORIGINS list stops the latter.
 */
export function originAllowed(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (allowed.length > 0) return origin !== undefined && allowed.includes(origin);
  // Browsers always send an Origin with a WebSocket handshake.
  if (origin === undefined) return true;
  const page = parseUrl(origin);
  if (!page || (page.protocol !== 'http:' && page.protocol !== 'https:')) return false;
  return requestHosts(headers).some((host) => parseUrl(`${page.protocol}//${host}`)?.host === page.host);
}

/** The hosts the request was sent to: `Host`, and each proxy's `X-Forwarded-Host`. */
function requestHosts(headers: IncomingHttpHeaders): string[] {
  const forwarded = headers['x-forwarded-host'];
  const listed = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',');
  return [headers.host ?? '', ...listed].map((host) => host.trim()).filter(Boolean);
}

/** `new URL`, or null; the URL parser also puts both sides in one form (default ports dropped, case folded). */
function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
