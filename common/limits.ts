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
  /** Longest username, in characters (code points), once normalised. */
  maxUsernameChars: 32,
  /** Longest raw username accepted before normalisation is even attempted. */
  maxRawNameChars: 128,
  /** Most names in one page of the directory (`directory.limit`); a page asked without a limit has `directoryPage`. */
  maxDirectoryPage: 100,
  directoryPage: 50,
  /** Most names one connection may watch for presence (`watch.names`): what a screen shows, and the conversations. */
  maxWatchedNames: 256,
} as const;

/**
 * What one peer may send another over their link. The receiver holds every peer to these (a peer
 * is a stranger too); an honest sender stays within them, so both sides agree on them here.
 */
export const PEER_LIMITS = {
  /**
   * Frames that each become something shown and kept (a message, a typing mark, a file offer): a
   * token bucket per link, this many a second with bursts up to `shownFrameBurst` (an outbox
   * flushed after a reconnect goes in one burst).
   */
  shownFramesPerSec: 20,
  shownFrameBurst: 200,
  /**
   * Every other frame (acks, transfer and call control). Cheap each, but many: a receiver acks
   * every chunk it writes, so a fast path with small chunks makes many a second.
   */
  controlFramesPerSec: 2000,
  controlFrameBurst: 4000,
  /**
   * Frames over those limits are dropped, and each costs a strike; strikes heal at one a second.
   * Past this many the link is closed, and the peer's offers of a new one are ignored for
   * `floodCooldownMs`.
   */
  floodStrikes: 100,
  floodCooldownMs: 60_000,
  /** File offers a receiver keeps waiting for an answer, per peer; past it they are declined. A sender holds back the rest. */
  maxPendingOffers: 32,
  /**
   * Bytes a receiver takes ahead of what it has written, per transfer: twice the send window's
   * largest (`WindowOptions.maxBytes`). A sender past it ignored the window, and the transfer fails.
   */
  maxUnwrittenBytes: 32 * 1024 * 1024,
  /** A message's time as its sender gives it is kept within this distance of the receiver's clock; otherwise the arrival time is shown. */
  maxClockSkewMs: 5 * 60_000,
  /**
   * Links offered by people we did not ask to talk to, connecting at once; more are ignored until
   * one opens or gives up (each costs peer connections, of which a browser allows only so many).
   */
  maxUnsolicitedLinks: 8,
} as const;
