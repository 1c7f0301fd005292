import { AccelError } from '../errors/accel-error.js';
import { resolveValidity, type ResolveValidityOptions } from '../time/resolve-validity.js';
import { toAwsBase64 } from './aws-base64.js';
import { parseIpv4Range } from './ip-range.js';
import { cannedPolicyJson, customPolicyJson } from './policy-json.js';
import { checkPolicyResource, checkUrlToSign } from './resource.js';
import type { CloudFrontPolicy } from './types.js';
import { matchesWildcard } from './wildcard.js';

/** Everything of one signature except the signature itself. */
export interface SigningInput {
  /** The policy text, and the exact bytes to sign (its UTF-8). */
  policyJson: string;
  policyBytes: Buffer;
  /** `Expires=1767290400` (canned) or `Policy=eyJ…` (custom), without a separator. */
  policyParameter: string;
  /** Canned: the expiry in epoch seconds; custom: undefined. */
  expires: number | undefined;
  /** Custom: the policy in CloudFront base64; canned: undefined. */
  encodedPolicy: string | undefined;
}

function customInput(resource: string, policy: CloudFrontPolicy, nowMs: number, options: ResolveValidityOptions): SigningInput {
  const { dateLessThan, dateGreaterThan } = resolveValidity(policy, nowMs, options);
  const cidr = policy.ipAddress === undefined ? undefined : canonicalCidr(policy.ipAddress);
  const policyJson = customPolicyJson(resource, dateLessThan, dateGreaterThan, cidr);
  const policyBytes = Buffer.from(policyJson, 'utf8');
  const encodedPolicy = toAwsBase64(policyBytes);
  return { policyJson, policyBytes, policyParameter: `Policy=${encodedPolicy}`, expires: undefined, encodedPolicy };
}

// One-entry memo: a server usually signs many URLs for the same range in a row.
let lastIp: string | undefined;
let lastCidr = '';

function canonicalCidr(ipAddress: string): string {
  if (ipAddress !== lastIp) {
    lastCidr = parseIpv4Range(ipAddress, 'policy.ipAddress').cidr;
    lastIp = ipAddress;
  }
  return lastCidr;
}

function cannedInput(resource: string, policy: CloudFrontPolicy, nowMs: number, options: ResolveValidityOptions): SigningInput {
  const { dateLessThan } = resolveValidity(policy, nowMs, options);
  const policyJson = cannedPolicyJson(resource, dateLessThan);
  return { policyJson, policyBytes: Buffer.from(policyJson, 'utf8'), policyParameter: `Expires=${dateLessThan}`, expires: dateLessThan, encodedPolicy: undefined };
}

function isCustom(policy: CloudFrontPolicy): boolean {
  return policy.dateGreaterThan !== undefined || policy.ipAddress !== undefined;
}

/** Checks a URL and its policy and builds what is signed: canned when only an expiry applies, custom otherwise. */
export function urlSigningInput(url: string, policy: CloudFrontPolicy, nowMs: number, options: ResolveValidityOptions): SigningInput {
  checkUrlToSign(url);
  const resource = policy.resource;
  if (resource !== undefined && resource !== url) {
    checkPolicyResource(resource, 'policy.resource');
    // A policy that does not cover the URL signs something CloudFront will refuse with 403: fail here instead.
    if (!matchesWildcard(resource, url)) {
      throw new AccelError('ERR_ACCEL_INVALID_INPUT', `policy.resource: "${resource}" does not match the URL "${url}" (CloudFront * and ? wildcards); widen the resource or sign another URL`, { status: 400 });
    }
    return customInput(resource, policy, nowMs, options);
  }
  return isCustom(policy) ? customInput(url, policy, nowMs, options) : cannedInput(url, policy, nowMs, options);
}

/** Same for cookies: a wildcard resource (`*`) cannot be expressed by a canned policy, so it makes the policy custom. */
export function cookieSigningInput(resource: string, policy: CloudFrontPolicy, nowMs: number, options: ResolveValidityOptions): SigningInput {
  const policyResource = policy.resource ?? resource;
  checkPolicyResource(resource, 'resource');
  if (policyResource !== resource) checkPolicyResource(policyResource, 'policy.resource');
  if (isCustom(policy) || policyResource !== resource || policyResource.includes('*')) return customInput(policyResource, policy, nowMs, options);
  return cannedInput(resource, policy, nowMs, options);
}
