import { hash } from 'node:crypto';
import { canonicalHeaders, canonicalQueryString, type Pair } from '../sigv4/canonical.js';

export const SCOPE_TAIL = 'auto/storage/goog4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export type GcsAlgorithm = 'GOOG4-RSA-SHA256' | 'GOOG4-HMAC-SHA256';

/** Everything of one V4 signed URL except the signature. */
export interface GcsV4Input {
  algorithm: GcsAlgorithm;
  /** Service account email (RSA) or HMAC access ID. */
  credentialId: string;
  method: string;
  /** Already encoded: `/bucket/name`, `/name` or `/bucket`. */
  canonicalUri: string;
  /** The signed `host`. */
  host: string;
  /** Further headers the request must send (signed), raw. */
  headers?: readonly Pair[];
  /** Further query parameters (signed), raw. */
  query?: readonly Pair[];
  /** `X-Goog-Date`, `20190201T090000Z`. */
  goog4Date: string;
  /** `X-Goog-Expires`, seconds. */
  expiresIn: number;
}

export interface GcsV4Parts {
  canonicalRequest: string;
  stringToSign: string;
  /** The canonical query string: the URL's query before `&X-Goog-Signature=`. */
  canonicalQuery: string;
}

/**
 * The V4 canonical request and string to sign, as Google documents them ("Canonical requests", "Signatures"):
 * every header and query parameter signed, sorted, RFC 3986 encoded; the payload hash is `X-Goog-Content-SHA256`
 * when the request sends one, else `UNSIGNED-PAYLOAD`. The readable general path; `createGcsSigner` builds the
 * common GET/HEAD case directly.
 */
export function buildGcsV4(input: GcsV4Input): GcsV4Parts {
  const day = input.goog4Date.slice(0, 8);
  const scope = `${day}/${SCOPE_TAIL}`;
  const headers = canonicalHeaders([...(input.headers ?? []), ['host', input.host]]);
  const payloadHeader = input.headers?.find(([name]) => name.toLowerCase() === 'x-goog-content-sha256');
  const auth: Pair[] = [
    ['X-Goog-Algorithm', input.algorithm],
    ['X-Goog-Credential', `${input.credentialId}/${scope}`],
    ['X-Goog-Date', input.goog4Date],
    ['X-Goog-Expires', String(input.expiresIn)],
    ['X-Goog-SignedHeaders', headers.signedHeaders],
  ];
  const canonicalQuery = canonicalQueryString([...auth, ...(input.query ?? [])]);
  const payloadHash = payloadHeader === undefined ? UNSIGNED_PAYLOAD : payloadHeader[1].trim();
  const canonicalRequest = [input.method, input.canonicalUri, canonicalQuery, headers.text, headers.signedHeaders, payloadHash].join('\n');
  const hashed = hash('sha256', canonicalRequest, 'hex');
  return { canonicalRequest, stringToSign: `${input.algorithm}\n${input.goog4Date}\n${scope}\n${hashed}`, canonicalQuery };
}
