/**
 * Safety numbers, made the way Signal makes them: for each side, SHA-512 iterated over its public
 * key and a stable id (its name key), cut into 30 decimal digits; the two halves sorted and joined,
 * so both sides compute the same 60 digits. Comparing them (read aloud, or side by side) shows
 * that each holds the other's real key, whatever the server did in between.
 */
import { fromBase64 } from './base64.ts';

const VERSION = 0;
/** Signal's count: it makes finding a key whose number matches another's slower, not the check. */
const ITERATIONS = 5200;
const DIGITS_PER_CHUNK = 5;
const CHUNKS_PER_SIDE = 6;

/** One side of a conversation: its identity key (base64, as on the wire) and name key. */
export interface NumberedSide {
  publicKey: string;
  nameKey: string;
}

/** The 60 digits both sides of a conversation share. */
export async function safetyNumber(a: NumberedSide, b: NumberedSide): Promise<string> {
  const halves = await Promise.all([halfOf(a), halfOf(b)]);
  return halves.sort().join('');
}

/** The number as people read it: groups of five digits. */
export function formatSafetyNumber(digits: string): string[] {
  return digits.match(/\d{1,5}/g) ?? [];
}

/** Groups, spaces or none: the digits alone, for comparing what someone typed (`--expect`). */
export function digitsOf(typed: string): string {
  return typed.replace(/\s+/g, '');
}

async function halfOf({ publicKey, nameKey }: NumberedSide): Promise<string> {
  const key = fromBase64(publicKey);
  let hash = await sha512(concat(new Uint8Array([0, VERSION]), key, new TextEncoder().encode(nameKey)));
  for (let i = 0; i < ITERATIONS; i++) hash = await sha512(concat(hash, key));
  let digits = '';
  for (let chunk = 0; chunk < CHUNKS_PER_SIDE; chunk++) digits += chunkDigits(hash.subarray(chunk * 5, chunk * 5 + 5));
  return digits;
}

/** Five bytes as a 40-bit number, modulo 10^5, zero-padded. */
function chunkDigits(bytes: Uint8Array): string {
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return String(value % 10 ** DIGITS_PER_CHUNK).padStart(DIGITS_PER_CHUNK, '0');
}

async function sha512(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-512', data));
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
