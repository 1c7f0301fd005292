import { AccelError } from '../errors/accel-error.js';

// Printable ASCII except `"` and `\`: everything else must be percent-encoded before signing, because the signed
// bytes must be the bytes on the wire and because `"`/`\`/control characters would break out of the policy JSON.
const UNSAFE = /[^\x21\x23-\x5b\x5d-\x7e]/;
const HTTP_URL = /^https?:\/\/[^/?#]+/i;
const RESOURCE_SCHEME = /^(?:https?|http\*|\*):\/\/|^\*$/i;
const SIGNING_PARAMETER = /(?:^|&)(?:Expires|Policy|Signature|Key-Pair-Id|Hash-Algorithm)(?:=|&|$)/i;

function invalidInput(message: string): AccelError {
  return new AccelError('ERR_ACCEL_INVALID_INPUT', message, { status: 400 });
}

function assertSafeCharacters(value: string, field: string): void {
  // SECURITY: blocks JSON injection into the policy ("…\",\"Resource\":\"*") and unencoded bytes.
  const bad = UNSAFE.exec(value);
  if (bad !== null) {
    const shown = JSON.stringify(bad[0]);
    throw invalidInput(`${field}: the resource contains ${shown} at position ${bad.index}; ` +
      'percent-encode spaces, non-ASCII and control characters (see joinObjectUrl / encodeObjectKey), and never put " or \\ in a resource');
  }
}

/**
 * Checks a URL before it is signed: absolute http(s), no fragment, no CloudFront signing parameters, only
 * wire-safe characters. Returns the separator (`?` or `&`) for the signing parameters.
 */
export function checkUrlToSign(url: string, field = 'url'): '?' | '&' {
  if (typeof url !== 'string' || !HTTP_URL.test(url)) {
    throw invalidInput(`${field}: expected an absolute http:// or https:// URL, got ${JSON.stringify(url)}`);
  }
  assertSafeCharacters(url, field);
  // SECURITY: a fragment never reaches CloudFront, so a signature over it would never verify.
  if (url.includes('#')) throw invalidInput(`${field}: remove the fragment (#…); browsers do not send it, so CloudFront cannot match it`);
  const query = url.indexOf('?');
  if (query === -1) return '?';
  // SECURITY: a second Expires/Policy/Signature would let the URL carry conflicting signing parameters.
  if (SIGNING_PARAMETER.test(url.slice(query + 1))) {
    throw invalidInput(`${field}: the URL already carries a CloudFront signing parameter (Expires, Policy, Signature, Key-Pair-Id or Hash-Algorithm); sign the URL without them`);
  }
  return '&';
}

/** Checks a policy resource (a URL or a `*`/`?` pattern) before it goes into the policy JSON. */
export function checkPolicyResource(resource: string, field = 'resource'): void {
  if (typeof resource !== 'string' || !RESOURCE_SCHEME.test(resource)) {
    throw invalidInput(`${field}: expected a URL (http://, https://, http*://) or a pattern with * and ? wildcards, got ${JSON.stringify(resource)}`);
  }
  assertSafeCharacters(resource, field);
}
