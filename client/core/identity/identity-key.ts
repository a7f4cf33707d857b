/**
 * A long-term identity: an ECDSA P-256 key pair made once per browser profile or CLI peer, apart
 * from the DTLS certificates (which WebRTC makes afresh for every connection). WebCrypto does the
 * work, as `crypto.subtle` in browsers and in Node alike; the private key never leaves it.
 */
import { fromBase64, toBase64 } from './base64.ts';

export const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export type IdentityKeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };
type CryptoKey = Awaited<ReturnType<SubtleCrypto['importKey']>>;
type SubtleCrypto = typeof crypto.subtle;

/** This side's identity, as the protocol uses it. */
export interface Identity {
  /** The public key, the raw uncompressed point in base64: what peers pin and safety numbers are made of. */
  readonly publicKey: string;
  sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Where a shell keeps its identity: loads the key pair, or makes and keeps one the first time.
 * Null where the platform has no WebCrypto (a page served over plain http is not a secure context).
 */
export type LoadIdentity = () => Promise<Identity | null>;

/** WebCrypto, where the platform offers it. */
export function webCrypto(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

/**
 * A new key pair. The private key is not extractable unless a shell needs to write it out itself
 * (the CLI's key file), and then only until it has been imported back as not extractable.
 */
export function generateIdentityKeyPair(extractable = false): Promise<IdentityKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, extractable, ['sign', 'verify']) as Promise<IdentityKeyPair>;
}

/** The identity of a key pair. */
export async function identityOf(pair: IdentityKeyPair): Promise<Identity> {
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return {
    publicKey,
    sign: async (data) => new Uint8Array(await crypto.subtle.sign(SIGNATURE_ALGORITHM, pair.privateKey, data)),
  };
}

/** A private key in PKCS #8 (the CLI's key file) imported as not extractable. */
export function importPrivateKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, KEY_ALGORITHM, false, ['sign']);
}

/** A public key from its raw point, for verifying. */
export function importPublicKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, KEY_ALGORITHM, true, ['verify']);
}

/** Whether `signature` is `publicKey`'s (base64 both) over `data`; false for anything malformed. */
export async function verifySignature(publicKey: string, signature: string, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    const key = await importPublicKey(fromBase64(publicKey));
    return await crypto.subtle.verify(SIGNATURE_ALGORITHM, key, fromBase64(signature), data);
  } catch {
    return false;
  }
}

/** An identity made on first use and kept in memory only: tests, and peers with nowhere to keep one. */
export function ephemeralIdentity(): LoadIdentity {
  let made: Promise<Identity> | undefined;
  return () => (made ??= generateIdentityKeyPair().then(identityOf));
}
