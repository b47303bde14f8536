/*
 * Errors across a worker thread's boundary (the projection and verification workers): a thrown
 * Error does not survive postMessage as an Error, so it crosses as the fields below.
 */

/** An Error as it crosses the thread boundary (the shape pino's err serializer writes). */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { type: error.name, message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  return { type: 'Error', message: String(error) };
}

/** An Error again on this side of the boundary, with the worker's name and stack. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.type;
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
