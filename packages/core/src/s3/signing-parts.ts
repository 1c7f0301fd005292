import { debuglog } from 'node:util';
import type { AwsCredentials } from '../credentials/types.js';
import { prepareHmac, type PreparedHmac } from '../keys/prepared-hmac.js';
import { deriveSigningKey } from '../sigv4/signing-key.js';
import { uriEncode } from '../sigv4/uri-encode.js';

const debug = debuglog('cdn-accel:s3');

/** What depends only on the credentials and the day: computed when either changes, not per URL. */
export interface SigningParts {
  /** `AKID%2F`: the start of `X-Amz-Credential`, encoded. */
  credentialPrefix: string;
  /** `&X-Amz-Security-Token=…` or `''`. */
  tokenParam: string;
  /** HMAC-SHA256 under the day's signing key, prepared once. */
  sign: PreparedHmac;
}

/**
 * Remembers the parts for the current credentials and UTC day; a refresh (a new credentials object)
 * or midnight derives the signing key again. One region and service per presigner.
 */
export function createSigningParts(region: string): (credentials: AwsCredentials, day: string) => SigningParts {
  let last: { credentials: AwsCredentials; day: string; parts: SigningParts } | undefined;
  return (credentials, day) => {
    if (last !== undefined && last.credentials === credentials && last.day === day) return last.parts;
    debug('deriving the signing key for %s on %s', credentials.accessKeyId, day);
    const parts: SigningParts = {
      credentialPrefix: `${uriEncode(credentials.accessKeyId)}%2F`,
      tokenParam: credentials.sessionToken === undefined ? '' : `&X-Amz-Security-Token=${uriEncode(credentials.sessionToken)}`,
      sign: prepareHmac('sha256', deriveSigningKey(credentials.secretAccessKey, day, region, 's3')),
    };
    last = { credentials, day, parts };
    return parts;
  };
}
