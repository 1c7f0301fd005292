import { createHash, createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { debuglog } from 'node:util';
import { configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock } from '../runtime/clock.js';
import { parseAmzDate } from '../sigv4/amz-date.js';
import { canonicalHeaders, canonicalQueryString, type Pair } from '../sigv4/canonical.js';
import { splitTarget } from '../url/request-target.js';
import { UNSIGNED_PAYLOAD } from './canonical-request.js';
import { deriveGoog4SigningKey } from './hmac-key.js';
import { MAX_EXPIRES_IN } from './request-input.js';
import { RESPONSE_PARAMETERS } from './response-overrides.js';
import { canonicalPath, parseSignedQuery, type SignedQuery } from './verify-parse.js';
import type { GcsVerifier, GcsVerifierOptions, GcsVerifyFailure, GcsVerifyRequest, GcsVerifyResult } from './verify-types.js';

const trace = debuglog('cdn-accel:gcs');
const HEX = /^(?:[0-9a-f]{2})+$/;
// `bucket.storage.googleapis.com` (and other universes): the bucket is the first label.
const VIRTUAL_HOST = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.storage\.[a-z0-9.-]+$/;

const ERRORS: Readonly<Record<GcsVerifyFailure, { code: string; status: 400 | 403 }>> = {
  unsigned: { code: 'AccessDenied', status: 403 },
  malformed: { code: 'MalformedSecurityHeader', status: 400 },
  'unknown-credential': { code: 'AccessDenied', status: 403 },
  'bad-signature': { code: 'SignatureDoesNotMatch', status: 403 },
  'not-yet-valid': { code: 'AccessDenied', status: 403 },
  expired: { code: 'ExpiredToken', status: 400 },
};

function fail(reason: GcsVerifyFailure, message: string): GcsVerifyResult {
  trace('verify refused: %s (%s)', reason, message);
  return { ok: false, reason, ...ERRORS[reason], message };
}

/** The host name without its port: what the signers put into the canonical request. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d*$/, '');
}

function loadPublicKeys(keys: GcsVerifierOptions['serviceAccounts']): Map<string, KeyObject> {
  const loaded = new Map<string, KeyObject>();
  for (const [email, key] of Object.entries(keys ?? {})) {
    try {
      const parsed = typeof key === 'string' || key.type === 'private' ? createPublicKey(key) : key;
      if (parsed.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
      loaded.set(email, parsed);
    } catch (cause) {
      throw configError(`serviceAccounts[${JSON.stringify(email)}]`, 'is not an RSA public key (PEM or KeyObject)', "Pass the service account's public key, e.g. signer.publicKey", cause);
    }
  }
  return loaded;
}

function headerPairs(request: GcsVerifyRequest, signed: readonly string[]): Pair[] | undefined {
  const pairs: Pair[] = [];
  for (const name of signed) {
    const value = name === 'host' ? hostName(request.host) : request.headers?.[name];
    if (value === undefined) return undefined;
    for (const item of typeof value === 'string' ? [value] : value) pairs.push([name, item]);
  }
  return pairs;
}

/**
 * Creates a verifier of Cloud Storage V4 signed URLs for the given service accounts and HMAC keys (checked once):
 * it rebuilds the canonical request from what arrived, as Cloud Storage does, and answers with its error codes.
 * For the local CDN emulator and for tests.
 */
export function createGcsVerifier(options: GcsVerifierOptions): GcsVerifier {
  if (typeof options !== 'object' || options === null) throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { serviceAccounts } and/or { hmacKeys }');
  const publicKeys = loadPublicKeys(options.serviceAccounts);
  const secrets = new Map(Object.entries(options.hmacKeys ?? {}));
  const now = options.now ?? systemClock;
  const skewMs = (options.maxSkew ?? 900) * 1000;

  function signatureMatches(parsed: SignedQuery, request: GcsVerifyRequest, canonicalUri: string): boolean | undefined {
    const headers = headerPairs(request, parsed.signedHeaders);
    if (headers === undefined) return false;
    const canonical = canonicalHeaders(headers);
    const payload = parsed.signedHeaders.includes('x-goog-content-sha256') ? (request.headers?.['x-goog-content-sha256'] as string) : UNSIGNED_PAYLOAD;
    const canonicalRequest = [request.method.toUpperCase(), canonicalUri, canonicalQueryString(parsed.signedQuery), canonical.text, canonical.signedHeaders, payload].join('\n');
    const stringToSign = `${parsed.algorithm}\n${parsed.goog4Date}\n${parsed.scope}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
    const given = Buffer.from(parsed.signature, 'hex');
    if (parsed.algorithm === 'GOOG4-RSA-SHA256') {
      const key = publicKeys.get(parsed.credentialId);
      return key === undefined ? undefined : cryptoVerify('sha256', Buffer.from(stringToSign, 'utf8'), key, given);
    }
    const secret = secrets.get(parsed.credentialId);
    if (secret === undefined) return undefined;
    const expected = createHmac('sha256', deriveGoog4SigningKey(secret, parsed.day)).update(stringToSign, 'utf8').digest();
    // SECURITY: constant-time comparison, so the signature cannot be guessed byte by byte from timings.
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return {
    verify(request) {
      const { path, query } = splitTarget(request.url);
      const parsedQuery = parseSignedQuery(query);
      if (!parsedQuery.ok) return fail(parsedQuery.reason, parsedQuery.message);
      const parsed = parsedQuery.value;
      const signedAt = parseAmzDate(parsed.goog4Date);
      if (signedAt === undefined || parsed.goog4Date.slice(0, 8) !== parsed.day) return fail('malformed', 'X-Goog-Date must be yyyyMMddTHHmmssZ and match the date in X-Goog-Credential');
      if (parsed.expiresIn < 1 || parsed.expiresIn > MAX_EXPIRES_IN) return fail('malformed', `X-Goog-Expires must be from 1 to ${MAX_EXPIRES_IN} seconds (7 days)`);
      if (!HEX.test(parsed.signature)) return fail('bad-signature', 'X-Goog-Signature is not hexadecimal');
      const pathParts = canonicalPath(path.startsWith('/') ? path : `/${path}`);
      if (!pathParts.ok) return fail('malformed', pathParts.message);
      const matches = signatureMatches(parsed, request, pathParts.value.canonical);
      if (matches === undefined) return fail('unknown-credential', `no ${parsed.algorithm === 'GOOG4-RSA-SHA256' ? 'service account' : 'HMAC key'} "${parsed.credentialId}"`);
      if (!matches) return fail('bad-signature', 'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.');
      const nowMs = now();
      if (signedAt - skewMs > nowMs) return fail('not-yet-valid', 'Request is not valid yet');
      const expiresAt = signedAt + parsed.expiresIn * 1000;
      if (nowMs > expiresAt) return fail('expired', `The provided token has expired. Request signature expired at: ${new Date(expiresAt).toISOString()}`);
      const segments = pathParts.value.segments.slice(1);
      const hostBucket = options.bucket ?? VIRTUAL_HOST.exec(hostName(request.host))?.[1];
      const bucket = hostBucket ?? segments[0] ?? '';
      const key = (hostBucket === undefined ? segments.slice(1) : segments).join('/');
      const responseHeaders: Record<string, string> = {};
      // Only the documented overrides become headers: a URL must not choose arbitrary response headers.
      for (const parameter of RESPONSE_PARAMETERS) {
        const value = parsed.single.get(parameter);
        if (value !== undefined) responseHeaders[parameter.slice('response-'.length)] = value;
      }
      return { ok: true, bucket, key, algorithm: parsed.algorithm, credentialId: parsed.credentialId, expiresAt: new Date(expiresAt), responseHeaders };
    },
  };
}
