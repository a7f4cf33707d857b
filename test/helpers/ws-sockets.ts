/** The Node peer's socket (`ws`) as a `SocketFactory`, keeping every socket it opens so a test can count them or cut one. */
import { WebSocket } from 'ws';
import type { SocketFactory, SocketLike } from '../../client/core/signaling/socket-like.ts';

export interface RecordingSockets {
  open: SocketFactory;
  /** Every socket opened, in order. */
  opened: WebSocket[];
}

export function wsSockets(): RecordingSockets {
  const opened: WebSocket[] = [];
  const open = (url: string) => {
    const socket = new WebSocket(url);
    opened.push(socket);
    return socket as unknown as SocketLike;
  };
  return { open, opened };
}
