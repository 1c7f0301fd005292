import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { AccelError } from '../errors/accel-error.js';
import { fromAwsBase64 } from './aws-base64.js';
import { ipv4RangeContains } from './ip-range.js';
import { parsePolicy } from './parse-policy.js';
import { cannedPolicyJson } from './policy-json.js';
import type { HashAlgorithm } from './types.js';
import type { SignedParts, VerifyFailureReason, VerifyResult } from './verify-types.js';
import { matchesWildcard } from './wildcard.js';

const EXPIRES = /^\d{1,10}$/;
const parsedKeys = new WeakMap<object, Map<string, KeyObject | undefined>>();

const fail = (reason: VerifyFailureReason, message: string): VerifyResult => ({ ok: false, reason, message });

/** Looks a key up by id, parsing a PEM once per `publicKeys` object. */
function publicKeyFor(keys: Readonly<Record<string, KeyObject | string>>, id: string): KeyObject | undefined {
  if (!Object.hasOwn(keys, id)) return undefined;
  let cache = parsedKeys.get(keys);
  if (cache === undefined) parsedKeys.set(keys, (cache = new Map()));
  if (!cache.has(id)) {
    const value = keys[id]!;
    try {
      cache.set(id, typeof value === 'string' || value.type === 'private' ? createPublicKey(value) : value);
    } catch (cause) {
      throw new AccelError('ERR_ACCEL_INVALID_KEY', `publicKeys.${id}: not a public key PEM or KeyObject (${(cause as Error).message}). Pass the PEM uploaded to CloudFront.`, { cause });
    }
  }
  return cache.get(id);
}

function hashOf(value: string | undefined): HashAlgorithm | undefined {
  if (value === undefined || value === 'SHA1') return 'SHA1';
  return value === 'SHA256' ? 'SHA256' : undefined;
}

/**
 * Verifies CloudFront signing values against the URL they came with, in CloudFront's order: parameters,
 * key, signature, then the policy's resource, dates and IP range.
 */
export function verifySignedParts(parts: SignedParts, resourceUrl: string, keys: Readonly<Record<string, KeyObject | string>>, nowMs: number, clientIp: string | undefined): VerifyResult {
  const { expires, policy, signature, keyPairId } = parts;
  if (signature === undefined || keyPairId === undefined || (expires === undefined && policy === undefined)) {
    return fail('missing-parameters', 'a signed request needs Signature, Key-Pair-Id and Expires or Policy');
  }
  if (expires !== undefined && policy !== undefined) return fail('malformed-policy', 'both Expires and Policy are present');
  const hashAlgorithm = hashOf(parts.hashAlgorithm);
  if (hashAlgorithm === undefined) return fail('unsupported-hash-algorithm', `Hash-Algorithm "${parts.hashAlgorithm}" is not SHA1 or SHA256`);
  const key = publicKeyFor(keys, keyPairId);
  if (key === undefined) return fail('unknown-key', `no public key for key pair id "${keyPairId}"`);
  let policyJson: string;
  if (expires !== undefined) {
    if (!EXPIRES.test(expires)) return fail('malformed-policy', `Expires "${expires}" is not epoch seconds`);
    policyJson = cannedPolicyJson(resourceUrl, Number(expires));
  } else {
    const decoded = fromAwsBase64(policy!);
    if (decoded === undefined) return fail('malformed-policy', 'Policy is not CloudFront base64 (A-Z a-z 0-9 - ~ _)');
    policyJson = decoded.toString('utf8');
  }
  const signatureBytes = fromAwsBase64(signature);
  // SECURITY: the signature is checked before anything in the policy is trusted.
  if (signatureBytes === undefined || signatureBytes.length === 0) return fail('bad-signature', 'Signature is not CloudFront base64');
  if (!cryptoVerify(hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1', Buffer.from(policyJson, 'utf8'), key, signatureBytes)) {
    return fail('bad-signature', `the signature does not match the ${expires !== undefined ? 'canned policy rebuilt from the URL' : 'policy'} and key "${keyPairId}"`);
  }
  const parsed = parsePolicy(policyJson);
  if (!parsed.ok) return fail('malformed-policy', parsed.message);
  const { policy: statement, range } = parsed;
  if (statement.resource !== undefined && !matchesWildcard(statement.resource, resourceUrl)) {
    return fail('resource-mismatch', `the policy resource "${statement.resource}" does not match "${resourceUrl}"`);
  }
  const nowSeconds = nowMs / 1000;
  if (nowSeconds >= statement.dateLessThan) return fail('expired', `expired at ${new Date(statement.dateLessThan * 1000).toISOString()}`);
  if (statement.dateGreaterThan !== undefined && nowSeconds < statement.dateGreaterThan) {
    return fail('not-yet-valid', `valid from ${new Date(statement.dateGreaterThan * 1000).toISOString()}`);
  }
  if (range !== undefined && (clientIp === undefined || !ipv4RangeContains(range, clientIp))) {
    return fail('ip-mismatch', clientIp === undefined ? `the policy is limited to ${range.cidr} and no client IP was given` : `client ${clientIp} is outside ${range.cidr}`);
  }
  return { ok: true, keyPairId, hashAlgorithm, policyType: expires !== undefined ? 'canned' : 'custom', policy: statement };
}
