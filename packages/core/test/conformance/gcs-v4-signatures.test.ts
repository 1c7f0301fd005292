import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createGcsSigner } from '../../src/gcs/create-signer.js';
import type { GcsServiceAccountSignerOptions } from '../../src/gcs/types.js';

// googleapis/conformance-tests storage/v1/v4_signatures.json, copied byte for byte (see the folder's README): the
// cases every Google Cloud client library runs. All 29 signingV4Tests run here; the 11 postPolicyV4Tests sign
// browser upload forms, which cdn-accel does not make, and are skipped below by name.
interface SigningCase {
  description: string;
  bucket: string;
  object?: string;
  method: string;
  expiration: number;
  timestamp: string;
  headers?: Record<string, string>;
  queryParameters?: Record<string, string>;
  scheme?: string;
  urlStyle?: 'VIRTUAL_HOSTED_STYLE' | 'BUCKET_BOUND_HOSTNAME';
  bucketBoundHostname?: string;
  hostname?: string;
  clientEndpoint?: string;
  emulatorHostname?: string;
  universeDomain?: string;
  expectedUrl: string;
  expectedCanonicalRequest: string;
  expectedStringToSign: string;
}
const vectors = new URL('../vectors/gcs/', import.meta.url);
const suite = JSON.parse(readFileSync(new URL('v4_signatures.json', vectors), 'utf8')) as { signingV4Tests: SigningCase[]; postPolicyV4Tests: Array<{ description: string }> };
const keyFile = fileURLToPath(new URL('test_service_account.not-a-test.json', vectors));

/** The case's addressing as signer options, with the precedence the suite defines: hostname, client endpoint, emulator host, universe. */
function addressing(vector: SigningCase): Omit<GcsServiceAccountSignerOptions, 'serviceAccountKey'> {
  const scheme = vector.scheme ?? 'https';
  const withScheme = (host: string) => (/^https?:\/\//.test(host) ? host : `${scheme}://${host}`);
  if (vector.urlStyle === 'BUCKET_BOUND_HOSTNAME') return { bucket: vector.bucket, urlStyle: 'bucket-bound', bucketBoundHostname: withScheme(vector.bucketBoundHostname!) };
  const endpoint = vector.hostname ?? vector.clientEndpoint ?? vector.emulatorHostname;
  return {
    bucket: vector.bucket,
    ...(vector.urlStyle === 'VIRTUAL_HOSTED_STYLE' ? { urlStyle: 'virtual-hosted' as const } : {}),
    ...(endpoint === undefined ? {} : { endpoint: withScheme(endpoint) }),
    ...(vector.universeDomain === undefined ? {} : { universeDomain: vector.universeDomain }),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// The published canonical request of this case names the path-style path, but its own string to sign hashes the
// virtual-hosted one (/test-object), as does its URL. The URL and string to sign are checked; the erratum is pinned.
const CANONICAL_REQUEST_ERRATUM = 'Universe domain with virtual hosted style';

describe('GCS V4 signing vectors (googleapis/conformance-tests)', () => {
  it('has all 29 signingV4Tests; the 11 postPolicyV4Tests are out of scope', () => {
    expect(suite.signingV4Tests).to.have.length(29);
    expect(suite.postPolicyV4Tests).to.have.length(11);
  });

  for (const vector of suite.signingV4Tests) {
    it(vector.description, () => {
      const signer = createGcsSigner({ ...addressing(vector), serviceAccountKey: { file: keyFile } });
      const input = {
        method: vector.method,
        ...(vector.object === undefined ? {} : { key: vector.object }),
        ...(vector.headers === undefined ? {} : { headers: vector.headers }),
        ...(vector.queryParameters === undefined ? {} : { query: vector.queryParameters }),
        expiresIn: vector.expiration,
        signingDate: new Date(vector.timestamp),
      };
      const signed = signer.signRequest(input);
      expect(signed.url).to.equal(vector.expectedUrl);
      expect(signed.stringToSign).to.equal(vector.expectedStringToSign);
      if (vector.description === CANONICAL_REQUEST_ERRATUM) {
        expect(sha256(vector.expectedCanonicalRequest)).not.to.equal(vector.expectedStringToSign.split('\n')[3]);
        expect(signed.canonicalRequest).to.equal(vector.expectedCanonicalRequest.replace('\n/test-bucket/test-object\n', '\n/test-object\n'));
      } else {
        expect(signed.canonicalRequest).to.equal(vector.expectedCanonicalRequest);
      }
      const plain = vector.headers === undefined && vector.queryParameters === undefined && vector.object !== undefined;
      if (plain && (vector.method === 'GET' || vector.method === 'HEAD')) {
        expect(signer.signUrl({ key: vector.object!, method: vector.method, expiresIn: vector.expiration, signingDate: new Date(vector.timestamp) })).to.equal(vector.expectedUrl);
      }
    });
  }

  for (const vector of suite.postPolicyV4Tests) it.skip(`POST policy (out of scope): ${vector.description}`);
});
