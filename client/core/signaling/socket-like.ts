/** The subset of the WebSocket API used here: the browser's, or `ws` in Node. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

/** `readyState` of an open socket, the same in the browser and in `ws`. */
export const SOCKET_OPEN = 1;
