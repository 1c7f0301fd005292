import { createGcsVerifier, type Clock, type GcsVerifierOptions } from '@cdn-accel/core';
import type { Authorize } from './authorize.js';
import { overridesFromQuery } from './response-overrides.js';

/** The keys a Cloud Storage emulator accepts (the verifier's options without its clock). */
export type DevCdnGcsKeys = Pick<GcsVerifierOptions, 'serviceAccounts' | 'hmacKeys'>;

/**
 * Cloud Storage's check of a V4 signed URL (path style, `/bucket/name` is `<root>/bucket/name`): the canonical
 * request rebuilt from what arrived, the credential, the validity window; refusals in its XML with its codes
 * (`SignatureDoesNotMatch` 403, `ExpiredToken` 400…).
 */
export function createGcsAuthorize(keys: DevCdnGcsKeys, now: Clock): Authorize {
  const verifier = createGcsVerifier({ ...keys, now });
  return async (req, facts) => {
    const verdict = verifier.verify({ method: facts.method, url: facts.target, host: facts.host, headers: req.headers });
    if (!verdict.ok) return { ok: false, refusal: { status: verdict.status, code: verdict.code, message: verdict.message }, reason: `${verdict.reason}: ${verdict.message}` };
    // The response-* parameters are part of the signed query, so they are the signer's choice.
    return { ok: true, scheme: 'gcs-signed-url', overrides: overridesFromQuery(facts.query) };
  };
}
