import type { ErrorCode } from '../../../common/errors.ts';

/** A join refused by the server, with the code and sentence to show the user. */
export class JoinRejected extends Error {
  constructor(
    readonly code: ErrorCode | 'connection-failed',
    message: string,
  ) {
    super(message);
  }
}
