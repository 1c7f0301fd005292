/** Every error code cdn-accel raises. The root README lists each with its meaning. */
export type AccelErrorCode =
  | 'ERR_ACCEL_CONFIG'
  | 'ERR_ACCEL_INVALID_INPUT'
  | 'ERR_ACCEL_INVALID_KEY'
  | 'ERR_ACCEL_UNMAPPED'
  | 'ERR_ACCEL_UNSAFE_PATH'
  | 'ERR_ACCEL_SIGNING_FAILED'
  | 'ERR_ACCEL_CREDENTIALS'
  | 'ERR_ACCEL_ORIGIN'
  | 'ERR_ACCEL_UPSTREAM';

export interface AccelErrorOptions {
  /** HTTP status an adapter answers with. @default 500 */
  status?: number;
  /** Whether `message` may be shown to the client. @default status < 500 */
  expose?: boolean;
  /** The underlying error, kept for logs; never shown to clients. */
  cause?: unknown;
  /**
   * Headers the error answer carries: a stream location's `addHeaders` marked `always`. Koa's error handling and
   * Express's default handler send `headers` of an error; the proxy does too.
   */
  headers?: Readonly<Record<string, string | string[]>>;
}

/**
 * The one error class of cdn-accel. Recognise it by `code` (stable strings), not `instanceof`:
 * two copies of the package in one tree must still understand each other's errors.
 * `status` and `expose` follow the shape that Koa's and Express's default handlers read.
 */
export class AccelError extends Error {
  override readonly name = 'AccelError';
  readonly code: AccelErrorCode;
  readonly status: number;
  readonly statusCode: number;
  readonly expose: boolean;
  readonly headers?: Readonly<Record<string, string | string[]>>;

  constructor(code: AccelErrorCode, message: string, options: AccelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
    this.statusCode = this.status;
    this.expose = options.expose ?? this.status < 500;
    if (options.headers !== undefined) this.headers = options.headers;
  }
}

/** True for any error that carries an AccelError code, whichever copy of the package made it. */
export function isAccelError(value: unknown): value is AccelError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code.startsWith('ERR_ACCEL_')
  );
}

/** A startup error that names the option and says how to fix it: `<field>: <problem>. <fix>`. */
export function configError(field: string, problem: string, fix: string, cause?: unknown): AccelError {
  // A problem taken from another error's message may end its own sentence already.
  return new AccelError('ERR_ACCEL_CONFIG', `${field}: ${problem.replace(/\.+$/, '')}. ${fix}`, { status: 500, expose: false, cause });
}

/**
 * A startup error of a nested factory (a key, a signer) as a config error of the option that holds it:
 * `within` goes before the field the message names (`cloudfront.` + `privateKey: …`). The message already says
 * what was wrong and the fix, so none is added.
 */
export function withinOption(within: string, error: AccelError): AccelError {
  return new AccelError('ERR_ACCEL_CONFIG', `${within}${error.message}`, { status: 500, expose: false, cause: error });
}
