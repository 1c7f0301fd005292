import { createHash, createHmac } from 'node:crypto';
import { toAmzDate } from './amz-date.js';
import { canonicalHeaders, canonicalQueryString, type Pair } from './canonical.js';
import { deriveSigningKey } from './signing-key.js';
import { uriEncode } from './uri-encode.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface QuerySigningInput {
  method: string;
  /** The canonical URI, already encoded (and normalised, for services that normalise). */
  canonicalUri: string;
  /** The request's own query parameters, raw. */
  query?: readonly Pair[];
  /** Headers to sign, raw; must include `host`. */
  headers: readonly Pair[];
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Add the session token after signing instead of signing it (some services want that). @default false */
  omitSessionTokenFromSignature?: boolean;
  region: string;
  service: string;
  /** Milliseconds since the epoch. */
  signingTime: number;
  /** Seconds. */
  expiresIn: number;
  /** A precomputed signing key for this day, region and service. */
  signingKey?: Buffer;
}

export interface QuerySigningResult {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** Every query parameter, signature last, ready to follow `?`. */
  queryString: string;
}

/**
 * General SigV4 query signing (presigned URLs) for any service, any headers and any payload hash.
 * The S3 presigner uses its own precomputed fast path; this one is the readable reference the
 * conformance vectors and the verifier run through.
 */
export function signQuery(input: QuerySigningInput): QuerySigningResult {
  const amzDate = toAmzDate(input.signingTime);
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const headers = canonicalHeaders(input.headers);
  const authParams: Pair[] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${input.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(input.expiresIn)],
    ['X-Amz-SignedHeaders', headers.signedHeaders],
  ];
  const token: Pair[] = input.sessionToken === undefined ? [] : [['X-Amz-Security-Token', input.sessionToken]];
  const signed = [...(input.query ?? []), ...authParams, ...(input.omitSessionTokenFromSignature === true ? [] : token)];
  const canonicalQuery = canonicalQueryString(signed);
  const canonicalRequest = [input.method, input.canonicalUri, canonicalQuery, headers.text, headers.signedHeaders, input.payloadHash].join('\n');
  const stringToSign = [ALGORITHM, amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = input.signingKey ?? deriveSigningKey(input.secretAccessKey, day, input.region, input.service);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const after = input.omitSessionTokenFromSignature === true && input.sessionToken !== undefined
    ? `&X-Amz-Security-Token=${uriEncode(input.sessionToken)}`
    : '';
  return { canonicalRequest, stringToSign, signature, queryString: `${canonicalQuery}${after}&X-Amz-Signature=${signature}` };
}
