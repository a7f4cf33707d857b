import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';

/**
 * The headers every HTTP response gets: what the built client may load, and what browsers must not
 * do with it.
 *
 * The policy allows the app as built and nothing else: scripts, workers (the OPFS module worker)
 * and connections (the WebSocket: CSP's 'self' covers ws: and wss: to the same host) from this
 * origin only, no plugins, no `<base>`, no form posts, and no framing by other sites. The file
 * hasher (hash-wasm) compiles WebAssembly, which needs 'wasm-unsafe-eval': it allows compiling
 * wasm, not JavaScript's eval. Styles: lit
 * adopts constructed stylesheets, which a policy does not govern; the one inline `<style>` of
 * index.html is allowed by its hash, read from the built file when the server starts (rebuilding
 * the client while the server runs needs a restart if that style changes). WebRTC, the camera and
 * microphone, and blob: downloads are not governed by a policy either.
 */
export function securityHeaders(staticDir: string): Record<string, string> {
  const styles = inlineStyleHashes(join(staticDir, 'index.html')).map((hash) => ` '${hash}'`).join('');
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    // Previews of images and videos in file cards are the received (or sent) files, as blob: URLs.
    "img-src 'self' blob:",
    "media-src 'self' blob:",
    `style-src 'self'${styles}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    // Links in messages lead to other sites: they learn nothing of this server from the click.
    'referrer-policy': 'no-referrer',
  };
}

/** Sets `headers` on `res`. */
export function applyHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** `sha256-…` of each inline `<style>` in the page, as CSP spells a hash source. */
function inlineStyleHashes(indexFile: string): string[] {
  if (!existsSync(indexFile)) return [];
  const page = readFileSync(indexFile, 'utf8');
  return [...page.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map(
    ([, css]) => `sha256-${createHash('sha256').update(css!).digest('base64')}`,
  );
}
