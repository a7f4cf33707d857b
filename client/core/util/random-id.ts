/**
 * A random 128-bit id in hex. `crypto.randomUUID` exists only in secure contexts, and a LAN
 * deployment is plain http, so this uses `getRandomValues`, which works everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
