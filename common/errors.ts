/**
 * Error codes the server sends in `error` and `rejected` frames. Each has a sentence the UI can
 * show as is; the code is the stable part clients branch on.
 */
export const ERROR_TEXT = {
  'bad-json': 'The frame is not valid JSON.',
  'bad-frame': 'Binary frames are not accepted; send JSON text.',
  'unknown-type': 'Unknown message type.',
  'invalid-message': 'The message is missing a field or has a field of the wrong type.',
  'field-too-large': 'A field of the message is too large.',
  'not-joined': 'Join with a username first.',
  'already-joined': 'This connection has already joined.',
  'unsupported-version': 'This client speaks a protocol version the server does not support.',
  'username-invalid':
    'Usernames are 1–32 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit.',
  'username-taken': 'That username is already in use.',
  'user-offline': 'That user is not online.',
  'self-target': 'You cannot send that to yourself.',
  'rate-limited': 'Too many messages; slow down.',
  'too-many-joins': 'Too many people joined from your network just now; try again in a moment.',
  unavailable: 'The chat server cannot reach its shared store just now; try again in a moment.',
  internal: 'Something went wrong on the server.',
} as const;

export type ErrorCode = keyof typeof ERROR_TEXT;
export const ERROR_CODES = Object.keys(ERROR_TEXT) as [ErrorCode, ...ErrorCode[]];

/** A typed failure: what `parse*` functions return instead of throwing. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export function protocolError(code: ErrorCode, detail?: string): ProtocolError {
  return { code, message: detail ? `${ERROR_TEXT[code]} (${detail})` : ERROR_TEXT[code] };
}
