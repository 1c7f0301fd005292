import type { VerifyFailureReason } from '@cdn-accel/core';
import type { DevCdnRefusal } from './xml-error.js';

const ACCESS_DENIED: DevCdnRefusal = { status: 403, code: 'AccessDenied', message: 'Access denied' };

/**
 * The refusal CloudFront itself sends for a verifier's reason. CloudFront says little on purpose ("Access
 * denied"); the verifier's precise message goes to the `X-Dev-Cdn-Reason` header and the log instead.
 */
export function cloudFrontRefusal(reason: VerifyFailureReason, keyPairIdPresent: boolean): DevCdnRefusal {
  switch (reason) {
    case 'missing-parameters':
      return keyPairIdPresent ? ACCESS_DENIED : { status: 403, code: 'MissingKey', message: 'Missing Key-Pair-Id query parameter or cookie value' };
    case 'unknown-key':
      return { status: 403, code: 'InvalidKey', message: 'Unknown Key' };
    case 'malformed-policy':
      return { status: 403, code: 'MalformedPolicy', message: 'Malformed Policy' };
    default:
      return ACCESS_DENIED;
  }
}
