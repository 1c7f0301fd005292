import { AccelError, isAccelError } from '../errors/accel-error.js';
import { unsafePath } from '../errors/unsafe-path.js';

const TRANSIENT_CODES = new Set(['ERR_ACCEL_CREDENTIALS', 'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EAI_AGAIN', 'ThrottlingException', 'TimeoutError']);

/**
 * Wraps a signer or credential failure: 503 when retrying later can help (credentials loading, a KMS
 * timeout or throttle), 500 otherwise. The message names no key, path or signature; the cause is kept for logs.
 */
export function signingFailed(cause: unknown): AccelError {
  // SECURITY: a key the signer itself refuses (e.g. an encoded dot segment left after the one decoding) is a bad path, not an outage.
  if (isAccelError(cause) && cause.code === 'ERR_ACCEL_INVALID_INPUT') return unsafePath('refused by the signer');
  // SECURITY: a target that refuses where the key points (a host off signed()'s allow-list) answers 404 as an unmapped path does.
  if (isAccelError(cause) && (cause.code === 'ERR_ACCEL_UNMAPPED' || cause.code === 'ERR_ACCEL_UNSAFE_PATH')) return cause;
  // The signer's own wrapper (502, with the KMS message) is unwrapped: the status is decided here, once.
  const inner = isAccelError(cause) && cause.code === 'ERR_ACCEL_SIGNING_FAILED' && cause.cause !== undefined ? cause.cause : cause;
  const error = inner as { code?: unknown; name?: unknown; $retryable?: unknown } | null;
  const transient = error !== null && typeof error === 'object' && (
    TRANSIENT_CODES.has(String(error.code)) || TRANSIENT_CODES.has(String(error.name)) || error.$retryable !== undefined
  );
  return new AccelError('ERR_ACCEL_SIGNING_FAILED', transient ? 'Service Unavailable (signing is temporarily unavailable)' : 'Internal Server Error (signing failed)', {
    status: transient ? 503 : 500,
    cause,
  });
}
