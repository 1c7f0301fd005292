import { hash } from 'node:crypto';
import { debuglog } from 'node:util';
import { AccelError, configError } from '../errors/accel-error.js';
import { describeValue } from '../errors/describe-value.js';
import { systemClock } from '../runtime/clock.js';
import { createAmzDateFormatter, toAmzDate } from '../sigv4/amz-date.js';
import type { Pair } from '../sigv4/canonical.js';
import { buildGcsV4, SCOPE_TAIL } from './canonical-request.js';
import { resolveGcsAddress, type GcsAddress } from './endpoint.js';
import { encodeObjectName } from './object-name.js';
import { checkDefaultExpiresIn, checkRequest, expiresInOf, requestMethodOf, signingTimeOf, urlMethodOf } from './request-input.js';
import { responseOverridesQuery } from './response-overrides.js';
import { resolveSigningMethod, type ExternalSigningMethod, type LocalSigningMethod } from './signing-method.js';
import type {
  AsyncGcsSigner, GcsExternalSignerOptions, GcsHmacSignerOptions, GcsServiceAccountSignerOptions, GcsSignedRequest, GcsSigner,
  GcsSignerOptions, GcsSignRequestInput, GcsSignUrlRequest,
} from './types.js';

const trace = debuglog('cdn-accel:gcs');
const ENCODED_SCOPE_TAIL = `%2F${SCOPE_TAIL.replaceAll('/', '%2F')}`;

/**
 * The common case built as one string: the canonical query is written already sorted and is the URL's query. What
 * depends only on the signing second and the lifetime (the X-Goog- parameters, the head of the string to sign) is
 * kept from the previous URL, so a busy second builds it once. `prepare` returns the string to sign and leaves the
 * URL up to `&X-Goog-Signature=` and the signing day in `pending`, to be read before anything else is prepared.
 */
function createUrlPreparer(address: GcsAddress, method: LocalSigningMethod | ExternalSigningMethod, defaultExpiresIn: number, now: () => number) {
  const algorithmPart = `X-Goog-Algorithm=${method.algorithm}&X-Goog-Credential=${method.credentialPrefix}`;
  const hostPart = `\nhost:${address.host}\n\nhost\nUNSIGNED-PAYLOAD`;
  let lastSecond = Number.NaN;
  let lastExpiresIn = 0;
  let authQuery = '';
  let stringToSignHead = '';
  const pending = { urlHead: '', day: '' };
  function prepare(request: GcsSignUrlRequest): string {
    checkRequest(request);
    const httpMethod = urlMethodOf(request.method);
    const canonicalUri = `${address.pathPrefix}/${encodeObjectName(request.key)}`;
    const expiresIn = expiresInOf(request.expiresIn, defaultExpiresIn);
    const second = Math.floor(signingTimeOf(request.signingDate, now) / 1000);
    if (second !== lastSecond || expiresIn !== lastExpiresIn) {
      const date = toAmzDate(second * 1000);
      pending.day = date.slice(0, 8);
      authQuery = `${algorithmPart}${pending.day}${ENCODED_SCOPE_TAIL}&X-Goog-Date=${date}&X-Goog-Expires=${expiresIn}&X-Goog-SignedHeaders=host`;
      stringToSignHead = `${method.algorithm}\n${date}\n${pending.day}/${SCOPE_TAIL}\n`;
      lastSecond = second;
      lastExpiresIn = expiresIn;
    }
    const query = request.responseHeaders === undefined ? authQuery : authQuery + responseOverridesQuery(request.responseHeaders);
    pending.urlHead = `${address.origin}${canonicalUri}?${query}&X-Goog-Signature=`;
    return stringToSignHead + hash('sha256', `${httpMethod}\n${canonicalUri}\n${query}${hostPart}`, 'hex');
  }
  return { prepare, pending };
}

function pairs(record: Readonly<Record<string, string>> | undefined, field: string): Pair[] {
  if (record === undefined) return [];
  if (typeof record !== 'object' || record === null) throw new AccelError('ERR_ACCEL_INVALID_INPUT', `${field} must be an object of strings`, { status: 400 });
  return Object.entries(record).map(([name, value]) => {
    // SECURITY: a header or parameter with a line break would change the canonical request's lines.
    if (typeof value !== 'string' || /[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new AccelError('ERR_ACCEL_INVALID_INPUT', `${field}.${name} must be a string without line breaks`, { status: 400 });
    return [name, value] as const;
  });
}

interface PreparedRequest { stringToSign: string; day: string; urlHead: string; canonicalRequest: string; headers: Record<string, string> }

/** Any request: the general path through the canonical request builder. */
function prepareRequest(address: GcsAddress, method: LocalSigningMethod | ExternalSigningMethod, defaultExpiresIn: number, now: () => number) {
  const formatDate = createAmzDateFormatter();
  return (request: GcsSignRequestInput): PreparedRequest => {
    checkRequest(request);
    const name = request.key === undefined ? undefined : encodeObjectName(request.key, true);
    const canonicalUri = name === undefined ? address.pathPrefix || '/' : `${address.pathPrefix}/${name}`;
    const headers = pairs(request.headers, 'headers');
    const date = formatDate(signingTimeOf(request.signingDate, now));
    const parts = buildGcsV4({
      algorithm: method.algorithm,
      credentialId: method.credentialId,
      method: requestMethodOf(request.method),
      canonicalUri,
      host: address.host,
      headers,
      query: pairs(request.query, 'query'),
      goog4Date: date,
      expiresIn: expiresInOf(request.expiresIn, defaultExpiresIn),
    });
    return {
      stringToSign: parts.stringToSign,
      canonicalRequest: parts.canonicalRequest,
      day: date.slice(0, 8),
      headers: Object.fromEntries(headers),
      urlHead: `${address.origin}${canonicalUri}?${parts.canonicalQuery}&X-Goog-Signature=`,
    };
  };
}

/**
 * Creates a Cloud Storage V4 signer (`GOOG4-RSA-SHA256` with a service-account key or a remote signer,
 * `GOOG4-HMAC-SHA256` with an HMAC key) for one bucket. Options and keys are checked once, here.
 */
export function createGcsSigner(options: GcsServiceAccountSignerOptions | GcsHmacSignerOptions): GcsSigner;
export function createGcsSigner(options: GcsExternalSignerOptions): AsyncGcsSigner;
export function createGcsSigner(options: GcsSignerOptions): GcsSigner | AsyncGcsSigner;
export function createGcsSigner(options: GcsSignerOptions): GcsSigner | AsyncGcsSigner {
  if (typeof options !== 'object' || options === null) throw configError('options', `expected an options object, got ${describeValue(options)}`, 'Pass { bucket, serviceAccountKey } or { bucket, hmacKey }');
  const method = resolveSigningMethod(options);
  const address = resolveGcsAddress(options, method.universeDomain);
  const defaultExpiresIn = checkDefaultExpiresIn(options.expiresIn);
  const now = options.now ?? systemClock;
  if (typeof now !== 'function') throw configError('now', `expected a function, got ${describeValue(now)}`, 'Pass a clock returning ms since the epoch, like Date.now');
  const { prepare, pending } = createUrlPreparer(address, method, defaultExpiresIn, now);
  const general = prepareRequest(address, method, defaultExpiresIn, now);
  const result = (prepared: PreparedRequest, signature: string): GcsSignedRequest =>
    ({ url: prepared.urlHead + signature, headers: prepared.headers, canonicalRequest: prepared.canonicalRequest, stringToSign: prepared.stringToSign });
  const fields = { algorithm: method.algorithm, credentialId: method.credentialId, origin: address.origin, publicKey: method.publicKey };
  trace('signer ready: %s as %s, %s', method.algorithm, method.credentialId, address.origin);
  if (method.kind === 'local') {
    const { sign } = method;
    return {
      ...fields,
      signUrl(request) {
        const stringToSign = prepare(request);
        return pending.urlHead + sign(stringToSign, pending.day);
      },
      signRequest(request) {
        const prepared = general(request);
        return result(prepared, sign(prepared.stringToSign, prepared.day));
      },
    };
  }
  const { sign } = method;
  return {
    ...fields,
    async signUrl(request) {
      const stringToSign = prepare(request);
      // Read before the signer yields: another URL may be prepared meanwhile.
      const { urlHead } = pending;
      return urlHead + (await sign(stringToSign));
    },
    async signRequest(request) {
      const prepared = general(request);
      return result(prepared, await sign(prepared.stringToSign));
    },
  };
}
