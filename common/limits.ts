/** Size limits both sides agree on. Signaling frames are tiny; anything bigger is abuse. */
export const LIMITS = {
  /** Largest WebSocket frame the server accepts (bytes); larger closes the socket with 1009. */
  maxFrameBytes: 64 * 1024,
  /** Longest broadcast text, in UTF-16 code units. */
  maxBroadcastChars: 4000,
  /** Longest private message, in UTF-16 code units (it goes peer to peer, but a peer is a stranger too). */
  maxPrivateChars: 16_000,
  /** Longest file name offered for transfer. */
  maxFileNameChars: 255,
  /** Largest serialized `signal.data` payload (SDP or ICE candidate), in characters. */
  maxSignalChars: 32 * 1024,
  /** Longest opaque identifier (message ids, call ids, resume tokens). */
  maxIdChars: 64,
  /** Longest raw username accepted before normalisation is even attempted. */
  maxRawNameChars: 128,
} as const;
