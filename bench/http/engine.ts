import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { bunny, cloudfront, createAccel, gcs, googleCdn, secureLink, type Accel, type AccelResponseView, type RedirectDecision } from '@cdn-accel/core';
import { objectPath, SAMPLE_PATH } from './paths.js';
import type { Provider } from './protocol.js';

/**
 * The one signed-URL location of an accel app, at `/protected/`. CloudFront signs with the parent's key (the
 * hand-written 302 sends its URL); the other providers' keys are throw-away ones made here, per process.
 */
function location(provider: Provider, privateKey: KeyObject, expiresIn: number) {
  switch (provider) {
    case 'google-cdn':
      return googleCdn({ url: 'https://media.example.com/media/', keyName: 'bench-key', key: randomBytes(16), expiresIn });
    case 'gcs':
      return gcs({ bucket: 'bench-media', hmacKey: { accessId: 'GOOG1EBENCHACCESSID', secret: randomBytes(30).toString('base64') }, expiresIn });
    case 'bunny':
      return bunny({ url: 'https://benchzone.b-cdn.net/media/', securityKey: randomUUID(), expiresIn });
    case 'secure-link':
      return secureLink({ url: 'https://files.example.com/media/', secureLinkMd5: '$secure_link_expires$uri $secret', secret: randomBytes(24).toString('base64url'), expiresIn });
    case 'cloudfront':
      return cloudfront({ url: 'https://d111111abcdef8.cloudfront.net/media/', keyPairId: 'K2JCJMDEHXQW5F', privateKey, expiresIn });
  }
}

/** The engine every accel app of the HTTP benchmark runs: one signed-URL location, CloudFront unless told. */
export function engine(privateKey: KeyObject, cache: boolean, expiresIn = 300, batchSignatures = true, provider: Provider = 'cloudfront'): Accel {
  return createAccel({
    locations: { '/protected/': location(provider, privateKey, expiresIn) },
    cache: cache ? {} : false,
    batchSignatures,
  });
}

const redirectTo = (path: string): AccelResponseView => ({ getHeader: (name) => (name === 'x-accel-redirect' ? path : undefined) });

/** The Location the accel app answers for the sample object: what the hand-written 302 sends. */
export async function signedUrl(accel: Accel): Promise<string> {
  const decision = (await accel.decide({ method: 'GET' }, redirectTo(SAMPLE_PATH))) as RedirectDecision;
  return (decision.headers[0] as [string, string])[1];
}

/**
 * Milliseconds per decision of an idle engine that signs on the spot (batchSignatures: false); with the cache
 * off, that is parse + sign + decision.
 */
export function signTime(accel: Accel): number {
  const view = redirectTo(SAMPLE_PATH);
  for (let i = 0; i < 50; i += 1) accel.decide({ method: 'GET' }, view);
  const runs = 400;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i += 1) accel.decide({ method: 'GET' }, view);
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

/** Refreshes the cache entry of each of the `objects` objects, as continuous traffic would have. */
export async function touchAll(accel: Accel, objects: number): Promise<void> {
  const decisions = [];
  for (let index = 0; index < objects; index += 1) decisions.push(accel.decide({ method: 'GET' }, redirectTo(objectPath(index))));
  await Promise.all(decisions);
}
