import type { Clock } from '@cdn-accel/core';
import type { Authorization } from './authorize.js';
import type { RequestFacts } from './request-facts.js';

/** SigV4 query authentication is recognised by its algorithm or signature parameter, as S3 does. */
export function isS3Presigned(query: URLSearchParams): boolean {
  return query.has('X-Amz-Algorithm') || query.has('X-Amz-Signature') || query.has('X-Amz-Credential');
}

export async function authorizeS3(facts: RequestFacts, secrets: Readonly<Record<string, string>>, now: Clock): Promise<Authorization> {
  void facts;
  void secrets;
  void now;
  return { ok: false, refusal: { status: 403, code: 'AccessDenied', message: 'Access Denied' }, reason: 'S3 presigned URLs: verifier not wired yet' };
}
