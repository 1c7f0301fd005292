import { encodeSegment } from '../url/encode-object-key.js';
import type { ResponseOverrides } from '../contract/target.js';

/**
 * The S3 `response-*` query parameters for a CloudFront URL (CloudFront forwards them to an S3 origin that
 * signs its requests with OAC; the cache policy must include them). Sorted by name, values RFC 3986-encoded.
 */
export function overrideQuery(overrides: ResponseOverrides | undefined): string {
  if (overrides === undefined) return '';
  let query = '';
  if (overrides.cacheControl !== undefined) query += `&response-cache-control=${encodeSegment(overrides.cacheControl)}`;
  if (overrides.contentDisposition !== undefined) query += `&response-content-disposition=${encodeSegment(overrides.contentDisposition)}`;
  if (overrides.contentType !== undefined) query += `&response-content-type=${encodeSegment(overrides.contentType)}`;
  return query.slice(1);
}

/** Joins two query strings (either may be empty) with `&`. */
export function joinQuery(first: string, second: string): string {
  if (first === '') return second;
  if (second === '') return first;
  return `${first}&${second}`;
}
