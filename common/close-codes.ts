/**
 * WebSocket close codes the chat uses: the standard ones it sends or reads (RFC 6455 §7.4.1)
 * and its own, in the 4000–4999 range the RFC leaves to applications.
 */
export const CLOSE_CODES = {
  /** The client is done (leaving, retrying, or giving up after a rejection). */
  normal: 1000,
  /** The server is shutting down; the client may reconnect elsewhere. */
  goingAway: 1001,
  /** Never sent: what `ws` or a browser reports when the socket died without a close frame. */
  abnormalClosure: 1006,
  /** The client kept breaking the rules (rate limits) after being told. */
  policyViolation: 1008,
  /** Sent by `ws` itself for a frame over `LIMITS.maxFrameBytes`. */
  messageTooBig: 1009,
  /** The name's owner resumed it (with its token) on another connection; this one is stale. */
  resumedElsewhere: 4001,
  /** The name's claim expired (this process lost Redis too long) and someone else took it. */
  claimedElsewhere: 4002,
  /** The socket sent no `hello` within the server's deadline (HELLO_TIMEOUT_MS) after opening. */
  helloTimeout: 4003,
} as const;

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
