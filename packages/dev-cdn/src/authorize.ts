import type { IncomingMessage } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { verifyCloudFrontCookies, verifyCloudFrontUrl, type Clock } from '@cdn-accel/core';
import { cloudFrontRefusal } from './cloudfront-refusal.js';
import type { RequestFacts } from './request-facts.js';
import { overridesFromQuery } from './response-overrides.js';
import { authorizeS3, isS3Presigned } from './s3-authorize.js';
import type { DevCdnRefusal } from './xml-error.js';

/** How a request proved it may read the file. */
export type DevCdnScheme =
  | 'cloudfront-url' | 'cloudfront-cookies' | 's3-presigned' | 'google-cdn-url' | 'google-cdn-cookie' | 'gcs-signed-url' | 'bunny-token' | 'secure-link';

export type Authorization =
  | { ok: true; scheme: DevCdnScheme; overrides: Record<string, string>; path?: string }
  | { ok: false; refusal: DevCdnRefusal; reason: string };

export type Authorize = (req: IncomingMessage, facts: RequestFacts) => Promise<Authorization>;

export interface AuthorizeSettings {
  publicKeys: Readonly<Record<string, KeyObject>>;
  s3Secrets: Readonly<Record<string, string>>;
  now: Clock;
  clientIp: (req: IncomingMessage) => string | undefined;
}

const CLOUDFRONT_QUERY_NAMES = ['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm'];

function usesSignedUrl(query: URLSearchParams): boolean {
  return CLOUDFRONT_QUERY_NAMES.some((name) => query.has(name));
}

/**
 * Picks the scheme the request uses, as the real services would: X-Amz-* query parameters are an S3 presigned
 * URL; CloudFront signing parameters in the query win over signed cookies; without either, the cookies are read
 * (and their absence is CloudFront's "Missing Key-Pair-Id").
 */
export function createAuthorize(settings: AuthorizeSettings): Authorize {
  const cloudFrontOptions = (req: IncomingMessage) => ({ publicKeys: settings.publicKeys, now: settings.now, clientIp: settings.clientIp(req) });

  return async function authorize(req, facts) {
    if (isS3Presigned(facts.query)) return authorizeS3(facts, settings.s3Secrets, settings.now);
    const signedUrl = usesSignedUrl(facts.query);
    const verdict = signedUrl
      ? verifyCloudFrontUrl(facts.url, cloudFrontOptions(req))
      : verifyCloudFrontCookies(facts.url, facts.cookies, cloudFrontOptions(req));
    if (!verdict.ok) {
      const keyPairIdPresent = signedUrl ? facts.query.has('Key-Pair-Id') : Object.hasOwn(facts.cookies, 'CloudFront-Key-Pair-Id');
      return { ok: false, refusal: cloudFrontRefusal(verdict.reason, keyPairIdPresent), reason: `${verdict.reason}: ${verdict.message}` };
    }
    // The overrides are trusted only now: a canned policy signed them with the URL, a wildcard policy allowed them.
    return { ok: true, scheme: signedUrl ? 'cloudfront-url' : 'cloudfront-cookies', overrides: overridesFromQuery(facts.query) };
  };
}
