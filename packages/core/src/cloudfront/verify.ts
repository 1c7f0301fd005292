import { debuglog } from 'node:util';
import { systemClock } from '../runtime/clock.js';
import type { SignedParts, VerifyCloudFrontOptions, VerifyResult } from './verify-types.js';
import { verifySignedParts } from './verify-signed-parts.js';

const trace = debuglog('cdn-accel:cloudfront');

function traced(result: VerifyResult): VerifyResult {
  if (!result.ok) trace('verify refused: %s (%s)', result.reason, result.message);
  return result;
}

const SIGNING_NAMES: Readonly<Record<string, keyof SignedParts>> = {
  Expires: 'expires',
  Policy: 'policy',
  Signature: 'signature',
  'Key-Pair-Id': 'keyPairId',
  'Hash-Algorithm': 'hashAlgorithm',
};

const COOKIE_NAMES: Readonly<Record<keyof SignedParts, string>> = {
  expires: 'CloudFront-Expires',
  policy: 'CloudFront-Policy',
  signature: 'CloudFront-Signature',
  keyPairId: 'CloudFront-Key-Pair-Id',
  hashAlgorithm: 'CloudFront-Hash-Algorithm',
};

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

type Split = { parts: SignedParts; resourceUrl: string } | { error: string };

/** Takes the signing parameters out of the query; what remains (in order) is the resource CloudFront checks. */
function splitSignedUrl(url: string): Split {
  const clean = withoutFragment(url);
  const query = clean.indexOf('?');
  const parts: SignedParts = { expires: undefined, policy: undefined, signature: undefined, keyPairId: undefined, hashAlgorithm: undefined };
  if (query === -1) return { parts, resourceUrl: clean };
  const kept: string[] = [];
  for (const pair of clean.slice(query + 1).split('&')) {
    const equals = pair.indexOf('=');
    const field = SIGNING_NAMES[equals === -1 ? pair : pair.slice(0, equals)];
    if (field === undefined) {
      kept.push(pair);
      continue;
    }
    const value = decode(equals === -1 ? '' : pair.slice(equals + 1));
    // SECURITY: a repeated signing parameter is ambiguous (which one did CloudFront read?): refuse it.
    if (value === undefined || parts[field] !== undefined) return { error: `signing parameter "${pair.slice(0, equals)}" is repeated or badly encoded` };
    parts[field] = value;
  }
  return { parts, resourceUrl: kept.length === 0 ? clean.slice(0, query) : `${clean.slice(0, query)}?${kept.join('&')}` };
}

/**
 * Verifies a signed URL the way CloudFront does: the signing parameters are removed, the rest is the resource
 * (rebuilt into the canned policy, or matched against the custom policy's `*`/`?` pattern).
 */
export function verifyCloudFrontUrl(url: string, options: VerifyCloudFrontOptions): VerifyResult {
  const split = splitSignedUrl(url);
  if ('error' in split) return traced({ ok: false, reason: 'malformed-policy', message: split.error });
  return traced(verifySignedParts(split.parts, split.resourceUrl, options.publicKeys, (options.now ?? systemClock)(), options.clientIp));
}

/** Verifies CloudFront signed cookies (`CloudFront-Policy`/`-Expires`, `-Signature`, `-Key-Pair-Id`, `-Hash-Algorithm`) for a request URL. */
export function verifyCloudFrontCookies(url: string, cookies: Readonly<Record<string, string>>, options: VerifyCloudFrontOptions): VerifyResult {
  const read = (field: keyof SignedParts): string | undefined => (Object.hasOwn(cookies, COOKIE_NAMES[field]) ? cookies[COOKIE_NAMES[field]] : undefined);
  const parts: SignedParts = { expires: read('expires'), policy: read('policy'), signature: read('signature'), keyPairId: read('keyPairId'), hashAlgorithm: read('hashAlgorithm') };
  return traced(verifySignedParts(parts, withoutFragment(url), options.publicKeys, (options.now ?? systemClock)(), options.clientIp));
}
